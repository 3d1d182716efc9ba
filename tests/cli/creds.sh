#!/bin/bash
# The credential chain, end to end against linkrole-sim: every source,
# the precedence between them, regions, broken files, and hygiene.
. "$top_srcdir/tests/cli/lib.sh"

ACCT=1234567890123456
start_sim --metadata-role EcsInstanceRole --credentials-uri \
    --assumable-role "acs:ram::$ACCT:role/linkrole-operator"
# The simulator's metadata service, only for the runs that want it: the
# rest keep lib.sh's closed port, so that the chain's own look for an ECS
# instance role finds nothing.
MD_SIM=$SIM_URL
CONFIG=$HOME/.aliyun/config.json
INI=$HOME/.alibabacloud/credentials
mkdir -p "$HOME/.aliyun" "$HOME/.alibabacloud"

# STS credentials for the StsToken profile, from the simulator's
# credentials URI (a plain HTTP GET, no client needed).
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

# The aliyun CLI's config.json, tab-indented as the CLI writes it.
write_config() {
    local current=$1
    cat >"$CONFIG" <<JSON
{
	"current": "$current",
	"profiles": [
		{
			"name": "default",
			"mode": "AK",
			"access_key_id": "$TEST_AK",
			"access_key_secret": "$TEST_SECRET",
			"region_id": "cn-beijing",
			"output_format": "json",
			"language": "en"
		},
		{
			"name": "sts",
			"mode": "StsToken",
			"access_key_id": "$STS_AK",
			"access_key_secret": "$STS_SECRET",
			"sts_token": "$STS_TOKEN",
			"region_id": "cn-shanghai"
		},
		{
			"name": "ops",
			"mode": "RamRoleArn",
			"access_key_id": "$TEST_AK",
			"access_key_secret": "$TEST_SECRET",
			"ram_role_arn": "acs:ram::$ACCT:role/linkrole-operator",
			"ram_session_name": "linkrole-test",
			"expired_seconds": 900,
			"region_id": "cn-hangzhou"
		},
		{
			"name": "chain",
			"mode": "ChainableRamRoleArn",
			"source_profile": "default",
			"ram_role_arn": "acs:ram::$ACCT:role/linkrole-operator",
			"ram_session_name": "chained",
			"region_id": "cn-hangzhou"
		},
		{
			"name": "ecs",
			"mode": "EcsRamRole",
			"ram_role_name": "EcsInstanceRole",
			"region_id": "cn-hangzhou"
		},
		{
			"name": "uri",
			"mode": "CredentialsURI",
			"credentials_uri": "$SIM_URL/credentials",
			"region_id": "cn-hangzhou"
		},
		{
			"name": "oidc",
			"mode": "OIDC",
			"oidc_provider_arn": "acs:ram::$ACCT:oidc-provider/x",
			"oidc_token_file": "/nonexistent",
			"ram_role_arn": "acs:ram::$ACCT:role/linkrole-operator",
			"ram_session_name": "s",
			"region_id": "cn-hangzhou"
		}
	],
	"meta_path": ""
}
JSON
    chmod 600 "$CONFIG"
}

write_ini() {
    cat >"$INI" <<INI
# the SDKs' shared credentials file
[default]
type = access_key
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET

[sts]
type = sts
access_key_id = $STS_AK
access_key_secret = $STS_SECRET
security_token = $STS_TOKEN

[role]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = acs:ram::$ACCT:role/linkrole-operator
role_session_name = ini-session

[ecs]
type = ecs_ram_role
role_name = EcsInstanceRole

[bearer]
type = bearer
bearer_token = nothing-here
INI
    chmod 600 "$INI"
}

# whoami_is NAME SOURCE IDENTITY: whoami works and names its source.
whoami_is() {
    run whoami --output json
    check "$1: whoami works" test "$rc" -eq 0
    check "$1: the source is $2" \
        test "$(printf '%s' "$out" | jq -r .Source)" = "$2"
    check "$1: the identity is $3" \
        test "$(printf '%s' "$out" | jq -r .IdentityType)" = "$3"
}

# --- every source creates a role ------------------------------------------------
as_owner
whoami_is "env keys" "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)" Account
run create --service polardb.aliyuncs.com
check "env keys: create works" test "$rc" -eq 0
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET

write_config default
whoami_is "AK profile" 'profile "default" (AK) in ~/.aliyun/config.json' Account
run create --service alidns.aliyuncs.com
check "AK profile: create works" test "$rc" -eq 0

