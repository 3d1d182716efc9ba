#!/bin/bash
# linkrole rollout against linkrole-sim --directory 200 (issue 14).  The
# simulator's rules: member i is account 1%015u; it is invited without
# ResourceDirectoryAccountAccessRole when i%25==0 (8 of 200: they cannot
# be entered), already holds AliyunServiceRoleForPolarDB when i%7==3 (29,
# one of which, 150, cannot be entered); folders Production (i%3==0),
# Development (i%3==1) with Sandbox inside it (i%3==2).  What a rollout
# made is checked in the simulator's --state file, not in linkrole's
# report.
. "$top_srcdir/tests/cli/lib.sh"

LINKROLE_CATALOG=$top_srcdir/data/services.json
export LINKROLE_CATALOG

ROLE=AliyunServiceRoleForPolarDB
SVC=polardb.aliyuncs.com
STATE=$TEST_TMP/rd.json
acct() { printf '1%015u' "$1"; }
ESC=$(printf '\033')

# the expected numbers, from the rules
n_invited=0 n_had=0 n_had_enterable=0
for i in $(seq 200); do
    inv=0 had=0
    [ $((i % 25)) -eq 0 ] && inv=1
    [ $((i % 7)) -eq 3 ] && had=1
    n_invited=$((n_invited + inv))
    n_had=$((n_had + had))
    [ $inv -eq 0 ] && [ $had -eq 1 ] && n_had_enterable=$((n_had_enterable + 1))
done
n_create=$((200 - n_invited - n_had_enterable))

# holders ROLE: how many members hold ROLE in the state file, counting
# a member twice when it holds the role twice.
holders() {
    jq --arg r "$1" '[.members[] | .roles[] | select(.role_name == $r)] | length' "$STATE"
}
# twice ROLE: members holding ROLE more than once.
twice() {
    jq --arg r "$1" '[.members[] | select([.roles[] | select(.role_name == $r)] | length > 1)] | length' "$STATE"
}
# holds ID ROLE: whether member ID holds ROLE.
holds() {
    jq -e --arg a "$1" --arg r "$2" \
        '[.members[] | select(.account_id == $a) | .roles[] | select(.role_name == $r)] | length == 1' \
        "$STATE" >/dev/null
}

start_sim --directory 200 --state "$STATE"
# settle: the simulator writes a directory's state on a timer, when idle
# and when it ends; stopping it (and starting it again from the file)
# makes the file hold every change before it is read.
settle() {
    stop_sim
    start_sim --directory 200 --state "$STATE"
}
as_owner

# --- usage -------------------------------------------------------------------

for n in 0 65 x; do
    run rollout --service $SVC --plan --concurrency $n
    check "--concurrency $n is a usage error" test "$rc" -eq 2
done
run rollout --plan
check "no --service nor --dbs: usage" test "$rc" -eq 2
run rollout --service $SVC --dbs --plan
check "--service with --dbs: usage" test "$rc" -eq 2
run rollout --service polardb --plan
check "a short name gets did-you-mean, exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "$SVC"'
run rollout --service $SVC --suffix 'bad suffix!' --plan
check "a bad suffix is refused before anything is sent" test "$rc" -eq 2
run rollout --service $SVC --accounts 12ab --plan
check "a bad account id: usage" test "$rc" -eq 2

# --- the plan ----------------------------------------------------------------

run -o json rollout --service $SVC --plan
check "plan: exit 0" test "$rc" -eq 0
printf '%s\n' "$out" >"$TEST_TMP/plan.json"
check "plan: 200 accounts" \
    test "$(jq '.accounts | length' "$TEST_TMP/plan.json")" -eq 200
check "plan: $n_create would be created" \
    test "$(jq '.counts["would-create"]' "$TEST_TMP/plan.json")" -eq "$n_create"
check "plan: $n_had_enterable exist" \
    test "$(jq '.counts.exists' "$TEST_TMP/plan.json")" -eq "$n_had_enterable"
check "plan: $n_invited cannot be entered" \
    test "$(jq '.counts["no-entry"]' "$TEST_TMP/plan.json")" -eq "$n_invited"
check "plan: the no-entry accounts are the invited ones without the access role" \
    test "$(jq '[.accounts[] | select(.state == "no-entry") | .account_id[1:] | tonumber % 25] | unique' -c "$TEST_TMP/plan.json")" = "[0]"
check "plan: the existing ones are those of the rule" \
    test "$(jq '[.accounts[] | select(.state == "exists") | .account_id[1:] | tonumber % 7] | unique' -c "$TEST_TMP/plan.json")" = "[3]"
check "plan: changed nothing" test "$(holders $ROLE)" -eq "$n_had"
run rollout --service $SVC --plan
check "plan as text: every account in the table with the fix for the invited" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$out" | grep -c "^1[0-9]\{15\} ")" -eq 200 ] &&
          contains "$out" ResourceDirectoryAccountAccessRole'

# --- scope -------------------------------------------------------------------

run -o json rollout --service $SVC --plan --folder fd-SimSand001
check "--folder Sandbox: its 67 members, all i%3==2" \
    eval '[ "$rc" -eq 0 ] &&
          [ "$(printf "%s" "$out" | jq ".accounts | length")" -eq 67 ] &&
          [ "$(printf "%s" "$out" | jq -c "[.accounts[].account_id[1:] | tonumber % 3] | unique")" = "[2]" ]'
