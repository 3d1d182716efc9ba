#!/bin/bash
# The logins besides keys (issue 10, point 2), end to end against
# linkrole-sim: an OIDC role (ACK RRSA) from the environment, a config.json
# profile and the INI file, with a token the simulator rotates after each
# use; config.json CloudSSO and OAuth profiles, fresh and expired; and
# External profiles whose command succeeds, fails, hangs and floods.
. "$top_srcdir/tests/cli/lib.sh"

ACCT=1234567890123456
ROLE="acs:ram::$ACCT:role/rrsa-operator"
PROVIDER="acs:ram::$ACCT:oidc-provider/ack-rrsa"
TOKEN_FILE=$TEST_TMP/oidc-token
CONFIG=$HOME/.aliyun/config.json
INI=$HOME/.alibabacloud/credentials
mkdir -p "$HOME/.aliyun" "$HOME/.alibabacloud"

# A token the simulator takes (three parts), made up here; the simulator
# writes the next one into the file after each AssumeRoleWithOIDC.
printf 'eyJhbGciOiJSUzI1NiJ9.%s.c2lnbmF0dXJl\n' "$(date +%s%N | sha256sum | head -c 24)" \
    >"$TOKEN_FILE"
chmod 600 "$TOKEN_FILE"
remember_secret "$(cat "$TOKEN_FILE")"
# Sessions of 60 s are inside the 180 s refresh margin: every API call
# refreshes them, so one whoami assumes the role twice (resolve, then
# GetCallerIdentity), the second time with the rotated token.
start_sim --oidc-token-file "$TOKEN_FILE" --session-seconds 60 \
    --credentials-uri --assumable-role "$ROLE"
SIM_LOG=$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log

# remember_token: the token now in the file is a secret too.
remember_token() { remember_secret "$(cat "$TOKEN_FILE")"; }
# oidc_count CODE: how many AssumeRoleWithOIDC the simulator answered so.
oidc_count() { grep -c "AssumeRoleWithOIDC $1" "$SIM_LOG"; }
oidc_env() {
    export ALIBABA_CLOUD_ROLE_ARN=$ROLE
    export ALIBABA_CLOUD_OIDC_PROVIDER_ARN=$PROVIDER
    export ALIBABA_CLOUD_OIDC_TOKEN_FILE=$TOKEN_FILE
}
no_oidc_env() {
    unset ALIBABA_CLOUD_ROLE_ARN ALIBABA_CLOUD_OIDC_PROVIDER_ARN \
        ALIBABA_CLOUD_OIDC_TOKEN_FILE ALIBABA_CLOUD_ROLE_SESSION_NAME \
        ALIBABACLOUD_ROLE_ARN ALIBABACLOUD_OIDC_PROVIDER_ARN \
        ALIBABACLOUD_OIDC_TOKEN_FILE
}
no_token_in_output() {
    ! grep -qF -- "$(head -c 16 "$TOKEN_FILE")" "$TEST_TMP/out" \
        "$TEST_TMP/err"
}

# --- OIDC from the environment ----------------------------------------------

oidc_env
export ALIBABA_CLOUD_ROLE_SESSION_NAME=rrsa-test
before=$(oidc_count 200)
run whoami --verbose
remember_token
check "OIDC from the environment: whoami works" test "$rc" = 0
check "... named as the environment's OIDC role" \
    contains "$out" "environment (ALIBABA_CLOUD_ROLE_ARN, OIDC)"
check "... as the session ALIBABA_CLOUD_ROLE_SESSION_NAME names" \
    contains "$out" "assumed-role/rrsa-operator/rrsa-test"
check "... refreshed once, with the token read again (2 accepted calls)" \
    test "$(oidc_count 200)" = $((before + 2))
check "... and no stale token was refused" test "$(oidc_count "401 AuthenticationFail.OIDCToken.Expired")" = 0
check "... --verbose says it was refreshed" \
    contains "$err" "refreshed"
check "... and never shows the token" no_token_in_output

# OIDC comes second, after the environment's keys, before the files.
as_owner
run whoami
check "the environment's keys come before OIDC" \
    contains "$out" "environment (ALIBABA_CLOUD_ACCESS_KEY_ID)"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
printf '[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n' \
    "$TEST_AK" "$TEST_SECRET" >"$INI"
chmod 600 "$INI"
run whoami
remember_token
check "OIDC comes before the INI file" \
    contains "$out" "environment (ALIBABA_CLOUD_ROLE_ARN, OIDC)"
rm -f "$INI"

