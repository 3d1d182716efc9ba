# Shared by the shell tests: TAP output and a way to run linkrole.
#
# Each test script sources this file, calls check/ok/not_ok as it goes and
# ends with done_testing, which prints the plan and sets the exit status.
# The harness (automake's tap-driver.sh) reads the TAP lines.

set -u

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

LINKROLE=$top_builddir/linkrole
FIXTURES=$top_srcdir/tests/fixtures
GOLDEN=$top_srcdir/tests/cli/golden

SIM=$top_builddir/linkrole-sim

# Credentials the suite uses.  tests/cli/secrets.sh checks that none of
# these secrets appears in any output, log or transcript of the suite.
TEST_AK=LTAIsuiteOwnerKey0001
TEST_SECRET=suite-owner-secret-Qx81vTz
USER_AK=LTAIsuiteUserKey00002
USER_SECRET=suite-user-secret-Pm27wYd
TEST_SECRETS="$TEST_SECRET $USER_SECRET"

TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-test.XXXXXX")
# Everything linkrole and linkrole-sim print goes here too, for the
# secrets check.
TRANSCRIPT=$top_builddir/tests/cli/$TEST_NAME.transcript
: >"$TRANSCRIPT"
# Secrets a test makes up or receives (STS keys) go here, one a line, for
# tests/cli/secrets.sh to look for.
SECRETS_FILE=$top_builddir/tests/cli/$TEST_NAME.secrets
: >"$SECRETS_FILE"
remember_secret() { printf '%s\n' "$1" >>"$SECRETS_FILE"; }
SIM_PIDS=
SIM_COUNT=0
cleanup() {
    for pid in $SIM_PIDS; do kill "$pid" 2>/dev/null; done
    for pid in $SIM_PIDS; do wait "$pid" 2>/dev/null; done
    rm -rf "$TEST_TMP"
}
trap cleanup EXIT
export HOME=$TEST_TMP/home XDG_CACHE_HOME=$TEST_TMP/cache
# The journal and the demo account (--demo keeps it between runs).
export XDG_STATE_HOME=$TEST_TMP/state
mkdir -p "$HOME"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET \
    ALIBABA_CLOUD_SECURITY_TOKEN LINKROLE_ENDPOINT \
    ALIBABACLOUD_ACCESS_KEY_ID ALIBABACLOUD_ACCESS_KEY_SECRET \
    ALIBABACLOUD_SECURITY_TOKEN ALICLOUD_ACCESS_KEY_ID \
    ALICLOUD_ACCESS_KEY_SECRET ALICLOUD_SECURITY_TOKEN ALICLOUD_ACCESS_KEY \
    ALICLOUD_SECRET_KEY ALIBABA_CLOUD_REGION_ID ALIBABACLOUD_REGION_ID \
    ALICLOUD_REGION_ID ALICLOUD_REGION ALIBABA_CLOUD_PROFILE \
    ALIBABACLOUD_PROFILE ALICLOUD_PROFILE ALIBABA_CLOUD_ECS_METADATA \
    ALIBABA_CLOUD_ECS_METADATA_DISABLED ALIBABA_CLOUD_CREDENTIALS_URI \
    ALIBABA_CLOUD_CONFIG_FILE ALIBABA_CLOUD_CREDENTIALS_FILE \
    SSL_CERT_FILE SSL_CERT_DIR
# LANGUAGE outranks LANG for the language of names (as for gettext): a
# test that sets LANG=zh_CN must not meet a developer's LANGUAGE=en.
unset LANGUAGE
# A config file of the developer's own (app/defaults.h) must not change
# what the suite sees: only $HOME/.config, under the test's HOME, is read.
unset XDG_CONFIG_HOME
# With no credentials set, linkrole asks the ECS metadata service whether
# this is an ECS instance: never the real one (100.100.100.200) from a
# test.  A closed loopback port answers "not on ECS" at once; a test that
# wants the service points this at linkrole-sim.
export LINKROLE_METADATA_ENDPOINT=http://127.0.0.1:1

tap_count=0
tap_failed=0

ok() {
    tap_count=$((tap_count + 1))
    echo "ok $tap_count - $1"
}

