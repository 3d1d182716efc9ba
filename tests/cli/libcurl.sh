#!/bin/bash
# libcurl is loaded at the first request, never before (cloud/http.h):
# what sends nothing (--version, --help, services, completion, --dry-run,
# the demo, the UI on the demo) maps neither libcurl nor its dependency
# tree; a request against linkrole-sim loads it; and a libcurl that
# cannot be loaded (LINKROLE_LIBCURL naming a missing file, a file that
# is no library, a library without curl's functions) gives a message
# naming it and the package, exit 5, and nothing sent.
#
# Which shared objects a process loads is read from the dynamic loader's
# own report (LD_DEBUG=files, glibc): one "file=NAME" line per object,
# whether linked ("needed by") or dlopen'ed ("dynamically loaded by").
. "$top_srcdir/tests/cli/lib.sh"

# loaded ARGS...: runs linkrole with LD_DEBUG=files; $loaded receives
# the base names of the shared objects it loaded, one a line.
loaded() {
    LD_DEBUG=files "$LINKROLE" "$@" </dev/null >"$TEST_TMP/out" \
        2>"$TEST_TMP/ld"
    rc=$?
    loaded=$(sed -n 's/.*[[:space:]]file=\([^ []*\).*/\1/p' "$TEST_TMP/ld" |
             sed 's|.*/||' | sort -u)
    out=$(cat "$TEST_TMP/out")
    err=$(grep -v '^ *[0-9]*:' "$TEST_TMP/ld")
}
has() { printf '%s\n' "$loaded" | grep -q "^$1"; }

# The loader must say something, or the checks below prove nothing.
loaded --version
check "LD_DEBUG=files reports the objects loaded (libc)" has libc.so
check "--version exits 0" test "$rc" -eq 0

for args in "--version" "--help" "help create" "services" \
    "services --search polar" "services polardb.aliyuncs.com" \
    "services --output json" "completion bash"
do
    # shellcheck disable=SC2086
    loaded $args
    check "linkrole $args: exit 0" test "$rc" -eq 0
    check "linkrole $args: libcurl is not loaded" eval '! has libcurl'
    # Debian's libcurl brings these; nothing else of linkrole's does.
    check "linkrole $args: nor libcurl's dependencies (krb5, ldap, ssh2)" \
        eval '! has libgssapi_krb5 && ! has libldap && ! has libssh2'
done

# Commands that send nothing over HTTP: the demo (its account is in
# the process) and --dry-run.
loaded --demo create --service polardb.aliyuncs.com
check "--demo create: exit 0" test "$rc" -eq 0
check "--demo create: libcurl is not loaded" eval '! has libcurl'
as_owner
export LINKROLE_ENDPOINT=http://127.0.0.1:1
loaded create --service polardb.aliyuncs.com --dry-run
check "create --dry-run: exit 0" test "$rc" -eq 0
check "create --dry-run: libcurl is not loaded" eval '! has libcurl'

# The terminal UI on the demo: the first frame and the whole session.
printf ':dump %s\n' "$TEST_TMP/demo.dump" >"$TEST_TMP/demo.keys"
TERM=xterm LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/demo.keys \
    loaded --demo
check "the UI on the demo: exit 0 and a frame drawn" \
    eval 'test "$rc" -eq 0 && grep -q "Search:" "$TEST_TMP/demo.dump"'
check "the UI on the demo: libcurl is not loaded" eval '! has libcurl'

# --- a request loads it -----------------------------------------------------
start_sim
loaded create --service polardb.aliyuncs.com
check "create against linkrole-sim: exit 0" test "$rc" -eq 0
check "create against linkrole-sim: libcurl is loaded, at run time" \
    grep -q 'file=libcurl\.so.*dynamically loaded' "$TEST_TMP/ld"
loaded get AliyunServiceRoleForPolarDB
check "get against linkrole-sim: exit 0, the role shown" \
    eval 'test "$rc" -eq 0 && contains "$out" AliyunServiceRoleForPolarDB'
check "get against linkrole-sim: libcurl is loaded" has libcurl

# --- a libcurl that cannot be loaded ------------------------------------------
# unloadable WHAT FILE: create and get with LINKROLE_LIBCURL=FILE.
unloadable() {
    local what=$1 file=$2
    LINKROLE_LIBCURL=$file run create --service actiontrail.aliyuncs.com
    check "$what: create exits 5 (internal error), no crash" \
        test "$rc" -eq 5
    check "$what: nothing on stdout" test -z "$out"
    check "$what: the message names libcurl, the file and the package" \
        eval 'contains "$err" "cannot load libcurl" &&
              contains "$err" "$file" && contains "$err" "libcurl4"'
    check "$what: one line, no retries" \
        eval 'test "$(lines "$err")" -eq 1 && ! contains "$err" attempts'
    LINKROLE_LIBCURL=$file run get AliyunServiceRoleForPolarDB
    check "$what: get exits 5 too" test "$rc" -eq 5
}
unloadable "a missing libcurl" "$TEST_TMP/no-such-libcurl.so.4"
printf 'not a shared object\n' >"$TEST_TMP/junk.so"
unloadable "a file that is no library" "$TEST_TMP/junk.so"
# A real library, without curl's functions: the C library itself.
libc=$(sed -n 's/.*[[:space:]]file=\([^ []*libc\.so[^ []*\).*/\1/p' \
    "$TEST_TMP/ld" | head -n 1)
if [ -n "$libc" ]; then
    unloadable "a library without libcurl's functions" "$libc"
    check "...which the message says" contains "$err" "curl_global_init"
else
    not_ok "the C library's file is named by LD_DEBUG"
fi
# Nothing was sent: ActionTrail's role was never made.
run get AliyunServiceRoleForActionTrail
check "nothing was sent: the create without libcurl made no role" \
    eval 'test "$rc" -eq 1 && contains "$err" EntityNotExist.Role'

# Without credentials, the chain's probe of the ECS metadata service says
# why it got nothing: libcurl, not "not on ECS".
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
LINKROLE_LIBCURL=$TEST_TMP/no-such-libcurl.so.4 run get SomeRole
check "no credentials and no libcurl: exit 3, the chain names libcurl" \
    eval 'test "$rc" -eq 3 && contains "$err" "cannot load libcurl" &&
          ! contains "$err" "not on ECS"'

done_testing
