#!/bin/bash
# Proxies (issue 10, point 3).  With a logging proxy in http_proxy,
# HTTPS_PROXY and ALL_PROXY: API requests addressed to their real host
# names reach it as CONNECT lines (it ends their TLS with a certificate of
# the test's own CA and passes them to linkrole-sim), while the metadata
# service, at its real address 100.100.100.200, and a credentials URI on
# loopback never do.  A proxy nobody answers at: exit 4, named.
#
# Nothing may leave loopback, so the parts that need the real host names
# and the real metadata address run in a network namespace the test
# makes for itself (unshare -n as root, else -rn with a user namespace):
# its only interface is lo, which gets 100.100.100.200 (tunnel --lo-up),
# and linkrole trusts the test's CA through SSL_CERT_FILE (no mount
# namespace: in CI's chroot one cannot be made).  Where no
# such namespace can be made those parts are skipped,
# saying so; the unit tests (test_http) still check the route a metadata
# request gets.
# root (as CI is, in a chroot where a user namespace cannot be made)
# needs none; anyone else asks for one (-r).
if [ -z "${LINKROLE_IN_NETNS-}" ] && command -v unshare >/dev/null 2>&1; then
    for ns in -n -rn; do
        if [ "$ns" = -n ] && [ "$(id -u)" != 0 ]; then continue; fi
        if unshare "$ns" true 2>/dev/null; then
            LINKROLE_IN_NETNS=1 exec unshare "$ns" bash "$0" "$@"
        fi
    done
fi
. "$top_srcdir/tests/cli/lib.sh"

TUNNEL=$top_builddir/tests/net/tunnel
PROXY_LOG=$top_builddir/tests/net/proxy.tunnel.log
MD_LOG=$top_builddir/tests/net/metadata.tunnel.log
: >"$PROXY_LOG"
: >"$MD_LOG"
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY \
    no_proxy NO_PROXY ALIBABA_CLOUD_ECS_METADATA ALIBABA_CLOUD_CREDENTIALS_URI \
    LINKROLE_METADATA_ENDPOINT ALIBABA_CLOUD_PROFILE

# start_tunnel ARGS...: a tunnel on a free port; its port in $TUNNEL_PORT.
start_tunnel() {
    local pf=$TEST_TMP/tunnel.port.$RANDOM i
    rm -f "$pf"
    "$TUNNEL" --port-file "$pf" --lifetime 120 "$@" </dev/null \
        >/dev/null 2>>"$TEST_TMP/tunnel.err" &
    SIM_PIDS="$SIM_PIDS $!"
    for i in $(seq 200); do
        [ -s "$pf" ] && break
        sleep 0.05
    done
    if [ ! -s "$pf" ]; then
        echo "Bail out! tunnel did not start: $(cat "$TEST_TMP/tunnel.err")"
        exit 1
    fi
    TUNNEL_PORT=$(cat "$pf")
}

# A port nobody listens on (inside the namespace nothing else runs).
closed_port() {
    local p
    for _ in 1 2 3 4 5 6 7 8; do
        p=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo 9
}

# --- an unreachable proxy: exit 4, named, without its password --------------
as_owner
unset LINKROLE_ENDPOINT
port=$(closed_port)
HTTPS_PROXY="http://proxyuser:proxy-pw-Zq81@127.0.0.1:$port" NO_PROXY= \
    run whoami
check "HTTPS_PROXY at a closed port: exit 4" test "$rc" -eq 4
check "the message names the proxy" \
    contains "$err" "cannot go through the proxy http://127.0.0.1:$port (from https_proxy, http_proxy or ALL_PROXY) to sts.aliyuncs.com"
check "the message holds no user or password of the proxy" \
    eval '! contains "$err" "proxy-pw-Zq81" && ! contains "$err" "proxyuser"'
check "an unreachable proxy is not retried" \
    eval '! contains "$err" "attempts"'
HTTPS_PROXY="http://127.0.0.1:$port" run --output json whoami
check "-o json: exit 4, the proxy in the error object" \
    eval '[ "$rc" -eq 4 ] && printf "%s" "$out" | jq -e ".Error.Message | contains(\"127.0.0.1:$port\")" >/dev/null'

if [ -z "${LINKROLE_IN_NETNS-}" ]; then
    ok "# SKIP CONNECT lines and the metadata service at 100.100.100.200: no network namespace can be made here (unshare)"
    done_testing
    exit
fi

# --- the private namespace ---------------------------------------------------
if ! command -v openssl >/dev/null 2>&1; then
    ok "# SKIP CONNECT lines: the openssl command is not installed"
    done_testing
    exit
fi
if ! "$TUNNEL" --lo-up 100.100.100.200 2>"$TEST_TMP/lo.err"; then
    echo "Bail out! cannot set lo up in the namespace: $(cat "$TEST_TMP/lo.err")"
    exit 1
fi
# The test's CA, and a certificate for the API hosts the requests name.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=linkrole-test-ca \
    -keyout "$TEST_TMP/ca.key" -out "$TEST_TMP/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=resourcemanager.aliyuncs.com \
    -keyout "$TEST_TMP/host.key" -out "$TEST_TMP/host.csr" 2>/dev/null
printf 'subjectAltName=%s\n' \
    "DNS:resourcemanager.aliyuncs.com,DNS:sts.aliyuncs.com,DNS:ram.aliyuncs.com,DNS:dbs-api.cn-hangzhou.aliyuncs.com,DNS:dbs-api.me-east-1.aliyuncs.com" \
    >"$TEST_TMP/san.ext"
openssl x509 -req -in "$TEST_TMP/host.csr" -CA "$TEST_TMP/ca.pem" \
    -CAkey "$TEST_TMP/ca.key" -CAcreateserial -days 1 \
    -extfile "$TEST_TMP/san.ext" -out "$TEST_TMP/host.pem" 2>/dev/null
