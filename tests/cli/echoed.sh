#!/bin/bash
# A server that echoes the secrets in use and escape sequences into every
# field of every answer (linkrole-sim --fault echo=TEXT): whatever
# linkrole prints of it, in text or -o json, on stdout or stderr, holds
# no control byte and no secret, and shows that something was masked.
# Each command is also a case of issue 9's defects 2 and 4.
. "$top_srcdir/tests/cli/lib.sh"

# A title change, BEL, red, and the C1 CSI (U+009B) in UTF-8.
CONTROLS=$'\e]0;pwned\a\e[31m\xc2\x9b2J'

# no_raw_control TEXT: no C0 control but newline, no DEL, no C1.
no_raw_control() {
    ! printf '%s' "$1" | LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' &&
        ! printf '%s' "$1" | LC_ALL=C grep -q $'\xc2[\x80-\x9f]'
}
# safe NAME SECRET...: the last run printed no control and none of the
# secrets, and masked something (the echo reached it).
# (check sets $name, so the label is $what.)
safe() {
    local what=$1 s
    shift
    check "$what: no control byte in what it printed" \
        no_raw_control "$out$err"
    # Its first 12 characters: a field cut to fit must not show what is
    # left of a secret either.
    for s in "$@"; do
        check "$what: no secret (${s:0:6}…), nor its beginning, printed" \
            eval '! contains "$out$err" "${s:0:12}"'
    done
    check "$what: the echoed secret shows masked" \
        contains "$out$err" "*****"
}

# --- a static key: its AccessKeySecret echoed, twice on a line -------------
start_sim --in-use AliyunServiceRoleForDNS \
    --fault "echo=$CONTROLS<$TEST_SECRET|$TEST_SECRET>"
as_owner

run create --service polardb.aliyuncs.com
check "create: exit 0" test "$rc" -eq 0
safe "create (RoleName, Arn, RoleId, Description, trust policy)" "$TEST_SECRET"
run create --service alidns.aliyuncs.com --output json
check "create -o json: exit 0, still JSON" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -e .Role.RoleName >/dev/null'
check "create -o json: the escape sequence is kept, escaped" \
    contains "$out" '\u001b]0;pwned'
safe "create -o json" "$TEST_SECRET"

run get AliyunServiceRoleForPolarDB
safe "get" "$TEST_SECRET"
run get AliyunServiceRoleForPolarDB --output json
safe "get -o json" "$TEST_SECRET"
run list
safe "list" "$TEST_SECRET"
run list --all --output json
check "list -o json: still JSON" \
    eval 'printf "%s" "$out" | jq -e ".Roles | length > 0" >/dev/null'
safe "list -o json" "$TEST_SECRET"

# An error: Code, Message and RequestId all echo.
run get AliyunServiceRoleForNothing
check "an error: exit 1" test "$rc" -eq 1
safe "an error's Code, Message, RequestId" "$TEST_SECRET"
run get AliyunServiceRoleForNothing --output json
check "an error -o json: still JSON" \
    eval 'printf "%s" "$out" | jq -e .Error.Code >/dev/null'
safe "an error -o json" "$TEST_SECRET"

# A deletion: the task id, then a Status that is not one linkrole knows
# (with the Reason and RoleUsages of a role in use).
run delete AliyunServiceRoleForPolarDB --no-wait
check "delete --no-wait: exit 0" test "$rc" -eq 0
safe "delete --no-wait's task id" "$TEST_SECRET"
run delete AliyunServiceRoleForDNS
check "delete: the echoed Status ends it, exit 1" test "$rc" -eq 1
safe "delete: Status, Reason, RoleUsages" "$TEST_SECRET"
run delete AliyunServiceRoleForDNS --output json
safe "delete -o json" "$TEST_SECRET"

run dbs-init
safe "dbs-init" "$TEST_SECRET"
run dbs-init --output json
safe "dbs-init -o json" "$TEST_SECRET"
run whoami
safe "whoami" "$TEST_SECRET"
run whoami --output json
safe "whoami -o json" "$TEST_SECRET"

