#!/bin/bash
# Interop with Alibaba Cloud's official Node SDKs: installs @alicloud/pop-core,
# @alicloud/openapi-client and the typed STS and ResourceManager clients
# (exact versions: tests/interop/package.json) into the build tree, then lets
# tests/interop/sdk.js call linkrole-sim with them: their signed requests
# (V1 and V3, owner keys and STS tokens) are accepted, and requests changed
# after signing, replayed, or signed with a wrong secret or an unknown key
# are refused.
#
# Skipped only when node or npm is missing.  The npm registry being
# unreachable is a failure, not a skip.  The packages go to
# $top_builddir/tests/interop/node_modules and are reused while they are at
# the pinned versions (tests/interop/install.sh, shared with credlib.sh).

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "1..0 # SKIP node/npm not installed (install nodejs and npm to run the SDK interop tests)"
    exit 0
fi

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
# lib.sh writes its transcript and the simulator's log under tests/cli,
# which a VPATH build only creates when a tests/cli test runs first.
mkdir -p "$top_builddir/tests/cli" "$top_builddir/tests/interop"

# lib.sh points HOME at a scratch directory; npm should still see the
# user's own configuration (a registry mirror, a proxy).
ORIG_HOME=${HOME-}

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/interop/install.sh"

# --- install (or reuse) the SDKs -------------------------------------------

if ! interop_install; then
    done_testing
    exit 1
fi

# --- the SDKs against the simulator ----------------------------------------

start_sim
SIM_LOG=$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log
STS_SECRETS=$TEST_TMP/sts-secrets
: >"$STS_SECRETS"

INTEROP_ENDPOINT=$SIM_URL INTEROP_AK=$TEST_AK INTEROP_SECRET=$TEST_SECRET \
INTEROP_SECRETS_FILE=$STS_SECRETS \
    with_timeout 90 node "$INTEROP_SRC/sdk.js" "$PREFIX" \
    >"$TEST_TMP/node.out" 2>"$TEST_TMP/node.err" </dev/null
nrc=$?
{
    printf '$ node tests/interop/sdk.js %s\n' "$PREFIX"
    cat "$TEST_TMP/node.out" "$TEST_TMP/node.err"
    printf '[exit %s]\n' "$nrc"
} >>"$TRANSCRIPT"

done_line=
while IFS= read -r line; do
    case "$line" in
        "ok - "*) ok "${line#ok - }" ;;
        "not ok - "*) not_ok "${line#not ok - }" ;;
        "#"*) printf '%s\n' "$line" ;;
        "done "*) done_line=${line#done } ;;
        *) printf '# %s\n' "$line" ;;
    esac
done <"$TEST_TMP/node.out"

if [ -n "$done_line" ] && [ "$nrc" -eq 0 ]; then
    ok "sdk.js ran all its $done_line test points and exited 0"
else
    not_ok "sdk.js ran all its test points and exited 0" \
        "exit status $nrc (124: killed by the 90 s timeout); done line: ${done_line:-missing}" \
        "stderr: $(tail -c 2000 "$TEST_TMP/node.err")"
fi

stop_sim

# --- no secret in what the simulator logged or the SDK run printed ---------

sts_count=$(grep -c . "$STS_SECRETS")
check "sdk.js handed over the STS secrets and tokens it obtained ($sts_count)" \
    test "$sts_count" -ge 4
check "linkrole-sim --verbose logged the SDK requests and refusals" \
    eval 'grep -q "GetCallerIdentity" "$SIM_LOG" &&
          grep -q "SignatureDoesNotMatch" "$SIM_LOG" &&
          grep -q "SignatureNonceUsed" "$SIM_LOG"'

leaks() {
    local file=$1 s
    for s in $TEST_SECRETS wrong-secret-Kd93 interop-wrong-secret-Hv52; do
        grep -qF -- "$s" "$file" && return 0
    done
    while IFS= read -r s; do
        [ -n "$s" ] && grep -qF -- "$s" "$file" && return 0
    done <"$STS_SECRETS"
    return 1
}
check "the simulator's log holds no secret key or STS secret or token" \
    eval '! leaks "$SIM_LOG"'
check "the SDK run's output holds no secret key or STS secret or token" \
    eval '! leaks "$TRANSCRIPT"'

done_testing
