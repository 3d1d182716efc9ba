#!/bin/bash
# Scripts never break on us: a closed pipe, the busy exit code (6), a
# search that finds nothing; a person at a terminal: delete's question.
. "$top_srcdir/tests/cli/lib.sh"

# closed_pipe ARGS...: runs linkrole with stdout a pipe whose reader is
# already gone, so that every write fails with EPIPE (what `| head -1`
# does to a long output, without the race of how much fits in the pipe).
closed_pipe() {
    perl -e 'pipe(my $r, my $w) or die; close $r;
             open(STDOUT, ">&", $w) or die; close $w;
             exec @ARGV or die' -- "$LINKROLE" "$@" \
        </dev/null 2>"$TEST_TMP/err"
    rc=$?
    out=
    err=$(cat "$TEST_TMP/err")
}

# --- a closed pipe -----------------------------------------------------------

"$LINKROLE" services 2>"$TEST_TMP/err" </dev/null | head -1 >"$TEST_TMP/out"
rc=${PIPESTATUS[0]}
err=$(cat "$TEST_TMP/err")
check "services | head -1: exit 0, nothing on stderr" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ] && [ "$(wc -l <"$TEST_TMP/out")" -eq 1 ]'
"$LINKROLE" --help 2>"$TEST_TMP/err" </dev/null | head -1 >/dev/null
rc=${PIPESTATUS[0]}
err=$(cat "$TEST_TMP/err")
check "--help | head -1: exit 0, nothing on stderr" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'

closed_pipe services
check "services, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
closed_pipe --help
check "--help, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
closed_pipe help create
check "help create, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'

start_sim
as_owner
run create --service polardb.aliyuncs.com
run create --service actiontrail.aliyuncs.com
check "two roles made for list" test "$rc" -eq 0
"$LINKROLE" list 2>"$TEST_TMP/err" </dev/null | head -1 >/dev/null
rc=${PIPESTATUS[0]}
err=$(cat "$TEST_TMP/err")
check "list | head -1: exit 0, nothing on stderr" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
closed_pipe list
check "list, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
closed_pipe list --output json
check "list -o json, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
closed_pipe get AliyunServiceRoleForPolarDB
check "get, the reader gone: exit 0, no message" \
    eval '[ "$rc" -eq 0 ] && [ -z "$err" ]'
# A refusal stays a refusal when the reader is gone.
closed_pipe get AliyunServiceRoleForNothing --output json
check "a refusal, the reader gone: still exit 1" test "$rc" -eq 1
stop_sim

# --- busy: exit 6; a refusal stays 1 -----------------------------------------

start_sim --fault throttle
run get AliyunServiceRoleForPolarDB
check "throttled on every request: exit 6" \
    eval '[ "$rc" -eq 6 ] && contains "$err" "Throttling.User"'
run list
check "list throttled on every request: exit 6" test "$rc" -eq 6
run create --service polardb.aliyuncs.com
check "create throttled on every request: exit 6" test "$rc" -eq 6
stop_sim

start_sim --fault 500
run get AliyunServiceRoleForPolarDB
check "get, 500 on every request: exit 6" \
    eval '[ "$rc" -eq 6 ] && contains "$err" "InternalError"'
# A create answered 500 may have been made: its outcome is unknown (4),
# not "busy".
run create --service polardb.aliyuncs.com
check "create, 500 on every request: outcome unknown, exit 4" test "$rc" -eq 4
run whoami --output json
check "whoami -o json, 500 on every request: exit 6, the error object" \
    eval '[ "$rc" -eq 6 ] && [ "$(printf "%s" "$out" | jq -r .Error.Code)" = InternalError ]'
stop_sim

start_sim --fault 503
run get AliyunServiceRoleForPolarDB
check "503 on every request: exit 6" test "$rc" -eq 6
stop_sim

start_sim
run get AliyunServiceRoleForNothing
check "a refusal (EntityNotExist.Role): exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "EntityNotExist.Role"'
stop_sim

# --- services --search with no match: exit 1, as grep ------------------------

run services --search zzqqxxnothing
check "search, no match: exit 1, nothing on stdout, a line on stderr" \
    eval '[ "$rc" -eq 1 ] && [ -z "$out" ] && contains "$err" "no service matches"'
run services --search zzqqxxnothing --output json
check "search -o json, no match: exit 1 and []" \
    eval '[ "$rc" -eq 1 ] && [ "$(printf "%s" "$out" | jq length)" = 0 ]'
run services --search polar
check "search with a match: exit 0" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "polardb.aliyuncs.com"'

# --- every exit code documented ----------------------------------------------

run --help
for code in 0 1 2 3 4 5 6; do
    check "--help documents exit code $code" \
        eval 'printf "%s\n" "$out" | grep -q "^  $code  "'
done
check "--help: exit 6 is busy, try again later" \
    contains "$out" "6  busy, try again later"
check "--help: the closed pipe and the empty search" \
    eval 'contains "$out" "head -1" && contains "$out" "--search with no match exits 1"'
for code in 0 1 2 3 4 5 6; do
    check "the man page documents exit code $code" \
        eval 'sed -n "/^\.SH EXIT STATUS/,/^\.SH [A-Z]/p" "$top_srcdir/doc/linkrole.1" | grep -qx ".B $code"'
done

done_testing