# The terminal UI, headless (as tests/tui/screens.sh runs it): the
# result of a create (RoleName, Arn, RoleId, the trust policy) and the
# DBS screen (whoami's account), dumped as text.
# tui NAME < SCRIPT: runs the UI with SCRIPT ("@" is the dump file); the
# dump is $out (and goes to the transcript).
tui() {
    local keys=$TEST_TMP/$1.keys dump=$TEST_TMP/$1.dump
    sed "s|@|$dump|g" >"$keys"
    TERM=xterm LINES=40 COLUMNS=120 LINKROLE_TUI_SCRIPT=$keys \
        "$LINKROLE" "${@:2}" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$dump" 2>/dev/null)
    err=$(cat "$TEST_TMP/err")
    { printf '$ linkrole (UI) %s\n' "$1"; printf '%s\n' "$out$err"; } \
        >>"$TRANSCRIPT"
}
tui ui-result <<'K'
:wait
polar<Enter>
ui<Tab><Tab><Enter>
:wait
:dump @
K
check "the UI: the result screen shows the role made" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "AliyunServiceRoleForPolarDB_ui" && contains "$out" "pwned"'
safe "the UI's result screen" "$TEST_SECRET"
tui ui-dbs dbs <<'K'
:wait
:dump @
K
check "the UI: the DBS screen was drawn" test "$rc" -eq 0
check "the UI's DBS screen: no secret" \
    eval '! contains "$out$err" "$TEST_SECRET" && no_raw_control "$out$err"'
stop_sim

# --- what the user typed, quoted back in a message -----------------------------
run get $'Bad\e]0;pwned\aName'
check "a bad argument quoted back: exit 2, no control byte" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "pwned" && no_raw_control "$err"'
run create --service polardb.aliyuncs.com $'\e[2Jextra'
check "an extra argument quoted back: exit 2, no control byte" \
    eval '[ "$rc" -eq 2 ] && no_raw_control "$err"'

# --- STS credentials: the SecurityToken echoed (whoami's Arn too) --------
start_sim --credentials-uri --fault "echo=$CONTROLS<{token}|{token}>"
port=${SIM_URL##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /credentials HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
sts_json=$(sed '1,/^\r$/d' <&3)
exec 3<&-
STS_SECRET=$(printf '%s' "$sts_json" | jq -r .AccessKeySecret)
STS_TOKEN=$(printf '%s' "$sts_json" | jq -r .SecurityToken)
remember_secret "$STS_SECRET"
remember_secret "$STS_TOKEN"
ALIBABA_CLOUD_ACCESS_KEY_ID_SAVED=$(printf '%s' "$sts_json" | jq -r .AccessKeyId)
export ALIBABA_CLOUD_ACCESS_KEY_ID=$ALIBABA_CLOUD_ACCESS_KEY_ID_SAVED
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$STS_SECRET
export ALIBABA_CLOUD_SECURITY_TOKEN=$STS_TOKEN
check "the session has a token to echo" test -n "$STS_TOKEN"

run whoami
check "whoami with a token: exit 0" test "$rc" -eq 0
safe "whoami's Arn with the token" "$STS_TOKEN" "$STS_SECRET"
run whoami --output json
safe "whoami -o json with the token" "$STS_TOKEN" "$STS_SECRET"
run create --service polardb.aliyuncs.com --output json
safe "create -o json with the token" "$STS_TOKEN" "$STS_SECRET"
run get AliyunServiceRoleForNothing --output json
safe "an error -o json with the token" "$STS_TOKEN" "$STS_SECRET"

# The chain's own request: a ChainableRamRoleArn profile assumes a role
# with the STS session above, and the refusal echoes the token that
# AssumeRole was signed with, before any request of linkrole's own.
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET \
    ALIBABA_CLOUD_SECURITY_TOKEN
mkdir -p "$HOME/.aliyun"
cat >"$HOME/.aliyun/config.json" <<JSON
{"current": "chain", "profiles": [
 {"name": "sts", "mode": "StsToken", "access_key_id": "$ALIBABA_CLOUD_ACCESS_KEY_ID_SAVED",
  "access_key_secret": "$STS_SECRET", "sts_token": "$STS_TOKEN"},
 {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "sts",
  "ram_role_arn": "acs:ram::1234567890123456:role/not-assumable",
  "ram_session_name": "echoed"}]}
JSON
chmod 600 "$HOME/.aliyun/config.json"
run whoami
check "AssumeRole refused: exit 3" test "$rc" -eq 3
safe "AssumeRole's refusal echoing the source token" "$STS_TOKEN" "$STS_SECRET"
run whoami --output json
safe "AssumeRole's refusal -o json" "$STS_TOKEN" "$STS_SECRET"

done_testing
