#!/bin/bash
# A misbehaving network or server: retries, messages and exit codes.
. "$top_srcdir/tests/cli/lib.sh"

as_owner

start_sim --fault 503@2
run --verbose whoami
check "503 twice, then an answer: retried, exit 0" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$err" | grep -c "retrying in")" -eq 2 ]'
check "the log names the error code" contains "$err" "ServiceUnavailable"
stop_sim

start_sim --fault 500@9
run --verbose whoami
check "500 on every try: 1 + 3 attempts, then exit 6 (busy)" \
    eval '[ "$rc" -eq 6 ] && [ "$(printf "%s\n" "$err" | grep -c "retrying in")" -eq 3 ] && contains "$err" "InternalError"'
check "the message counts the attempts" contains "$err" "attempts"
stop_sim

start_sim --fault throttle@1
run --verbose get AliyunServiceRoleForNothing
check "Throttling.User is retried" \
    eval 'contains "$err" "Throttling.User" && contains "$err" "retrying in" && contains "$err" "EntityNotExist.Role"'
stop_sim

start_sim --fault nonjson@9
run whoami
check "an answer that is not JSON: exit 4" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "not the API"'
stop_sim

# A 200 whose JSON lacks what the call needs: the message and the JSON
# error name the action and count the attempts.
start_sim --fault empty@9
run whoami --output json
check "a 200 without the answer's fields: exit 4, the action named" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "GetCallerIdentity failed"'
check "a 200 without the answer's fields: the JSON error's Action and Attempts" \
    eval '[ "$(printf "%s" "$out" | jq -r .Error.Action)" = GetCallerIdentity ] && [ "$(printf "%s" "$out" | jq -r .Error.Attempts)" = 1 ]'
stop_sim

start_sim --fault oversize@9
run whoami
check "an oversized answer: exit 4, naming the limit" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "larger than 1024 KiB"'
stop_sim

start_sim --fault reset@9
run --verbose whoami
check "a connection reset on every try: exit 4" test "$rc" -eq 4
stop_sim

start_sim --fault truncate@9
run whoami
check "a truncated answer: exit 4" test "$rc" -eq 4
stop_sim

start_sim --fault latency=3000
run --verbose --timeout 0.5 whoami
check "a slow server and --timeout 0.5: exit 4, says timeout" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "imed out"'
# The timeout is the whole call's: once it is spent, no retry starts.
check "--timeout bounds the retries too: one attempt, no retry" \
    eval '[ "$(printf "%s\n" "$err" | grep -c "GetCallerIdentity .*(attempt")" -eq 1 ] && ! contains "$err" "retrying in"'
stop_sim

# The answer to a create is lost after the role was made: linkrole must
# check before sending again, and report the role as created.
start_sim --fault reset@1
run --verbose create --service polardb.aliyuncs.com
check "create whose answer is lost: checked with GetRole, exit 0" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "checking whether AliyunServiceRoleForPolarDB exists"'
check "create whose answer is lost: reported as created" \
    contains "$out" "Created AliyunServiceRoleForPolarDB"
run list --output json
check "no duplicate role after a lost answer" \
    test "$(printf '%s' "$out" | jq '[.Roles[] | select(.RoleName == "AliyunServiceRoleForPolarDB")] | length')" -eq 1
stop_sim

# The cloud's clock behind ours by 2.5 and 14 minutes (signing still
# works within 15): the role found after a lost answer has a CreateDate
# "before" this run by our clock, and is still ours.
for skew in -150 -840; do
    start_sim --clock-offset "$skew" --fault reset@1
    run --verbose create --service polardb.aliyuncs.com
    check "cloud clock ${skew}s off, answer lost: reported created, exit 0" \
        eval '[ "$rc" -eq 0 ] && contains "$err" "checking whether" && contains "$out" "Created AliyunServiceRoleForPolarDB"'
    stop_sim
done

