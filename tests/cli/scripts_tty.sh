#!/bin/bash
# A person at the keyboard (issue 12, point 6), in tmux against
# linkrole-sim: delete asks first (n keeps the role, y deletes, --yes
# skips the question); with no terminal it does not ask.  create, get,
# delete, list and dbs-init show a spinner after a second on a terminal.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/tui/tmuxlib.sh"

LINKROLE_CATALOG=$top_srcdir/data/services.json
export LINKROLE_CATALOG

start_sim
as_owner
run create --service polardb.aliyuncs.com
check "a role to delete" test "$rc" -eq 0
with_keys "$TEST_AK" "$TEST_SECRET" >"$TEST_TMP/as-owner"
AS_OWNER="LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/as-owner $LINKROLE"

# fresh_screen: clears the pane and waits until the last run's lines are
# gone, so that no check reads them.
fresh_screen() {
    local i
    send "clear"
    key Enter
    for i in $(seq 200); do
        pane=$(T capture-pane -p -t t 2>/dev/null)
        contains "$pane" "EXIT=" || return 0
        sleep 0.1
    done
    return 1
}

# --- the question; n keeps the role ------------------------------------------

start_pane
run_ui "$AS_OWNER delete AliyunServiceRoleForPolarDB"
check "delete at a terminal asks first" wait_for "[y/N]"
check "the question names the role and the service" \
    eval 'contains "$pane" "Delete AliyunServiceRoleForPolarDB?" &&
          contains "$pane" "polardb.aliyuncs.com"'
check "the question says what the service may stop doing" \
    contains "$pane" "may stop working"
send "n"
key Enter
check "n: not deleted, exit 1" \
    eval 'wait_for "EXIT=1" && contains "$pane" "not deleted"'
run get AliyunServiceRoleForPolarDB
check "n kept the role" test "$rc" -eq 0

# --- y deletes ---------------------------------------------------------------

fresh_screen
run_ui "$AS_OWNER delete AliyunServiceRoleForPolarDB"
check "asked again" wait_for "[y/N]"
send "y"
key Enter
check "y: deleted, exit 0" \
    eval 'wait_for "EXIT=0" 600 && contains "$pane" "Deleted AliyunServiceRoleForPolarDB"'
run get AliyunServiceRoleForPolarDB
check "y deleted the role" test "$rc" -eq 1

# --- --yes skips the question ------------------------------------------------

run create --service polardb.aliyuncs.com
fresh_screen
run_ui "$AS_OWNER delete --yes AliyunServiceRoleForPolarDB"
check "--yes: deleted without a question" \
    eval 'wait_for "EXIT=0" 600 && ! contains "$pane" "[y/N]" &&
          contains "$pane" "Deleted AliyunServiceRoleForPolarDB"'
run create --service polardb.aliyuncs.com
fresh_screen
run_ui "$AS_OWNER delete -y AliyunServiceRoleForPolarDB"
check "-y: the same" \
    eval 'wait_for "EXIT=0" 600 && ! contains "$pane" "[y/N]"'

# --- the spinner: after a second, on a terminal only -------------------------

start_sim --fault latency=3000
run create --service polardb.aliyuncs.com
check "a slow create without a terminal: no spinner on stderr" \
    eval '[ "$rc" -eq 0 ] && ! contains "$err" "creating the role"'
AS_OWNER_SLOW="LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/as-owner $LINKROLE"
for cmd in "get AliyunServiceRoleForPolarDB:reading the role" \
    "list:listing the roles" "dbs-init:activating DBS"; do
    fresh_screen
    run_ui "$AS_OWNER_SLOW ${cmd%%:*}"
    check "${cmd%%:*} at a terminal: the spinner shows the elapsed time" \
        wait_for "${cmd#*:} (" 600
    check "${cmd%%:*}: done, the spinner cleared before the result" \
        eval 'wait_for "EXIT=0" 600 && ! contains "$pane" "${cmd#*:} ("'
done
# delete (with --yes: no question) and create, the same way; create
# makes again the role the checks below read.
for cmd in "delete --yes AliyunServiceRoleForPolarDB:starting the deletion" \
    "create --service polardb.aliyuncs.com:creating the role"; do
    fresh_screen
    run_ui "$AS_OWNER_SLOW ${cmd%%:*}"
    check "${cmd%% *} at a terminal: the spinner shows the elapsed time" \
        wait_for "${cmd#*:} (" 600
    check "${cmd%% *}: done, the spinner cleared before the result" \
        eval 'wait_for "EXIT=0" 1200 && ! contains "$pane" "${cmd#*:} ("'
done
fresh_screen
run_ui "$AS_OWNER_SLOW --output json get AliyunServiceRoleForPolarDB"
check "-o json at a terminal: no spinner" \
    eval 'wait_for "EXIT=0" 600 && ! contains "$pane" "reading the role"'
fresh_screen
run_ui "$AS_OWNER_SLOW get AliyunServiceRoleForPolarDB 2>/dev/null"
check "stderr not a terminal: no spinner" \
    eval 'wait_for "EXIT=0" 600 && ! contains "$pane" "reading the role"'
run delete AliyunServiceRoleForPolarDB
stop_sim
start_sim

# --- no terminal: no question ------------------------------------------------

run create --service polardb.aliyuncs.com
run delete AliyunServiceRoleForPolarDB
check "no terminal: deleted without a question" \
    eval '[ "$rc" -eq 0 ] && ! contains "$err" "[y/N]"'
stop_sim
new_server

done_testing
