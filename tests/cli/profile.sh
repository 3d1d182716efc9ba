#!/bin/bash
# Nothing a profile configures is dropped silently (issue 10, point 5):
# a session policy and a profile's sts_token reach AssumeRole (the
# simulator notes both in its log), ALIBABA_CLOUD_STS_REGION and the VPC
# switches pick the hosts --dry-run shows, and keys linkrole does not
# know are named in a warning.
. "$top_srcdir/tests/cli/lib.sh"

ACCT=1234567890123456
ROLE="acs:ram::$ACCT:role/linkrole-operator"
start_sim --credentials-uri --assumable-role "$ROLE"
SIM_LOG=$top_builddir/tests/cli/$TEST_NAME.sim1.log
CONFIG=$HOME/.aliyun/config.json
INI=$HOME/.alibabacloud/credentials
mkdir -p "$HOME/.aliyun" "$HOME/.alibabacloud"

# STS keys from the simulator's credentials URI, to sign an AssumeRole
# with (a plain HTTP GET, no client needed).
port=${SIM_URL##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /credentials HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
sts_json=$(sed '1,/^\r$/d' <&3)
exec 3<&-
STS_AK=$(printf '%s' "$sts_json" | jq -r .AccessKeyId)
STS_SECRET=$(printf '%s' "$sts_json" | jq -r .AccessKeySecret)
STS_TOKEN=$(printf '%s' "$sts_json" | jq -r .SecurityToken)
remember_secret "$STS_SECRET"
remember_secret "$STS_TOKEN"

POLICY='{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:*","Resource":"*"}]}'
POLICY_SUM=$(printf '%s' "$POLICY" | sha256sum | cut -c1-16)
# The JSON string of the policy, for config.json.
POLICY_JSON=$(printf '%s' "$POLICY" | jq -R .)

# role_profile NAME EXTRA: config.json with one RamRoleArn profile, the
# current one; EXTRA is more "key": value lines (each ending in ",").
role_profile() {
    cat >"$CONFIG" <<JSON
{
	"current": "$1",
	"profiles": [
		{
			"name": "$1",
			"mode": "RamRoleArn",
			$2
			"ram_role_arn": "$ROLE",
			"ram_session_name": "profile-test",
			"region_id": "cn-hangzhou"
		}
	]
}
JSON
    chmod 600 "$CONFIG"
}

# The simulator's note of the last AssumeRole.
last_assume() { grep 'AssumeRole policy=' "$SIM_LOG" | tail -n 1; }

# --- policy -------------------------------------------------------------------
cat >"$INI" <<INI
[default]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = $ROLE
role_session_name = ini-policy
policy = $POLICY
INI
chmod 600 "$INI"
run whoami
check "INI ram_role_arn with policy: whoami works" test "$rc" -eq 0
check "INI policy: sent as AssumeRole's Policy, byte for byte" \
    eval 'last_assume | grep -q "policy=$POLICY_SUM signer=key"'

cat >"$INI" <<INI
[default]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = $ROLE
role_session_name = ini-policy
policy = Allow everything please
INI
run whoami
check "INI policy that is not JSON: exit 3 naming file, section and key" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "credentials" && contains "$err" "[default]" && contains "$err" "\"policy\"" && contains "$err" "policy document"'
long=$(printf '{"Version":"1","Statement":[],"x":"%3000s"}' "")
sed -i "s|^policy = .*|policy = $long|" "$INI"
run whoami
check "INI policy over 2048 bytes: exit 3, says the limit" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "\"policy\"" && contains "$err" "2048"'
rm -f "$INI"

role_profile pol "\"access_key_id\": \"$TEST_AK\", \"access_key_secret\": \"$TEST_SECRET\", \"policy\": $POLICY_JSON,"
run whoami
check "config.json RamRoleArn with policy: whoami works" test "$rc" -eq 0
check "config.json policy: sent as AssumeRole's Policy" \
    eval 'last_assume | grep -q "policy=$POLICY_SUM signer=key"'
role_profile pol "\"access_key_id\": \"$TEST_AK\", \"access_key_secret\": \"$TEST_SECRET\", \"policy\": {\"Version\": \"1\"},"
run whoami
check "config.json policy that is not a string: exit 3 naming the key" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "\"policy\"" && contains "$err" "string"'

# --- a RamRoleArn profile whose keys are STS keys -------------------------------
role_profile stskeys "\"access_key_id\": \"$STS_AK\", \"access_key_secret\": \"$STS_SECRET\", \"sts_token\": \"$STS_TOKEN\","
run whoami --output json
check "RamRoleArn with sts_token: AssumeRole signed with the token" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Arn | grep -q "assumed-role/linkrole-operator/profile-test"'
check "... the simulator saw an STS key sign it" \
    eval 'last_assume | grep -q "policy=- signer=sts"'

done_testing
