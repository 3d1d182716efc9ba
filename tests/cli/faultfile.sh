#!/bin/bash
# linkrole-sim --fault-file: faults read from a file, again whenever it
# changes, so a test can lift a fault (or add one) while a client runs.
. "$top_srcdir/tests/cli/lib.sh"

as_owner
FAULTS=$TEST_TMP/faults

"$SIM" --help >"$TEST_TMP/help" 2>&1
check "--help documents --fault-file" grep -q -- "--fault-file FILE" \
    "$TEST_TMP/help"

printf '# throttled for now\n\nthrottle\n' >"$FAULTS"
start_sim --fault-file "$FAULTS"
run whoami
check "a throttle fault in the file: refused with Throttling.User" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "Throttling.User"'
run whoami
check "... on every request" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "Throttling.User"'
: >"$FAULTS"
run whoami
check "the file emptied: the fault is lifted, exit 0" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "1234567890123456"'
# The file's WHEN counts from when it was read again.
printf 'code=NoPermission:403@1\n' >"$FAULTS"
run whoami
check "a new fault with @1: the first request after the change" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "NoPermission"'
run whoami
check "... and only that one" test "$rc" -eq 0
# A bad line: the faults read before are kept, and the log says where.
printf 'throttle\n' >"$FAULTS"
run whoami
printf 'throttle\nno-such-fault\n' >"$FAULTS"
run whoami
check "a bad line keeps the faults read before" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "Throttling.User"'
check "... and the simulator names the line" \
    grep -q "faults:2: a bad fault" "$top_builddir/tests/cli/$TEST_NAME.sim1.log"
rm -f "$FAULTS"
run whoami
check "the file removed: no fault" test "$rc" -eq 0
stop_sim

done_testing
