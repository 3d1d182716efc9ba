#!/bin/bash
# Interop with Alibaba Cloud's official credentials library
# (@alicloud/credentials, exact version in tests/interop/package.json):
# for each way of giving credentials that it shares with linkrole (the
# environment, ~/.aliyun/config.json modes, the INI file's types, the
# instance role, a credentials URI, OIDC), tests/interop/credlib.js writes
# the same files and variables into a scratch HOME and asks both the
# library's default chain and `linkrole whoami`; both must reach the same
# AccessKeyId, or send the same AssumeRole requests, to linkrole-sim.
#
# Skipped only when node or npm is missing.  The npm registry being
# unreachable is a failure, not a skip.  The packages are shared with
# tests/interop/sdk.sh (tests/interop/install.sh).

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "1..0 # SKIP node/npm not installed (install nodejs and npm to run the credentials interop test)"
    exit 0
fi

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
mkdir -p "$top_builddir/tests/cli" "$top_builddir/tests/interop"

# lib.sh points HOME at a scratch directory; npm should still see the
# user's own configuration (a registry mirror, a proxy).
ORIG_HOME=${HOME-}

. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/interop/install.sh"

if ! interop_install; then
    done_testing
    exit 1
fi

# --- both against the simulator ------------------------------------------

METADATA_ROLE=interop-instance-role
ACCOUNT=1234567890123456
start_sim --metadata-role "$METADATA_ROLE" --credentials-uri \
    --assumable-role "acs:ram::$ACCOUNT:role/interop-operator" \
    --assumable-role "acs:ram::$ACCOUNT:role/interop-chained" \
    --assumable-role "acs:ram::$ACCOUNT:role/interop-ini" \
    --assumable-role "acs:ram::$ACCOUNT:role/interop-oidc"
SIM_LOG=$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log
unset LINKROLE_ENDPOINT

INTEROP_SIM=$SIM_URL INTEROP_LINKROLE=$LINKROLE INTEROP_TMP=$TEST_TMP \
INTEROP_AK=$TEST_AK INTEROP_SECRET=$TEST_SECRET \
INTEROP_USER_AK=$USER_AK INTEROP_USER_SECRET=$USER_SECRET \
INTEROP_ACCOUNT=$ACCOUNT INTEROP_METADATA_ROLE=$METADATA_ROLE \
INTEROP_SECRETS_FILE=$SECRETS_FILE \
    with_timeout 540 node "$INTEROP_SRC/credlib.js" "$PREFIX" \
    >"$TEST_TMP/node.out" 2>"$TEST_TMP/node.err" </dev/null
nrc=$?
{
    printf '$ node tests/interop/credlib.js %s\n' "$PREFIX"
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
    ok "credlib.js ran all its $done_line test points and exited 0"
else
    not_ok "credlib.js ran all its test points and exited 0" \
        "exit status $nrc (124: killed by the 540 s timeout); done line: ${done_line:-missing}" \
        "stderr: $(tail -c 2000 "$TEST_TMP/node.err")"
fi

stop_sim

# --- no secret in what the simulator logged or either side printed -------

leaks() {
    local file=$1 s
    for s in $TEST_SECRETS; do
        grep -qF -- "$s" "$file" && return 0
    done
    while IFS= read -r s; do
        [ -n "$s" ] && grep -qF -- "$s" "$file" && return 0
    done <"$SECRETS_FILE"
    return 1
}
sts_count=$(grep -c . "$SECRETS_FILE")
check "credlib.js handed over the STS secrets and tokens it met ($sts_count)" \
    test "$sts_count" -ge 8
check "the simulator's log holds no secret key, STS secret or token" \
    eval '! leaks "$SIM_LOG"'
check "the run's output holds no secret key, STS secret or token" \
    eval '! leaks "$TRANSCRIPT"'

done_testing
