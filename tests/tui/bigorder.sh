#!/bin/bash
# A large catalogue's order (issue 15, point 4): above 4,096 services the
# picker's first frame shows its first rows chosen alone (catalog_sort_top)
# while the whole order is sorted on a thread, and the first key the
# picker reads waits for it.  Here 5,000 services whose products run
# against their order in the file: the first frame is in product order,
# and after one key End reaches the last product, not an entry the
# partial order left where the file had it.  Headless; no terminal.

. "$top_srcdir/tests/cli/lib.sh"

CATALOG=$TEST_TMP/big.json
awk 'BEGIN {
    n = 5000
    printf "{\"schema\": 1, \"services\": [\n"
    for (i = 0; i < n; i++)
        printf "%s{\"service_name\": \"svc%d.aliyuncs.com\", " \
               "\"role_name\": \"AliyunServiceRoleForSvc%d\", " \
               "\"product\": \"Svc %04d\"}\n", (i ? "," : ""), i, i, n - i
    printf "]}\n"
}' >"$CATALOG"

# ui KEYS-FILE: the demo on the big catalogue, headless at 80x24.
ui() {
    TERM=xterm-256color LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$1 \
        "$LINKROLE" --demo --catalog "$CATALOG" </dev/null >/dev/null \
        2>"$TEST_TMP/err"
    rc=$?
}
# row DUMP N: the Nth row of the list in a dump.
row() { grep -A"$2" '^  Product' "$1" | tail -n 1; }

printf ':wait\n:dump %s\n<Down>\n<End>\n:wait\n:dump %s\n' \
    "$TEST_TMP/first" "$TEST_TMP/end" >"$TEST_TMP/end.keys"
ui "$TEST_TMP/end.keys"
check "the UI ran and quit cleanly" test "$rc" -eq 0
check "the first frame: every service counted" \
    grep -q "5000/5000" "$TEST_TMP/first"
check "the first frame: the first products in order" \
    eval 'row "$TEST_TMP/first" 1 | grep -q "^> Svc 0001 " &&
          row "$TEST_TMP/first" 2 | grep -q "^  Svc 0002 " &&
          row "$TEST_TMP/first" 3 | grep -q "^  Svc 0003 "'
check "after a key, End selects the last product" \
    grep -q "^> Svc 5000 " "$TEST_TMP/end"
check "...the one before it above it" \
    eval 'grep -B1 "^> Svc 5000 " "$TEST_TMP/end" | head -n 1 |
          grep -q "^  Svc 4999 "'

# A search typed at once reads the whole order too: "Svc 4" matches the
# products from 4000 on best, and among them the product order decides
# (the order of the file would put Svc 4999 first).
printf 'Svc 4\n:wait\n:dump %s\n' "$TEST_TMP/search" >"$TEST_TMP/search.keys"
ui "$TEST_TMP/search.keys"
check "a search at once: the UI ran" test "$rc" -eq 0
check "a search at once: its best hits in product order" \
    eval 'row "$TEST_TMP/search" 1 | grep -q "^> Svc 4000 " &&
          row "$TEST_TMP/search" 2 | grep -q "^  Svc 4001 "'

# The language changed as the first key: the order is made again (the
# sort in flight dropped), the last product still last.
printf '<F3>\n:wait\n<Down>\n<End>\n:wait\n:dump %s\n' "$TEST_TMP/lang" \
    >"$TEST_TMP/lang.keys"
ui "$TEST_TMP/lang.keys"
check "the language switched first: the UI ran" test "$rc" -eq 0
check "the language switched first: End selects the last product" \
    grep -q "^> Svc 5000 " "$TEST_TMP/lang"

done_testing
