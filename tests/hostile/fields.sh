#!/bin/bash
# What the server says, in every field, reaches no terminal raw and leaks
# no secret: escape sequences (CSI, OSC, C1, CR, DEL, BEL) in each field a
# command prints, and the session token echoed back in error codes,
# request ids, success fields and whoami's Arn — in text and in -o json.
# Defects of issue 9 covered: 2 (server text printed raw), 4 (an echoed
# secret printed).
. "$top_srcdir/tests/hostile/lib.sh"

as_token

# P: JSON text for a string full of what a terminal acts on: clear the
# screen, set the window title, C1 CSI, carriage return, DEL.
P='Z\u001b[2J\u001b]0;owned\u0007\u009b31m\r\u007f\u001bcZ'
RID='"RequestId":"5E6F7A8B-9C0D-4E1F-8A2B-3C4D5E6F7A8B"'
ROLE=AliyunServiceRoleForPolarDB

# both WHAT CODE PATTERN STEP... -- ARGS...: ARGS against a liar answering
# STEP..., in text and in -o json (whose output must also be JSON).
both() {
    local what=$1 code=$2 pattern=$3 steps=()
    shift 3
    while [ "$1" != -- ]; do steps+=("$1"); shift; done
    shift
    start_liar "${steps[@]}"
    run "$@"
    verdict "$what" "$code" "$pattern"
    stop_liar
    start_liar "${steps[@]}"
    run -o json "$@"
    verdict "$what, -o json" "$code"
    check "$what, -o json: stdout is JSON" \
        eval 'jq -e . "$TEST_TMP/out" >/dev/null'
    stop_liar
}

# --- escape sequences in every field (defect 2) -------------------------------
answer err-poison "400 Bad Request" \
    "{\"RequestId\":\"R$P\",\"HostId\":\"sts.aliyuncs.com\",\"Code\":\"Denied$P\",\"Message\":\"no$P\"}"
both "an error's Code, Message and RequestId with escapes" 1 GetCallerIdentity \
    err-poison -- whoami

ok_json dbs-poison \
    "{\"Data\":\"null\",\"RequestId\":\"R$P\",\"Success\":\"false\",\"ErrorCode\":\"Dbs$P\",\"ErrMessage\":\"m$P\"}"
both "DBS's ErrorCode and ErrMessage with escapes" 1 "" dbs-poison -- dbs-init

