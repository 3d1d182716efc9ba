# Shared by the hostile tests: a lying server and a flaky gateway
# (tests/hostile/liar), answers written byte by byte, and the assertions
# every hostile case makes.  Built on tests/cli/lib.sh (TAP, run, check,
# start_sim), which it sources.
#
# A case runs linkrole against a liar (or a gateway in front of
# linkrole-sim) and then calls verdict: the exit code, a message, no raw
# control byte and no secret in what was printed.

. "$top_srcdir/tests/cli/lib.sh"

LIAR=$top_builddir/tests/hostile/liar
# Answers a case writes, and the liar's scripts.
HT=$TEST_TMP/answers
mkdir -p "$HT"

# The session token of the hostile cases: the liars echo it back in
# every place an answer can hold it, so it must never be printed.
TEST_TOKEN=hostile-session-token-Vb52kQw9
remember_secret "$TEST_TOKEN"

# Every linkrole run is bounded: a hang fails its case instead of the
# suite (exit 124 is no exit code linkrole has).
LINKROLE_WRAP="timeout -k 5 30 ${LINKROLE_WRAP-}"

LIAR_PIDS=
LIAR_COUNT=0
hostile_cleanup() {
    for pid in $LIAR_PIDS; do kill "$pid" 2>/dev/null; done
    for pid in $LIAR_PIDS; do wait "$pid" 2>/dev/null; done
    cleanup
}
trap hostile_cleanup EXIT

# as_token: the owner's key with a session token (the liars never check
# a signature, so any token is taken).
as_token() {
    as_owner
    export ALIBABA_CLOUD_SECURITY_TOKEN=$TEST_TOKEN
}

# answer NAME STATUS BODY [HEADER...]: $HT/NAME, a well-formed HTTP answer
# with BODY as it is (write control bytes with $'\e' and the like).
answer() {
    local name=$1 status=$2 body=$3 h
    shift 3
    printf '%s' "$body" >"$HT/$name.body"
    {
        printf 'HTTP/1.1 %s\r\n' "$status"
        printf 'Content-Type: application/json;charset=utf-8\r\n'
        for h in "$@"; do printf '%s\r\n' "$h"; done
        printf 'Content-Length: %s\r\n' "$(wc -c <"$HT/$name.body")"
        printf 'Connection: close\r\n\r\n'
        cat "$HT/$name.body"
    } >"$HT/$name"
}

# raw NAME: $HT/NAME holds standard input, byte for byte.
raw() { cat >"$HT/$1"; }

# ok_json NAME BODY: a 200 answer with a JSON body.
ok_json() { answer "$1" "200 OK" "$2"; }

# api_error NAME STATUS CODE [MESSAGE] [REQUESTID]: an error answer in
# the shape of the RPC APIs.
api_error() {
    answer "$1" "$2" "{\"RequestId\":\"${5:-0C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F}\",\"HostId\":\"ram.aliyuncs.com\",\"Code\":\"$3\",\"Message\":\"${4:-The request was refused.}\"}"
}

# liar_steps STEP...: the liar's arguments, answers named by their name in
# $HT (drip:NAME too).
liar_steps() {
    local s
    steps=()
    for s in "$@"; do
        case "$s" in
            drip:*) steps+=("drip:$HT/${s#drip:}") ;;
            *) if [ -f "$HT/$s" ]; then steps+=("$HT/$s"); else steps+=("$s"); fi ;;
        esac
    done
}