not_ok() {
    tap_count=$((tap_count + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_count - $1"
    shift
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/#   /'
    done
}

# run ARGS...: runs linkrole with stdin closed, keeping stdout in $out,
# stderr in $err and the exit status in $rc.  $LINKROLE_WRAP, when set,
# is a command put in front of it (e.g. valgrind with its options, by
# tests/hostile/valgrind.sh; `timeout 30` by the hostile tests).
run() {
    # shellcheck disable=SC2086
    ${LINKROLE_WRAP-} "$LINKROLE" "$@" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
    {
        printf '$ linkrole %s\n' "$*"
        cat "$TEST_TMP/out" "$TEST_TMP/err"
        printf '[exit %s]\n' "$rc"
    } >>"$TRANSCRIPT"
}

# as_owner / as_user: the credentials of the account's owner or of a RAM
# user without permissions, in the environment.
as_owner() {
    export ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK
    export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$TEST_SECRET
    unset ALIBABA_CLOUD_SECURITY_TOKEN
}
as_user() {
    export ALIBABA_CLOUD_ACCESS_KEY_ID=$USER_AK
    export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$USER_SECRET
    unset ALIBABA_CLOUD_SECURITY_TOKEN
}

# start_sim [ARGS...]: starts linkrole-sim on a free loopback port with the
# suite's keys (plus ARGS) and points linkrole at it (LINKROLE_ENDPOINT).
start_sim() {
    local n line= i
    SIM_COUNT=$((SIM_COUNT + 1))
    n=$SIM_COUNT
    local outf=$TEST_TMP/sim$n.out logf=$top_builddir/tests/cli/$TEST_NAME.sim$n.log
    "$SIM" --listen 127.0.0.1:0 --access-key "$TEST_AK:$TEST_SECRET" \
        --user "auditor:$USER_AK:$USER_SECRET" --verbose "$@" \
        >"$outf" 2>"$logf" </dev/null &
    SIM_PID=$!
    SIM_PIDS="$SIM_PIDS $SIM_PID"
    for i in $(seq 200); do
        line=$(head -n 1 "$outf" 2>/dev/null)
        case "$line" in "listening on "*) break ;; esac
        if ! kill -0 "$SIM_PID" 2>/dev/null; then break; fi
        sleep 0.05
    done
    case "$line" in
        "listening on "*) SIM_URL=${line#listening on } ;;
        *) echo "Bail out! linkrole-sim did not start: $(cat "$logf")"
           exit 1 ;;
    esac
    export LINKROLE_ENDPOINT=$SIM_URL
}

stop_sim() {
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
}

# check NAME CONDITION...: one test point from a shell condition, with
# what linkrole printed when it fails.
check() {
    name=$1
    shift
    if "$@"; then
        ok "$name"
    else
        not_ok "$name" "condition: $*" "exit status: ${rc-}" \
            "stdout: $(printf '%s' "${out-}" | head -c 2000)" \
            "stderr: $(printf '%s' "${err-}" | head -c 2000)"
    fi
}

# check_same NAME EXPECTED_FILE ACTUAL_FILE: a golden-file comparison.
check_same() {
    if diff -u "$2" "$3" >"$TEST_TMP/diff"; then
        ok "$1"
    else
        not_ok "$1" "$(head -c 3000 "$TEST_TMP/diff")"
    fi
}

# check_golden NAME GOLDEN_FILE ACTUAL_FILE: check_same against a golden
# file.  With UPDATE_GOLDEN set, a golden file that differs (or is
# missing) is rewritten from ACTUAL_FILE -- and the test still fails,
# saying so: a run with UPDATE_GOLDEN set never passes by rewriting what
# it compares.  Look at the change (git diff), then run again without it.
check_golden() {
    if [ -f "$2" ] && diff -u "$2" "$3" >"$TEST_TMP/diff" 2>&1; then
        ok "$1"
    elif [ -n "${UPDATE_GOLDEN-}" ] && cp "$3" "$2"; then
        not_ok "$1" "UPDATE_GOLDEN is set: rewrote $2; check the change" \
            "(git diff) and run the tests again without UPDATE_GOLDEN"
    else
        [ -f "$2" ] || echo "no golden file $2" >"$TEST_TMP/diff"
        not_ok "$1" "$(head -c 3000 "$TEST_TMP/diff")"
    fi
}

contains() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi; }

done_testing() {
    echo "1..$tap_count"
    [ "$tap_failed" -eq 0 ]
}
