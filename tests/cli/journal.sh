#!/bin/bash
# The journal of changes and 'linkrole log' (issue 12, point 3).
. "$top_srcdir/tests/cli/lib.sh"

J=$XDG_STATE_HOME/linkrole/journal.jsonl
JD=$XDG_STATE_HOME/linkrole/journal-demo.jsonl
# count TYPE [FILE]: lines of that type in the journal.
count() { grep -c "\"type\":\"$1\"" "${2:-$J}" 2>/dev/null || true; }
# json_ok FILE: every line of FILE is a JSON object (python3 reads it).
json_lines_ok() {
    python3 -c 'import json,sys
for l in open(sys.argv[1]):
    assert isinstance(json.loads(l), dict)' "$1"
}

start_sim
as_owner
remember_secret "$TEST_SECRET"

# --- every mutating command writes an intent and an outcome --------------------
run create --service polardb.aliyuncs.com --suffix Jr --description "made for the journal"
check "create: exit 0" test "$rc" -eq 0
check "create: one intent, one outcome" \
    eval '[ "$(count intent)" = 1 ] && [ "$(count outcome)" = 1 ]'
intent=$(grep '"type":"intent"' "$J")
outcome=$(grep '"type":"outcome"' "$J")
check "the intent names the action, service, role, suffix, description" \
    eval 'contains "$intent" "\"action\":\"CreateServiceLinkedRole\"" &&
          contains "$intent" "\"service\":\"polardb.aliyuncs.com\"" &&
          contains "$intent" "\"role\":\"AliyunServiceRoleForPolarDB_Jr\"" &&
          contains "$intent" "\"suffix\":\"Jr\"" &&
          contains "$intent" "\"description\":\"made for the journal\""'
check "the intent has the time, region and identity (the key masked)" \
    eval 'contains "$intent" "\"time\":\"20" &&
          contains "$intent" "\"region\":\"cn-hangzhou\"" &&
          contains "$intent" "\"identity\":\"${TEST_AK:0:4}" &&
          ! contains "$intent" "$TEST_AK"'
id=$(printf '%s' "$intent" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
check "the outcome has the intent's id, the RequestId, the RoleId, the account" \
    eval 'contains "$outcome" "\"id\":\"$id\"" &&
          contains "$outcome" "\"request_id\":\"" &&
          contains "$outcome" "\"role_id\":\"" &&
          contains "$outcome" "\"account\":\"" &&
          contains "$outcome" "\"ok\":true"'
check "the journal is 0600 in a 0700 directory" \
    eval '[ "$(stat -c %a "$J")" = 600 ] &&
          [ "$(stat -c %a "$XDG_STATE_HOME/linkrole")" = 700 ]'

run create --service polardb.aliyuncs.com --suffix Jr
check "a refused create: exit 1, its outcome is the error code" \
    eval '[ "$rc" -eq 1 ] && [ "$(count outcome)" = 2 ] &&
          tail -n 1 "$J" | grep -q "\"error\":\"EntityAlreadyExists.Role\""'
run dbs-init
check "dbs-init: intent and outcome" \
    eval '[ "$rc" -eq 0 ] && [ "$(count intent)" = 3 ] &&
          [ "$(count outcome)" = 3 ] &&
          grep -q "\"action\":\"InitializeDbsServiceLinkedRole\"" "$J"'
run delete AliyunServiceRoleForPolarDB_Jr
check "delete: intent and outcome" \
    eval '[ "$rc" -eq 0 ] && [ "$(count intent)" = 4 ] &&
          [ "$(count outcome)" = 4 ] &&
          grep -q "\"action\":\"DeleteServiceLinkedRole\"" "$J"'
run --dry-run create --service polardb.aliyuncs.com
check "--dry-run writes nothing to the journal" test "$(count intent)" = 4
run get AliyunServiceRoleForDBS
check "a read (get) writes nothing" test "$(count intent)" = 4
check "every line is a JSON object" json_lines_ok "$J"
check "no secret in the journal" eval '! grep -qF "$TEST_SECRET" "$J"'

# --- linkrole log ----------------------------------------------------------------
run log
check "log: exit 0, every change with its outcome" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$out" | grep -c "^20")" = 4 ] &&
          contains "$out" "failed: EntityAlreadyExists.Role" &&
          contains "$out" "AliyunServiceRoleForDBS" &&
          ! contains "$out" "outcome unknown"'
