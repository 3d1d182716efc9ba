#!/bin/bash
# HTTP itself broken by the server: status lines, heads, bodies cut short,
# dripped or never sent, chunked-encoding lies, 1xx and 3xx answers, and
# a server that never answers while --timeout should bound the whole call.
# Defects of issue 9 covered: 9 (broken status line, huge header line),
# 10 (3xx), 11 (an unusable 200), 12 (--timeout per attempt), and the
# families around them.
. "$top_srcdir/tests/hostile/lib.sh"

as_token

# A well-formed GetCallerIdentity answer, so a case fails only on what it
# breaks.
ME='{"RequestId":"7E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B","IdentityType":"Account","AccountId":"1234567890123456","Arn":"acs:ram::1234567890123456:root","UserId":"1234567890123456","PrincipalId":"1234567890123456"}'

# lie WHAT CODE PATTERN STEP: whoami against a liar answering STEP every
# time; the verdict, and the liar stopped.
lie() {
    local what=$1 code=$2 pattern=$3
    shift 3
    start_liar "$@"
    run whoami
    verdict "$what" "$code" "$pattern"
    stop_liar
}

# --- the status line (defect 9) ----------------------------------------------
printf '%s' "$ME" | raw no-status
lie "an answer with no status line" 4 GetCallerIdentity no-status

{ printf 'HTTP/1.1 2OO OK\r\nContent-Type: application/json\r\n'
  printf 'Content-Length: %s\r\n\r\n%s' "${#ME}" "$ME"; } | raw garbled-status
lie "a garbled status line (2OO)" 4 GetCallerIdentity garbled-status

{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n'
  printf 'Content-Length: %s\r\n\r\n%s' "${#ME}" "$ME"; } | raw well-formed
printf 'SPDY/9 OK OK\r\n\r\n%s' "$ME" | raw alien-status
lie "a status line of no HTTP at all" 4 GetCallerIdentity alien-status

# --- the head ----------------------------------------------------------------
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Junk: '
  head -c 300000 /dev/zero | tr '\0' a
  printf '\r\nContent-Length: %s\r\n\r\n%s' "${#ME}" "$ME"; } | raw huge-header
lie "a 300 KB header line: a network error, not out of memory" 4 \
    GetCallerIdentity huge-header

# --- statuses outside 2xx/4xx/5xx (defect 10) ----------------------------------
answer redirect "302 Found" "$ME" "Location: http://127.0.0.1:1/"
lie "a 302 with the API's JSON is no success" 4 GetCallerIdentity redirect
answer choices "300 Multiple Choices" "$ME"
lie "a 300 with the API's JSON is no success" 4 GetCallerIdentity choices
printf 'HTTP/1.1 100 Continue\r\n\r\n' | raw continue-only
lie "a 100 Continue and nothing after it" 4 GetCallerIdentity continue-only
printf 'HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n' | raw hints-only
lie "a 103 and nothing after it" 4 GetCallerIdentity hints-only

# --- bodies cut short, dripped, never sent -------------------------------------
{ printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n'
  printf 'Content-Length: %s\r\n\r\n%s' "$(( ${#ME} + 300 ))" "$ME"; } | raw truncated
lie "Content-Length longer than the body" 4 GetCallerIdentity truncated
lie "the connection closed without a byte" 4 GetCallerIdentity close

start_liar hang
run --timeout 1 whoami
verdict "a server that never answers, --timeout 1" 4 "timed out|timeout"
stop_liar

start_liar "drip:well-formed"
run --timeout 1 whoami
verdict "an answer dripped one byte every 50 ms, --timeout 1" 4 \
    "timed out|timeout"
stop_liar

# --- chunked-encoding lies -------------------------------------------------------
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n%s\r\n0\r\n\r\n' \
    "$ME" | raw bad-chunk-size
lie "chunked: a chunk size that is no number" 4 GetCallerIdentity bad-chunk-size
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n' \
    "${#ME}" "$ME" | raw no-last-chunk
lie "chunked: no final chunk before the close" 4 GetCallerIdentity no-last-chunk
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n' \
    "$(( ${#ME} + 40 ))" "$ME" | raw long-chunk
lie "chunked: a chunk longer than its bytes" 4 GetCallerIdentity long-chunk

# --- an unusable 200 (defect 11): the action is named, attempts counted -------
ok_json no-identity '{"RequestId":"7E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B"}'
lie "a 200 with no identity in it names the action" 4 GetCallerIdentity \
    no-identity
start_liar no-identity
run -o json whoami
check "a 200 with no identity, -o json: Error.Action and Attempts are set" \
    eval '[ "$rc" -eq 4 ] && jq -e ".Error.Action == \"GetCallerIdentity\" and .Error.Attempts >= 1" "$TEST_TMP/out" >/dev/null'
safe "a 200 with no identity, -o json"
stop_liar

# --- --timeout bounds the whole call, retries included (defect 12) ----------
# No timed assertion: a server that never answers and --timeout 6 must end
# (with exit 4) before a 20 s guard; per attempt, 4 attempts take 24 s.
start_liar hang
LINKROLE_WRAP="timeout -k 5 20" run --timeout 6 whoami
verdict "--timeout 6 against a server that never answers ends, retries included" \
    4 "timed out|timeout"
stop_liar

done_testing
