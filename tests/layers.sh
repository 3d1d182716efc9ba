#!/bin/bash
# The layers of src/ point one way (DESIGN.md, "Layers"): every
# #include "dir/file.h" in a directory names a directory that the table
# below allows it, and each outside library is included only in its one
# home.  Then it proves it can fail: a copy of the tree with two wrong
# includes put in must be refused, naming the files and lines.
#
#   tests/layers.sh [SRC]    checks SRC (default: $top_srcdir/src)
#
# TAP output, like the other tests; needs nothing but bash, find, grep, sed.

set -u

# --- the rules ---------------------------------------------------------------

# Which directories of src/ each directory may include from ("dir/file.h").
# Its own directory is always allowed.  src/main.c may include anything.
ALLOW=(
    "core:  core"
    "cloud: cloud core"
    "app:   app cloud core"
    "cli:   cli app cloud core"
    "tui:   tui app cloud core"
    "sim:   sim cloud core"
)

# The outside libraries and the only files that may include them, as
# shell patterns on the path under src/.  The curses files are the TUI's
# curses boundary, as htop's CRT.c is: the terminal, the event loop and
# the headless script runner; the screens draw through draw.h.
CURSES_FILES="tui/term.c tui/loop.c tui/script.c"
LIBS=(
    # name      | include pattern (extended regex)            | homes
    "curses     |curses\.h|ncurses[^/]*\.h|ncursesw?/.*|term\.h|panel\.h|menu\.h|form\.h |$CURSES_FILES"
    "libcurl    |curl/.*                                       |cloud/http.c"
    "libmicrohttpd|microhttpd\.h                               |sim/server*.c"
    "cJSON      |cjson/.*|cJSON\.h                             |core/* cloud/* sim/*"
)

# Files stay under this many lines (DESIGN.md: a file that grows past it
# wants to be two).
LINES_MAX=900

# The API calls that are use cases of app/ (app/slr.c): the front ends run
# them through app, never straight from cloud/, so both run the same one.
USE_CASE_CALLS="api_create_service_linked_role api_delete_service_linked_role
api_deletion_status api_list_roles api_init_dbs api_get_role
api_caller_identity"
FRONT_ENDS="cli tui"

# KNOWN: includes that break the table and are being removed, "FILE-PATTERN
# INCLUDE" (paths under src/).  They pass, with a note, only while listed
# here; an entry nothing matches any more says so.  Empty: keep it so.
KNOWN=()

# --- the checker -------------------------------------------------------------

