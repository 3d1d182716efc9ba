#!/bin/bash
# The rollout screen (issue 14, point 5): R on the result pane opens the
# plan of the role for every member account, y asks once with the counts,
# then the run shows one row per account.  Golden screens, headless: the
# plan, the question and the end against --demo (its 12 members); then
# against linkrole-sim --directory 25 with the creates of two members
# held for a minute, so the screen is caught mid-run (the watch job hands
# over to the timer once only those are left, and :wait returns then);
# the filter, the question to stop and the stopped end with its
# cancelled rows, and an invited member's pane with the fix.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# What differs between runs here besides screenlib's: the rate, and the
# request ids of an account's pane.
eval "screenlib_mask() $(declare -f mask | tail -n +2)"
mask() {
    screenlib_mask "$1" | sed -E \
        -e 's#[0-9]+\.[0-9]/s#<RATE>/s#g' \
        -e 's/[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}/<REQUESTID>/g'
}

mkdir -p "$TEST_TMP/rollout" "$TUI_GOLDEN/rollout"

# The keys that make PolarDB's role in the account and open its plan.
MAKE_AND_PLAN=':wait
polar<Enter>
<Tab><Tab><Enter>
:wait
R
:wait'

# --- the demo's directory: 12 members, 2 of them holding the role --------
for size in 80x24 120x40; do
    screen_both "rollout/plan-$size" "$size" --demo <<K
$MAKE_AND_PLAN
:dump @
K
done
check "the plan: 2 accounts have the role, 10 would get it" \
    eval 'grep -q "exists 2  would create 10" "$TEST_TMP/rollout/plan-80x24.dump" &&
          [ "$(grep -c "would create" "$TEST_TMP/rollout/plan-80x24.dump")" -eq 11 ]'
screen_both "rollout/ask-80x24" 80x24 --demo <<K
$MAKE_AND_PLAN
y
:dump @
K
screen_both "rollout/done-80x24" 80x24 --demo <<K
$MAKE_AND_PLAN
y
y
:wait
:dump @
K
check "the end: every member has the role (10 made, 2 there already)" \
    eval 'grep -q "created 10  existed 2" "$TEST_TMP/rollout/done-80x24.dump" &&
          grep -q "every account has the role" "$TEST_TMP/rollout/done-80x24.dump"'
# Esc on the question: back to the plan, nothing made.
ui_dump "rollout/ask-no" 80x24 --demo <<K
$MAKE_AND_PLAN
y
<Esc>
:dump @
K
check "Esc on the question goes back to the plan" \
    eval 'grep -q "would get the role: y goes ahead" "$TEST_TMP/rollout/ask-no.dump" &&
          ! grep -q "created" "$TEST_TMP/rollout/ask-no.dump"'
# F3: the next language, live; the rows and the footer keep their places.
ui_dump "rollout/lang" 80x24 --demo <<K
$MAKE_AND_PLAN
<F3>
:dump @
K
check "F3 on the plan: still 24 rows, the 12 members listed, the footer last" \
    eval '[ "$(wc -l <"$TEST_TMP/rollout/lang.dump")" -eq 24 ] &&
          [ "$(grep -c "^[ >] 10000000000000[01][0-9] member-" "$TEST_TMP/rollout/lang.dump")" -eq 12 ] &&
          tail -n 1 "$TEST_TMP/rollout/lang.dump" | grep -q "Enter "'
# The roles screen: R on the selected role opens its plan.
ui_dump "rollout/from-roles" 80x24 --demo <<K
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
<F2>
:wait
R
:wait
:dump @
K
check "R on the roles screen opens the plan of the selected role" \
    eval 'grep -q "Plan: AliyunServiceRoleForPolarDB in every member" "$TEST_TMP/rollout/from-roles.dump"'

# Enter in the filter ends the typing; it never answers the question.
ui_dump "rollout/filter-enter" 80x24 --demo <<K
$MAKE_AND_PLAN
/exists<Enter>
y
:dump @
K
check "Enter leaves the filter (2 rows shown), y then asks" \
    eval 'grep -q "Filter: exists .* 2/12" "$TEST_TMP/rollout/filter-enter.dump" &&
          grep -q "Go ahead in 10 accounts" "$TEST_TMP/rollout/filter-enter.dump"'

