#!/bin/bash
# HTTPS: certificates and host names are always verified.
. "$top_srcdir/tests/cli/lib.sh"

if ! command -v openssl >/dev/null 2>&1; then
    echo "1..0 # SKIP the openssl command is not installed"
    exit 0
fi
as_owner
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
    -keyout "$TEST_TMP/key.pem" -out "$TEST_TMP/cert.pem" 2>/dev/null

# A TLS server with a self-signed certificate, on a free port.
for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 30000))
    openssl s_server -quiet -www -accept "127.0.0.1:$port" \
        -cert "$TEST_TMP/cert.pem" -key "$TEST_TMP/key.pem" \
        </dev/null >/dev/null 2>"$TEST_TMP/s_server.err" &
    pid=$!
    SIM_PIDS="$SIM_PIDS $pid"
    up=
    for i in $(seq 40); do
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            up=1
            break
        fi
        sleep 0.05
    done
    [ -n "$up" ] && break
done
if [ -z "$up" ]; then
    echo "Bail out! could not start openssl s_server"
    exit 1
fi

run --endpoint "https://127.0.0.1:$port" whoami
check "a self-signed certificate is refused: exit 4" \
    eval '[ "$rc" -eq 4 ] && contains "$err" "127.0.0.1:$port"'
check "the message is about the certificate" \
    eval 'printf "%s" "$err" | grep -qi "certificate"'
run --endpoint "https://localhost:$port" whoami
check "not even when the host name matches the certificate" \
    test "$rc" -eq 4
check "a TLS failure is not retried" eval '! contains "$err" "attempts"'

start_sim
run --endpoint "https://${SIM_URL#http://}" whoami
check "https to a plain-HTTP server fails cleanly: exit 4" test "$rc" -eq 4

done_testing
