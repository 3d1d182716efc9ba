#!/bin/bash
# A flaky gateway in front of linkrole-sim swallows the answer to a create
# the simulator really carried out.  Every ambiguous outcome (a 5xx, a lost
# connection, a timeout, a 200 that cannot be read, an answer with no
# status line) must go through the GetRole check before anything is sent
# again: the role exists once, and linkrole says it made it (exit 0).
# Defects of issue 9 covered: 1 (5xx on a create), 3 (clock skew in the
# lost-answer check), 9 (no status line on a create).
. "$top_srcdir/tests/hostile/lib.sh"

as_owner
ROLE=AliyunServiceRoleForPolarDB

# lost WHAT STEP [ARGS...]: a fresh account behind a gateway whose first
# answer is STEP (the rest pass); create PolarDB's role with ARGS.
lost() {
    local what=$1 step=$2
    shift 2
    start_sim
    start_gateway "$step" pass
    run create "$@" --service polardb.aliyuncs.com
    made_once "$what" "$ROLE"
    case " $* " in
        *" -o json "*) ;; # the answer itself; the JSON check follows
        *) check "$what: reported as created" contains "$out" "Created $ROLE" ;;
    esac
    safe "$what"
    stop_liar
    stop_sim
}

# --- 5xx after the role was made (defect 1) ---------------------------------
lost "create answered 502 (HTML) after the role was made" 502
lost "create answered 504 (HTML) after the role was made" 504
lost "create answered 500 InternalError after the role was made" 500
lost "create answered 502, --exist-ok" 502 --exist-ok
lost "create answered 500, -o json" 500 -o json
check "create answered 500, -o json: the answer names the role" \
    eval 'jq -e ".Role.RoleName == \"$ROLE\"" "$TEST_TMP/out" >/dev/null'

# --- other answers that leave the outcome unknown ---------------------------
lost "create whose connection closes without an answer" close
printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"Role":{"Ro' |
    raw cut-200
lost "create answered by a 200 that cannot be read" cut-200
printf '{"RequestId":"0C1D2E3F-4A5B-4C6D-8E9F-0A1B2C3D4E5F","Role":{}}' |
    raw no-status
lost "create answered with no status line (defect 9)" no-status
{ printf 'HTTP/1.1 200 OK\r\nX-Junk: '; head -c 300000 /dev/zero | tr '\0' a
  printf '\r\nContent-Length: 2\r\n\r\n{}'; } | raw huge-header
lost "create answered with a 300 KB header line (defect 9)" huge-header
lost "create whose answer never comes, --timeout 2" hang --timeout 2

# --- the cloud's clock off by minutes (defect 3) ------------------------------
# Signing still works (the cloud accepts 15 minutes); the lost-answer check
# must not judge "made by this run" by comparing local time with CreateDate.
for offset in -600 600 -150; do
    start_sim --clock-offset "$offset"
    start_gateway close pass
    run create --service polardb.aliyuncs.com
    made_once "the cloud's clock ${offset} s off, create's answer lost" "$ROLE"
    check "the cloud's clock ${offset} s off: reported as created" \
        contains "$out" "Created $ROLE"
    safe "the cloud's clock ${offset} s off"
    stop_liar
    stop_sim
done

# --- the role really existed before: still "already exists" -----------------
# The check must not turn every EntityAlreadyExists into "made": the role
# was made long before (its date in the saved account set back a year),
# then the create's answer is lost.
start_sim --state "$TEST_TMP/old.state"
run create --service polardb.aliyuncs.com
stop_sim
jq '.roles[0].create_date = "2025-01-01T00:00:00Z" | .roles[0].update_date = "2025-01-01T00:00:00Z"' \
    "$TEST_TMP/old.state" >"$TEST_TMP/older.state"
start_sim --state "$TEST_TMP/older.state"
start_gateway 502 pass
run create --service polardb.aliyuncs.com
verdict "a role made long before, then a 502: not claimed as made" 1 \
    "already exists"
check "... and it exists once" test "$(roles_named "$ROLE")" = 1
stop_liar
start_gateway close pass
run create --exist-ok --service polardb.aliyuncs.com
verdict "a role made long before, then a lost answer, --exist-ok" 0 \
    "already exists"
check "... not reported as created" eval '! contains "$out" "Created $ROLE"'
stop_liar
stop_sim

done_testing