# linkrole trusts the test's CA, and only it, through SSL_CERT_FILE.
if [ ! -s "$TEST_TMP/host.pem" ]; then
    echo "Bail out! openssl made no certificate for the API hosts"
    exit 1
fi
export SSL_CERT_FILE=$TEST_TMP/ca.pem
unset SSL_CERT_DIR

start_sim --metadata-role NetEcsRole --credentials-uri
sim_port=${SIM_URL##*:}
unset LINKROLE_ENDPOINT
start_tunnel --log "$PROXY_LOG" --upstream "$sim_port" \
    --cert "$TEST_TMP/host.pem" --key "$TEST_TMP/host.key"
PROXY=http://127.0.0.1:$TUNNEL_PORT
start_tunnel --log "$MD_LOG" --upstream "$sim_port" \
    --listen 100.100.100.200:80

# with_proxy CMD...: every proxy variable at the logging proxy, NO_PROXY
# naming nothing.
with_proxy() {
    http_proxy=$PROXY HTTP_PROXY=$PROXY https_proxy=$PROXY \
        HTTPS_PROXY=$PROXY all_proxy=$PROXY ALL_PROXY=$PROXY \
        no_proxy= NO_PROXY= "$@"
}
proxied() { grep -c "$1" "$PROXY_LOG"; }

# API requests with keys from the environment: CONNECT to their hosts.
as_owner
: >"$PROXY_LOG"
with_proxy run whoami
check "whoami through the proxy: exit 0" test "$rc" -eq 0
check "the proxy saw CONNECT sts.aliyuncs.com:443" \
    test "$(proxied '^CONNECT sts.aliyuncs.com:443$')" -ge 1
check "and the request it tunnelled asked for JSON" \
    test "$(proxied '^accept: application/json$')" -ge 1
with_proxy run create --service polardb.aliyuncs.com
check "create through the proxy: exit 0" test "$rc" -eq 0
check "the proxy saw CONNECT resourcemanager.aliyuncs.com:443" \
    test "$(proxied '^CONNECT resourcemanager.aliyuncs.com:443$')" -ge 1
with_proxy run --region me-east-1 dbs-init
check "dbs-init in me-east-1 through the proxy: exit 0" test "$rc" -eq 0
check "the proxy saw CONNECT dbs-api.me-east-1.aliyuncs.com:443" \
    test "$(proxied '^CONNECT dbs-api.me-east-1.aliyuncs.com:443$')" -ge 1
# NO_PROXY as curl reads it: the API host named there goes direct (and,
# in this namespace, finds nobody: exit 4 without a CONNECT).
: >"$PROXY_LOG"
HTTPS_PROXY=$PROXY NO_PROXY=.aliyuncs.com run --timeout 5 whoami
check "NO_PROXY=.aliyuncs.com: the proxy is not used" \
    eval '[ "$rc" -eq 4 ] && [ "$(proxied CONNECT)" -eq 0 ]'

# A proxy that refuses the tunnel (403): nothing reached the API, so
# even a create is not "no answer" (no lost-answer check), and the
# message names the proxy and its answer.
REFUSING_LOG=$top_builddir/tests/net/refusing.tunnel.log
: >"$REFUSING_LOG"
start_tunnel --log "$REFUSING_LOG" --upstream "$sim_port" \
    --cert "$TEST_TMP/host.pem" --key "$TEST_TMP/host.key" --refuse
HTTPS_PROXY=http://127.0.0.1:$TUNNEL_PORT NO_PROXY= \
    run create --service ecs.aliyuncs.com
check "a proxy refusing the tunnel: exit 4" test "$rc" -eq 4
check "the message names the proxy and its 403" \
    eval 'contains "$err" "the proxy http://127.0.0.1:$TUNNEL_PORT" && contains "$err" "403"'
check "a refused tunnel is not taken for a lost answer" \
    eval '! contains "$err" "checking whether" && ! contains "$err" "GetRole"'
check "the refusing proxy saw only the CONNECT" \
    eval '[ "$(grep -c "^CONNECT resourcemanager.aliyuncs.com:443$" "$REFUSING_LOG")" -eq 1 ] && ! grep -q "^request" "$REFUSING_LOG"'

# The instance role, from the metadata service at its real address.
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET \
    ALIBABA_CLOUD_SECURITY_TOKEN
: >"$PROXY_LOG"
: >"$MD_LOG"
ALIBABA_CLOUD_ECS_METADATA=NetEcsRole with_proxy run whoami
check "ECS instance role with every proxy variable set: exit 0" \
    test "$rc" -eq 0
check "the metadata service was reached directly, at 100.100.100.200" \
    test "$(grep -c '^forward$' "$MD_LOG")" -ge 1
check "no metadata request reached the proxy" \
    eval '! grep -q "100.100.100.200\|/latest/" "$PROXY_LOG"'
check "the API request with the role's keys did (CONNECT sts)" \
    test "$(proxied '^CONNECT sts.aliyuncs.com:443$')" -ge 1

# A credentials URI on loopback: direct too.
: >"$PROXY_LOG"
ALIBABA_CLOUD_CREDENTIALS_URI="$SIM_URL/credentials" with_proxy \
    run whoami
check "credentials URI on loopback with every proxy variable set: exit 0" \
    test "$rc" -eq 0
check "the credentials URI request never reached the proxy" \
    eval '! grep -q "/credentials\|127.0.0.1" "$PROXY_LOG"'
check "the API request did" \
    test "$(proxied '^CONNECT sts.aliyuncs.com:443$')" -ge 1

done_testing
