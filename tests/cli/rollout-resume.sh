#!/bin/bash
# A rollout that is stopped half-way, or meets a flaky and throttling
# cloud, ends with every member that can be entered holding the role
# exactly once (issue 14, point 3 and its acceptance list).
#
# Against linkrole-sim --directory 200 --latency 20 --state FILE: a rollout
# killed with SIGKILL once the simulator's state shows roles being made,
# then --resume; the same with SIGINT (exit 130); then a run with 2% of
# the requests reset after the simulator processed them and per-API rate
# limits.  What is checked is the simulator's state file (after stop_sim),
# the journal (linkrole log -o json) and the reports (-o json).
. "$top_srcdir/tests/cli/lib.sh"

N=200
SERVICE=polardb.aliyuncs.com
ROLE=AliyunServiceRoleForPolarDB
STATE=$TEST_TMP/sim-state.json

if ! command -v jq >/dev/null 2>&1; then
    echo "Bail out! jq is needed"
    exit 1
fi
if ! "$LINKROLE" help rollout >/dev/null 2>&1; then
    echo "Bail out! this linkrole has no 'rollout' command"
    exit 1
fi

member_id() { printf '1%015u' "$1"; }

# The directory as the simulator builds it: per member "ID WANT" lines,
# WANT the number of roles named $ROLE* it must end with (the invited
# members with i%25==0 cannot be entered; i%7==3 hold the role already).
# MADE: the members a rollout has to create the role in.
: >"$TEST_TMP/want"
: >"$TEST_TMP/made"
: >"$TEST_TMP/invited"
for i in $(seq "$N"); do
    id=$(member_id "$i")
    if [ $((i % 25)) -eq 0 ]; then
        echo "$id" >>"$TEST_TMP/invited"
        if [ $((i % 7)) -eq 3 ]; then echo "$id 1"; else echo "$id 0"; fi
    else
        [ $((i % 7)) -ne 3 ] && echo "$id" >>"$TEST_TMP/made"
        echo "$id 1"
    fi
done >"$TEST_TMP/want"
MADE_COUNT=$(grep -c . "$TEST_TMP/made")

