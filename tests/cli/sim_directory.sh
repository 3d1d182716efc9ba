#!/bin/bash
# linkrole-sim --directory over HTTP (issue 14): linkrole enters a member
# through a ram_role_arn profile (AssumeRole of the member's access role
# with the owner's key) and acts there; a fault kept to one member hits
# only that member's requests; --rate-limit throttles one account's calls
# with x-acs-retry-after; the state file holds each member's roles after
# the simulator stops.
. "$top_srcdir/tests/cli/lib.sh"

STATE=$TEST_TMP/state.json
member() { printf '1%015u' "$1"; }

# A profile entering member $1.
enter() {
    cat >"$HOME/creds" <<EOF
[default]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = acs:ram::$(member "$1"):role/ResourceDirectoryAccountAccessRole
role_session_name = sim-directory
EOF
    chmod 600 "$HOME/creds"
    export ALIBABA_CLOUD_CREDENTIALS_FILE=$HOME/creds
    unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
}

"$SIM" --help >"$TEST_TMP/help" 2>&1
check "--help documents --directory, --latency and --rate-limit" \
    eval 'grep -q -- "--directory N" "$TEST_TMP/help" &&
          grep -q -- "--latency MS" "$TEST_TMP/help" &&
          grep -q -- "--rate-limit ACTION=N" "$TEST_TMP/help"'
"$SIM" --directory 0 >/dev/null 2>"$TEST_TMP/usage"
usage_rc=$?
check "--directory 0 is bad usage (exit 2)" \
    eval '[ "$usage_rc" -eq 2 ] && grep -q "from 1 to 100000" "$TEST_TMP/usage"'

start_sim --directory 30 --state "$STATE" --latency 20 \
    --fault "500@1/CreateServiceLinkedRole#$(member 4)" \
    --rate-limit GetRole=1
enter 2
run whoami
check "a session in member 2 acts there" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "$(member 2)" &&
          contains "$out" "AssumedRoleUser"'
run create --service polardb.aliyuncs.com
check "a role made in member 2" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "acs:ram::$(member 2):role/"'
enter 4
run create --service polardb.aliyuncs.com
check "member 4's first create hits its fault (500, retried or not)" \
    grep -q "CreateServiceLinkedRole 500 InternalError fault=500" \
    "$top_builddir/tests/cli/$TEST_NAME.sim1.log"
enter 5
run create --service polardb.aliyuncs.com
check "member 5's create is not hit by member 4's fault" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "$(member 5)"'
enter 25
run whoami
check "member 25 (invited) has no access role: EntityNotExist.Role" \
    eval '[ "$rc" -ne 0 ] && contains "$err" "EntityNotExist.Role"'
enter 3
run get AliyunServiceRoleForPolarDB
run get AliyunServiceRoleForPolarDB
check "GetRole beyond 1 a second: Throttling.User (rate-limit)" \
    grep -q "GetRole 400 Throttling.User fault=rate-limit" \
    "$top_builddir/tests/cli/$TEST_NAME.sim1.log"
check "... and linkrole, told when to come back, still gets the role" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "$(member 3)"'
stop_sim

has_role() { # has_role MEMBER ROLE: in the state file
    jq -e --arg a "$(member "$1")" --arg r "$2" \
        '.members[] | select(.account_id == $a) | .roles |
         map(.role_name) | index($r)' "$STATE" >/dev/null
}
if command -v jq >/dev/null 2>&1; then
    check "the state file lists every member" \
        eval '[ "$(jq ".members | length" "$STATE")" -eq 30 ]'
    check "PolarDB's role is in member 2 (made) and 3 (preset)" \
        eval 'has_role 2 AliyunServiceRoleForPolarDB &&
              has_role 3 AliyunServiceRoleForPolarDB'
    check "... and not in member 1 nor the management account" \
        eval '! has_role 1 AliyunServiceRoleForPolarDB &&
              ! jq -e ".roles | map(.role_name) |
                       index(\"AliyunServiceRoleForPolarDB\")" "$STATE" \
                >/dev/null'
    check "member 25 holds no role at all" \
        eval '[ "$(jq ".members[24].roles | length" "$STATE")" -eq 0 ]'
else
    ok "# SKIP jq is not installed"
fi

# Read back: the directory (and member 2's role) come from the file.
start_sim --state "$STATE"
enter 2
run get AliyunServiceRoleForPolarDB
check "restarted from the state file, member 2 still has the role" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "$(member 2)"'
stop_sim

done_testing