run log --service dbs.aliyuncs.com
check "log --service: only that service" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$out" | grep -c "^20")" = 1 ] &&
          contains "$out" "InitializeDbsServiceLinkedRole"'
account=$(sed -nE 's/.*"account":"([0-9]+)".*/\1/p' "$J" | head -n 1)
run log --account "$account"
check "log --account: the changes to that account" \
    eval '[ "$rc" -eq 0 ] && [ -n "$account" ] && contains "$out" "PolarDB_Jr"'
run log --account 999
check "log --account of another account: nothing" \
    eval '[ "$rc" -eq 0 ] && [ -z "$out" ]'
run log --since 2099-01-01
check "log --since a later date: nothing" eval '[ "$rc" -eq 0 ] && [ -z "$out" ]'
run log --since 1h
check "log --since 1h: all of them" \
    test "$(printf '%s\n' "$out" | grep -c '^20')" = 4
run log --since yesterday
check "log --since with a bad value: exit 2, naming the forms" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "7d"'
run log -o json
printf '%s' "$out" >"$TEST_TMP/log.json"
check "log -o json: an array of 4 changes, each with its outcome" \
    python3 -c 'import json,sys
a = json.load(open(sys.argv[1]))
assert len(a) == 4, a
assert [e["outcome"] for e in a] == ["ok", "failed", "ok", "ok"], a
assert a[0]["role"] == "AliyunServiceRoleForPolarDB_Jr" and a[0]["role_id"]' \
    "$TEST_TMP/log.json"
run --help
check "--help documents log, --journal-required and exit code 7" \
    eval 'contains "$out" "  log [--account A]" &&
          contains "$out" "--journal-required" &&
          printf "%s\n" "$out" | grep -q "^  7  --journal-required"'
run help log
check "help log explains outcome unknown and --journal-required" \
    eval 'contains "$out" "outcome unknown" && contains "$out" "--journal-required"'

# --- a process killed between intent and outcome ---------------------------------
# The simulator holds the create (a latency fault), and the process is
# killed with -9 once its intent is in the journal.
stop_sim
start_sim --fault latency=600000/CreateServiceLinkedRole
"$LINKROLE" create --service ecsbackup.hbr.aliyuncs.com --timeout 600 \
    </dev/null >/dev/null 2>&1 &
victim=$!
for i in $(seq 600); do
    [ "$(count intent)" = 5 ] && break
    sleep 0.1
done
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
check "killed mid-request: an intent and no outcome" \
    eval '[ "$(count intent)" = 5 ] && [ "$(count outcome)" = 4 ]'
run log
check "log shows it as outcome unknown, with the command that checks" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "outcome unknown" &&
          contains "$out" "linkrole get AliyunServiceRoleForHbrEcsBackup"'
run log -o json
check "log -o json: outcome unknown and the check" \
    eval 'contains "$out" "\"outcome\": \"unknown\"" &&
          contains "$out" "\"check\": \"linkrole get AliyunServiceRoleForHbrEcsBackup\""'
stop_sim
start_sim
as_owner

# --- bad lines -------------------------------------------------------------------
cp "$J" "$TEST_TMP/journal.good"
printf 'not json\n{"type":"intent"}\n{"id":"x","type":"outcome"\n\001\002\n' >>"$J"
run log
check "bad lines: skipped, counted, never a crash" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "4 lines" &&
          [ "$(printf "%s\n" "$out" | grep -c "^20")" = 5 ]'
