#!/bin/bash
# The chain goes on past a source it cannot use (issue 10, point 1), and
# the ECS instance role is found by asking the metadata service when no
# variable names it (point 2), against linkrole-sim.
. "$top_srcdir/tests/cli/lib.sh"

# Every run is bounded: a hang fails its check instead of the suite.
LINKROLE_WRAP="timeout -k 5 60 ${LINKROLE_WRAP-}"

ACCT=1234567890123456
start_sim --metadata-role EcsInstanceRole
MD_SIM=$SIM_URL
MD_LOG=$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log
CONFIG=$HOME/.aliyun/config.json
INI=$HOME/.alibabacloud/credentials
mkdir -p "$HOME/.aliyun" "$HOME/.alibabacloud"

# config.json with one profile, made current; $1 is its JSON body.
current_profile() {
    printf '{\n\t"current": "first",\n\t"profiles": [\n\t\t{"name": "first", %s}\n\t]\n}\n' \
        "$1" >"$CONFIG"
    chmod 600 "$CONFIG"
}

ini_default() {
    printf '[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n' \
        "$TEST_AK" "$TEST_SECRET" >"$INI"
    chmod 600 "$INI"
}

source_of() { printf '%s' "$out" | jq -r .Source; }

# --- point 1: an unusable current profile, then a working INI [default] ----
current_profile '"mode": "BearerToken", "bearer_token": "not-used-here", "region_id": "cn-hangzhou"'
ini_default
run whoami --output json
check "unusable current profile (BearerToken): the INI [default] is used" \
    eval '[ "$rc" -eq 0 ] && [ "$(source_of)" = "section [default] (access_key) in ~/.alibabacloud/credentials" ]'
check "... and nothing said without --verbose" eval '! contains "$err" "passed over"'
for v in -v --verbose; do
    run "$v" whoami
    check "unusable current profile: whoami $v says why it was passed over" \
        eval '[ "$rc" -eq 0 ] && contains "$err" "passed over" && contains "$err" "\"first\"" && contains "$err" "BearerToken" && contains "$err" "not supported"'
done

# A role that STS refuses to let the profile assume: passed over too.
current_profile "\"mode\": \"RamRoleArn\", \"access_key_id\": \"$TEST_AK\", \"access_key_secret\": \"$TEST_SECRET\", \"ram_role_arn\": \"acs:ram::$ACCT:role/not-assumable\", \"ram_session_name\": \"chain-test\", \"region_id\": \"cn-hangzhou\""
run -v whoami --output json
check "a current profile whose AssumeRole is refused: the INI [default] is used" \
    eval '[ "$rc" -eq 0 ] && [ "$(source_of)" = "section [default] (access_key) in ~/.alibabacloud/credentials" ]'
check "... and --verbose says AssumeRole was refused" \
    eval 'contains "$err" "passed over" && contains "$err" "AssumeRole refused"'

# Chosen by name, a profile is never passed over.
current_profile '"mode": "BearerToken", "bearer_token": "not-used-here", "region_id": "cn-hangzhou"'
run --profile first whoami
check "--profile of an unusable profile: exit 3, not supported, no fall-through" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "not supported" && contains "$err" "\"first\""'
ALIBABA_CLOUD_PROFILE=first run whoami
check "ALIBABA_CLOUD_PROFILE of an unusable profile: exit 3" test "$rc" -eq 3
ALICLOUD_PROFILE=first run whoami
check "ALICLOUD_PROFILE of an unusable profile: exit 3" test "$rc" -eq 3

# Broken is not unusable: the file names file, profile and field.
current_profile "\"mode\": \"AK\", \"access_key_id\": \"$TEST_AK\""
run whoami
check "a current profile missing a field: exit 3 despite a working INI file" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "config.json" && contains "$err" "\"first\"" && contains "$err" "access_key_secret"'
current_profile '"mode": "AK", "access_key_id": 12'
run whoami
check "a field of the wrong type: exit 3, naming it" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "access_key_id" && contains "$err" "string"'
printf '{"current": "first", "profiles": [\n' >"$CONFIG"
run whoami
check "a config.json that cannot be parsed: exit 3" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "config.json:"'