write_config sts
whoami_is "StsToken profile" 'profile "sts" (StsToken) in ~/.aliyun/config.json' AssumedRoleUser
run create --service actiontrail.aliyuncs.com
check "StsToken profile: create works" test "$rc" -eq 0

write_config ops
whoami_is "RamRoleArn profile" 'profile "ops" (RamRoleArn) in ~/.aliyun/config.json' AssumedRoleUser
run whoami --output json
check "RamRoleArn profile: the session is of linkrole-operator" \
    eval 'printf "%s" "$out" | jq -r .Arn | grep -q "assumed-role/linkrole-operator/linkrole-test"'
run create --service ess.aliyuncs.com
check "RamRoleArn profile: create works" test "$rc" -eq 0

# STS out of reach while the role is assumed: a network failure (exit 4),
# not a credentials one, and --output json still gets an error object.
run --endpoint sts=http://127.0.0.1:1 whoami --output json
check "RamRoleArn profile, STS unreachable: exit 4, says AssumeRole" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "AssumeRole"'
check "RamRoleArn profile, STS unreachable: a JSON error object" \
    test "$(printf '%s' "$out" | jq -r .Error.Code)" = Linkrole.Network
run --endpoint sts=http://127.0.0.1:1 --profile chain whoami
check "ChainableRamRoleArn, STS unreachable: exit 4" test "$rc" -eq 4

run --profile chain whoami --output json
check "ChainableRamRoleArn: assumes the role with the source profile's key" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Arn | grep -q "assumed-role/linkrole-operator/chained"'

LINKROLE_METADATA_ENDPOINT=$MD_SIM run --profile ecs whoami --output json
check "EcsRamRole profile: credentials from the metadata service" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Arn | grep -q "assumed-role/EcsInstanceRole/"'
run --profile uri whoami
check "CredentialsURI profile works" test "$rc" -eq 0

rm -f "$CONFIG"
write_ini
whoami_is "INI file" 'section [default] (access_key) in ~/.alibabacloud/credentials' Account
run create --service arms.aliyuncs.com
check "INI file: create works" test "$rc" -eq 0
ALIBABA_CLOUD_PROFILE=sts run whoami
check "INI sts section via ALIBABA_CLOUD_PROFILE" test "$rc" -eq 0
run --profile role whoami --output json
check "INI ram_role_arn section assumes the role" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Arn | grep -q "ini-session"'
LINKROLE_METADATA_ENDPOINT=$MD_SIM run --profile ecs whoami
check "INI ecs_ram_role section uses the metadata service" test "$rc" -eq 0
run --profile bearer whoami
check "INI type bearer: not supported, exit 3, naming file and section" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "bearer" && contains "$err" ".alibabacloud/credentials"'
rm -f "$INI"

LINKROLE_METADATA_ENDPOINT=$MD_SIM ALIBABA_CLOUD_ECS_METADATA=EcsInstanceRole \
    run whoami --output json
check "ALIBABA_CLOUD_ECS_METADATA: the metadata service" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Source | grep -q "ECS metadata service"'
LINKROLE_METADATA_ENDPOINT=$MD_SIM ALIBABA_CLOUD_ECS_METADATA=EcsInstanceRole \
    run create --service bastionhost.aliyuncs.com
check "metadata service: create works" test "$rc" -eq 0
ALIBABA_CLOUD_CREDENTIALS_URI=$SIM_URL/credentials run whoami --output json
check "ALIBABA_CLOUD_CREDENTIALS_URI works" \
    eval '[ "$rc" -eq 0 ] && printf "%s" "$out" | jq -r .Source | grep -q "credentials URI"'

# --- precedence ----------------------------------------------------------------------
write_config default
write_ini
ALIBABA_CLOUD_ACCESS_KEY_ID=$USER_AK ALIBABA_CLOUD_ACCESS_KEY_SECRET=$USER_SECRET \
    run whoami --output json
check "env keys win over the config file's current profile" \
    test "$(printf '%s' "$out" | jq -r .IdentityType)" = RAMUser
ALIBABA_CLOUD_ACCESS_KEY_ID=$USER_AK ALIBABA_CLOUD_ACCESS_KEY_SECRET=$USER_SECRET \
    run --profile default whoami --output json
check "--profile wins over env keys" \
    test "$(printf '%s' "$out" | jq -r .IdentityType)" = Account
ALIBABA_CLOUD_PROFILE=ops run whoami --output json
check "ALIBABA_CLOUD_PROFILE picks the profile" \
    test "$(printf '%s' "$out" | jq -r .IdentityType)" = AssumedRoleUser
