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

# --- the STS endpoint of a role profile, row by row ------------------------------
# --dry-run prints the AssumeRole request, host and all, and sends nothing;
# without LINKROLE_ENDPOINT the hosts are the real ones.
unset LINKROLE_ENDPOINT
KEYS="\"access_key_id\": \"$TEST_AK\", \"access_key_secret\": \"$TEST_SECRET\","
# dry_env [ENV...]: a --dry-run create with these variables set.
dry_env() {
    env "$@" "$LINKROLE" --dry-run create --service polardb.aliyuncs.com \
        </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
    { printf '$ %s linkrole --dry-run create\n' "$*"; cat "$TEST_TMP/out" \
        "$TEST_TMP/err"; printf '[exit %s]\n' "$rc"; } >>"$TRANSCRIPT"
}
# sts_host_is NAME HOST [ENV...]: the AssumeRole --dry-run shows goes to HOST.
sts_host_is() {
    local name=$1 host=$2
    shift 2
    dry_env "$@"
    check "$name" eval 'contains "$out" "x-acs-action: AssumeRole" && contains "$out" "host: $host
"'
}
role_profile sts "$KEYS \"sts_endpoint\": \"http://sts.example-ep.aliyuncs.com/\", \"sts_region\": \"cn-beijing\","
sts_host_is "STS: the profile's sts_endpoint comes first (scheme and / dropped)" \
    sts.example-ep.aliyuncs.com ALIBABA_CLOUD_STS_ENDPOINT=sts.env.aliyuncs.com \
    ALIBABA_CLOUD_STS_REGION=cn-shenzhen
role_profile sts "$KEYS \"sts_region\": \"cn-beijing\","
sts_host_is "STS: then ALIBABA_CLOUD_STS_ENDPOINT" sts.env.aliyuncs.com \
    ALIBABA_CLOUD_STS_ENDPOINT=https://sts.env.aliyuncs.com \
    ALIBABA_CLOUD_STS_REGION=cn-shenzhen
sts_host_is "STS: then the profile's sts_region" sts.cn-beijing.aliyuncs.com \
    ALIBABA_CLOUD_STS_REGION=cn-shenzhen
role_profile sts "$KEYS"
sts_host_is "STS: then ALIBABA_CLOUD_STS_REGION (config.json role profiles too)" \
    sts.cn-shenzhen.aliyuncs.com ALIBABA_CLOUD_STS_REGION=cn-shenzhen
sts_host_is "STS: else the global endpoint" sts.aliyuncs.com
dry_env ALIBABA_CLOUD_STS_REGION=cn_bad/region
check "STS: ALIBABA_CLOUD_STS_REGION that is not a region: exit 3 naming it" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "ALIBABA_CLOUD_STS_REGION" && ! contains "$out" AssumeRole'
# A ChainableRamRoleArn profile picks its endpoint the same way.
cat >"$CONFIG" <<JSON
{"current": "chain", "profiles": [
 {"name": "base", "mode": "AK", $KEYS "region_id": "cn-hangzhou"},
 {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "base",
  "ram_role_arn": "$ROLE", "ram_session_name": "chained", "region_id": "cn-hangzhou"}]}
JSON
sts_host_is "STS: ChainableRamRoleArn reads ALIBABA_CLOUD_STS_REGION too" \
    sts.cn-shenzhen.aliyuncs.com ALIBABA_CLOUD_STS_REGION=cn-shenzhen
# The INI file's ram_role_arn, as before.
cat >"$INI" <<INI
[default]
type = ram_role_arn
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
role_arn = $ROLE
role_session_name = ini
INI
rm -f "$CONFIG"
sts_host_is "STS: INI ram_role_arn reads ALIBABA_CLOUD_STS_REGION" \
    sts.cn-shenzhen.aliyuncs.com ALIBABA_CLOUD_STS_REGION=cn-shenzhen

# --- VPC endpoints ------------------------------------------------------------------
sts_host_is "VPC: ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true: sts-vpc.<region> (INI)" \
    sts-vpc.cn-shenzhen.aliyuncs.com ALIBABA_CLOUD_STS_REGION=cn-shenzhen \
    ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true
sts_host_is "VPC: without an STS region the global host (it has no VPC form)" \
    sts.aliyuncs.com ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=TRUE