# Every source failing: each listed with why.
current_profile '"mode": "BearerToken", "bearer_token": "not-used-here", "region_id": "cn-hangzhou"'
printf '[default]\ntype = bearer\nbearer_token = x\n' >"$INI"
chmod 600 "$INI"
run whoami
check "every source unusable: exit 3, each listed with why" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)" && contains "$err" "config.json (passed over: profile mode BearerToken" && contains "$err" "credentials (passed over: profile type bearer" && contains "$err" "the ECS metadata service (not on ECS" && contains "$err" "ALIBABA_CLOUD_CREDENTIALS_URI (not set)"'
rm -f "$CONFIG" "$INI"

# --- point 2: the instance role, discovered ---------------------------------------
LINKROLE_METADATA_ENDPOINT=$MD_SIM run whoami --output json
check "no variable set: the role is discovered from the metadata service" \
    eval '[ "$rc" -eq 0 ] && [ "$(source_of)" = "ECS metadata service (role EcsInstanceRole)" ]'
check "... and it is the instance's role" \
    eval 'printf "%s" "$out" | jq -r .Arn | grep -q "assumed-role/EcsInstanceRole/"'
check "... IMDSv2 token first, then the role list, then the role" \
    eval 'grep -o "PUT /latest/api/token\|GET /latest/meta-data/ram/security-credentials/[A-Za-z]*" "$MD_LOG" | head -n 3 | tr "\n" " " | grep -qx "PUT /latest/api/token GET /latest/meta-data/ram/security-credentials/ GET /latest/meta-data/ram/security-credentials/EcsInstanceRole "'
LINKROLE_METADATA_ENDPOINT=$MD_SIM run create --service bastionhost.aliyuncs.com
check "the discovered role creates a role" test "$rc" -eq 0

before=$(grep -c "/latest/" "$MD_LOG")
for v in true TRUE; do
    LINKROLE_METADATA_ENDPOINT=$MD_SIM ALIBABA_CLOUD_ECS_METADATA_DISABLED=$v run whoami
    check "ALIBABA_CLOUD_ECS_METADATA_DISABLED=$v: not asked, and said" \
        eval '[ "$rc" -eq 3 ] && contains "$err" "the ECS metadata service (ignored: ALIBABA_CLOUD_ECS_METADATA_DISABLED=true)"'
done
check "... the metadata service saw no request" \
    test "$(grep -c "/latest/" "$MD_LOG")" -eq "$before"

LINKROLE_METADATA_ENDPOINT=$MD_SIM run --dry-run create --service polardb.aliyuncs.com
check "--dry-run does not ask the metadata service either" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "--dry-run sends nothing" && [ "$(grep -c "/latest/" "$MD_LOG")" -eq "$before" ]'

# Off ECS: a closed port, and a service that accepts and does not answer
# in time, are both "not on ECS" (exit 3: no credentials), not a failure
# and not a hang (the run is bounded by LINKROLE_WRAP's timeout).
run whoami
check "a closed port: not on ECS, listed" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "the ECS metadata service (not on ECS: no answer from http://127.0.0.1:1)"'
start_sim --metadata-role EcsInstanceRole --fault latency=8000
LINKROLE_METADATA_ENDPOINT=$SIM_URL run whoami
check "a service that does not answer: not on ECS, listed" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "(not on ECS: no answer from $SIM_URL)"'
stop_sim
export LINKROLE_ENDPOINT=$MD_SIM

# An instance that serves IMDSv1 only: the token is refused (403), the
# role is still found without one; unless IMDSv1 is ruled out, when the
# source is passed over with the reason.
start_sim --metadata-role V1Role --imds v1
LINKROLE_METADATA_ENDPOINT=$SIM_URL run whoami --output json
check "IMDSv1 only: the role is discovered without a token" \
    eval '[ "$rc" -eq 0 ] && [ "$(source_of)" = "ECS metadata service (role V1Role)" ]'
LINKROLE_METADATA_ENDPOINT=$SIM_URL ALIBABA_CLOUD_IMDSV1_DISABLED=true run whoami
check "IMDSv1 only and ruled out: passed over, saying why" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "the ECS metadata service (passed over:" && contains "$err" "IMDSV1_DISABLED=true rules out IMDSv1"'
stop_sim
export LINKROLE_ENDPOINT=$MD_SIM

# With keys elsewhere, the guess never happens after them.
as_owner
LINKROLE_METADATA_ENDPOINT=$MD_SIM run whoami --output json
check "keys in the environment come before the instance role" \
    test "$(source_of)" = "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"

done_testing