# The aliyun CLI's ALIBABACLOUD_ names, when the SDKs' are not set.
no_oidc_env
export ALIBABACLOUD_ROLE_ARN=$ROLE ALIBABACLOUD_OIDC_PROVIDER_ARN=$PROVIDER
export ALIBABACLOUD_OIDC_TOKEN_FILE=$TOKEN_FILE
run whoami
remember_token
check "the ALIBABACLOUD_ names work alone" test "$rc" = 0
no_oidc_env

# --dry-run shows the unsigned request, the token masked.
oidc_env
run whoami --dry-run
check "--dry-run shows AssumeRoleWithOIDC" \
    contains "$out$err" "Action=AssumeRoleWithOIDC"
check "... unsigned (no AccessKeyId, no Signature)" \
    eval '! contains "$out$err" "AccessKeyId=" && ! contains "$out$err" "Signature"'
check "... with the token masked" contains "$out$err" "OIDCToken=<redacted>"
check "... and nowhere in it" no_token_in_output

# Broken: a variable missing, no token file, an empty one, a wrong provider.
unset ALIBABA_CLOUD_OIDC_PROVIDER_ARN
run whoami
check "OIDC with a variable missing: exit 3" test "$rc" = 3
check "... naming it" contains "$err" "ALIBABA_CLOUD_OIDC_PROVIDER_ARN is not set"
oidc_env
export ALIBABA_CLOUD_OIDC_TOKEN_FILE=$TEST_TMP/no-such-token
run whoami
check "OIDC without its token file: exit 3" test "$rc" = 3
check "... naming the file" contains "$err" "$TEST_TMP/no-such-token: cannot open"
: >"$TEST_TMP/empty-token"
export ALIBABA_CLOUD_OIDC_TOKEN_FILE=$TEST_TMP/empty-token
run whoami
check "an empty token file: exit 3, named" \
    eval '[ "$rc" = 3 ] && contains "$err" "empty-token: the OIDC token file is empty"'
oidc_env
export ALIBABA_CLOUD_OIDC_PROVIDER_ARN="acs:ram::9999999999999999:oidc-provider/ack-rrsa"
run whoami
check "a provider of another account: exit 3 with STS's code" \
    eval '[ "$rc" = 3 ] && contains "$err" "AssumeRoleWithOIDC refused: AuthenticationFail.NoPermission"'
check "... and no token in the message" no_token_in_output
no_oidc_env
unset ALIBABA_CLOUD_ROLE_SESSION_NAME

# --- OIDC from config.json and the INI file ---------------------------------

cat >"$CONFIG" <<JSON
{
	"current": "rrsa",
	"profiles": [
		{
			"name": "rrsa",
			"mode": "OIDC",
			"oidc_provider_arn": "$PROVIDER",
			"oidc_token_file": "$TOKEN_FILE",
			"ram_role_arn": "$ROLE",
			"ram_session_name": "from-profile",
			"region_id": "cn-shanghai"
		},
		{
			"name": "guessed",
			"oidc_provider_arn": "$PROVIDER",
			"oidc_token_file": "$TOKEN_FILE",
			"ram_role_arn": "$ROLE",
			"ram_session_name": "guessed-mode",
			"region_id": "cn-shanghai"
		}
	]
}
JSON
chmod 600 "$CONFIG"
before=$(oidc_count 200)
run whoami
remember_token
check "config.json mode OIDC: whoami works" test "$rc" = 0
check "... as profile rrsa" contains "$out" 'profile "rrsa" (OIDC)'
check "... with its ram_session_name" \
    contains "$out" "assumed-role/rrsa-operator/from-profile"
check "... refreshed with the rotated token" \
    test "$(oidc_count 200)" = $((before + 2))
run whoami --profile guessed
remember_token
check "an empty mode with the OIDC fields is OIDC" \
    eval '[ "$rc" = 0 ] && contains "$out" "profile \"guessed\" (OIDC)"'
rm -f "$CONFIG"

cat >"$INI" <<INI
[default]
type = oidc_role_arn
role_arn = $ROLE
oidc_provider_arn = $PROVIDER
oidc_token_file_path = $TOKEN_FILE
role_session_name = from-ini
INI
chmod 600 "$INI"
before=$(oidc_count 200)
run whoami
remember_token
check "INI type oidc_role_arn: whoami works" test "$rc" = 0
check "... as its section" contains "$out" "section [default] (oidc_role_arn)"
check "... refreshed with the rotated token" \
    test "$(oidc_count 200)" = $((before + 2))
check "no stale token was ever sent" test "$(oidc_count "401 AuthenticationFail.OIDCToken.Expired")" = 0
rm -f "$INI"

