#!/bin/bash
# --demo keeps its account in $XDG_STATE_HOME/linkrole/demo.json between
# processes; --demo reset starts over (issue 12, point 7).
. "$top_srcdir/tests/cli/lib.sh"

state=$XDG_STATE_HOME/linkrole/demo.json

# --- README's sequence, one process each ---------------------------------------
run --demo create --service polardb.aliyuncs.com --suffix Example
check "demo create: exit 0" test "$rc" -eq 0
check "demo create: the account is saved, 0600" \
    eval '[ -f "$state" ] && [ "$(stat -c %a "$state")" = 600 ]'
check "demo create: the state directory is 0700" \
    test "$(stat -c %a "$XDG_STATE_HOME/linkrole")" = 700
run --demo list
check "demo list in a second process shows the role" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "AliyunServiceRoleForPolarDB_Example"'
run --demo create --service polardb.aliyuncs.com --suffix Example
check "demo create again: the role already exists (refused)" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityAlreadyExists"'
run --demo delete AliyunServiceRoleForPolarDB_Example
check "demo delete in a third process: exit 0" test "$rc" -eq 0
run --demo list
check "demo list afterwards: the role is gone" \
    eval '[ "$rc" -eq 0 ] && ! contains "$out" "AliyunServiceRoleForPolarDB_Example"'

# --- reset -----------------------------------------------------------------------
run --demo create --service ecs.aliyuncs.com
run --demo reset
check "demo reset: exit 0, the file is gone" \
    eval '[ "$rc" -eq 0 ] && [ ! -e "$state" ]'
run --demo list
check "after reset the demo account is fresh" \
    eval '[ "$rc" -eq 0 ] && ! contains "$out" "AliyunServiceRoleForECS"'
run --demo reset
check "demo reset with nothing to reset: exit 0" test "$rc" -eq 0
run reset
check "reset without --demo: usage error naming --demo" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "--demo reset"'
run --help
check "--help names reset" contains "$out" "start the demo account over"

# --- a broken or hostile state file ----------------------------------------------
printf '{ "schema": 1, ' >"$state"
run --demo list
check "a broken demo.json: a clear error with the reset hint" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "demo.json" &&
          contains "$err" "linkrole --demo reset"'
run --demo reset
run --demo list
check "reset repairs a broken demo.json" test "$rc" -eq 0
printf 'precious\n' >"$TEST_TMP/target"
ln -s "$TEST_TMP/target" "$state"
run --demo create --service ecs.aliyuncs.com
check "a symlink at demo.json is refused, not followed" \
    eval '[ "$rc" -ne 0 ] && [ "$(cat "$TEST_TMP/target")" = precious ]'
run --demo reset
check "reset removes the link itself, not what it names" \
    eval '[ ! -L "$state" ] && [ -f "$TEST_TMP/target" ]'

done_testing