# A create that times out after it was sent: the simulator is still busy
# with it when linkrole asks GetRole, so linkrole sends it again; the role
# must be reported as created, and exist once.
start_sim --fault latency=2000@1
run --verbose --timeout 1 create --service polardb.aliyuncs.com
check "create that times out: checked, sent again, reported created" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "checking whether" && contains "$out" "Created AliyunServiceRoleForPolarDB"'
sleep 1.5
run list --output json
check "no duplicate role after a timeout on create" \
    test "$(printf '%s' "$out" | jq '[.Roles[] | select(.RoleName == "AliyunServiceRoleForPolarDB")] | length')" -eq 1
stop_sim

# The role is made, then the answer says it failed (a 5xx, a gateway's
# HTML page, a 200 that is not JSON): as ambiguous as a lost connection.
# linkrole checks with GetRole before it resends, reports the role as
# made, and it exists once.
for fault in 500-after 502-after 504-after nonjson-after; do
    start_sim --fault "$fault@1"
    run --verbose create --service polardb.aliyuncs.com
    check "create answered $fault: checked with GetRole, reported created" \
        eval '[ "$rc" -eq 0 ] && contains "$err" "checking whether AliyunServiceRoleForPolarDB exists" && contains "$out" "Created AliyunServiceRoleForPolarDB"'
    check "create answered $fault: not sent again" \
        test "$(printf '%s\n' "$err" | grep -c 'CreateServiceLinkedRole .*(attempt')" -eq 1
    run list --output json
    check "create answered $fault: the role exists once" \
        test "$(printf '%s' "$out" | jq '[.Roles[] | select(.RoleName == "AliyunServiceRoleForPolarDB")] | length')" -eq 1
    stop_sim
done

# DBS activation, likewise: the role it made is not "already activated".
start_sim --fault 502-after@1
run --verbose dbs-init
check "dbs-init answered 502 after the work: checked, reported activated" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "checking whether AliyunServiceRoleForDBS exists" && contains "$out" "DBS is activated"'
stop_sim

start_sim --fault 502-after@1
run create --exist-ok --service polardb.aliyuncs.com
check "create --exist-ok answered 502 after the work: made, not 'already exists'" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Created AliyunServiceRoleForPolarDB" && ! contains "$out" "Already exists"'
stop_sim

port=$(echo "$SIM_URL" | sed 's/.*://')
run --endpoint "http://127.0.0.1:$port" whoami
check "nobody listening: exit 4 after retries" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "after 4 attempts"'
# A ListRoles that hands back the Marker it was asked with would be read
# for ever: linkrole stops with exit 4 at the first repeat.  250 roles
# make three pages, so the second answer carries a Marker to repeat.
state="$TEST_TMP/many-roles.json"
{
    printf '{"schema":1,"account_id":"1234567890123456","roles":['
    for i in $(seq 1 250); do
        [ "$i" -gt 1 ] && printf ','
        printf '{"role_id":"%d","role_name":"Role%03d","service_linked":false,' \
            $((30000000000000000 + i)) "$i"
        printf '"create_date":"2024-01-02T03:04:05Z"}'
    done
    printf ']}\n'
} >"$state"
start_sim --state "$state" --fault repeat-marker
run --verbose list --output json
check "a ListRoles repeating its Marker: exit 4, no endless paging" \
    eval '[ "$rc" -eq 4 ] && [ "$(printf "%s\n" "$err" | grep -c "ListRoles .*(attempt")" -eq 2 ]'
check "a ListRoles repeating its Marker: the message says so" \
    contains "$err" "repeats a Marker"
check "a ListRoles repeating its Marker: a JSON error object" \
    test "$(printf '%s' "$out" | jq -r .Error.Action)" = ListRoles
stop_sim

# A proxy would carry the signed plain-http request off the machine:
# loopback is always reached directly, whatever the environment says.
# The proxy named is the port nobody listens on, so using it would fail.
start_sim
for var in http_proxy ALL_PROXY all_proxy; do
    env "$var=http://127.0.0.1:$port" NO_PROXY= no_proxy= \
        "$LINKROLE" whoami </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    check "$var set: loopback is reached directly, exit 0" test "$rc" -eq 0
done
stop_sim
run --endpoint "http://example.com" whoami
check "plain http off loopback is refused: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "loopback"'
run --endpoint "ftp://127.0.0.1" whoami
check "a non-http endpoint is refused at once: exit 2" test "$rc" -eq 2

done_testing