# --- CloudSSO and OAuth: the keys the aliyun CLI cached ----------------------

# STS keys to cache, from the simulator's credentials URI.
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
now=$(date +%s)

# login_config MODE EXPIRATION: one profile "NAME" of that mode.
login_config() {
    local extra=
    [ "$1" = CloudSSO ] && extra='"cloud_sso_sign_in_url": "https://signin-4example.aliyun.com/d-0abc/login", "cloud_sso_access_config": "ac-0abc", "cloud_sso_account_id": "'$ACCT'",'
    [ "$1" = OAuth ] && extra='"oauth_site_type": "CN",'
    cat >"$CONFIG" <<JSON
{
	"current": "login",
	"profiles": [
		{
			"name": "login",
			"mode": "$1",
			$extra
			"access_key_id": "$STS_AK",
			"access_key_secret": "$STS_SECRET",
			"sts_token": "$STS_TOKEN",
			"sts_expiration": $2,
			"region_id": "cn-hangzhou"
		}
	]
}
JSON
    chmod 600 "$CONFIG"
}
for mode in CloudSSO OAuth; do
    login_config $mode $((now + 3000))
    run whoami
    check "$mode, fresh: whoami works with the cached keys" \
        eval '[ "$rc" = 0 ] && contains "$out" "profile \"login\" ($mode)"'
    check "... and they are the session's" contains "$out" "AssumedRoleUser"
    login_config $mode $((now - 60))
    run whoami
    check "$mode, expired: exit 3" test "$rc" = 3
    check "... saying to log in again with the aliyun CLI" \
        contains "$err" "log in again: aliyun configure --mode $mode --profile login"
    # Within the refresh margin is as good as expired: nothing can renew
    # them but a login.
    login_config $mode $((now + 60))
    run whoami
    check "$mode, about to expire: the same" \
        eval '[ "$rc" = 3 ] && contains "$err" "aliyun configure --mode $mode"'
done
cat >"$CONFIG" <<JSON
{"current": "sso", "profiles": [{"name": "sso", "mode": "CloudSSO",
 "cloud_sso_sign_in_url": "https://signin-4example.aliyun.com/d-0abc/login",
 "region_id": "cn-hangzhou"}]}
JSON
run whoami
check "CloudSSO never logged in: exit 3, log in" \
    eval '[ "$rc" = 3 ] && contains "$err" "no keys from an aliyun CLI login; log in: aliyun configure --mode CloudSSO --profile sso"'

# --- External: process_command ------------------------------------------------

HELPER=$TEST_TMP/cred-helper
cat >"$HELPER" <<SH
#!/bin/sh
# A credential helper: what it does is its first argument.
case "\$1" in
sts) printf '{"mode": "StsToken", "access_key_id": "%s", "access_key_secret": "%s", "sts_token": "%s"}\n' \
        "$STS_AK" "$STS_SECRET" "$STS_TOKEN" ;;
ak) printf '{"mode": "AK", "access_key_id": "%s", "access_key_secret": "%s"}' \
        "$TEST_AK" "$TEST_SECRET" ;;
args) shift; for a in "\$@"; do printf '<%s>' "\$a"; done >"$TEST_TMP/args"
      printf '{"access_key_id": "%s", "access_key_secret": "%s"}' \
        "$TEST_AK" "$TEST_SECRET" ;;
fail) echo "helper-stderr-Wq81: wrong password" >&2; exit 7 ;;
hang) exec sleep 613 ;;
flood) while :; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; done ;;
ram) printf '{"mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b"}' ;;
expiring) echo run >>"$TEST_TMP/runs"
        printf '{"access_key_id": "%s", "access_key_secret": "%s", "expiration": "%s"}' \
            "$TEST_AK" "$TEST_SECRET" \
            "\$(date -u -d "@\$((\$(date +%s) + 60))" +%Y-%m-%dT%H:%M:%SZ)" ;;
linger) sleep 614 &
        printf '{"access_key_id": "%s", "access_key_secret": "%s"}' \
            "$TEST_AK" "$TEST_SECRET" ;;
*) echo "not json" ;;
esac
SH
chmod 700 "$HELPER"
# ext_config COMMAND: profile "ext" runs it (JSON-quoted by jq).
ext_config() {
    jq -n --arg cmd "$1" '{current: "ext", profiles: [{name: "ext",
        mode: "External", process_command: $cmd, region_id: "cn-hangzhou"}]}' \
        >"$CONFIG"
    chmod 600 "$CONFIG"
}

ext_config "$HELPER sts"
run whoami
check "External that prints StsToken keys: whoami works" \
    eval '[ "$rc" = 0 ] && contains "$out" "profile \"ext\" (External)"'
