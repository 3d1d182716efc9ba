# shellcheck shell=bash
# The side-by-side harness of `make bench` (issue 15): runs two commands
# alternately, A B A B ..., and prints one table row of what each cost.
#
# Sourced by tests/bench/side.sh and tests/bench/selftest.sh with
# top_builddir and top_srcdir set.  It sources tests/cli/lib.sh for what
# the shell tests already do: a scratch HOME and XDG_STATE_HOME, the
# credential variables cleared, the metadata service out of reach, and
# start_sim/stop_sim (linkrole-sim on a free 127.0.0.1 port, the suite's
# keys as the owner's, LINKROLE_ENDPOINT pointed at it).
#
# How a pair is run: bench_pairs LABEL TARGET FN_A FN_B calls FN_A I then
# FN_B I for I = 1 .. BENCH_WARMUP (not kept), then for I = 1 ..
# BENCH_PAIRS (kept).  Each FN prepares what its run needs (a fresh
# signature, a scratch directory) and then calls bench_time once with the
# command to measure: only that command is timed, under
# tests/bench/bench_rusage (fork, exec, wait4: the wall time from fork to
# reaped, and the peak RSS of the process and of what it waited for).
#
# The row: the median and min-max of A's and of B's wall time, the median
# and min-max of the pair-by-pair ratios A/B (pair I's A over pair I's B,
# so a slow minute of the machine weighs on both), the median peak RSS of
# each, and the issue's target as given.  No assertion, no verdict: a
# failed run is left out of the figures and counted in the row.
#
# Knobs: BENCH_PAIRS (20), BENCH_WARMUP (3).

: "${top_builddir:?run through make bench}"
: "${top_srcdir:?run through make bench}"
# lib.sh writes its transcript and the simulator's log under tests/cli,
# which a VPATH build only has once a tests/cli test ran.
mkdir -p "$top_builddir/tests/cli" || exit 1
# shellcheck source=../cli/lib.sh
. "$top_srcdir/tests/cli/lib.sh"

BENCH_RUSAGE=$top_builddir/tests/bench/bench_rusage
BENCH_PAIRS=${BENCH_PAIRS:-20}
BENCH_WARMUP=${BENCH_WARMUP:-3}
# Prefixes the notes: "bench side: note: ...".
BENCH_NAME=${BENCH_NAME:-bench}
BENCH_TMP=$TEST_TMP/bench
BENCH_NOTED=
mkdir -p "$BENCH_TMP" || exit 1

bench_note() { printf '%s: note: %s\n' "$BENCH_NAME" "$*"; }

