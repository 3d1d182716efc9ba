#!/bin/bash
# UPDATE_GOLDEN=1 never makes a test pass: check_golden (lib.sh) rewrites
# a golden file that differs, and still reports that test as failed, so
# a `make check` run with it set cannot turn green by rewriting what it
# compares.  And every golden comparison of the suite goes through
# check_golden: no test script rewrites golden files on its own.

. "$top_srcdir/tests/cli/lib.sh"

# verdict GOLDEN ACTUAL [UPDATE]: the first word of check_golden's TAP
# line ("ok" or "not"), run in a subshell so it does not count here.
verdict() {
    (
        UPDATE_GOLDEN=${3-}
        [ -n "$UPDATE_GOLDEN" ] || unset UPDATE_GOLDEN
        check_golden "inner" "$1" "$2"
    ) | head -n 1 | cut -d' ' -f1
}

printf 'new\n' >"$TEST_TMP/actual"
printf 'old\n' >"$TEST_TMP/golden"

v=$(verdict "$TEST_TMP/golden" "$TEST_TMP/actual")
check "a golden file that differs: the test fails" test "$v" = not
check "... and the golden file is left alone" grep -qx old "$TEST_TMP/golden"

v=$(verdict "$TEST_TMP/golden" "$TEST_TMP/actual" 1)
check "UPDATE_GOLDEN=1, a golden file that differs: the test still fails" \
    test "$v" = not
check "... and the golden file is rewritten" grep -qx new "$TEST_TMP/golden"

v=$(verdict "$TEST_TMP/golden" "$TEST_TMP/actual" 1)
check "UPDATE_GOLDEN=1, the golden file the same: the test passes" \
    test "$v" = ok

v=$(verdict "$TEST_TMP/missing" "$TEST_TMP/actual")
check "a missing golden file: the test fails" test "$v" = not
v=$(verdict "$TEST_TMP/missing2" "$TEST_TMP/actual" 1)
check "UPDATE_GOLDEN=1, a missing golden file: written, the test fails" \
    eval '[ "$v" = not ] && grep -qx new "$TEST_TMP/missing2"'

# Only lib.sh acts on UPDATE_GOLDEN; the scripts compare with
# check_golden (a script that copied to its golden files itself could
# pass by rewriting them).
others=$(grep -lE '\$\{?UPDATE_GOLDEN' "$top_srcdir"/tests/*/*.sh |
    grep -v -e '/tests/cli/lib\.sh$' -e '/tests/cli/golden\.sh$')
check "no test script but lib.sh reads UPDATE_GOLDEN" test -z "$others"
writers=$(grep -lE '(cp|mv|tee|>) *[^|]*\$(GOLDEN|TUI_GOLDEN)' \
    "$top_srcdir"/tests/*/*.sh | grep -v '/tests/cli/golden\.sh$')
check "no test script writes into a golden directory" test -z "$writers"

done_testing