# The DBS guide's result: R plans the DBS activation in every member.
ui_dump "rollout/dbs" 80x24 "--demo dbs" <<K
:wait
<Enter>
:wait
R
:wait
:dump @
K
check "R after the DBS guide plans the DBS activation for the 12 members" \
    eval 'grep -q "Plan: the DBS activation in every member" "$TEST_TMP/rollout/dbs.dump" &&
          grep -q "12/12 done" "$TEST_TMP/rollout/dbs.dump"'

# An account that is no directory's management account: the screen says
# why, and how to start a rollout.
start_sim
as_owner
ui_dump "rollout/no-directory" 80x24 "" <<K
$MAKE_AND_PLAN
:dump @
K
check "no directory: the cloud's code and what a rollout needs" \
    eval 'grep -q "EntityNotExists.ResourceDirectory" "$TEST_TMP/rollout/no-directory.dump" &&
          grep -q "management account of a Resource" "$TEST_TMP/rollout/no-directory.dump"'
stop_sim

# --- linkrole-sim --directory 25: two creates held, one invited member
# without the access role (member 25) ----------------------------------
M4=1000000000000004
M8=1000000000000008
# A fresh simulator for each run (screen_both runs twice): the run before
# made the roles.
SIM_PID=
fresh_sim() {
    [ -z "$SIM_PID" ] || stop_sim
    start_sim --directory 25 \
        --fault "latency=60000/CreateServiceLinkedRole#$M4" \
        --fault "latency=60000/CreateServiceLinkedRole#$M8"
    as_owner
}
before=fresh_sim
RUN="$MAKE_AND_PLAN
y
y
:wait"
screen_both "rollout/midrun-80x24" 80x24 "" <<K
$RUN
:dump @
K
check "mid-run: 23 of 25 done, the two held members still running" \
    eval 'grep -q "23/25 done" "$TEST_TMP/rollout/midrun-80x24.dump" &&
          [ "$(grep -c "member-[0-9]* *running" "$TEST_TMP/rollout/midrun-80x24.dump")" -eq 2 ]'
screen_both "rollout/midrun-filter-80x24" 80x24 "" <<K
$RUN
/running
:dump @
K
screen_both "rollout/stop-ask-80x24" 80x24 "" <<K
$RUN
<Esc>
:dump @
K
screen_both "rollout/stopped-80x24" 80x24 "" <<K
$RUN
<Esc>
y
:wait
:dump @
K
check "stopped: the two held members end cancelled, the others done" \
    eval 'grep -q "25/25 done" "$TEST_TMP/rollout/stopped-80x24.dump" &&
          grep -q "cancelled 2" "$TEST_TMP/rollout/stopped-80x24.dump" &&
          grep -q "Stopped: 2 accounts cancelled" "$TEST_TMP/rollout/stopped-80x24.dump"'
screen_both "rollout/stopped-120x40" 120x40 "" <<K
$RUN
<Esc>
y
:wait
:dump @
K
# Esc on the question to stop: the run goes on.
fresh_sim
ui_dump "rollout/stop-no" 80x24 "" <<K
$RUN
<Esc>
<Esc>
:dump @
K
check "Esc on the question to stop: it runs on" \
    eval 'grep -q "23/25 done" "$TEST_TMP/rollout/stop-no.dump" &&
          ! grep -q "Stop the rollout" "$TEST_TMP/rollout/stop-no.dump"'
# The invited member without the access role: its pane says how to fix
# it (the filter finds it by its state; Enter opens the pane).
screen_both "rollout/no-entry-80x24" 80x24 "" <<K
$RUN
<Esc>
y
:wait
/no entry<Enter>
<Enter>
:dump @
K
check "the pane: member 25, EntityNotExist.Role, and the fix" \
    eval 'grep -q "1000000000000025" "$TEST_TMP/rollout/no-entry-80x24.dump" &&
          grep -q "EntityNotExist.Role" "$TEST_TMP/rollout/no-entry-80x24.dump" &&
          grep -q "ResourceDirectoryAccountAccessRole" "$TEST_TMP/rollout/no-entry-80x24.dump"'
stop_sim

done_testing
