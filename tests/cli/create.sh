#!/bin/bash
# linkrole create against linkrole-sim: outputs, validation, refusals.
. "$top_srcdir/tests/cli/lib.sh"

start_sim --refuse-suffix dbs.aliyuncs.com
as_owner

# --- with and without suffix and description ---------------------------------
run create --service polardb.aliyuncs.com
check "create without suffix: exit 0" test "$rc" -eq 0
check "text output names the role" \
    contains "$out" "Created AliyunServiceRoleForPolarDB"
check "text output shows the ARN (lower-cased name)" \
    contains "$out" "acs:ram::"
check "text output shows the ARN's role part lower-cased" \
    contains "$out" ":role/aliyunserviceroleforpolardb"
check "text output shows RoleId and RequestId" \
    eval 'contains "$out" "RoleId" && contains "$out" "RequestId"'
check "text output reads the trust policy" \
    contains "$out" "polardb.aliyuncs.com may assume this role."
check "the trust policy is pretty-printed over several lines" \
    contains "$out" '      "Principal": {'

# The whole text output, with what changes from run to run masked.
run get AliyunServiceRoleForPolarDB
printf '%s\n' "$out" | sed -E \
    -e 's/^(  RoleId +)[0-9]+$/\1<id>/' \
    -e 's/^(  RequestId +)[0-9A-F-]+$/\1<request>/' \
    -e 's/^(  (Create|Update)Date +).*/\1<date>/' >"$TEST_TMP/get.txt"
check_golden "get: the whole text output (golden)" \
    "$GOLDEN/get-polardb.txt" "$TEST_TMP/get.txt"

run create --service polardb.aliyuncs.com --suffix Example \
    --description "数据库 PolarDB 的角色 — test ✓" --output json
check "create with suffix and CJK description: exit 0" test "$rc" -eq 0
check "JSON: RoleName has the suffix" \
    test "$(printf '%s' "$out" | jq -r .Role.RoleName)" = \
    "AliyunServiceRoleForPolarDB_Example"
check "JSON: Arn is lower-cased" \
    eval 'printf "%s" "$out" | jq -r .Role.Arn | grep -q "role/aliyunserviceroleforpolardb_example$"'
check "JSON: the CJK description came back intact" \
    test "$(printf '%s' "$out" | jq -r .Role.Description)" = \
    "数据库 PolarDB 的角色 — test ✓"
check "JSON: RoleId, CreateDate, RolePrincipalName, IsServiceLinkedRole" \
    test "$(printf '%s' "$out" | jq -r '[.Role.RoleId != null, .Role.CreateDate != null, .Role.RolePrincipalName != null, .Role.IsServiceLinkedRole] | all')" = true
check "JSON: the trust policy names the service" \
    test "$(printf '%s' "$out" | jq -r '.Role.AssumeRolePolicyDocument | fromjson | .Statement[0].Principal.Service[0]')" = \
    "polardb.aliyuncs.com"
check "JSON: RequestId at the top" \
    test -n "$(printf '%s' "$out" | jq -r '.RequestId // empty')"
check "JSON is indented with two spaces" contains "$out" '  "RequestId"'

# --- already exists ---------------------------------------------------------------
run create --service polardb.aliyuncs.com
check "already exists: exit 1" test "$rc" -eq 1
check "already exists: the code and HTTP status" \
    contains "$err" "EntityAlreadyExists.Role (HTTP 409)"
check "already exists: the hint mentions --exist-ok" \
    contains "$err" "--exist-ok"
run create --service polardb.aliyuncs.com --exist-ok
check "--exist-ok: exit 0" test "$rc" -eq 0
check "--exist-ok: shows the existing role" \
    eval 'contains "$out" "Already exists" && contains "$out" "aliyunserviceroleforpolardb"'
run create --service polardb.aliyuncs.com --exist-ok --output json
check "--exist-ok --output json prints GetRole's answer" \
    test "$(printf '%s' "$out" | jq -r .Role.RoleName)" = \
    "AliyunServiceRoleForPolarDB"
run create --service polardb.aliyuncs.com --output json
check "an error with --output json is JSON on stdout" \
    test "$(printf '%s' "$out" | jq -r .Error.Code)" = \
    "EntityAlreadyExists.Role"

