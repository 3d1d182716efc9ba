#!/bin/bash
# The terminal UI's figures for `make bench` (doc/performance.md, "The
# terminal UI"): linkrole --demo started in an 80x24 pseudo-terminal by
# tests/bench/ptydrive, with the bundled catalogue and with catalogues of
# 10,000 and 100,000 made-up services (tests/bench/gencat).  For each:
# the first frame (from the fork to the first frame on the terminal), the
# first frame of the picker, keystroke to redraw while a search is typed
# and erased key by key (median and p90), and the session's peak RSS.
# The issue's targets are printed beside; nothing is asserted.
#
# Knobs: BENCH_TUI_STARTS (10 starts a catalogue, after one warm-up not
# counted), BENCH_TUI_ROUNDS (3: the query typed and erased that many
# times a start), BENCH_TUI_QUERY ("polardb"), BENCH_TUI_GAP_MS (30: the
# pause between keys), BENCH_TUI_SIZES ("10000 100000"; empty: the
# bundled catalogue only), BENCH_TUI_STARTS_BIG (5, for 100,000).

set -u

: "${top_builddir:?run through make bench}"
: "${top_srcdir:?run through make bench}"

LINKROLE=$top_builddir/linkrole
PTYDRIVE=$top_builddir/tests/bench/ptydrive
GENCAT=$top_builddir/tests/bench/gencat
BUNDLED=${LINKROLE_CATALOG:-$top_srcdir/data/services.json}
STARTS=${BENCH_TUI_STARTS:-10}
STARTS_BIG=${BENCH_TUI_STARTS_BIG:-5}
ROUNDS=${BENCH_TUI_ROUNDS:-3}
QUERY=${BENCH_TUI_QUERY:-polardb}
GAP=${BENCH_TUI_GAP_MS:-30}
SIZES=${BENCH_TUI_SIZES-10000 100000}

for f in "$LINKROLE" "$PTYDRIVE" "$GENCAT"; do
    if [ ! -x "$f" ]; then
        echo "bench tui: skipped: $f is not built"
        exit 0
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-bench-tui.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
# A home of its own: the demo account, the rules' cache and no config
# file of the developer's; no credentials (the demo needs none).
export HOME=$tmp/home XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache
unset XDG_CONFIG_HOME LANGUAGE NO_COLOR ESCDELAY LINKROLE_TUI_SCRIPT \
    ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET \
    ALIBABA_CLOUD_SECURITY_TOKEN ALIBABA_CLOUD_PROFILE
export LC_ALL=C.UTF-8
mkdir -p "$HOME"

# row LABEL TARGETS FILE STARTS: one line of the table.
row() {
    local label=$1 targets=$2 file=$3 starts=$4 line kv
    # Every figure ptydrive prints (the p90s of typing and erasing too,
    # though the table leaves them out).
    # shellcheck disable=SC2034
    local starts_='' first_ms='' first_min='' first_max='' picker_ms='' \
        picker_min='' picker_max='' keys='' key_ms='' key_p90='' type_ms='' \
        type_p90='' erase_ms='' erase_p90='' rss_kb='' rss_min='' rss_max=''
    if ! line=$("$PTYDRIVE" -s "$starts" -n "$ROUNDS" -q "$QUERY" \
                -g "$GAP" -- "$LINKROLE" --demo --catalog "$file" \
                2>"$tmp/err"); then
        printf '  %-16s did not run: %s\n' "$label" \
            "$(tr '\n' ' ' <"$tmp/err" | cut -c1-300)"
        return
    fi
    # key=value pairs, each a local above.
    for kv in $line; do
        case "${kv%%=*}" in
            starts) starts_=${kv#*=} ;;
            *) printf -v "${kv%%=*}" '%s' "${kv#*=}" ;;
        esac
    done
    printf '  %-16s %6.1f (%5.1f-%6.1f) %6.1f (%5.1f-%6.1f)  %6.2f %6.2f %5s  %5.2f %5.2f  %5.1f (%4.1f-%5.1f) %3s  %s\n' \
        "$label" "$first_ms" "$first_min" "$first_max" \
        "$picker_ms" "$picker_min" "$picker_max" \
        "$key_ms" "$key_p90" "$keys" "$type_ms" "$erase_ms" \
        "$(echo "$rss_kb" | awk '{ printf "%.1f", $1 / 1024 }')" \
        "$(echo "$rss_min" | awk '{ printf "%.1f", $1 / 1024 }')" \
        "$(echo "$rss_max" | awk '{ printf "%.1f", $1 / 1024 }')" \
        "$starts_" "$targets"
}

echo "bench tui: linkrole --demo in an 80x24 pseudo-terminal" \
    "(TERM=xterm-256color); \"$QUERY\" typed then erased key by key," \
    "$ROUNDS rounds a start, $GAP ms between keys; 1 warm-up start not counted"
HEAD='  %-16s %-21s %-21s  %-19s  %-11s  %-18s %3s  %s\n'
# shellcheck disable=SC2059
printf "$HEAD" "" "first frame, ms" "picker frame, ms" "keystroke->redraw ms" \
    "type  erase" "peak RSS, MB" "" ""
# shellcheck disable=SC2059
printf "$HEAD" catalogue "median (min-max)" "median (min-max)" \
    "median    p90  keys" "medians, ms" "median (min-max)" "n" \
    "issue's target"
row "bundled ($(grep -c '"service_name"' "$BUNDLED"))" \
    "first frame <= 15 ms, peak RSS <= 8 MB" "$BUNDLED" "$STARTS"
for n in $SIZES; do
    case "$n" in '' | *[!0-9]*) continue ;; esac
    if ! "$GENCAT" "$n" >"$tmp/cat-$n.json"; then
        printf '  %-16s gencat failed\n' "$n"
        continue
    fi
    case "$n" in
        10000) target="keystroke <= 1 ms median, <= 2 ms p90" ;;
        100000) target="first frame <= 60 ms" ;;
        *) target= ;;
    esac
    starts=$STARTS
    [ "$n" -ge 100000 ] && starts=$STARTS_BIG
    row "$n services" "$target" "$tmp/cat-$n.json" "$starts"
    rm -f "$tmp/cat-$n.json"
done