POLICY="{\\\"Statement\\\":[{\\\"Action\\\":\\\"sts:AssumeRole\\\",\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":{\\\"Service\\\":[\\\"x\\\\$P\\\"]}}],\\\"Version\\\":\\\"1\\\"}"
ok_json get-poison \
    "{$RID,\"Role\":{\"RoleName\":\"$ROLE\",\"RoleId\":\"3$P\",\"Arn\":\"acs:ram::1:role/$P\",\"Description\":\"d$P\",\"AssumeRolePolicyDocument\":\"$POLICY\",\"CreateDate\":\"2026$P\",\"UpdateDate\":\"2026$P\",\"MaxSessionDuration\":3600,\"IsServiceLinkedRole\":true,\"RolePrincipalName\":\"p$P\"}}"
both "a role's Arn, RoleId, Description, dates, principal and policy with escapes" \
    0 "" get-poison -- get "$ROLE"

ok_json list-poison \
    "{$RID,\"IsTruncated\":false,\"Roles\":{\"Role\":[{\"RoleName\":\"N$P\",\"RoleId\":\"3$P\",\"Arn\":\"a$P\",\"CreateDate\":\"c$P\",\"Description\":\"d$P\",\"IsServiceLinkedRole\":true}]}}"
both "ListRoles with escapes in every field" 0 "" list-poison -- list

TASK="task/acs-service-role/polardb.aliyuncs.com/$ROLE/$P"
ok_json del-poison "{$RID,\"DeletionTaskId\":\"$TASK\"}"
both "delete --no-wait: a task id with escapes" 0 "" del-poison -- \
    delete --no-wait "$ROLE"

ok_json status-failed-poison \
    "{$RID,\"Status\":\"FAILED\",\"Reason\":{\"Message\":\"in use $P\",\"RoleUsages\":{\"RoleUsage\":[{\"Region\":\"cn$P\",\"Resources\":{\"Resource\":[\"res$P\",\"two$P\"]}}]}}}"
both "a failed deletion's Reason and RoleUsages with escapes" 1 "" \
    del-poison status-failed-poison -- delete "$ROLE"

ok_json status-poison "{$RID,\"Status\":\"ODD$P\"}"
start_liar del-poison status-poison
run delete "$ROLE"
check "a deletion Status with escapes: linkrole ends, not 0" \
    test "$rc" -ne 0 -a "$rc" -ne 124
safe "a deletion Status with escapes"
stop_liar

ok_json me-poison \
    "{$RID,\"IdentityType\":\"Account$P\",\"AccountId\":\"1234567890123456\",\"Arn\":\"acs:ram::1234567890123456:$P\",\"UserId\":\"u$P\",\"PrincipalId\":\"p$P\"}"
both "whoami's Arn, UserId and PrincipalId with escapes" 0 "" me-poison -- whoami

# --- the session token echoed back (defect 4) -----------------------------------
T=$TEST_TOKEN
api_error err-token-code "400 Bad Request" "InvalidParameter.$T"
both "the token echoed in an error's Code" 1 GetCallerIdentity \
    err-token-code -- whoami
api_error err-token-rid "400 Bad Request" "InvalidParameter" "no" "$T"
both "the token echoed in an error's RequestId" 1 GetCallerIdentity \
    err-token-rid -- whoami
api_error err-token-twice "400 Bad Request" "InvalidParameter" \
    "the token $T is not $T, nor ${T}x"
both "the token echoed twice and glued to more text in a Message" 1 \
    GetCallerIdentity err-token-twice -- whoami
ok_json get-token \
    "{$RID,\"Role\":{\"RoleName\":\"$ROLE\",\"RoleId\":\"3\",\"Arn\":\"acs:ram::1:role/$T\",\"Description\":\"$T and again $T\",\"CreateDate\":\"2026-01-01T00:00:00Z\",\"IsServiceLinkedRole\":true}}"
both "the token echoed in a role's Arn and Description" 0 "" get-token -- \
    get "$ROLE"
ok_json me-token \
    "{\"RequestId\":\"$T\",\"IdentityType\":\"AssumedRoleUser\",\"AccountId\":\"1234567890123456\",\"Arn\":\"acs:ram::1234567890123456:assumed-role/r/$T\",\"UserId\":\"$T\",\"PrincipalId\":\"$T\",\"RoleId\":\"$T\"}"
both "the token echoed in whoami's Arn, ids and RequestId" 0 "" me-token -- whoami
ok_json dbs-token \
    "{\"Data\":\"$T\",\"RequestId\":\"$T\",\"Success\":\"false\",\"ErrorCode\":\"$T\",\"ErrMessage\":\"$T\"}"
both "the token echoed in DBS's ErrorCode, ErrMessage and RequestId" 1 "" \
    dbs-token -- dbs-init
ok_json del-token "{$RID,\"DeletionTaskId\":\"task/$T\"}"
both "the token echoed in a deletion task id" 0 "" del-token -- \
    delete --no-wait "$ROLE"

# The terminal UI: the token echoed in a create's answer must not be drawn.
ok_json list-none "{$RID,\"IsTruncated\":false,\"Roles\":{\"Role\":[]}}"
ok_json create-token \
    "{$RID,\"Role\":{\"RoleName\":\"$ROLE\",\"RoleId\":\"3\",\"Arn\":\"acs:ram::1:role/$T\",\"Description\":\"$T\",\"CreateDate\":\"2026-01-01T00:00:00Z\",\"IsServiceLinkedRole\":true,\"RolePrincipalName\":\"$T\"}}"
start_liar me-token list-none create-token
printf ':wait\npolar<Enter>\n<Tab><Tab><Enter>\n:wait\n:dump %s\n' \
    "$TEST_TMP/screen" >"$TEST_TMP/keys"
TERM=xterm LINES=40 COLUMNS=120 LINKROLE_TUI_SCRIPT=$TEST_TMP/keys \
    $LINKROLE_WRAP "$LINKROLE" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
check "the UI: a create's answer echoing the token is drawn" \
    eval '[ "$rc" -eq 0 ] && grep -q "Created $ROLE" "$TEST_TMP/screen"'
check "the UI: the echoed token is not on the screen" \
    no_secret "$TEST_TMP/screen"
safe "the UI with an echoed token"
stop_liar

# The UI's error screen: Code, Message and RequestId with escapes are drawn
# as text (the dump is what curses holds for each cell, so a control byte
# in it is one the terminal would receive).
ok_json me-plain '{"RequestId":"x","IdentityType":"Account","AccountId":"1234567890123456","Arn":"acs:ram::1234567890123456:root","UserId":"1","PrincipalId":"1"}'
answer create-refused-poison "400 Bad Request" \
    "{\"RequestId\":\"R$P\",\"HostId\":\"ram.aliyuncs.com\",\"Code\":\"Denied$P\",\"Message\":\"no$P\"}"
start_liar me-plain list-none create-refused-poison
TERM=xterm LINES=40 COLUMNS=120 LINKROLE_TUI_SCRIPT=$TEST_TMP/keys \
    $LINKROLE_WRAP "$LINKROLE" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
check "the UI: a refusal with escapes in Code, Message, RequestId is shown" \
    eval '[ "$rc" -eq 0 ] && grep -q "refused" "$TEST_TMP/screen"'
check "the UI: no control byte on the error screen" \
    no_control_bytes "$TEST_TMP/screen"
safe "the UI with escapes in an error"
stop_liar

done_testing
