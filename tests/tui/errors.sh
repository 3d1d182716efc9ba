#!/bin/bash
# Issue 11, points 3 and 4: nothing fails silently, and an error never
# costs the user their input.  Golden screens of a background failure in
# the header (and the picker saying existing roles are unknown), the
# error pane's actions, and the header naming who the credentials are;
# then tmux flows against linkrole-sim: throttling on every call keeps the
# form after e, and r succeeds once the fault is lifted (--fault-file); a
# wrong secret shows in the header before any form is opened, and ! opens
# the error pane for it.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# --- golden screens ---------------------------------------------------------

# A RAM user without permissions: GetCallerIdentity answers (no permission
# needed), ListRoles is refused in the background.
start_sim
as_user
for size in 80x24 120x40; do
    # The header says who (the user's name) and why the roles are not
    # known; the picker does not pretend no role exists.
    screen "errors-background-$size" "$size" "" <<'K'
:wait
:dump @
K
    # ! (from the list: in the search it is text) opens the error pane
    # for it, with r, e, c, s and b.
    screen "errors-background-pane-$size" "$size" "" <<'K'
:wait
<Esc>!
:dump @
K
done
check "the header names the RAM user" \
    grep -q "account 1234567890123456, user auditor" \
    "$TUI_GOLDEN/errors-background-80x24.screen"
check "the header gives the reason: no ram:ListRoles permission" \
    grep -q "! no ram:ListRoles permission" \
    "$TUI_GOLDEN/errors-background-80x24.screen"
check "the picker says existing roles are unknown" \
    grep -q "existing roles unknown" \
    "$TUI_GOLDEN/errors-background-80x24.screen"
check "the pane's footer offers r, e, c, s and b" \
    grep -q "r retry  e edit  c copy  s save  b back" \
    "$TUI_GOLDEN/errors-background-pane-80x24.screen"

# s saves the policy shown (the prompt over the pane), c copies it.
screen "errors-save-policy-80x24" 80x24 "" <<K
:wait
<Esc>!s<C-u>$TEST_TMP/policy.json<Enter>
:dump @
K
check "s saved the policy that allows ram:ListRoles" \
    eval 'grep -q "\"ram:ListRoles\"" "$TEST_TMP/policy.json"'
check "... and the pane says where" \
    grep -q "Saved the RAM policy to <TMP>/policy.json" "$TEST_TMP/errors-save-policy-80x24.masked"

# Monochrome: the same text, and the reason in the header is underlined
# (the warning role), not in the header's reverse video.
for size in 80x24 120x40; do
    NO_COLOR=1 screen "errors-background-$size" "$size" "--no-color" <<'K'
:wait
:dump @
K
    NO_COLOR=1 screen "errors-background-pane-$size" "$size" "--no-color" <<'K'
:wait
<Esc>!
:dump @
K
done
printf ':wait\n:attrs %s\n' "$TEST_TMP/mono.attrs" >"$TEST_TMP/mono.keys"
NO_COLOR=1 LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/mono.keys \
    "$LINKROLE" </dev/null >/dev/null 2>&1
check "monochrome: the header's reason is in the warning role (underline)" \
    eval 'head -n 1 "$TEST_TMP/mono.attrs" | grep -q "RU\{20,\}"'
stop_sim

# The error pane's title: "failed" for throttling, with the attempts
# counted as the CLI counts them; the form is a request away.
printf 'throttle\n' >"$TEST_TMP/faults"
start_sim --fault-file "$TEST_TMP/faults"
as_owner
for size in 80x24 120x40; do
    screen "errors-throttled-$size" "$size" "" <<'K'
:wait
polar<Enter>
Mine<Tab>For the team<Tab><Enter>
:wait
:dump @
K
    NO_COLOR=1 screen "errors-throttled-$size" "$size" "--no-color" <<'K'
:wait
polar<Enter>
Mine<Tab>For the team<Tab><Enter>
:wait
:dump @
K
done
check "throttled: CreateServiceLinkedRole failed (after 4 attempts)" \
    grep -q "CreateServiceLinkedRole failed (after 4 attempts)" \
    "$TUI_GOLDEN/errors-throttled-80x24.screen"
