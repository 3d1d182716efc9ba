#!/bin/bash
# The cloud's real error answers (issue 10, point 7): Forbidden.* and
# NoPermission.* are permission errors with the RAM-policy hint, and the
# answer's AccessDeniedDetail and Recommend are shown (text, -o json);
# MissingSecurityToken is a credentials error; the busy codes and every
# code containing Throttling are retried, after the wait x-acs-retry-after
# asks for.
. "$top_srcdir/tests/cli/lib.sh"

as_owner

# stderr with the random RequestId replaced, for the golden file.
masked_err() {
    printf '%s\n' "$err" |
        sed -E 's/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/<RequestId>/g'
}

# --- Forbidden.RAM with AccessDeniedDetail ------------------------------

start_sim --fault forbidden-ram
run get AliyunServiceRoleForPolarDB
check "Forbidden.RAM: exit 1 (refused)" test "$rc" -eq 1
check "Forbidden.RAM: the RAM-policy hint names the action" \
    contains "$err" "ask an administrator to grant ram:GetRole."
check "Forbidden.RAM: AccessDeniedDetail shown" \
    contains "$err" "  AccessDeniedDetail: AuthAction=ram:GetRole, NoPermissionType=ImplicitDeny,"
check "Forbidden.RAM: the Recommend link shown" \
    contains "$err" "  Recommend: https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product="
masked_err >"$TEST_TMP/forbidden.txt"
check_golden "Forbidden.RAM: the whole text" \
    "$GOLDEN/error-forbidden-ram.txt" "$TEST_TMP/forbidden.txt"

run get AliyunServiceRoleForPolarDB --output json
check "-o json: exit 1" test "$rc" -eq 1
check "-o json: Error.Code is Forbidden.RAM" \
    test "$(printf '%s' "$out" | jq -r .Error.Code)" = Forbidden.RAM
check "-o json: Error.Recommend is the link" \
    eval 'printf "%s" "$out" | jq -r .Error.Recommend | grep -q "^https://api.aliyun.com/troubleshoot?q=Forbidden.RAM&product="'
check "-o json: Error.AccessDeniedDetail, member by member" \
    eval '[ "$(printf "%s" "$out" | jq -r .Error.AccessDeniedDetail.AuthAction)" = ram:GetRole ] &&
          [ "$(printf "%s" "$out" | jq -r .Error.AccessDeniedDetail.NoPermissionType)" = ImplicitDeny ] &&
          [ "$(printf "%s" "$out" | jq -r .Error.AccessDeniedDetail.AuthPrincipalOwnerId)" = 1234567890123456 ]'
check "-o json: the hint says how to decode the diagnostic" \
    eval 'printf "%s" "$out" | jq -r .Error.Hint | grep -q DecodeDiagnosticMessage'
check "-o json: the policy allows ram:GetRole" \
    eval 'printf "%s" "$out" | jq -r .Error.Policy | jq -e ".Statement[0].Action == \"ram:GetRole\"" >/dev/null'
stop_sim

# A create refused by RAM: the policy with the ram:ServiceName condition.
start_sim --fault forbidden-ram
run create --service polardb.aliyuncs.com
check "create, Forbidden.RAM: exit 1, the condition named" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "grant ram:CreateServiceLinkedRole (condition ram:ServiceName = polardb.aliyuncs.com)"'
stop_sim

# --- every Forbidden.* and NoPermission.* --------------------------------

for code in Forbidden.NoPermission:403 NoPermission.xxx:403 Forbidden:403 \
    NoPermission.Role:400; do
    start_sim --fault "code=$code"
    run get AliyunServiceRoleForPolarDB --output json
    check "${code%:*}: exit 1, the RAM-policy hint" \
        eval '[ "$rc" -eq 1 ] && contains "$err" "ask an administrator to grant ram:GetRole."'
    check "${code%:*}: the Recommend link in the text and the JSON" \
        eval 'contains "$err" "  Recommend: https://api.aliyun.com/troubleshoot?q=${code%:*}&" &&
              printf "%s" "$out" | jq -r .Error.Recommend | grep -q "^https://"'
    stop_sim
done

# Forbidden.AccessKeyDisabled stays a credentials error.
start_sim --fault code=Forbidden.AccessKeyDisabled:403
run get AliyunServiceRoleForPolarDB
check "Forbidden.AccessKeyDisabled: exit 3 (credentials)" \
    eval '[ "$rc" -eq 3 ] && ! contains "$err" "ask an administrator to grant"'
stop_sim

# --- MissingSecurityToken -------------------------------------------------

start_sim --fault code=MissingSecurityToken:400
run get AliyunServiceRoleForPolarDB
check "MissingSecurityToken: exit 3 (credentials)" test "$rc" -eq 3
check "MissingSecurityToken: the hint names the token variable" \
    contains "$err" "ALIBABA_CLOUD_SECURITY_TOKEN"
stop_sim

# --- retried codes ---------------------------------------------------------

for code in UnknownError:500 ServiceBusy:503 SystemBusy:503 \
    Throttling.Api:400 Request.Throttling:400 \
    ServiceUnavailable.Throttling:503; do
    start_sim --fault "code=$code@1"
    run --verbose get AliyunServiceRoleForNothing
    check "${code%:*} once: retried, then the real answer" \
        eval 'contains "$err" "retrying in" && contains "$err" "(${code%:*})" &&
              contains "$err" "EntityNotExist.Role" && [ "$rc" -eq 1 ]'
    stop_sim
done

# A create is not safe to repeat, but a rate limit is a refusal made
# before any work: it is sent again, even after a 503.
start_sim --fault code=ServiceUnavailable.Throttling:503@1
run --verbose create --service polardb.aliyuncs.com
check "create, 503 ServiceUnavailable.Throttling once: resent, created" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Created AliyunServiceRoleForPolarDB" &&
          [ "$(grep -c "POST CreateServiceLinkedRole" "$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log")" -eq 2 ]'
stop_sim

# --- x-acs-retry-after ----------------------------------------------------

start_sim --fault retry-after=300@1
run --verbose get AliyunServiceRoleForNothing
check "x-acs-retry-after: 300: the wait is the server's" \
    contains "$err" "retrying in 300 ms (Throttling.User; the wait x-acs-retry-after asked for)"
check "x-acs-retry-after: then the real answer" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityNotExist.Role"'
stop_sim

# A wait past --timeout: the throttle is the answer, at once.
start_sim --fault retry-after=60000
run --verbose --timeout 5 get AliyunServiceRoleForNothing
check "x-acs-retry-after past --timeout: one attempt, Throttling.User, exit 6 (busy)" \
    eval '[ "$rc" -eq 6 ] && contains "$err" "failed: Throttling.User" &&
          ! contains "$err" "retrying in" && ! contains "$err" "attempts)"'
stop_sim

# --- DBS: "already activated" with Success "false" ------------------------

start_sim --fault dbs-already-false
run dbs-init
check "dbs-init: activated the first time" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "DBS is activated"'
run dbs-init
check "dbs-init: Success \"false\" with EntityAlreadyExists.Role is already activated, exit 0" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "DBS was already activated"'
check "... the simulator did answer Success \"false\"" \
    grep -q 'POST InitializeDbsServiceLinkedRole 200 EntityAlreadyExists.Role fault=dbs-already-false' \
    "$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log"
stop_sim

done_testing