# bench_need WHAT FILE_OR_COMMAND...: 0 when each is an executable file
# or a command on PATH; otherwise a note that WHAT is left out, and 1.
bench_need() {
    local what=$1 t
    shift
    for t in "$@"; do
        case "$t" in
            */*) [ -x "$t" ] && continue ;;
            *) command -v "$t" >/dev/null 2>&1 && continue ;;
        esac
        bench_note "$t is not there: $what left out"
        return 1
    done
    return 0
}

# bench_time COMMAND...: runs COMMAND (stdin /dev/null, stdout discarded,
# stderr kept in $BENCH_TMP/last.err) under bench_rusage and sets
# BENCH_LAST to "WALL_MS PEAK_RSS_KB STATUS"; to "" when it could not
# be measured.
bench_time() {
    BENCH_LAST=
    rm -f "$BENCH_TMP/ru"
    "$BENCH_RUSAGE" "$BENCH_TMP/ru" "$@" </dev/null >/dev/null \
        2>"$BENCH_TMP/last.err" || return 1
    read -r BENCH_LAST <"$BENCH_TMP/ru" || BENCH_LAST=
    [ -n "$BENCH_LAST" ]
}

# bench_stats: numbers on stdin, one a line (blank lines skipped) ->
# "MEDIAN MIN MAX" (the median of an even count is the mean of the
# middle two); nothing, and status 1, for no numbers.
bench_stats() {
    sort -g | awk '
        NF { v[++n] = $1 }
        END {
            if (!n) exit 1
            m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            printf "%.6g %.6g %.6g\n", m, v[1], v[n]
        }'
}

# bench_ratios FILE: the pair-by-pair ratios A/B of a pairs file's lines
# "A_VALUE A_RSS A_STATUS B_VALUE B_RSS B_STATUS", one a line, of the
# pairs in which both ran with status 0 and B is above 0.
bench_ratios() {
    awk '$3 == 0 && $6 == 0 && $4 != "-" && $4 > 0 { printf "%.6g\n", $1 / $4 }' "$1"
}

# bench_column FILE SIDE COLUMN: column COLUMN (1: value, 2: RSS) of side
# SIDE (A or B) of a pairs file, over that side's runs with status 0;
# "-" entries (not measured) are left out.
bench_column() {
    awk -v s="$2" -v c="$3" '{
        o = (s == "A") ? 0 : 3
        if ($(o + 3) == 0 && $(o + c) != "-") print $(o + c)
    }' "$1"
}

# bench_fmt DECIMALS: "MEDIAN MIN MAX" on stdin -> "MEDIAN (MIN-MAX)";
# DECIMALS "auto" picks them by the median's size (2 below 10, 1 below
# 1000, else 0).  "-" for no input.
bench_fmt() {
    awk -v d="$1" '
        NF == 3 {
            if (d == "auto")
                d = ($1 < 10) ? 2 : ($1 < 1000) ? 1 : 0
            f = "%." d "f"
            printf f " (" f "-" f ")\n", $1, $2, $3
            done = 1
        }
        END { if (!done) print "-" }'
}

# bench_failed FILE SIDE: how many of that side's runs did not end with
# status 0.
bench_failed() {
    awk -v s="$2" '{ st = (s == "A") ? $3 : $6; if (st != 0) n++ }
        END { print n + 0 }' "$1"
}

BENCH_ROW_FORMAT='  %-34s %5s  %-21s %-21s %-19s %6s %6s  %s\n'

# bench_header [A_UNIT]: the column names; A_UNIT names the values
# ("wall ms" unless given).
bench_header() {
    local u=${1:-wall ms}
    # shellcheck disable=SC2059
    printf "$BENCH_ROW_FORMAT" "A vs B" "pairs" "A $u" "B $u" "A/B" \
        "A MB" "B MB" "issue's target"
}

# bench_row LABEL TARGET FILE: the row of a pairs file (see bench_ratios;
# RSS in KiB or "-", a single series has "- - 0" for B).  Runs that
# failed are counted after the target.
bench_row() {
    local label=$1 target=$2 file=$3 n a b r ra rb fa fb extra=
    n=$(grep -c . "$file" 2>/dev/null)
    if [ "${n:-0}" -eq 0 ]; then
        # shellcheck disable=SC2059
        printf "$BENCH_ROW_FORMAT" "$label" 0 "not measured" "" "" "" "" "$target"
        return 0
    fi
    a=$(bench_column "$file" A 1 | bench_stats | bench_fmt auto)
    b=$(bench_column "$file" B 1 | bench_stats | bench_fmt auto)
    r=$(bench_ratios "$file" | bench_stats | bench_fmt 2)
    ra=$(bench_column "$file" A 2 | bench_stats | awk '{ printf "%.1f", $1 / 1024 }')
    rb=$(bench_column "$file" B 2 | bench_stats | awk '{ printf "%.1f", $1 / 1024 }')
    fa=$(bench_failed "$file" A)
    fb=$(bench_failed "$file" B)
    [ "$fa" -gt 0 ] && extra="$extra; A failed $fa of $n"
    [ "$fb" -gt 0 ] && extra="$extra; B failed $fb of $n"
    # shellcheck disable=SC2059
    printf "$BENCH_ROW_FORMAT" "$label" "$n" "$a" "$b" "$r" "${ra:--}" \
        "${rb:--}" "$target$extra"
}

# bench_record FN I: runs FN I and sets BENCH_REC to the "WALL RSS
# STATUS" of its bench_time; returns 1 (with a note) when it measured
# nothing.  The first failed run of a row has its stderr's first line
# noted.
bench_record() {
    BENCH_LAST=
    BENCH_REC=
    "$1" "$2"
    if [ -z "$BENCH_LAST" ]; then
        bench_note "$1 run $2 measured nothing: $(head -n 1 "$BENCH_TMP/last.err" 2>/dev/null | cut -c1-200)"
        return 1
    fi
    case "$BENCH_LAST" in
        *" 0") ;;
        *)
            if [ -z "$BENCH_NOTED" ]; then
                bench_note "$1 run $2 exited ${BENCH_LAST##* }$(head -n 1 "$BENCH_TMP/last.err" | cut -c1-200 | sed 's/^./: &/')"
                BENCH_NOTED=1
            fi ;;
    esac
    BENCH_REC=$BENCH_LAST
}

# bench_pairs LABEL TARGET FN_A FN_B: warm-up, then BENCH_PAIRS pairs,
# A first in each; prints the row.  The pairs file is kept as
# $BENCH_TMP/pairs.N (N counts rows) for whoever wants the raw figures.
bench_pairs() {
    local label=$1 target=$2 fa=$3 fb=$4 i a file
    BENCH_ROWS=$((${BENCH_ROWS:-0} + 1))
    file=$BENCH_TMP/pairs.$BENCH_ROWS
    : >"$file"
    BENCH_NOTED=
    for i in $(seq "$BENCH_WARMUP"); do
        "$fa" "w$i" && "$fb" "w$i"
    done
    for i in $(seq "$BENCH_PAIRS"); do
        bench_record "$fa" "$i" || continue
        a=$BENCH_REC
        bench_record "$fb" "$i" || continue
        printf '%s %s\n' "$a" "$BENCH_REC" >>"$file"
    done
    bench_row "$label" "$target" "$file"
}

# bench_series LABEL TARGET FN: as bench_pairs with one command; B's
# columns are "-".
bench_series() {
    local label=$1 target=$2 fa=$3 i file
    BENCH_ROWS=$((${BENCH_ROWS:-0} + 1))
    file=$BENCH_TMP/pairs.$BENCH_ROWS
    : >"$file"
    BENCH_NOTED=
    for i in $(seq "$BENCH_WARMUP"); do
        "$fa" "w$i"
    done
    for i in $(seq "$BENCH_PAIRS"); do
        bench_record "$fa" "$i" || continue
        printf '%s - - 0\n' "$BENCH_REC" >>"$file"
    done
    bench_row "$label" "$target" "$file"
}
