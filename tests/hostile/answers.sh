#!/bin/bash
# Well-formed HTTP carrying JSON that lies: raw control characters and
# escaped NULs, wrong types, deep nesting, huge strings, and a ListRoles
# whose Marker never advances, and fields of the wrong JSON type (refused,
# naming the field: never taken as absent).
# Defects of issue 9 covered: 15 (raw control characters, NUL cutting a
# field short), 16 (a repeated Marker), and the families around them.
. "$top_srcdir/tests/hostile/lib.sh"

as_token
RID='"RequestId":"5E6F7A8B-9C0D-4E1F-8A2B-3C4D5E6F7A8B"'
ROLE=AliyunServiceRoleForPolarDB

# role_json FIELDS: a GetRole answer whose Role holds FIELDS (JSON text).
role_json() {
    printf '{%s,"Role":{"RoleName":"%s",%s,"CreateDate":"2026-01-01T00:00:00Z","IsServiceLinkedRole":true}}' \
        "$RID" "$ROLE" "$1"
}

# get_case WHAT CODE PATTERN ANSWER: get ROLE against a liar answering
# ANSWER (a name in $HT) every time.
get_case() {
    start_liar "$4"
    run get "$ROLE"
    verdict "$1" "$2" "$3"
    stop_liar
}

# --- raw control characters and NUL (defect 15) ----------------------------
ok_json raw-control "$(role_json '"RoleId":"1'$'\x01''2","Arn":"acs:ram::1:role/x","Description":"a'$'\x02''b"')"
get_case "raw control characters inside JSON strings: refused" 4 GetRole \
    raw-control
ok_json raw-tab "$(role_json '"RoleId":"12","Arn":"acs:ram::1:role/x","Description":"a'$'\t''b"')"
get_case "a raw tab inside a JSON string: refused" 4 GetRole raw-tab

ok_json nul "$(role_json '"RoleId":"1\u00002","Arn":"acs:ram::1:role/x","Description":"before\u0000after"')"
start_liar nul
run get "$ROLE"
check "an escaped NUL in RoleId: refused, or kept (never cut to \"1\")" \
    eval '[ "$rc" -eq 4 ] || { [ "$rc" -eq 0 ] && ! printf "%s\n" "$out" | grep -qE "RoleId +1\$"; }'
check "an escaped NUL in Description: refused, or kept (\"after\" shown)" \
    eval '[ "$rc" -eq 4 ] || { [ "$rc" -eq 0 ] && contains "$out" after; }'
safe "an escaped NUL"
stop_liar
start_liar nul
run -o json get "$ROLE"
check "an escaped NUL, -o json: refused, or the whole RoleId kept" \
    eval '[ "$rc" -eq 4 ] || { [ "$rc" -eq 0 ] && jq -e ".Role.RoleId == \"1\\u00002\"" "$TEST_TMP/out" >/dev/null; }'
safe "an escaped NUL, -o json"
stop_liar

# --- wrong types --------------------------------------------------------------
# A field present with a type the API never sends is refused, naming the
# field, never taken as absent.

