#!/bin/bash
# The roles screen (issue 11, point 2 without the deletion, and the
# Description of point 6): every service-linked role of the account,
# filtered as you type; a role's details (GetRole); Back returns to the
# roles; a checked row of the picker opens its role; the form warns when
# the name it would make is taken; `linkrole roles` on a terminal and
# piped.  Golden screens run headless against linkrole-sim with a state
# file of known roles and dates; the flows run in tmux.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

export TZ=UTC
ROLES_STATE=$top_srcdir/tests/fixtures/sim/roles-state.json

# The deletion task's date and id change with each run.
eval "screen_$(declare -f mask)"
mask() {
    screen_mask "$1" | sed -E \
        -e 's/(LatestDeletionTask +made )[0-9].*$/\1<DATE>/' \
        -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<UUID>/g'
}

# Calls of one action the simulator has answered so far.
sim_calls() { grep -c "$1" "$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log"; }

# --- golden screens: an account with four service-linked roles (one the
# catalogue does not know) and one role of another kind ----------------------
cp "$ROLES_STATE" "$TEST_TMP/state.json"
chmod 600 "$TEST_TMP/state.json"
start_sim --state "$TEST_TMP/state.json" --in-use AliyunServiceRoleForPolarDB
as_owner
# A deletion that fails (the role is in use) leaves the role with a
# LatestDeletionTask.
run delete AliyunServiceRoleForPolarDB
check "set-up: the deletion of a role in use fails" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "in use"'

for size in 80x24 120x40; do
    for mode in colour mono; do
        if [ $mode = mono ]; then
            export NO_COLOR=1
            flags=--no-color
        else
            unset NO_COLOR
            flags=
        fi
        screen "roles-$size" "$size" "roles $flags" <<'K'
:wait
:dump @
K
        screen "roles-filtered-$size" "$size" "roles $flags" <<'K'
:wait
/polar
:dump @
K
        screen "roles-details-$size" "$size" "roles $flags" <<'K'
:wait
/polar<Enter>
:wait
:dump @
K
    done
done
unset NO_COLOR

ui_dump roles-list 80x24 roles <<'K'
:wait
:dump @
K
check "the roles screen: every service-linked role, the others left out" \
    eval 'contains "$out" "AliyunServiceRoleForActionTrail" &&
          contains "$out" "AliyunServiceRoleForPolarDB_analytics" &&
          contains "$out" "AliyunServiceRoleForQuasarNewThing" &&
          ! contains "$out" "ops-admin" && contains "$out" "4/4"'
check "... product, create date, and whether the catalogue knows the role" \
    eval 'printf "%s\n" "$out" | grep -qE "ActionTrail +AliyunServiceRoleForActionTrail +2024-03-04 05:06 +known" &&
          printf "%s\n" "$out" | grep -qE "^  - +AliyunServiceRoleForQuasarNewThing +2026-01-01 00:00 +unknown"'

ui_dump roles-filter 80x24 roles <<'K'
:wait
/pol
:dump @
K
check "the filter narrows the list as it is typed" \
    eval 'contains "$out" "2/4" && ! contains "$out" "ActionTrail"'

ui_dump roles-details 80x24 roles <<'K'
:wait
/polar<Enter>
:wait
:dump @
K
check "Enter: the role's details, with Description, UpdateDate, MaxSessionDuration and LatestDeletionTask" \
    eval 'contains "$out" "PolarDB reads the backups of the team" &&
          contains "$out" "UpdateDate           <DATE>" &&
          contains "$out" "MaxSessionDuration   3600s" &&
          contains "$out" "LatestDeletionTask   made <DATE>" &&
          contains "$out" "<UUID>"'

ui_dump roles-back 80x24 roles <<'K'
:wait
G
<Enter>
:wait
b
:dump @
K
check "Back from a role returns to the roles screen, where it came from" \
    eval 'contains "$out" "Service-linked roles" &&
          printf "%s\n" "$out" | grep -q "^> .*AliyunServiceRoleForQuasarNewThing"'

ui_dump roles-esc 80x24 roles <<'K'
:wait
/polar<Esc><Esc>
:dump @
K
check "Esc leaves the filter, then clears it" \
    eval 'contains "$out" "4/4"'

ui_dump roles-delete 80x24 roles <<'K'
:wait
d
:dump @
K
check "d on a role asks before deleting it, naming it and its service" \
    eval 'contains "$out" "Delete AliyunServiceRoleForActionTrail?" &&
          contains "$out" "ActionTrail (actiontrail.aliyuncs.com)"'