# start_liar [--upstream PORT] STEP...: a liar on a free loopback port,
# answering request N with step N (the last repeats); LINKROLE_ENDPOINT
# points at it.  Sets LIAR_URL, LIAR_PID and LIAR_LOG (one line per
# request: method, path, action).
start_liar() {
    local up=() n i port=
    if [ "$1" = --upstream ]; then up=(--upstream "$2"); shift 2; fi
    liar_steps "$@"
    LIAR_COUNT=$((LIAR_COUNT + 1))
    n=$LIAR_COUNT
    LIAR_LOG=$top_builddir/tests/hostile/$TEST_NAME.liar$n.log
    : >"$LIAR_LOG"
    rm -f "$TEST_TMP/liar$n.port"
    "$LIAR" --port-file "$TEST_TMP/liar$n.port" --log "$LIAR_LOG" \
        --lifetime 60 "${up[@]}" "${steps[@]}" </dev/null \
        2>>"$top_builddir/tests/hostile/$TEST_NAME.liar$n.stderr.log" &
    LIAR_PID=$!
    LIAR_PIDS="$LIAR_PIDS $LIAR_PID"
    for i in $(seq 200); do
        [ -s "$TEST_TMP/liar$n.port" ] && break
        kill -0 "$LIAR_PID" 2>/dev/null || break
        sleep 0.05
    done
    port=$(cat "$TEST_TMP/liar$n.port" 2>/dev/null)
    if [ -z "$port" ]; then
        echo "Bail out! the liar did not start"
        exit 1
    fi
    LIAR_URL=http://127.0.0.1:$port
    export LINKROLE_ENDPOINT=$LIAR_URL
}

# start_gateway STEP...: a liar in front of the simulator last started
# (start_sim): every request reaches the simulator, and the step says what
# linkrole gets (pass, 500, 502, 504, close, hang or an answer of $HT).
start_gateway() {
    start_liar --upstream "${SIM_URL##*:}" "$@"
}

stop_liar() {
    kill "$LIAR_PID" 2>/dev/null
    wait "$LIAR_PID" 2>/dev/null
}

# requests [ACTION]: how many requests the last liar received (of ACTION).
requests() {
    if [ -n "${1-}" ]; then
        grep -c " $1\$" "$LIAR_LOG"
    else
        grep -c . "$LIAR_LOG"
    fi
}

# --- assertions --------------------------------------------------------------

# no_control_bytes FILE: no C0 control byte but \n and \t, no DEL, no C1
# (encoded as UTF-8, or a raw byte 0x80-0x9f outside a UTF-8 sequence):
# what a terminal would act on.
no_control_bytes() {
    LC_ALL=C perl -0777 -ne '
        exit 1 if /[\x00-\x08\x0b-\x1f\x7f]/;
        exit 1 if /\xc2[\x80-\x9f]/;
        s/[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}//g;
        exit 1 if /[\x80-\x9f]/;
        exit 0' "$1"
}

# no_secret FILE...: none of the suite's secrets nor the hostile token.
no_secret() {
    local s
    for s in $TEST_SECRETS "$TEST_TOKEN"; do
        if grep -qF -- "$s" "$@"; then return 1; fi
    done
    return 0
}

# verdict WHAT CODE [TEXT]: the last run exited with CODE and printed
# TEXT (stdout or stderr; a grep -E pattern, case-insensitive), with no
# raw control byte and no secret.
verdict() {
    local what=$1 code=$2 text=${3-}
    check "$what: exit $code${text:+, says /$text/}" \
        eval '[ "$rc" -eq "$code" ] && { [ -z "$text" ] || cat "$TEST_TMP/out" "$TEST_TMP/err" | grep -qiE -- "$text"; }'
    safe "$what"
}

# safe WHAT: what the last run printed holds no raw control byte and no
# secret.
safe() {
    check "$1: no raw control byte printed" \
        eval 'no_control_bytes "$TEST_TMP/out" && no_control_bytes "$TEST_TMP/err"'
    check "$1: no secret printed" no_secret "$TEST_TMP/out" "$TEST_TMP/err"
}

# roles_named NAME: how many roles named NAME the simulator last started
# holds (asked directly, past any liar).
roles_named() {
    local saved=$LINKROLE_ENDPOINT n
    LINKROLE_ENDPOINT=$SIM_URL "$LINKROLE" -o json list </dev/null \
        >"$TEST_TMP/roles.json" 2>/dev/null
    n=$(jq --arg n "$1" '[.Roles[] | select(.RoleName == $n)] | length' \
        "$TEST_TMP/roles.json" 2>/dev/null)
    export LINKROLE_ENDPOINT=$saved
    echo "${n:-error}"
}

# made_once WHAT ROLE: after a create, ROLE exists exactly once in the
# simulator and the exit code says made (0).
made_once() {
    check "$1: exit 0 (made)" test "$rc" -eq 0
    check "$1: $2 exists once" test "$(roles_named "$2")" = 1
}
