#!/bin/bash
# linkrole under valgrind: a representative set of the CLI tests (every
# command, against linkrole-sim: tests/cli/create.sh and roles.sh, plus
# the commands they do not run) and a scripted terminal-UI session
# (LINKROLE_TUI_SCRIPT), each linkrole run through $LINKROLE_WRAP.  Any
# memory error or a definite or indirect leak fails (--error-exitcode, and
# the logs are read).  "Possibly lost" and "still reachable" are not
# counted: curses and libcurl keep some memory for the process's life.
# Skipped only when valgrind is missing or the build uses sanitizers
# (which valgrind cannot run under).
#
# Why not every CLI test: under valgrind each linkrole run costs about a
# second, and all of tests/cli/ would take well over 10 minutes of CI's
# 45 on two cores; this set took 5.5 (doc/testing.md has the figures).
. "$top_srcdir/tests/hostile/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "1..0 # SKIP valgrind is not installed"
    exit 0
fi
if [ -n "${LINKROLE_SAN_CFLAGS-}" ]; then
    echo "1..0 # SKIP a sanitizer build (valgrind cannot run it)"
    exit 0
fi

VG_LOGS=$top_builddir/tests/hostile/valgrind-logs
rm -rf "$VG_LOGS"
mkdir -p "$VG_LOGS"
VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --num-callers=30
    --log-file=$VG_LOGS/vg.%p.log"
# The hostile lib's own guard, with more room: valgrind is slow.
VG_WRAP="timeout -k 5 120 $VALGRIND"

# clean WHAT: no valgrind log since the last call says anything (with -q,
# valgrind writes only errors and leaks).
clean() {
    local bad
    bad=$(find "$VG_LOGS" -name 'vg.*.log' -size +0 -newer "$VG_LOGS/mark" \
        2>/dev/null)
    check "$1: valgrind reports no error and no leak" test -z "$bad"
    if [ -n "$bad" ]; then
        # shellcheck disable=SC2086
        head -n 60 $bad | sed 's/^/#   /'
    fi
    touch "$VG_LOGS/mark"
}
touch "$VG_LOGS/mark"

# --- CLI tests, each under a name of its own (vg-NAME) so its transcript
# and simulator logs do not collide with the normal run's ------------------
for t in create roles; do
    ln -sf "$top_srcdir/tests/cli/$t.sh" "$TEST_TMP/vg-$t.sh"
    LINKROLE_WRAP=$VG_WRAP bash "$TEST_TMP/vg-$t.sh" >"$TEST_TMP/vg-$t.tap" 2>&1
    code=$?
    failed=$(grep -c '^not ok' "$TEST_TMP/vg-$t.tap")
    check "tests/cli/$t.sh under valgrind: passes ($failed failed)" \
        eval '[ "$code" -eq 0 ] && [ "$failed" -eq 0 ]'
    if [ "$failed" -ne 0 ]; then
        grep -A4 '^not ok' "$TEST_TMP/vg-$t.tap" | head -n 40 | sed 's/^/#   /'
    fi
    clean "tests/cli/$t.sh"
done

# --- the commands those two do not run --------------------------------------
as_owner
start_sim
LINKROLE_WRAP=$VG_WRAP
run services
check "services under valgrind" test "$rc" -eq 0
run services --search polar
check "services --search under valgrind" test "$rc" -eq 0
run services polardb.aliyuncs.com -o json
check "services NAME -o json under valgrind" test "$rc" -eq 0
run help create
check "help create under valgrind" test "$rc" -eq 0
run --dry-run create --service polardb.aliyuncs.com
check "--dry-run create under valgrind" test "$rc" -eq 0
run --signature v1 whoami
check "whoami (V1 signature) under valgrind" test "$rc" -eq 0
run --demo -o json whoami
check "--demo whoami under valgrind" test "$rc" -eq 0
run create --service polardb.aliyuncs.com --suffix bad_x
check "an invalid suffix under valgrind: exit 2" test "$rc" -eq 2
stop_sim
clean "the other commands"

# A lost answer and a retry: the create path's GetRole check.
start_sim --fault reset@1
run create --service polardb.aliyuncs.com
check "a create whose answer is lost, under valgrind: exit 0" test "$rc" -eq 0
stop_sim
start_sim --fault 503@2
run whoami
check "a retried call under valgrind: exit 0" test "$rc" -eq 0
stop_sim
clean "lost answers and retries"

# --- a scripted session of the terminal UI ----------------------------------
cat >"$TEST_TMP/session.keys" <<K
:wait
polar
<Enter>
abc_x
<BS><BS>
<Tab>
a description
<Tab>
<Enter>
:wait
t
<Tab>
s
<C-u>$TEST_TMP/snippet.sh<Enter>
t
s
<C-u>$TEST_TMP/saved.json<Enter>
s
<C-u>$TEST_TMP/saved.json<Enter>
y
b
<C-u>
备份
<Down>
<Up>
:wait
:dump $TEST_TMP/session.screen
<Esc>
<Esc>
K
TERM=xterm LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/session.keys \
    $VG_WRAP "$LINKROLE" --demo </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
out=$(cat "$TEST_TMP/out")
err=$(cat "$TEST_TMP/err")
check "a scripted UI session under valgrind: exit 0, to the end" \
    eval '[ "$rc" -eq 0 ] && [ -s "$TEST_TMP/session.screen" ]'
check "... it created the role and saved the response (over itself after y)" \
    grep -q '"RoleName": "AliyunServiceRoleForPolarDB_abc"' "$TEST_TMP/saved.json"
check "... and the aliyun snippet alone" \
    grep -q "^aliyun resourcemanager CreateServiceLinkedRole" "$TEST_TMP/snippet.sh"
clean "a scripted UI session"

done_testing