# e: the form again, with everything typed.
screen "errors-edit-80x24" 80x24 "" <<'K'
:wait
polar<Enter>
Mine<Tab>For the team<Tab><Enter>
:wait
e
:dump @
K
check "e: the form keeps the suffix and the description" \
    eval 'grep -q "AliyunServiceRoleForPolarDB_Mine" \
              "$TEST_TMP/errors-edit-80x24.masked" &&
          grep -q "For the team" "$TEST_TMP/errors-edit-80x24.masked"'
stop_sim

# r: the same request in flight again, from the pane (Esc cancels it).
start_sim --fault latency=1000
as_user
for size in 80x24 120x40; do
    screen "errors-retrying-$size" "$size" "" <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
r
:dump @
K
    NO_COLOR=1 screen "errors-retrying-$size" "$size" "--no-color" <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
r
:dump @
K
done
check "r: the pane says the request is sent again" \
    grep -q "Sending CreateServiceLinkedRole again" \
    "$TUI_GOLDEN/errors-retrying-80x24.screen"
stop_sim

# A wrong secret: the header says so before any form is opened.
start_sim
export ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret-Zq3
for size in 80x24 120x40; do
    screen "errors-wrong-secret-$size" "$size" "" <<'K'
:wait
:dump @
K
done
check "a wrong secret: the header says wrong key" \
    grep -q "! GetCallerIdentity: wrong key (SignatureDoesNotMatch)" \
    "$TUI_GOLDEN/errors-wrong-secret-120x40.screen"
stop_sim
as_owner

# --- tmux flows -----------------------------------------------------------

. "$top_srcdir/tests/tui/tmuxlib.sh"

# Throttling on every call: the create fails, e keeps the form, and r
# succeeds once the fault file is emptied.
printf 'throttle\n' >"$TEST_TMP/faults"
start_sim --fault-file "$TEST_TMP/faults"
with_keys "$TEST_AK" "$TEST_SECRET" >"$TEST_TMP/as-owner"
start_pane
run_ui "LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/as-owner $LINKROLE"
check "throttled: the header says so in the background" \
    wait_for "throttled (Throttling.User)" 300
send polar
wait_for "2/220"
key Enter
wait_for "CustomSuffix"
send Mine
key Tab
send 'For the team'
key Tab Enter
check "throttled create: the error pane, failed after 4 attempts" \
    wait_for "CreateServiceLinkedRole failed (after 4 attempts)" 300
key e
check "e: the form again, the suffix kept" \
    wait_for "AliyunServiceRoleForPolarDB_Mine"
check "... and the description" contains "$pane" "For the team"
key Enter
check "sent again from the form: refused again" \
    wait_for "CreateServiceLinkedRole failed (after 4 attempts)" 300
: >"$TEST_TMP/faults"
key r
check "the fault lifted, r sends the same request: created" \
    wait_for "Created AliyunServiceRoleForPolarDB_Mine" 300
# The identity failed at the start: ! shows it, r fetches it again.
key b
wait_for "Search: polar"
# Esc clears the search, a second Esc leaves it for the list.
key Escape
wait_for "220/220"
key Escape
send '!'
check "! opens the background failure: GetCallerIdentity" \
    wait_for "GetCallerIdentity failed (after 4 attempts)"
key r
check "r: GetCallerIdentity again, and the header says who" \
    wait_for "account 1234567890123456, root" 300
check "... the reason gone from the header" \
    eval '! contains "$pane" "GetCallerIdentity: throttled"'
key q
check "q quits (exit 0)" wait_for "EXIT=0"
stop_sim

# A wrong secret, before any form: the header, then ! for the pane.
start_sim
with_keys "$TEST_AK" "not-the-secret-Zq3" >"$TEST_TMP/wrong"
start_pane
run_ui "LINKROLE_ENDPOINT=$SIM_URL sh $TEST_TMP/wrong $LINKROLE"
check "a wrong secret shows in the header, on the services" \
    eval 'wait_for "wrong key (SignatureDoesNotMatch)" 300 &&
          contains "$pane" "Search:" && ! contains "$pane" "CustomSuffix"'
key Escape
send '!'
check "! opens the error pane for it" \
    wait_for "GetCallerIdentity refused"
check "... with the code and the hint" \
    eval 'contains "$pane" "SignatureDoesNotMatch" &&
          contains "$pane" "AccessKeySecret does not match"'
key b
wait_for "Search:"
key q
check "q quits (exit 0)" wait_for "EXIT=0"
stop_sim

done_testing
