#!/bin/bash
# get, list, delete (with polling), dbs-init and whoami against linkrole-sim.
. "$top_srcdir/tests/cli/lib.sh"

start_sim --in-use AliyunServiceRoleForDNS
as_owner

run create --service polardb.aliyuncs.com
run create --service alidns.aliyuncs.com

# --- get ------------------------------------------------------------------------
run get AliyunServiceRoleForPolarDB
check "get: exit 0 with the role" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "RoleName             AliyunServiceRoleForPolarDB"'
check "get: the trust policy, read and pretty-printed" \
    eval 'contains "$out" "polardb.aliyuncs.com may assume this role." && contains "$out" "\"Statement\": ["'
check "get: CreateDate in UTC and local time" \
    eval 'printf "%s" "$out" | grep -Eq "CreateDate +[0-9-]+T[0-9:]+Z \([0-9-]+ [0-9:]+ UTC\)"'
check "get: MaxSessionDuration in seconds and hours, as the UI shows it" \
    contains "$out" "MaxSessionDuration   3600s (1 h)"
run get AliyunServiceRoleForPolarDB --output json
check "get --output json: GetRole's answer with MaxSessionDuration" \
    test "$(printf '%s' "$out" | jq -r .Role.RoleName)" = \
    "AliyunServiceRoleForPolarDB"
run get AliyunServiceRoleForNothing
check "get a missing role: EntityNotExist.Role, exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityNotExist.Role"'
run get 'bad name!'
check "get a malformed name: exit 2, nothing sent" test "$rc" -eq 2
run get
check "get without a name: exit 2" test "$rc" -eq 2

# --- list -------------------------------------------------------------------------
run list
check "list: exit 0, both roles, with their services" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "AliyunServiceRoleForPolarDB  " && contains "$out" "alidns.aliyuncs.com"'
run list --output json
check "list --output json: the roles with ServiceName" \
    test "$(printf '%s' "$out" | jq -r '[.Roles[].ServiceName] | sort | join(",")')" = \
    "alidns.aliyuncs.com,polardb.aliyuncs.com"

# --- delete -------------------------------------------------------------------------
run delete AliyunServiceRoleForPolarDB
check "delete: polls until the task succeeds" \
    eval '[ "$rc" -eq 0 ] && [ "$out" = "Deleted AliyunServiceRoleForPolarDB" ]'
check "delete: the progress line shows IN_PROGRESS" \
    contains "$err" "Deleting AliyunServiceRoleForPolarDB: IN_PROGRESS"
run get AliyunServiceRoleForPolarDB
check "the deleted role is gone" test "$rc" -eq 1
run delete AliyunServiceRoleForDNS
check "delete a role in use: exit 1, FAILED with the reason" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "FAILED" && contains "$err" "in use"'
check "delete a role in use: the resources using it are listed by region" \
    eval 'contains "$err" "Still in use by 1 resource in 1 region:" &&
          contains "$err" "
    cn-hangzhou
      sim-"'
check "delete a role in use: what to do about it" \
    contains "$err" "hint: Release these resources"
run get AliyunServiceRoleForDNS
check "a role in use is still there" test "$rc" -eq 0
check "... and get names its LatestDeletionTask (the failed one) and when" \
    eval 'printf "%s\n" "$out" | grep -Eq "^  LatestDeletionTask   task/acs-service-role/" &&
          printf "%s\n" "$out" | grep -A1 "LatestDeletionTask" | grep -Eq "^ {23}[0-9-]+T[0-9:]+Z"'
run delete AliyunServiceRoleForDNS --no-wait
check "delete --no-wait prints the task and returns" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "task/acs-service-role/"'
run delete AliyunServiceRoleForNothing
check "delete a missing role: EntityNotExist.Role, exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityNotExist.Role"'

# --- dbs-init -------------------------------------------------------------------------
run dbs-init
check "dbs-init: activated" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "DBS is activated"'
run dbs-init
check "dbs-init again: already activated is a success" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "already activated"'
run dbs-init --output json
check "dbs-init --output json: the seed's answer shape" \
    test "$(printf '%s' "$out" | jq -r '[.Success, .ErrorCode] | join(" ")')" = \
    "true EntityAlreadyExists.Role"
run get AliyunServiceRoleForDBS
check "dbs-init made AliyunServiceRoleForDBS for dbs.aliyuncs.com" \
    contains "$out" "dbs.aliyuncs.com may assume this role."
as_user
run dbs-init
check "dbs-init as a RAM user: Request.Forbidden with the DBS action" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "Request.Forbidden" && contains "$err" "dbs:InitializeDbsServiceLinkedRole"'
as_owner
# A region outside the DBS map: the shared endpoint, with a note (issue
# 10, point 6).  --dry-run: the real host must not be reached.
LINKROLE_ENDPOINT= run --dry-run dbs-init --region mars-north-1 --endpoint "resourcemanager=$SIM_URL"
check "dbs-init in a region without a DBS endpoint: the shared one, with a note" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "POST https://dbs-api.cn-hangzhou.aliyuncs.com/" && contains "$err" "DBS has no endpoint of its own in region mars-north-1"'

# --- whoami ----------------------------------------------------------------------------
run whoami
check "whoami: the account, identity and masked key" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Account" && contains "$out" "LTAI****0001" && contains "$out" ":root"'
check "whoami never shows the whole key id" eval '! contains "$out" "$TEST_AK"'
as_user
run whoami --output json
check "whoami as a RAM user: IdentityType RAMUser" \
    test "$(printf '%s' "$out" | jq -r .IdentityType)" = "RAMUser"
as_owner

# --- signatures --------------------------------------------------------------------------
run --signature v1 get AliyunServiceRoleForDBS
check "V1 (HMAC-SHA1) requests are accepted" test "$rc" -eq 0
run --signature v3 get AliyunServiceRoleForDBS
check "V3 requests are accepted" test "$rc" -eq 0
run --dry-run create --service polardb.aliyuncs.com
check "--dry-run prints the signed request and sends nothing" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Signature=<redacted>" && contains "$out" "x-acs-action: CreateServiceLinkedRole"'
check "--dry-run prints the request line, then one line per header" \
    eval '[ "$(lines "$out")" -ge 8 ] && [ "$(printf "%s\n" "$out" | sed -n 2p)" = "host: ${SIM_URL#http://}" ]'
run get AliyunServiceRoleForPolarDB
check "--dry-run did not create the role" test "$rc" -eq 1
ALIBABA_CLOUD_SECURITY_TOKEN=suite-token-Zr4 run --dry-run --signature v1 whoami
check "--dry-run V1 redacts the SecurityToken" \
    eval 'contains "$out" "SecurityToken=<redacted>" && ! contains "$out" "suite-token-Zr4"'

done_testing