# sim_roles FILE: "ID COUNT" for every member of the state FILE, COUNT
# the roles whose name starts with $ROLE (a duplicate or a second,
# suffixed one counts too).
sim_roles() {
    jq -r --arg r "$ROLE" '.members[] | "\(.account_id) \([.roles[]?
        | select(.role_name | startswith($r))] | length)"' "$1" 2>/dev/null |
        sort
}
# made_so_far: how many members of MADE hold the role now (the state
# file is read as it is while the simulator runs; 0 if unreadable).
made_so_far() {
    sim_roles "$STATE" | grep -Ff "$TEST_TMP/made" | awk '$2 > 0' | wc -l
}
# report_states FILE: "ID STATE" per account of a -o json report, whatever
# its nesting: every object with a state and an account id.
report_states() {
    jq -r '.. | objects | select(has("state")) |
        {id: (.account_id // .AccountId // .account // empty), state} |
        "\(.id) \(.state)"' "$1" 2>/dev/null | sort
}
# journal_ok: "ID" per successful create of $ROLE in the journal, as
# linkrole log -o json shows it (one line per outcome).
journal_ok() {
    "$LINKROLE" log -o json 2>/dev/null |
        jq -r --arg r "$ROLE" '.[] | select(.role == $r and .outcome == "ok")
            | .account' 2>/dev/null | sort
}

# shows_none FILE: true when FILE is empty; else its first lines are
# shown as TAP comments.
shows_none() {
    [ -s "$1" ] || return 0
    head -n 10 "$1" | sed 's/^/# /'
    return 1
}

# same A B: true when files A and B are the same; else the first lines
# of the diff as TAP comments.
same() {
    diff -u "$1" "$2" >"$TEST_TMP/diff" && return 0
    head -n 20 "$TEST_TMP/diff" | sed 's/^/# /'
    return 1
}

# check_sim_state LABEL: after stop_sim, every member holds what it must,
# exactly once.
check_sim_state() {
    sim_roles "$STATE" >"$TEST_TMP/have"
    check "$1: every enterable member holds $ROLE exactly once, the invited none (the simulator's state)" \
        same "$TEST_TMP/want" "$TEST_TMP/have"
}

# check_journal LABEL: every member the rollout made the role in has one
# successful outcome in the journal, and none has two.
check_journal() {
    journal_ok >"$TEST_TMP/jok"
    sort -u "$TEST_TMP/jok" | comm -13 - "$TEST_TMP/made" >"$TEST_TMP/jmissing"
    check "$1: the journal has a successful outcome for every member the role was made in" \
        shows_none "$TEST_TMP/jmissing"
    uniq -d "$TEST_TMP/jok" >"$TEST_TMP/jtwice"
    check "$1: the journal shows no member created twice" \
        shows_none "$TEST_TMP/jtwice"
}

# start_rollout [ENV...] -- ARGS...: linkrole rollout in the background
# (its pid in RPID, its report in $TEST_TMP/bg.json, stderr bg.err).
start_rollout() {
    local envs=()
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
    env "${envs[@]}" "$LINKROLE" rollout "$@" </dev/null \
        >"$TEST_TMP/bg.json" 2>"$TEST_TMP/bg.err" &
    RPID=$!
}
# wait_made COUNT: waits until COUNT members of MADE hold the role or the
# rollout has ended; true when it is still running.  Bounded (60 s), so a
# rollout that makes nothing cannot hang the test.
wait_made() {
    local i
    for i in $(seq 1200); do
        kill -0 "$RPID" 2>/dev/null || return 1
        [ "$(made_so_far)" -ge "$1" ] && return 0
        sleep 0.05
    done
    return 0
}

# fresh LABEL: a new simulator with an empty journal.
fresh() {
    rm -f "$STATE"
    rm -rf "$XDG_STATE_HOME"
    start_sim --directory "$N" --latency 20 --state "$STATE" "$@"
    as_owner
}

# resumed LABEL EXPECT_RC: runs --resume --yes, then checks its exit
# status, that what the journal showed done was skipped, and the rest.
resumed() {
    local label=$1 want_rc=$2
    journal_ok | sort -u >"$TEST_TMP/done-before"
    run rollout --service "$SERVICE" --resume --yes --concurrency 8 -o json
    printf '%s' "$out" >"$TEST_TMP/resume.json"
    check "$label: --resume --yes: exit $want_rc (the invited members refused)" \
        test "$rc" -eq "$want_rc"
    report_states "$TEST_TMP/resume.json" >"$TEST_TMP/resume.states"
    awk '$2 == "skipped" { print $1 }' "$TEST_TMP/resume.states" |
        sort >"$TEST_TMP/skipped"
    check "$label: --resume skipped exactly the members the journal showed done ($(grep -c . "$TEST_TMP/done-before"))" \
        eval '[ -s "$TEST_TMP/done-before" ] &&
              same "$TEST_TMP/done-before" "$TEST_TMP/skipped"'
    check "$label: the resumed report has a row for every member" \
        test "$(grep -c . "$TEST_TMP/resume.states")" -eq "$N"
    check_report "$label: the resumed report" "$TEST_TMP/resume.states"
}

# check_report LABEL STATES: the report agrees with the directory: the
# invited members cannot be entered, every other one ends with the role.
check_report() {
    awk '$2 == "no-entry" { print $1 }' "$2" | sort >"$TEST_TMP/noentry"
    check "$1: the invited members, and they alone, are reported no-entry" \
        same "$TEST_TMP/invited" "$TEST_TMP/noentry"
    grep -vFf "$TEST_TMP/invited" "$2" |
        grep -Ev " (created|existed|skipped)$" >"$TEST_TMP/others"
    check "$1: every other member is created, existed or skipped" \
        shows_none "$TEST_TMP/others"
}

# --- SIGKILL half-way, then --resume ---------------------------------------------
fresh
start_rollout -- --service "$SERVICE" --yes --concurrency 2 -o json
if wait_made 20; then
    kill -9 "$RPID"
    wait "$RPID" 2>/dev/null
    ok "SIGKILL: the rollout was killed while it made roles"
else
    wait "$RPID"
    not_ok "SIGKILL: the rollout ended before it had made 20 roles" \
        "stderr: $(head -c 2000 "$TEST_TMP/bg.err")"
fi
killed_at=$(made_so_far)
check "SIGKILL: some roles made, not all ($killed_at of $MADE_COUNT)" \
    eval '[ "$killed_at" -gt 0 ] && [ "$killed_at" -lt "$MADE_COUNT" ]'
resumed "SIGKILL" 1
stop_sim
check_sim_state "SIGKILL then --resume"
check_journal "SIGKILL then --resume"

# --- SIGINT half-way: exit 130, then --resume --------------------------------------
# A background job of a script starts with SIGINT ignored; env puts the
# default back, as an interactive shell's Ctrl-C would find it.
sigint_env=()
env --default-signal=INT true 2>/dev/null && sigint_env=(--default-signal=INT)
fresh
start_rollout "${sigint_env[@]}" -- --service "$SERVICE" --yes --concurrency 2 -o json
if wait_made 20; then
    kill -INT "$RPID"
    wait "$RPID"
    rc=$?
    out=$(cat "$TEST_TMP/bg.json")
    err=$(cat "$TEST_TMP/bg.err")
    { printf '$ linkrole rollout (SIGINT)\n%s\n%s\n[exit %s]\n' "$out" "$err" \
        "$rc"; } >>"$TRANSCRIPT"
    check "SIGINT: the rollout stops with exit 130" test "$rc" -eq 130
else
    wait "$RPID"
    not_ok "SIGINT: the rollout ended before it had made 20 roles" \
        "stderr: $(head -c 2000 "$TEST_TMP/bg.err")"
fi
resumed "SIGINT" 1
stop_sim
check_sim_state "SIGINT then --resume"
check_journal "SIGINT then --resume"

# --- resets after processing and throttling -------------------------------------------
# reset@2%: every 50th request is processed, then its connection is
# closed unanswered (server_fault.c: "reset" is reset-after).
fresh --fault 'reset@2%' --rate-limit CreateServiceLinkedRole=5 \
    --rate-limit AssumeRole=20
run rollout --service "$SERVICE" --yes --concurrency 8 -o json
printf '%s' "$out" >"$TEST_TMP/faults.json"
check "faults: exit 1 (refused: the invited members) or 6 (some stayed busy)" \
    eval '[ "$rc" -eq 1 ] || [ "$rc" -eq 6 ]'
report_states "$TEST_TMP/faults.json" >"$TEST_TMP/faults.states"
check "faults: the report has a row for every member" \
    test "$(grep -c . "$TEST_TMP/faults.states")" -eq "$N"
check "faults: busy members only with exit 6" \
    eval '[ "$rc" -eq 6 ] || ! grep -q " busy$" "$TEST_TMP/faults.states"'
tries=0
while [ "$rc" -eq 6 ] && [ "$tries" -lt 3 ]; do
    tries=$((tries + 1))
    run rollout --service "$SERVICE" --resume --yes --concurrency 8 -o json
    printf '%s' "$out" >"$TEST_TMP/faults.json"
done
check "faults: the last run exits 1 (the invited members alone)" \
    test "$rc" -eq 1
report_states "$TEST_TMP/faults.json" >"$TEST_TMP/faults.states"
check_report "faults" "$TEST_TMP/faults.states"
stop_sim
check_sim_state "faults"
check_journal "faults"
# What linkrole reports agrees with the simulator: a member holds the role
# exactly when its row says so.
sim_roles "$STATE" | awk '$2 > 0 { print $1 }' >"$TEST_TMP/sim-has"
grep -E " (created|existed|skipped|exists)$" "$TEST_TMP/faults.states" |
    cut -d' ' -f1 | sort >"$TEST_TMP/report-has"
check "faults: the report's members with the role are the simulator's" \
    eval 'grep -vFf "$TEST_TMP/invited" "$TEST_TMP/sim-has" >"$TEST_TMP/sim-has2";
          same "$TEST_TMP/sim-has2" "$TEST_TMP/report-has"'

done_testing