cp "$TEST_TMP/journal.good" "$J"
printf '%s\n' \
    '{"id":"u-1","type":"intent","time":"2026-12-01T00:00:00Z","action":"CreateServiceLinkedRole","role":"AliyunServiceRoleForPolarDB_U"}' \
    '{"id":"u-1","type":"outcome","time":"2026-12-01T00:00:01Z","ok":false,"error":"unconfirmed"}' \
    '{"id":"e-1","type":"intent","time":"2026-12-01T00:00:02Z","action":"CreateServiceLinkedRole","role":"R\u001b[31mX"}' >>"$J"
run log
check "an unconfirmed outcome is outcome unknown too; escapes are not printed" \
    eval '[ "$rc" -eq 0 ] &&
          contains "$out" "check with '"'"'linkrole get AliyunServiceRoleForPolarDB_U'"'"'" &&
          ! printf "%s" "$out" | grep -q "$(printf "\033")"'
cp "$TEST_TMP/journal.good" "$J"

# --- a journal others may read ---------------------------------------------------
chmod 644 "$J"
before=$(wc -l <"$J")
run create --service polardb.aliyuncs.com --suffix Wide
check "a 0644 journal: a warning with the chmod hint, the create still done" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "chmod 600 $J" &&
          [ "$(wc -l <"$J")" = "$before" ]'
run --journal-required create --service polardb.aliyuncs.com --suffix Req
check "--journal-required with a 0644 journal: exit 7, the chmod hint" \
    eval '[ "$rc" -eq 7 ] && contains "$err" "chmod 600 $J"'
run get AliyunServiceRoleForPolarDB_Req
check "... and nothing was sent" test "$rc" -eq 1
chmod 600 "$J"
run --journal-required create --service polardb.aliyuncs.com --suffix Req
check "--journal-required with a good journal: done, journaled" \
    eval '[ "$rc" -eq 0 ] && tail -n 1 "$J" | grep -q "\"ok\":true"'
mv "$J" "$TEST_TMP/journal.keep"
mkdir "$J"
run create --service polardb.aliyuncs.com --suffix Dir
check "a journal that cannot be written: a warning, not a failure" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "cannot write the journal"'
rmdir "$J"
mv "$TEST_TMP/journal.keep" "$J"

# --- the demo has its own journal ------------------------------------------------
before=$(wc -l <"$J")
run --demo create --service polardb.aliyuncs.com
check "--demo writes journal-demo.jsonl, not the real journal" \
    eval '[ "$rc" -eq 0 ] && [ "$(count intent "$JD")" = 1 ] &&
          [ "$(wc -l <"$J")" = "$before" ]'
run --demo log
check "--demo log reads the demo's journal" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s\n" "$out" | grep -c "^20")" = 1 ]'

# --- the terminal UI writes the same journal ------------------------------------
. "$top_srcdir/tests/tui/screenlib.sh"
ui_dump journal-ui 80x24 --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
:dump @
K
check "a create in the UI: intent and outcome in the demo's journal" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Created AliyunServiceRoleForPolarDB" &&
          [ "$(count intent "$JD")" = 2 ] && [ "$(count outcome "$JD")" = 2 ] &&
          tail -n 1 "$JD" | grep -q "\"account\":\"1234567890123456\""'

# --- two writers at once ---------------------------------------------------------
W=$TEST_TMP/concurrent.jsonl
"$top_builddir/tests/cli/journal-append" "$W" 1000 a &
pa=$!
"$top_builddir/tests/cli/journal-append" "$W" 1000 b &
pb=$!
wait "$pa"; ra=$?
wait "$pb"; rb=$?
check "two processes appending 1,000 lines each: 2,000 complete lines" \
    eval '[ "$ra" -eq 0 ] && [ "$rb" -eq 0 ] &&
          [ "$(wc -l <"$W")" = 2000 ] && json_lines_ok "$W" &&
          [ "$(grep -c "\"id\":\"a-" "$W")" = 1000 ] &&
          [ "$(grep -c "\"id\":\"b-" "$W")" = 1000 ]'

done_testing