ALIBABA_CLOUD_PROFILE=ops run --profile default whoami --output json
check "--profile wins over ALIBABA_CLOUD_PROFILE" \
    test "$(printf '%s' "$out" | jq -r .IdentityType)" = Account
run whoami --output json
check "the config file wins over the INI file" \
    contains "$(printf '%s' "$out" | jq -r .Source)" "config.json"
run --profile nosuch whoami
check "a profile that exists nowhere: exit 3, naming both files" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "\"nosuch\"" && contains "$err" "config.json" && contains "$err" "credentials"'

# --- regions ------------------------------------------------------------------------------
run whoami --output json
check "the profile's region_id is used" \
    test "$(printf '%s' "$out" | jq -r .Region)" = cn-beijing
run --region cn-shenzhen whoami --output json
check "--region wins over the profile" \
    test "$(printf '%s' "$out" | jq -r .Region)" = cn-shenzhen
rm -f "$CONFIG"
as_owner
ALIBABA_CLOUD_REGION_ID=ap-southeast-1 run whoami --output json
check "ALIBABA_CLOUD_REGION_ID when no profile gives one" \
    test "$(printf '%s' "$out" | jq -r .Region)" = ap-southeast-1
run whoami --output json
check "cn-hangzhou otherwise" \
    test "$(printf '%s' "$out" | jq -r .Region)" = cn-hangzhou
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
rm -f "$INI"

# --- broken sources: one message naming file, profile and field; exit 3 -----------------------
printf '{\n\t"current": "default",\n\t"profiles": [\n\t\t{"name": "default",,}\n' >"$CONFIG"
chmod 600 "$CONFIG"
run whoami
check "malformed config.json: exit 3, file:line:column" \
    eval '[ "$rc" -eq 3 ] && [ "$(lines "$err")" -eq 1 ] && contains "$err" "config.json:4:"'
write_config ops
sed -i '/"ram_session_name": "linkrole-test"/d' "$CONFIG"
run whoami
check "a profile missing a field: exit 3, naming file, profile and field" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "config.json" && contains "$err" "\"ops\"" && contains "$err" "ram_session_name"'
write_config ghost
run whoami
check "current names a missing profile: exit 3" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "\"ghost\""'
write_config oidc
run whoami
check "an OIDC profile whose token file is missing: exit 3, naming it" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "/nonexistent: cannot open"'
rm -f "$CONFIG"
printf '[default]\ntype = access_key\nthis line is not a key value pair\n' >"$INI"
chmod 600 "$INI"
run whoami
check "malformed INI file: exit 3, file:line" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "credentials:3"'
rm -f "$INI"
LINKROLE_METADATA_ENDPOINT=http://127.0.0.1:1 ALIBABA_CLOUD_ECS_METADATA=EcsInstanceRole \
    run whoami
check "an unreachable metadata service: exit 3, one clear message" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "metadata"'
run whoami
check "no credentials anywhere: exit 3, pointing at --demo" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "--demo"'

# --- dry runs send nothing, credential requests included -----------------------
write_config ops
run --dry-run create --service polardb.aliyuncs.com
check "--dry-run with a RamRoleArn profile shows the AssumeRole request" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "x-acs-action: AssumeRole" && contains "$err" "dry run"'
run list --output json
check "... and sent nothing" \
    test "$(printf '%s' "$out" | jq '[.Roles[] | select(.RoleName == "AliyunServiceRoleForPolarDB")] | length')" -eq 1

# --- hygiene ----------------------------------------------------------------------------------
write_config default
chmod 644 "$CONFIG"
run whoami
check "a config file others can read: a warning with the chmod that fixes it" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "chmod 600" && contains "$err" "config.json"'
chmod 600 "$CONFIG"
run whoami
check "no warning at mode 600" eval '! contains "$err" "chmod"'
for opt in --access-key-secret --sts-token --access-key-id; do
    run "$opt" something whoami
    check "$opt is refused: secrets never go on the command line" \
        eval '[ "$rc" -eq 2 ] && contains "$err" "command line"'
done
stop_sim
start_sim --fault latency=1500@1
write_config default
"$LINKROLE" --endpoint "$SIM_URL" whoami >/dev/null 2>&1 &
pid=$!
sleep 0.7
limit=$(awk '/Max core file size/ { print $5 }' "/proc/$pid/limits" 2>/dev/null)
wait "$pid"
check "core dumps are off while secrets are held" test "$limit" = 0

done_testing