rm -f "$INI"
role_profile vpc "$KEYS \"sts_region\": \"cn-beijing\", \"endpoint_type\": \"vpc\","
sts_host_is "VPC: a profile's endpoint_type \"vpc\": sts-vpc.<sts_region>" \
    sts-vpc.cn-beijing.aliyuncs.com
role_profile vpc "$KEYS \"sts_region\": \"cn-beijing\", \"enable_vpc\": true,"
sts_host_is "VPC: a profile's enable_vpc (credentials-go): the same" \
    sts-vpc.cn-beijing.aliyuncs.com
role_profile vpc "$KEYS \"sts_region\": \"cn-beijing\", \"endpoint_type\": \"vpc\", \"sts_endpoint\": \"sts.mine.aliyuncs.com\","
sts_host_is "VPC: sts_endpoint still comes first" sts.mine.aliyuncs.com
role_profile vpc "$KEYS \"sts_region\": \"cn-beijing\", \"enable_vpc\": \"yes\","
run whoami
check "VPC: enable_vpc that is not a boolean: exit 3 naming it" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "\"enable_vpc\" must be true or false"'

# The API's own hosts, from a plain AccessKey profile.
cat >"$CONFIG" <<JSON
{"current": "ak", "profiles": [{"name": "ak", "mode": "AK", $KEYS
 "region_id": "cn-beijing", "endpoint_type": "vpc"}]}
JSON
chmod 600 "$CONFIG"
run --dry-run create --service polardb.aliyuncs.com
check "VPC profile: CreateServiceLinkedRole goes to resourcemanager-vpc" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "host: resourcemanager-vpc.aliyuncs.com"'
run --dry-run whoami
check "VPC profile: GetCallerIdentity goes to sts-vpc.<region>" \
    eval 'contains "$out" "host: sts-vpc.cn-beijing.aliyuncs.com"'
run --dry-run dbs-init
check "VPC profile: DBS keeps its mapped host, as the DBS SDK does" \
    eval 'contains "$out" "host: dbs-api.cn-hangzhou.aliyuncs.com"'
run --dry-run --endpoint resourcemanager=https://rm.example.test create --service polardb.aliyuncs.com
check "VPC profile: --endpoint still wins" \
    eval 'contains "$out" "host: rm.example.test"'
cat >"$CONFIG" <<JSON
{"current": "ak", "profiles": [{"name": "ak", "mode": "AK", $KEYS
 "region_id": "cn-beijing"}]}
JSON
run --dry-run create --service polardb.aliyuncs.com
check "no VPC asked for: the public resourcemanager host" \
    eval 'contains "$out" "host: resourcemanager.aliyuncs.com"'
export ALIBABA_CLOUD_ENDPOINT_TYPE=vpc
run --dry-run create --service polardb.aliyuncs.com
check "VPC: ALIBABA_CLOUD_ENDPOINT_TYPE=vpc, as the aliyun CLI reads it" \
    eval 'contains "$out" "host: resourcemanager-vpc.aliyuncs.com"'
unset ALIBABA_CLOUD_ENDPOINT_TYPE
export ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true
run --dry-run create --service polardb.aliyuncs.com
check "VPC: ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true: resourcemanager-vpc" \
    eval 'contains "$out" "host: resourcemanager-vpc.aliyuncs.com"'
unset ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED
export LINKROLE_ENDPOINT=$SIM_URL