# --- the picker: a checked row opens its role; n makes another -----------------
creates=$(sim_calls CreateServiceLinkedRole)
ui_dump picker-open-role 80x24 "" <<'K'
:wait
polar<Enter>
:wait
:dump @
K
check "a checked row of the picker opens the existing role (GetRole)" \
    eval 'contains "$out" "AliyunServiceRoleForPolarDB exists (GetRole)" &&
          contains "$out" "RoleName             AliyunServiceRoleForPolarDB"'

screen "form-taken-80x24" 80x24 "" <<'K'
:wait
polar<Enter>
:wait
n
:dump @
K
ui_dump form-taken 80x24 "" <<'K'
:wait
polar<Enter>
:wait
n
:dump @
K
check "n opens the form, which warns that the name is taken" \
    eval 'contains "$out" "Create the service-linked role of PolarDB" &&
          contains "$out" "already in this account: a suffix makes another role"'
ui_dump form-taken-enter 80x24 "" <<'K'
:wait
polar<Enter>
:wait
n<Tab><Tab><Enter>
:dump @
K
check "Enter on Create asks once more, and sends nothing" \
    eval 'contains "$out" "Enter again sends it anyway" &&
          [ "$(sim_calls CreateServiceLinkedRole)" = "$creates" ]'
ui_dump form-taken-sent 80x24 "" <<'K'
:wait
polar<Enter>
:wait
n<Tab><Tab><Enter>
<Enter>
:wait
:dump @
K
check "a second Enter sends it: the existing role is shown" \
    eval 'contains "$out" "Already exists" &&
          [ "$(sim_calls CreateServiceLinkedRole)" -gt "$creates" ]'
ui_dump form-suffix 80x24 "" <<'K'
:wait
polar<Enter>
:wait
n
Team
:dump @
K
check "with a suffix the warning goes" \
    eval '! contains "$out" "already in this account"'

# --- linkrole roles, piped: the plain list -------------------------------------
out=$("$LINKROLE" roles 2>"$TEST_TMP/err")
rc=$?
check "linkrole roles, piped: the plain list, as linkrole list prints it" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "ROLE NAME" &&
          contains "$out" "AliyunServiceRoleForQuasarNewThing" &&
          [ "$out" = "$("$LINKROLE" list)" ]'

# A RAM user without ram:ListRoles: the roles screen says why it is empty.
as_user
ui_dump roles-denied 80x24 roles <<'K'
:wait
:dump @
K
check "ListRoles refused: the roles screen says so, and how to list again" \
    eval 'contains "$out" "ListRoles refused" && contains "$out" "(r lists again)"'
stop_sim
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET

# No credentials: d chooses the demo, and linkrole roles still lands on
# the roles screen.
ui_dump roles-nocreds-demo 80x24 roles <<'K'
d
:wait
:dump @
K
check "linkrole roles without credentials: d, then the demo's roles screen" \
    eval 'contains "$out" "Service-linked roles" &&
          contains "$out" "No service-linked role in this account yet"'

# --- in tmux, against linkrole-sim --------------------------------------------
. "$top_srcdir/tests/tui/tmuxlib.sh"

start_sim
start_pane
with_keys "$TEST_AK" "$TEST_SECRET" >"$TEST_TMP/as-owner"
run_ui "LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/as-owner $LINKROLE"
wait_for "account 1234567890123456" 60
send polar
key Enter Tab Tab Enter
check "tmux: a role made in the UI" wait_for "Created AliyunServiceRoleForPolarDB" 100
key F2
check "... F2 lists the roles again, and it is there" \
    eval 'wait_for "AliyunServiceRoleForPolarDB " 100 &&
          contains "$pane" "Service-linked roles" && contains "$pane" "1/1"'
key Enter
check "... Enter shows its details (GetRole)" \
    eval 'wait_for "is in this account (GetRole)" 100 &&
          contains "$pane" "MaxSessionDuration"'
key b
check "... b returns to the roles screen" wait_for "Service-linked roles" 50
key d
check "... d asks before deleting the selected role, naming it" \
    wait_for "Delete AliyunServiceRoleForPolarDB?" 50
key y
check "... y deletes it, followed until the task SUCCEEDED" \
    wait_for "Deleted AliyunServiceRoleForPolarDB" 150
key b
check "... back on the roles screen, listed again: the role is gone" \
    eval 'wait_for "No service-linked role in this account yet" 100 &&
          ! contains "$pane" "AliyunServiceRoleForPolarDB "'
key q
check "... q quits" wait_for "EXIT=0" 50

send clear
key Enter
run_ui "LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/as-owner $LINKROLE roles"
check "tmux: linkrole roles on a terminal opens the roles screen" \
    eval 'wait_for "Service-linked roles" 100 &&
          wait_for "No service-linked role in this account yet" 100'
key q
wait_for "EXIT=0" 50
stop_sim

done_testing