run -o json rollout --service $SVC --plan --folder fd-SimDevl001
check "--folder Development: its subtree (Sandbox included), 134" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s" "$out" | jq ".accounts | length")" -eq 134 ]'
run rollout --service $SVC --plan --folder fd-NoSuch0001
check "--folder of no folder: the refusal, exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" EntityNotExists.Folder'
run -o json rollout --service $SVC --plan --exclude "$(acct 1),$(acct 2)"
check "--exclude leaves 198" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s" "$out" | jq ".accounts | length")" -eq 198 ] &&
          ! contains "$out" "\"$(acct 1)\""'
run -o json rollout --service $SVC --plan --accounts "$(acct 4),$(acct 10)"
check "--accounts ID,ID: those two" \
    eval '[ "$rc" -eq 0 ] &&
          [ "$(printf "%s" "$out" | jq -c "[.accounts[].account_id] | sort")" = "[\"$(acct 4)\",\"$(acct 10)\"]" ]'

# --- the rollout -------------------------------------------------------------

run rollout --service $SVC --yes --concurrency 16
check "rollout: exit 1 (the invited accounts are refused)" test "$rc" -eq 1
check "rollout: no escape sequence on stderr without a terminal" \
    eval '! contains "$err" "$ESC"'
check "rollout: the summary lists the no-entry accounts with the fix" \
    eval '[ "$(printf "%s\n" "$out" | grep -c "^1[0-9]\{15\} ")" -eq "$n_invited" ] &&
          contains "$out" ResourceDirectoryAccountAccessRole'
settle
missing=0 extra=0
for i in $(seq 200); do
    if [ $((i % 25)) -eq 0 ] && [ $((i % 7)) -ne 3 ]; then
        holds "$(acct $i)" $ROLE && extra=$((extra + 1))
    else
        holds "$(acct $i)" $ROLE || missing=$((missing + 1))
    fi
done
check "the role exists in every enterable account (the simulator's state)" \
    test "$missing" -eq 0
check "and not in the invited accounts without the access role" \
    test "$extra" -eq 0
check "no account holds it twice" test "$(twice $ROLE)" -eq 0
check "the access role was not made where it was missing" \
    test "$(jq '[.members[] | select(.account_id[1:] | tonumber % 25 == 0) | .roles[] | select(.role_name == "ResourceDirectoryAccountAccessRole")] | length' "$STATE")" -eq 0

run -o json rollout --service $SVC --yes
printf '%s\n' "$out" >"$TEST_TMP/again.json"
check "a second run: exit 1 again (the same invited accounts)" test "$rc" -eq 1
check "a second run creates nothing" \
    test "$(jq '.counts.created // 0' "$TEST_TMP/again.json")" -eq 0
check "a second run: every enterable account existed" \
    test "$(jq '.counts.existed' "$TEST_TMP/again.json")" -eq $((200 - n_invited))
check "-o json's shape" \
    jq -e '(.rollout_id | type == "string") and (.directory_id | type == "string") and
           .target.service == "polardb.aliyuncs.com" and
           .target.role_name == "AliyunServiceRoleForPolarDB" and
           .target.dbs == false and .plan == false and
           (.accounts | all(has("account_id") and has("display_name") and
                            has("folder_id") and has("join_method") and
                            has("state") and has("role_id") and
                            has("error_code") and has("message") and
                            has("attempts") and (.request_ids | type == "array")))' \
        "$TEST_TMP/again.json"
check "-o json: existed rows carry the role id, no-entry rows the code" \
    jq -e '(.accounts | map(select(.state == "existed")) | all(.role_id != null)) and
           (.accounts | map(select(.state == "no-entry")) | all(.error_code != null and .join_method == "invited"))' \
        "$TEST_TMP/again.json"
settle
check "the holders did not change" test "$(twice $ROLE)" -eq 0

# --- --dbs -------------------------------------------------------------------

run -o json rollout --dbs --yes --accounts "$(acct 1),$(acct 2)"
check "--dbs in two accounts: exit 0, both created" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s" "$out" | jq ".counts.created")" -eq 2 ]'
settle
check "--dbs: AliyunServiceRoleForDBS in both (the simulator's state)" \
    eval 'holds "$(acct 1)" AliyunServiceRoleForDBS && holds "$(acct 2)" AliyunServiceRoleForDBS'
check "--dbs: not elsewhere" test "$(holders AliyunServiceRoleForDBS)" -eq 2

# --- refusals ----------------------------------------------------------------

as_user
run rollout --service $SVC --plan
check "a RAM user without permission: the directory's refusal, exit 1" \
    eval '[ "$rc" -eq 1 ] && { contains "$err" ListAccounts || contains "$err" GetResourceDirectory; }'
as_owner
stop_sim
start_sim
run rollout --service $SVC --plan
check "no directory: exit 1 with a clear message" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "Resource Directory"'
stop_sim

# --- a terminal --------------------------------------------------------------

start_sim --directory 30 --latency 20
# under script(1) stdin, stdout and stderr are a terminal
tty_run() {
    script -qec "$*" "$TEST_TMP/typescript" </dev/null >/dev/null 2>&1
    rc=$?
    screen=$(cat "$TEST_TMP/typescript")
    printf '%s\n' "$screen" >>"$TRANSCRIPT"
}
tty_run "$LINKROLE rollout --service $SVC --plan"
check "a terminal: the live block (escape sequences, accounts done)" \
    eval '[ "$rc" -eq 0 ] && contains "$screen" "$ESC[K" && contains "$screen" "30 of 30"'
printf 'n\n' >"$TEST_TMP/no"
script -qec "$LINKROLE rollout --service $SVC" "$TEST_TMP/typescript" \
    <"$TEST_TMP/no" >/dev/null 2>&1
rc=$?
screen=$(cat "$TEST_TMP/typescript")
check "a terminal without --yes asks once with the plan's counts" \
    eval 'contains "$screen" "[y/N]" && contains "$screen" "nothing was changed"'

done_testing