# names WHAT FIELD: what the last run printed names FIELD (fixed text).
names() {
    FIELD=$2
    check "$1: names $2" \
        eval 'cat "$TEST_TMP/out" "$TEST_TMP/err" | grep -qF -- "$FIELD has the wrong JSON type"'
}
ok_json role-string "{$RID,\"Role\":\"$ROLE\"}"
get_case "Role as a string" 4 GetRole role-string
ok_json arn-number "$(role_json '"RoleId":"12","Arn":12345')"
get_case "Arn as a number" 4 GetRole arn-number
names "Arn as a number" Role.Arn
ok_json roleid-object "$(role_json '"RoleId":{"x":1},"Arn":"acs:ram::1:role/x"')"
get_case "RoleId as an object" 4 GetRole roleid-object
names "RoleId as an object" Role.RoleId
ok_json top-array '[1,2,3]'
get_case "an array where an object belongs" 4 GetRole top-array
ok_json list-roles-string "{$RID,\"IsTruncated\":false,\"Roles\":{\"Role\":\"none\"}}"
start_liar list-roles-string
run list
verdict "ListRoles' Role as a string" 4 ListRoles
names "ListRoles' Role as a string" Roles.Role
stop_liar
ok_json me-arn-array '{"RequestId":"x","IdentityType":"Account","AccountId":"1234567890123456","Arn":["acs:ram::1:root"],"UserId":"1","PrincipalId":"1"}'
start_liar me-arn-array
run whoami
verdict "whoami's Arn as an array" 4 GetCallerIdentity
names "whoami's Arn as an array" Arn
stop_liar
ok_json list-roles-number "{$RID,\"IsTruncated\":false,\"Roles\":{\"Role\":[7]}}"
start_liar list-roles-number
run list
verdict "ListRoles' Role holding a number" 4 ListRoles
names "ListRoles' Role holding a number" "Roles.Role[0]"
stop_liar
ok_json list-roles-marker "{$RID,\"IsTruncated\":true,\"Marker\":42,\"Roles\":{\"Role\":[]}}"
start_liar list-roles-marker
run list
verdict "ListRoles' Marker as a number" 4 ListRoles
names "ListRoles' Marker as a number" Marker
stop_liar

# --- deep nesting, huge strings -----------------------------------------------
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n'
  head -c 100000 /dev/zero | tr '\0' '['; } | raw deep
get_case "100000 nested arrays" 4 GetRole deep
{ printf '{"RequestId":"x","Role":{"RoleName":"%s","Description":"' "$ROLE"
  head -c 5242880 /dev/zero | tr '\0' d
  printf '"}}'; } >"$HT/huge.body"
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n' \
      "$(wc -c <"$HT/huge.body")"
  cat "$HT/huge.body"; } | raw huge
get_case "a 5 MB string, above the size cap" 4 "larger than|too large|KiB|MiB" huge

# --- ListRoles' Marker (defect 16) ---------------------------------------------
# The issue asks for "an error" without naming its code: 4 (an answer that
# is not the API's) or 1 (the cloud's fault) are both taken.
# marker_verdict WHAT PATTERN: exit 1 or 4, PATTERN, nothing raw or secret.
marker_verdict() {
    check "$1: exit 1 or 4${2:+, says /$2/}" \
        eval '{ [ "$rc" -eq 4 ] || [ "$rc" -eq 1 ]; } && { [ -z "$2" ] || cat "$TEST_TMP/out" "$TEST_TMP/err" | grep -qiE -- "$2"; }'
    safe "$1"
}
ROW="{\"RoleName\":\"$ROLE\",\"RoleId\":\"1\",\"Arn\":\"acs:ram::1:role/x\",\"CreateDate\":\"2026-01-01T00:00:00Z\",\"Description\":\"d\",\"IsServiceLinkedRole\":true}"
ok_json same-marker "{$RID,\"IsTruncated\":true,\"Marker\":\"m-1\",\"Roles\":{\"Role\":[$ROW]}}"
start_liar same-marker
run list
marker_verdict "ListRoles repeating its Marker: stops with an error" marker
check "... after at most 3 requests (not 100)" \
    test "$(requests ListRoles)" -le 3
check "... and no duplicate rows printed" \
    test "$(printf '%s\n' "$out" | grep -c "$ROLE")" -le 1
stop_liar

ok_json no-marker "{$RID,\"IsTruncated\":true,\"Roles\":{\"Role\":[$ROW]}}"
start_liar no-marker
run list
marker_verdict "ListRoles truncated with no Marker: stops with an error" marker
check "... after one request" test "$(requests ListRoles)" -le 1
stop_liar

ok_json marker-a "{$RID,\"IsTruncated\":true,\"Marker\":\"m-a\",\"Roles\":{\"Role\":[$ROW]}}"
ok_json marker-b "{$RID,\"IsTruncated\":true,\"Marker\":\"m-b\",\"Roles\":{\"Role\":[$ROW]}}"
start_liar marker-a marker-b marker-a marker-b
run -o json list
marker_verdict "ListRoles' Marker going back to one seen before, -o json"
check "... after at most 4 requests" test "$(requests ListRoles)" -le 4
stop_liar

done_testing
