#!/bin/bash
# The network around the API: a proxy in the environment must never see
# the loopback-only plain-http requests, and STS failing while credentials
# are fetched is a network error like any other.
# Defects of issue 9 covered: 13 (STS unreachable exits 3, no JSON error),
# 17 (http_proxy receives loopback requests).
. "$top_srcdir/tests/hostile/lib.sh"

as_owner
start_sim --assumable-role acs:ram::1234567890123456:role/linkrole-operator
SIM_ENDPOINT=$SIM_URL

# --- a proxy never sees loopback traffic (defect 17) ---------------------------
# The liar plays the proxy: it would answer anything with a closed
# connection, and logs every request it receives.
for var in http_proxy HTTP_PROXY ALL_PROXY all_proxy; do
    start_liar close
    export LINKROLE_ENDPOINT=$SIM_ENDPOINT
    env "$var=$LIAR_URL" NO_PROXY= no_proxy= $LINKROLE_WRAP "$LINKROLE" whoami \
        </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
    check "$var set: whoami against loopback works" test "$rc" -eq 0
    check "$var set: the proxy received no request" test "$(requests)" -eq 0
    safe "$var set"
    stop_liar
done
start_liar close
env http_proxy="$LIAR_URL" NO_PROXY= no_proxy= $LINKROLE_WRAP "$LINKROLE" \
    --endpoint "http://localhost:${SIM_ENDPOINT##*:}" whoami \
    </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
check "http_proxy set, endpoint named localhost: the proxy received nothing" \
    eval '[ "$rc" -eq 0 ] && [ "$(requests)" -eq 0 ]'
stop_liar
export LINKROLE_ENDPOINT=$SIM_ENDPOINT

# --- STS failing while the credentials are fetched (defect 13) ----------------
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
mkdir -p "$HOME/.alibabacloud"
cat >"$HOME/.alibabacloud/credentials" <<INI
[default]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = acs:ram::1234567890123456:role/linkrole-operator
role_session_name = hostile
INI
chmod 600 "$HOME/.alibabacloud/credentials"

# A port nobody listens on: a liar's, once it is gone.
start_liar close
DEAD=$LIAR_URL
stop_liar
export LINKROLE_ENDPOINT=$SIM_ENDPOINT

run --endpoint "sts=$DEAD" whoami
verdict "ram_role_arn, STS unreachable: a network error" 4 "AssumeRole"
run -o json --endpoint "sts=$DEAD" whoami
verdict "ram_role_arn, STS unreachable, -o json" 4
check "ram_role_arn, STS unreachable, -o json: a JSON error on stdout" \
    eval '[ -s "$TEST_TMP/out" ] && jq -e ".Error.Code | strings" "$TEST_TMP/out" >/dev/null'
run --endpoint "sts=$DEAD" create --service polardb.aliyuncs.com
verdict "ram_role_arn, STS unreachable, create" 4 "AssumeRole"

start_liar 502
export LINKROLE_ENDPOINT=$SIM_ENDPOINT
run -o json --endpoint "sts=$LIAR_URL" whoami
verdict "ram_role_arn, STS answering 502 HTML, -o json" 4
check "ram_role_arn, STS answering 502, -o json: a JSON error on stdout" \
    eval '[ -s "$TEST_TMP/out" ] && jq -e ".Error.Code | strings" "$TEST_TMP/out" >/dev/null'
stop_liar

start_liar hang
export LINKROLE_ENDPOINT=$SIM_ENDPOINT
run --timeout 1 --endpoint "sts=$LIAR_URL" whoami
verdict "ram_role_arn, STS never answering, --timeout 1" 4 "timed out|timeout"
stop_liar

# STS works through the simulator: the same profile is fine (the check
# above fails for STS, not for the profile).
run whoami
check "ram_role_arn with STS reachable: whoami works" test "$rc" -eq 0

done_testing