# --- caught before sending ------------------------------------------------------------
sim_requests() { grep -c '' "$top_builddir/tests/cli/$TEST_NAME.sim1.log"; }
before=$(sim_requests)
run create --service polardb.aliyuncs.com --suffix 'bad_suffix'
check "an invalid suffix: exit 2 with the problem" \
    test "$rc" -eq 2 -a "$err" = \
    'linkrole: CustomSuffix: character 4 ("_") is not allowed: use letters, digits, "." or "-"'
run create --service polardb.aliyuncs.com \
    --suffix 0123456789012345678901234567890123456789
check "a suffix making the name longer than 64: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "the limit is 64"'
long=$(printf '字%.0s' $(seq 1025))
run create --service polardb.aliyuncs.com --suffix X --description "$long"
check "a description of 1025 characters: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "Description:"'
run create --service 'PolarDB'
check "a malformed service name: exit 2" test "$rc" -eq 2
run create
check "no --service: exit 2" test "$rc" -eq 2
check "nothing above reached the simulator" test "$(sim_requests)" -eq "$before"

# --- refusals from the cloud, with hints and exit codes ---------------------------------
run create --service dbs.aliyuncs.com --suffix Nope
check "InvalidParameter.CustomSuffix.NotAllowed: exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidParameter.CustomSuffix.NotAllowed"'
check "NotAllowed: the hint says to drop the suffix" contains "$err" "suffix"
check "NotAllowed is remembered in the cache" \
    grep -qx dbs.aliyuncs.com "$XDG_CACHE_HOME/linkrole/refused-suffix"
run create --service dbs.aliyuncs.com --suffix Nope
check "... and the next create says so, yet still asks the cloud" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "refused a custom suffix for dbs.aliyuncs.com before" && contains "$err" "NotAllowed"'
run create --service nosuch.aliyuncs.com
check "EntityNotExist.Service: exit 1 and a pointer to services" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityNotExist.Service" && contains "$err" "linkrole services"'
# With --no-check the cloud judges the suffix and description: its answers
# for them reach the user with their hints and exit code 1.
run create --no-check --service polardb.aliyuncs.com --suffix 'bad_suffix'
check "InvalidParameter.CustomSuffix.InvalidChars: exit 1 with a hint" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidParameter.CustomSuffix.InvalidChars" && contains "$err" "hint:"'
run create --no-check --service polardb.aliyuncs.com \
    --suffix 0123456789012345678901234567890123456789
check "InvalidParameter.CustomSuffix.Length: exit 1 with a hint" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidParameter.CustomSuffix.Length" && contains "$err" "hint:"'
run create --no-check --service polardb.aliyuncs.com --suffix Long \
    --description "$long"
check "InvalidParameter.Description.Length: exit 1 with a hint" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidParameter.Description.Length" && contains "$err" "hint:"'
run create --no-check --service dbs.aliyuncs.com --description "Mine"
check "InvalidParameter.Description.NotAllowed: exit 1 with a hint" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidParameter.Description.NotAllowed" && contains "$err" "hint:"'

as_user
run create --service ess.aliyuncs.com
check "NoPermission for a RAM user: exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "NoPermission"'
check "NoPermission names the RAM action and shows a policy" \
    eval 'contains "$err" "ram:CreateServiceLinkedRole" && contains "$err" "\"ram:ServiceName\": \"ess.aliyuncs.com\""'
as_owner

# The account's role quota.
stop_sim
start_sim --role-limit 3
run create --service polardb.aliyuncs.com
run create --service ess.aliyuncs.com
run create --service alidns.aliyuncs.com
run create --service actiontrail.aliyuncs.com
check "LimitExceeded.Role: exit 1 with a quota hint" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "LimitExceeded.Role"'

# --- demo mode ------------------------------------------------------------------------------
unset LINKROLE_ENDPOINT ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
run --demo create --service polardb.aliyuncs.com --suffix Example --output json
check "--demo create works with no credentials and no network" \
    test "$rc" -eq 0 -a "$(printf '%s' "$out" | jq -r .Role.RoleName)" = \
    "AliyunServiceRoleForPolarDB_Example"
check "--demo: Arn, RoleId and trust policy are there" \
    test "$(printf '%s' "$out" | jq -r '[.Role.Arn, .Role.RoleId, (.Role.AssumeRolePolicyDocument | fromjson | .Statement[0].Principal.Service[0])] | join(" ")' | wc -w)" -eq 3
run create --service polardb.aliyuncs.com
check "no credentials and no --demo: exit 3, pointing at --demo" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "--demo"'

done_testing