check "... as the session" contains "$out" "AssumedRoleUser"
# With an "expiration" (here inside the refresh margin) the command is
# run again before the keys are used: once to resolve, once more for
# GetCallerIdentity.
ext_config "$HELPER expiring"
: >"$TEST_TMP/runs"
run whoami
check "External keys with an expiration are fetched again by running it" \
    eval '[ "$rc" = 0 ] && [ "$(lines "$(cat "$TEST_TMP/runs")")" = 2 ]'

# A bare name is looked up in PATH.
ext_config "cred-helper sts"
PATH=/nonexistent:$TEST_TMP:$PATH run whoami
check "a bare program name is found in PATH" test "$rc" = 0
ext_config "$HELPER ak"
run whoami --verbose
check "External that prints AK keys: whoami works" test "$rc" = 0
check "... --verbose says what ran, without its arguments" \
    contains "$err" "credentials: ran process_command $HELPER for profile \"ext\" (External)"

# Started with stdin and stdout closed, linkrole still gives the command
# a stdout of its own (the pipe), and /dev/null for the rest.
"$LINKROLE" whoami <&- >&- 2>"$TEST_TMP/err"
rc=$?
err=$(cat "$TEST_TMP/err")
check "External when linkrole's own stdin and stdout are closed" \
    test "$rc" = 0

# Split as the aliyun CLI splits it, no shell in between.
ext_config "$HELPER args 'one two' \"three \\\"3\\\"\" four\\ 4 '\$HOME' ;ls"
run whoami
check "process_command is split into words without a shell" \
    test "$(cat "$TEST_TMP/args")" = '<one two><three "3"><four 4><$HOME><;ls>'
ext_config "$HELPER 'unclosed"
run whoami
check "an open quote: exit 3, naming the field" \
    eval '[ "$rc" = 3 ] && contains "$err" "field \"process_command\" cannot be split"'

ext_config "$HELPER fail --password=helper-arg-Zt5"
run whoami
check "External that fails: exit 3 with its status" \
    eval '[ "$rc" = 3 ] && contains "$err" "failed with exit status 7"'
check "... naming the program" contains "$err" "process_command $HELPER "
check "... not its arguments" eval '! contains "$out$err" "helper-arg-Zt5"'
check "... nor what it said on stderr" \
    eval '! contains "$out$err" "helper-stderr-Wq81"'

export LINKROLE_EXTERNAL_TIMEOUT=1
ext_config "$HELPER hang"
run whoami
check "External that hangs: stopped at the bound, exit 3" \
    eval '[ "$rc" = 3 ] && contains "$err" "did not finish in 1 s and was stopped"'
unset LINKROLE_EXTERNAL_TIMEOUT
check "... and its process group is gone" eval '! pgrep -xf "sleep 613"'

ext_config "$HELPER flood"
run whoami
check "External that floods: stopped at 64 KiB, exit 3" \
    eval '[ "$rc" = 3 ] && contains "$err" "printed more than 65536 bytes and was stopped"'

# A command that ends but leaves a process holding its stdout: its output
# is taken when it ends (within the bound: LINKROLE_EXTERNAL_TIMEOUT is 5,
# so a wait for the leftover would fail), and the leftover is killed.
ext_config "$HELPER linger"
LINKROLE_EXTERNAL_TIMEOUT=5 run whoami
check "External that leaves a process behind: its keys are used" \
    test "$rc" = 0
check "... and what it left is gone" eval '! pgrep -xf "sleep 614"'

ext_config "$HELPER junk"
run whoami
check "External that prints no JSON: exit 3" \
    eval '[ "$rc" = 3 ] && contains "$err" "did not print a JSON object"'
ext_config "$HELPER ram"
run whoami
check "External that prints another mode: exit 3, naming it" \
    eval '[ "$rc" = 3 ] && contains "$err" "printed mode \"RamRoleArn\""'
ext_config "$TEST_TMP/no-such-helper"
run whoami
check "External whose program is missing: exit 3" \
    eval '[ "$rc" = 3 ] && contains "$err" "cannot run process_command"'

ext_config "$HELPER sts"
for v in 1 true TRUE; do
    ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=$v run whoami
    check "ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=$v turns External off" \
        eval '[ "$rc" = 3 ] && contains "$err" "External is turned off by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS"'
done
ext_config "$HELPER sts"
run whoami --dry-run
check "--dry-run does not run the command" \
    eval 'contains "$out$err" "run $HELPER (process_command of" && ! contains "$out$err" "AssumedRoleUser"'
rm -f "$CONFIG"

done_testing