# --- keys nobody knows are named; the CLI's own keys are not --------------------
# Every key the aliyun CLI writes (config/profile.go's JSON tags), in the
# profile in use and in another one, with credentials-go's extras.
cat >"$CONFIG" <<JSON
{
	"current": "default",
	"profiles": [
		{
			"name": "default",
			"mode": "AK",
			"access_key_id": "$TEST_AK",
			"access_key_secret": "$TEST_SECRET",
			"sts_token": "",
			"sts_region": "",
			"sts_endpoint": "",
			"ram_role_name": "",
			"ram_role_arn": "",
			"ram_session_name": "",
			"external_id": "",
			"source_profile": "",
			"private_key": "",
			"key_pair_name": "",
			"expired_seconds": 0,
			"verified": "",
			"region_id": "cn-hangzhou",
			"output_format": "json",
			"language": "en",
			"site": "china",
			"read_timeout": 0,
			"connect_timeout": 0,
			"retry_count": 0,
			"process_command": "",
			"credentials_uri": "",
			"oidc_provider_arn": "",
			"oidc_token_file": "",
			"cloud_sso_sign_in_url": "",
			"access_token": "",
			"cloud_sso_access_token_expire": 0,
			"sts_expiration": 0,
			"cloud_sso_access_config": "",
			"cloud_sso_account_id": "",
			"oauth_access_token": "",
			"oauth_refresh_token": "",
			"oauth_access_token_expire": 0,
			"oauth_refresh_token_expire": 0,
			"oauth_site_type": "",
			"endpoint_type": "",
			"endpoint": "",
			"external_account_type": "",
			"auto_plugin_install": false,
			"auto_plugin_install_enable_pre": false,
			"bearer_token": "",
			"bearer_token_header_key": ""
		},
		{
			"name": "legacy",
			"mode": "AK",
			"access_key_id": "$TEST_AK",
			"access_key_secret": "$TEST_SECRET",
			"region_id": "cn-hangzhou",
			"retry_timeout": 10,
			"enable_vpc": false,
			"policy": "",
			"duration_seconds": 3600
		}
	],
	"meta_path": ""
}
JSON
chmod 600 "$CONFIG"
run whoami
check "every key the aliyun CLI writes: no warning" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
run --verbose whoami
check "--verbose: one note names the CLI's keys linkrole does not use" \
    eval 'contains "$err" "not used by linkrole" && contains "$err" "output_format, language, site" && ! contains "$err" "access_key_id"'

cat >"$CONFIG" <<JSON
{
	"current": "default",
	"Extra_Top": 1,
	"profiles": [
		{
			"name": "default",
			"mode": "AK",
			"acces_key_id": "LTAItypo",
			"access_key_id": "$TEST_AK",
			"access_key_secret": "$TEST_SECRET",
			"region_id": "cn-hangzhou",
			"colour": "blue"
		},
		{ "name": "other", "mode": "AK", "regoin_id": "cn-beijing" }
	]
}
JSON
run whoami
check "unknown key in the profile in use: named, with what it may mean" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "profile \"default\": unknown key \"acces_key_id\" is not used (did you mean \"access_key_id\"?)"'
check "... and one with nothing near: named alone" \
    eval 'contains "$err" "unknown key \"colour\" is not used" && ! contains "$err" "\"colour\" is not used (did"'
check "unknown key in another profile: named too" \
    contains "$err" 'profile "other": unknown key "regoin_id" is not used (did you mean "region_id"?)'
check "unknown key at the top level: named (keys match in any case)" \
    contains "$err" 'config.json: unknown key "extra_top" is not used'
check "one line each" test "$(printf '%s\n' "$err" | grep -c 'unknown key')" -eq 4
rm -f "$CONFIG"

cat >"$INI" <<INI
[default]
type = access_key
access_key_id = $TEST_AK
access_key_secret = $TEST_SECRET
proxy = http://127.0.0.1:1
timeout = 10
acess_key_secret = typo
acess_key_secret = typo again

[rsa]
type = rsa_key_pair
public_key_id = x
private_key_file = /nonexistent
session_expiration = 3600
host = sts.aliyuncs.com
connect_timeout = 5
regionid = cn-hangzhou
INI
chmod 600 "$INI"
run --verbose whoami
check "INI: unknown key named once per section, with what it may mean" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$err" | grep -c "acess_key_secret")" -eq 1 ] && contains "$err" "section [default]: unknown key \"acess_key_secret\" is not used (did you mean \"access_key_secret\"?)"'
check "INI: in every section" contains "$err" 'section [rsa]: unknown key "regionid" is not used'
check "INI: the SDKs' own keys are not warned about" \
    eval '[ "$(printf "%s\n" "$err" | grep -c "unknown key")" -eq 2 ]'
check "INI --verbose: the section's keys linkrole leaves aside are noted" \
    contains "$err" 'section [default] (access_key) in ~/.alibabacloud/credentials: not used by linkrole (settings of the aliyun CLI or the SDKs): proxy, timeout'
rm -f "$INI"

# A file of nothing but typos: the first 16 named, the rest counted.
{
    printf '[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n' \
        "$TEST_AK" "$TEST_SECRET"
    for i in $(seq 40); do printf 'junk%02d = x\n' "$i"; done
} >"$INI"
run whoami
check "40 unknown keys: 16 named, then one line counting the other 24" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$err" | grep -c "unknown key \"junk")" -eq 16 ] && contains "$err" "credentials: 24 more unknown keys are not used"'
rm -f "$INI"

done_testing
