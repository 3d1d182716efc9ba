#!/bin/bash
# detect.sh — reports the English left in text meant to be read in
# another language: every run of three or more English words, after the
# tokens of the allow-list (option names, API codes, field names, service
# and role names, env vars, paths, URLs, key names, JSON) are set aside.
#
#   detect.sh [-a ALLOW] [-c CATALOG] [-C "COMMAND..."] [-l LABEL] [FILE...]
#
# Prints "LABEL:LINE: the run" and, under it, the line it is in, for each
# run found; exits 1 when it found one, 0 when none, 2 on bad usage.
#
# A word is two or more ASCII letters, with ' or - inside (role's,
# service-linked).  A single letter is a key or a variable, never a word.
# A run goes on across spaces and ASCII punctuation, and across tokens the
# allow-list sets aside (so "the role AliyunServiceRoleForECS was made"
# is one run of five words); it ends at a line's end and at any other
# character (Chinese, full-width punctuation, a tab is a space).  A token
# that holds anything but letters, ' and - once its surrounding
# punctuation is trimmed (digits, _ . : / = $ @ % ...) is code: set aside.
# Runs that are part of a text the cloud or the catalogue wrote (allow-
# list's data and catalog lines) are not the program's own: not reported.
# Lines of JSON ("key": value, brackets, "string",) and of Terraform
# (name = value) are skipped whole.
#
# The allow-list (tests/i18n/allow.txt by default) has one entry a line,
# "KIND VALUE  # why" (two spaces before the #); KIND is:
#   word W      the token W (exactly, letter case too) is set aside
#   token ERE   a token the extended regular expression matches whole
#   placeholder-context   ALL-CAPS tokens after an option, in [...] or
#               after a command name are placeholders (NAME, ROLE)
#   data TEXT   a text someone else wrote (the cloud's messages): a run
#               within its words is not reported; %s stands for code
#   catalog F   every value of the catalogue's field F is such a text
# COMMAND names (-C) are set aside right after "linkrole" or "help".
set -u

here=$(cd "$(dirname "$0")" && pwd)
allow=$here/allow.txt
catalog=${LINKROLE_CATALOG-}
commands=
label=-
while getopts a:c:C:l: opt; do
    case $opt in
        a) allow=$OPTARG ;;
        c) catalog=$OPTARG ;;
        C) commands=$OPTARG ;;
        l) label=$OPTARG ;;
        *) echo "usage: detect.sh [-a ALLOW] [-c CATALOG] [-C COMMANDS] [-l LABEL] [FILE...]" >&2
           exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ ! -r "$allow" ]; then
    echo "detect.sh: cannot read the allow-list $allow" >&2
    exit 2
fi

# The catalogue's texts named by "catalog FIELD" lines, one a line, as
# data entries (the catalogue is written one "key": "value" a line).
catalog_data() {
    local field
    [ -n "$catalog" ] && [ -r "$catalog" ] || return 0
    sed -n 's/^catalog[ ]\{1,\}\([a-z_]\{1,\}\).*/\1/p' "$allow" |
        while read -r field; do
            sed -n "s/^ *\"$field\": \"\\(.*\\)\",\{0,1\}\$/data \\1/p" "$catalog" |
                sed 's/\\"/"/g'
        done
}

