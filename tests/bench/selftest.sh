#!/bin/bash
# tests/bench/lib.sh, the side-by-side harness of `make bench`, checked
# on fixed inputs (medians, min-max, pair-by-pair ratios, failed runs,
# the row's layout) and by a short pair run of two trivial commands, so
# that the harness cannot rot unnoticed between benchmark runs.  Nothing
# here looks at how long anything took.

BENCH_NAME="bench selftest"
. "$top_srcdir/tests/bench/lib.sh"

# --- medians and ranges ----------------------------------------------------
check "the median of an odd count is the middle value" \
    [ "$(printf '3\n1\n2\n' | bench_stats)" = "2 1 3" ]
check "the median of an even count is the mean of the middle two" \
    [ "$(printf '4\n1\n3\n2\n' | bench_stats)" = "2.5 1 4" ]
check "numbers sort as numbers, not as text" \
    [ "$(printf '10\n9\n100\n' | bench_stats)" = "10 9 100" ]
check "blank lines are no numbers" \
    [ "$(printf '\n7\n\n' | bench_stats)" = "7 7 7" ]
printf '' | bench_stats >"$TEST_TMP/empty"
rc=$?
check "no numbers: no figures, status 1" test "$rc" -eq 1 -a ! -s "$TEST_TMP/empty"

check "bench_fmt: two decimals below 10" \
    [ "$(echo 9.876 9 10.5 | bench_fmt auto)" = "9.88 (9.00-10.50)" ]
check "bench_fmt: one decimal below 1000" \
    [ "$(echo 312.44 300 400 | bench_fmt auto)" = "312.4 (300.0-400.0)" ]
check "bench_fmt: none from 1000" \
    [ "$(echo 1234 1000 2000 | bench_fmt auto)" = "1234 (1000-2000)" ]
check "bench_fmt: fixed decimals" \
    [ "$(echo 1.5 1 2 | bench_fmt 2)" = "1.50 (1.00-2.00)" ]
check "bench_fmt: nothing gives -" [ "$(printf '' | bench_fmt auto)" = "-" ]

# --- pair-by-pair ratios and a row from fixed pairs ------------------------
# A_VALUE A_RSS A_STATUS B_VALUE B_RSS B_STATUS: pair 3's A failed, pair
# 4's B took no time; only pairs 1 and 2 give a ratio (10/5, 9/3).
cat >"$TEST_TMP/pairs" <<'EOF'
10 1024 0 5 2048 0
9 1024 0 3 2048 0
8 1024 1 4 2048 0
6 3072 0 0 2048 0
EOF
check "ratios come pair by pair, from pairs where both succeeded" \
    [ "$(bench_ratios "$TEST_TMP/pairs" | paste -sd' ')" = "2 3" ]
check "the ratios' median is not the ratio of the medians" \
    [ "$(bench_ratios "$TEST_TMP/pairs" | bench_stats)" = "2.5 2 3" ]
check "a side's column leaves its failed runs out" \
    [ "$(bench_column "$TEST_TMP/pairs" A 1 | paste -sd' ')" = "10 9 6" ]
check "failed runs are counted per side" \
    [ "$(bench_failed "$TEST_TMP/pairs" A) $(bench_failed "$TEST_TMP/pairs" B)" = "1 0" ]

bench_row "fixed" "A/B <= 2" "$TEST_TMP/pairs" >"$TEST_TMP/row"
# shellcheck disable=SC2059
printf "$BENCH_ROW_FORMAT" "fixed" 4 "9.00 (6.00-10.00)" "3.50 (0.00-5.00)" \
    "2.50 (2.00-3.00)" "1.0" "2.0" "A/B <= 2; A failed 1 of 4" >"$TEST_TMP/want"
check_same "the row of fixed pairs: medians, ranges, ratios, RSS in MB, failures" \
    "$TEST_TMP/want" "$TEST_TMP/row"

: >"$TEST_TMP/none"
bench_row "nothing" "" "$TEST_TMP/none" >"$TEST_TMP/row"
check "a row without pairs says so" grep -q "not measured" "$TEST_TMP/row"

# --- a real pair run of two trivial commands --------------------------------
run_true() { bench_time true; }
run_sleep() { bench_time sleep 0.01; }
run_false() { bench_time false; }
run_nothing() { :; }

BENCH_PAIRS=3 BENCH_WARMUP=1
bench_pairs "true vs sleep" "none" run_true run_sleep >"$TEST_TMP/out"
file=$BENCH_TMP/pairs.$BENCH_ROWS
check "a pair run keeps BENCH_PAIRS pairs" [ "$(grep -c . "$file")" -eq 3 ]
check "each pair has six fields: value, RSS (KiB) and status 0 of each" \
    awk 'NF != 6 || $3 != 0 || $6 != 0 || $2 <= 0 || $5 <= 0 ||
         $1 !~ /^[0-9]+(\.[0-9]+)?$/ || $4 !~ /^[0-9]+(\.[0-9]+)?$/ { exit 1 }' "$file"
row=$(cat "$TEST_TMP/out")
num='[0-9]+\.[0-9]+'
range="$num \\($num-$num\\)"
check "the pair run prints one well-formed row" \
    grep -Eq "^  true vs sleep +3  $range +$range +$range +$num +$num  none\$" "$TEST_TMP/out"
check "the pair run prints nothing else" [ "$(grep -c . "$TEST_TMP/out")" -eq 1 ]
want_ratio=$(bench_ratios "$file" | bench_stats | bench_fmt 2)
check "its A/B column is the median of its own pairs' ratios" \
    contains "$row" " $want_ratio "

bench_pairs "false vs true" "none" run_false run_true >"$TEST_TMP/out"
check "a failing command is left out of the figures and counted" \
    grep -Eq "^  false vs true +3  - +$range +- +.*none; A failed 3 of 3\$" "$TEST_TMP/out"
check "... with a note of its exit status" \
    grep -q "^bench selftest: note: run_false run 1 exited 1" "$TEST_TMP/out"

bench_pairs "nothing vs true" "none" run_nothing run_true >"$TEST_TMP/out"
check "a side that measures nothing gives no pair, and a note" \
    grep -q "not measured" "$TEST_TMP/out"

bench_series "sleep alone" "" run_sleep >"$TEST_TMP/out"
check "a series has A's figures and - for B" \
    grep -Eq "^  sleep alone +3  $range +- +- +$num +- *\$" "$TEST_TMP/out"

# --- a missing tool is a note, not a row --------------------------------------
bench_need "the frobnicator row" no-such-tool-linkrole >"$TEST_TMP/out"
rc=$?
check "a missing tool returns 1" [ "$rc" -eq 1 ]
check "... and says what is left out" \
    grep -q "^bench selftest: note: no-such-tool-linkrole is not there: the frobnicator row left out\$" \
    "$TEST_TMP/out"
check "a present tool and file pass" bench_need "x" sh "$BENCH_RUSAGE"

done_testing