tap_count=0
tap_failed=0
ok() { tap_count=$((tap_count + 1)); echo "ok $tap_count - $1"; }
not_ok() {
    tap_count=$((tap_count + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_count - $1"
    shift
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/#   /'
    done
}
note() { printf '# %s\n' "$*"; }
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

# includes FILE: one "LINE<TAB>KIND<TAB>NAME" line per #include, KIND being
# q ("...") or a (<...>).
includes() {
    grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$1" |
        sed -E 's/^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*(["<])([^">]*)[">].*$/\1\t\2\3/' |
        sed -E 's/\t"/\tq\t/; s/\t</\ta\t/'
}

# matches PATH PATTERNS...: PATH matches one of the shell patterns.
matches() {
    local path=$1 p
    shift
    for p in "$@"; do
        # shellcheck disable=SC2053
        [[ $path == $p ]] && return 0
    done
    return 1
}

# known FILE INCLUDE: the include is in the KNOWN list.
known() {
    local entry pat inc
    for entry in "${KNOWN[@]}"; do
        read -r pat inc <<<"$entry"
        # shellcheck disable=SC2053
        if [[ $1 == $pat && $2 == "$inc" ]]; then
            used_known["$entry"]=1
            return 0
        fi
    done
    return 1
}

# check_tree SRC: one test point per directory rule and per library.
check_tree() {
    local src=$1 rel dir file line kind name target entry
    local -A bad=() libbad=() allowed=() seen_dir=()
    local -A lib_re=() lib_homes=()
    local lib re homes=() libs=()
    declare -gA used_known=()

    if [ ! -d "$src" ]; then
        not_ok "the tree to check exists" "no directory $src"
        return
    fi
    for entry in "${ALLOW[@]}"; do
        dir=$(trim "${entry%%:*}")
        allowed[$dir]=" $(trim "${entry#*:}") "
    done
    for entry in "${LIBS[@]}"; do
        IFS='|' read -r lib _ <<<"$entry"
        lib=$(trim "$lib")
        re=${entry#*|}
        re=$(trim "${re%|*}")
        libs+=("$lib")
        lib_re[$lib]="^($re)\$"
        lib_homes[$lib]=$(trim "${entry##*|}")
    done

    while IFS= read -r -d '' file; do
        rel=${file#"$src"/}
        case "$rel" in
            */*) dir=${rel%%/*} ;;
            *) dir=. ;;
        esac
        seen_dir[$dir]=1
        while IFS=$'\t' read -r line kind name; do
            [ -n "$line" ] || continue
            if [ "$kind" = a ]; then
                for lib in "${libs[@]}"; do
                    [[ $name =~ ${lib_re[$lib]} ]] || continue
                    read -r -a homes <<<"${lib_homes[$lib]}"
                    matches "$rel" "${homes[@]}" && continue
                    libbad[$lib]+="src/$rel:$line: #include <$name> ($lib belongs in ${lib_homes[$lib]} only)"$'\n'
                done
                continue
            fi
            # "file.h" without a directory: the same directory (config.h is
            # configure's).
            case "$name" in */*) ;; *) continue ;; esac
            if [ "$rel" = main.c ]; then
                continue          # src/main.c: anything
            fi
            if [ "$dir" = . ]; then
                bad[.]+="src/$rel:$line: #include \"$name\" (only src/main.c may sit beside the layers)"$'\n'
                continue
            fi
            target=${name%%/*}
            if [[ $name == *..* || $name == /* ]]; then
                bad[$dir]+="src/$rel:$line: #include \"$name\" (name the directory, not a relative path)"$'\n'
                continue
            fi
            if [ -z "${allowed[$dir]+set}" ]; then
                bad[$dir]+="src/$rel:$line: #include \"$name\" (src/$dir is not in the table of tests/layers.sh)"$'\n'
                continue
            fi
            case "${allowed[$dir]}" in *" $target "*) continue ;; esac
            if known "$rel" "$name"; then
                note "KNOWN: src/$rel:$line: #include \"$name\" (see KNOWN in tests/layers.sh)"
                continue
            fi
            bad[$dir]+="src/$rel:$line: #include \"$name\" (src/$dir may include only:${allowed[$dir]% })"$'\n'
        done < <(includes "$file")
    done < <(find "$src" -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)

    if [ -n "${bad[.]-}" ]; then
        not_ok "src/ holds only main.c besides the layers" "${bad[.]%$'\n'}"
    fi
    for dir in $(printf '%s\n' "${!seen_dir[@]}" "${!allowed[@]}" | sort -u); do
        [ "$dir" = . ] && continue
        if [ -z "${seen_dir[$dir]+set}" ]; then
            continue              # in the table, not (yet) in the tree
        fi
        if [ -z "${bad[$dir]-}" ]; then
            ok "src/$dir includes only from:${allowed[$dir]% }"
        else
            entry=${allowed[$dir]- (not in the table) }
            not_ok "src/$dir includes only from:${entry% }" \
                "${bad[$dir]%$'\n'}"
        fi
    done
    for lib in "${libs[@]}"; do
        if [ -z "${libbad[$lib]-}" ]; then
            ok "$lib is included only in: ${lib_homes[$lib]}"
        else
            not_ok "$lib is included only in: ${lib_homes[$lib]}" \
                "${libbad[$lib]%$'\n'}"
        fi
    done
    for entry in "${KNOWN[@]}"; do
        [ -n "${used_known[$entry]-}" ] ||
            note "KNOWN entry no longer needed, delete it: $entry"
    done
    check_calls "$src"
    check_sizes "src" "$src"
}

# check_calls SRC: the front ends call no use case of app/ from cloud/.
check_calls() {
    local src=$1 d fn hits=
    for d in $FRONT_ENDS; do
        [ -d "$src/$d" ] || continue
        for fn in $USE_CASE_CALLS; do
            hits+=$(grep -rnE --include='*.[ch]' "\b$fn[[:space:]]*\(" \
                        "$src/$d" | sed "s|^$src/|src/|; s|\$| ($fn is app's use case)|")
            hits+=${hits:+$'\n'}
        done
    done
    hits=$(printf '%s' "$hits" | sed '/^$/d')
    if [ -z "$hits" ]; then
        ok "the front ends run the use cases through app/ ($FRONT_ENDS)"
    else
        not_ok "the front ends run the use cases through app/ ($FRONT_ENDS)" \
            "$hits"
    fi
}

# check_sizes NAME DIR: no source file in DIR over LINES_MAX lines.
check_sizes() {
    local name=$1 dir=$2 long
    long=$(find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' \
               -o -name '*.js' \) -not -path '*/node_modules/*' \
               -exec awk -v max="$LINES_MAX" 'FNR == 1 && NR > 1 && n > max \
                   { print prev ": " n " lines" } { prev = FILENAME; n = FNR }
                   END { if (n > max) print prev ": " n " lines" }' {} + |
           sed "s|^$dir/|$name/|")
    if [ -z "$long" ]; then
        ok "no file in $name/ has more than $LINES_MAX lines"
    else
        not_ok "no file in $name/ has more than $LINES_MAX lines" "$long"
    fi
}

# --- main --------------------------------------------------------------------

if [ $# -gt 0 ]; then
    check_tree "${1%/}"
    echo "1..$tap_count"
    [ "$tap_failed" -eq 0 ]
    exit
fi

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
check_tree "$top_srcdir/src"
check_sizes tests "$top_srcdir/tests"

# The checker can fail: a copy with a wrong include in a core file (the
# TUI) and libcurl in a CLI file is refused, and the report names both
# files and lines.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -R "$top_srcdir/src" "$tmp/src"
chmod -R u+w "$tmp/src"          # a distcheck tree is read-only
core_file=$(cd "$tmp/src" && find core -name '*.c' 2>/dev/null | sort | head -n 1)
cli_file=$(cd "$tmp/src" && find cli -name '*.c' 2>/dev/null | sort | head -n 1)
if [ -z "$core_file" ] || [ -z "$cli_file" ]; then
    not_ok "a copy with wrong includes fails" \
        "no .c file in src/core or src/cli to put a wrong include in"
    echo "1..$tap_count"
    exit 1
fi
printf '#include "tui/term.h"\n' >>"$tmp/src/$core_file"
core_line=$(wc -l <"$tmp/src/$core_file")
printf '#include <curl/curl.h>\n' >>"$tmp/src/$cli_file"
cli_line=$(wc -l <"$tmp/src/$cli_file")
out=$(bash "$0" "$tmp/src" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] &&
   [[ $out == *"src/$core_file:$core_line: #include \"tui/term.h\""* ]] &&
   [[ $out == *"src/$cli_file:$cli_line: #include <curl/curl.h>"* ]]; then
    ok "a copy with wrong includes fails, naming src/$core_file:$core_line and src/$cli_file:$cli_line"
else
    not_ok "a copy with wrong includes fails, naming src/$core_file:$core_line and src/$cli_file:$cli_line" \
        "exit status: $rc" "$(printf '%s\n' "$out" | head -n 40)"
fi

# ... and so can the other rules: a use case called straight from a front
# end, and a file grown past the limit.
printf '    api_list_roles(c, NULL, 100, &page, &err);\n' >>"$tmp/src/$cli_file"
call_line=$(wc -l <"$tmp/src/$cli_file")
for _ in $(seq "$LINES_MAX"); do echo "/* */"; done >>"$tmp/src/$core_file"
out=$(bash "$0" "$tmp/src" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] &&
   [[ $out == *"src/$cli_file:$call_line:"*"api_list_roles is app's use case"* ]] &&
   [[ $out == *"src/$core_file: "*" lines"* ]]; then
    ok "a copy calling a use case from src/$cli_file and with a long src/$core_file fails"
else
    not_ok "a copy calling a use case from src/$cli_file and with a long src/$core_file fails" \
        "exit status: $rc" "$(printf '%s\n' "$out" | head -n 40)"
fi

echo "1..$tap_count"
[ "$tap_failed" -eq 0 ]