{ catalog_data; printf '%s\n' '--END-OF-ALLOW--'; cat -- "${@:--}"; } |
LC_ALL=C ${AWK:-awk} -v label="$label" -v commands="$commands" -v allowfile="$allow" '
function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}
# One allow-list entry: "KIND VALUE  # why".
function allow_entry(line,    kind, value, p) {
    p = index(line, "  # ")
    if (p)
        line = substr(line, 1, p - 1)
    line = trim(line)
    if (line == "" || substr(line, 1, 1) == "#")
        return
    kind = line
    sub(/[ \t].*$/, "", kind)
    value = line
    sub(/^[^ \t]+[ \t]*/, "", value)
    if (kind == "word")
        WORD[value] = 1
    else if (kind == "token")
        TOKEN[++ntoken] = "^(" value ")$"
    else if (kind == "placeholder-context")
        placeholders = 1
    else if (kind == "data")
        DATA[++ndata] = " " words_of(value) " "
    else if (kind != "catalog") {
        printf "detect.sh: %s: unknown kind %s\n", allowfile, kind > "/dev/stderr"
        bad = 1
    }
}
# The line with every byte outside printable ASCII turned into a break.
function ascii(s,    out, i, c, n, inbreak) {
    gsub(/\t/, " ", s)
    out = ""
    n = length(s)
    for (i = 1; i <= n; i++) {
        c = substr(s, i, 1)
        if (c < " " || c > "~") {
            if (!inbreak)
                out = out " \001 "
            inbreak = 1
        } else {
            out = out c
            inbreak = 0
        }
    }
    return out
}
function strip(t) {
    sub(/^[("\047`\[{*,.;:!?]+/, "", t)
    sub(/[)"\047`\]}*,.;:!?]+$/, "", t)
    return t
}
# Is the token t (trimmed: u) set aside? prev is the token before it.
function neutral(t, u, prev,    i) {
    if (u == "" || length(u) == 1)
        return 1
    if (u in WORD)
        return 1
    for (i = 1; i <= ntoken; i++)
        if (u ~ TOKEN[i])
            return 1
    if (u in CMD && (prev == "linkrole" || prev == "help"))
        return 1
    if (placeholders && u ~ /^[A-Z][A-Z]+$/ &&
        (t ~ /^\[/ || t ~ /\]$/ || prev ~ /^--?[A-Za-z]/ || prev in CMD))
        return 1
    # Code: anything but letters, apostrophes and hyphens inside.
    if (u ~ /[^A-Za-z\047-]/)
        return 1
    # Identifiers: camelCase, PolarDB, SDKs.
    if (u ~ /[a-z][A-Z]/ || u ~ /[A-Z][A-Z][a-z]/)
        return 1
    return 0
}
# The words of a text as the runs are counted, lower-cased, one space
# between them.
function words_of(s,    n, T, i, u, out, prev) {
    n = split(ascii(s), T, " ")
    out = ""
    prev = ""
    for (i = 1; i <= n; i++) {
        if (T[i] == "\001")
            continue
        u = strip(T[i])
        if (!neutral(T[i], u, prev))
            out = out (out == "" ? "" : " ") tolower(u)
        prev = u
    }
    return out
}
function is_data(run,    key, i) {
    key = " " run " "
    for (i = 1; i <= ndata; i++)
        if (index(DATA[i], key))
            return 1
    return 0
}
function flush() {
    if (nrun >= 3 && !is_data(tolower(run))) {
        printf "%s:%d: %s\n", label, NR - skip, disp
        printf "    | %s\n", orig
        found++
    }
    run = ""
    disp = ""
    pending = ""
    nrun = 0
}
BEGIN {
    n = split(commands, C, " ")
    for (i = 1; i <= n; i++)
        CMD[C[i]] = 1
    while ((getline line < allowfile) > 0)
        allow_entry(line)
    close(allowfile)
    if (bad)
        exit 2
    reading_data = 1
}
reading_data {
    if ($0 == "--END-OF-ALLOW--") {
        reading_data = 0
        skip = NR
    } else
        allow_entry($0)
    next
}
{
    orig = $0
    # JSON: a member, a bracket, or a string alone in an array; and
    # the attributes of Terraform (name = value).
    if ($0 ~ /^[ \t]*"[^"]*"[ \t]*:/ || $0 ~ /^[ \t]*[][{},]+[ \t]*$/ ||
        $0 ~ /^[ \t]*"[^"]*",?[ \t]*$/ ||
        $0 ~ /^[ \t]*[a-z_][a-z0-9_]*[ \t]*=[ \t]/)
        next
    n = split(ascii($0), T, " ")
    run = disp = pending = ""
    nrun = 0
    prev = ""
    for (i = 1; i <= n; i++) {
        if (T[i] == "\001") {
            flush()
            prev = ""
            continue
        }
        u = strip(T[i])
        if (!neutral(T[i], u, prev)) {
            run = run (nrun ? " " : "") u
            disp = disp (nrun ? pending " " : "") T[i]
            pending = ""
            nrun++
        } else if (nrun)
            pending = pending " " T[i]
        prev = u
    }
    flush()
}
END {
    if (bad)
        exit 2
    exit found ? 1 : 0
}'
