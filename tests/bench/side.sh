#!/bin/bash
# The side-by-side figures of `make bench` (issue 15): whole processes,
# run alternately with what they are compared with, against a
# linkrole-sim on 127.0.0.1 that this script starts (tests/bench/lib.sh
# runs the pairs and prints the rows; doc/performance.md says how to read
# them).
#
#   create, get      linkrole, against a bare curl sending the very same
#                    signed request (built and signed by bench_presign
#                    with the project's own API code just before each
#                    curl, outside the timing), and against the official
#                    Node SDK (@alicloud/resourcemanager20200331, one
#                    node process a call: tests/bench/sdk_bench.js)
#   --demo create    against the same create over loopback
#   list -o json     over 10,000 roles (a simulator started from a state
#                    file holding them)
#   V3 signing       microseconds a signature, the SDK's signer in node
#                    (sdk_bench.js sign) against linkrole's
#                    (tests/bench/bench_sign), alternately
#
# The issue's targets are printed beside the figures; nothing is judged.
# A missing tool (curl, node, npm) leaves its rows out with a note.
#
# Knobs: BENCH_PAIRS (20), BENCH_WARMUP (3), BENCH_SIGN_RUNS (5: runs of
# each signer), BENCH_ROLES (10000: roles for list; 0 leaves it out).

# npm should still see the user's own configuration (a registry mirror,
# a proxy) once lib.sh has pointed HOME at a scratch directory.
ORIG_HOME=${HOME-}
BENCH_NAME="bench side"
. "$top_srcdir/tests/bench/lib.sh"

PRESIGN=$top_builddir/tests/bench/bench_presign
BENCH_SIGN=$top_builddir/tests/bench/bench_sign
SDK_JS=$top_srcdir/tests/bench/sdk_bench.js
SIGN_RUNS=${BENCH_SIGN_RUNS:-5}
ROLES=${BENCH_ROLES:-10000}
SERVICE=polardb.aliyuncs.com
GET_ROLE=AliyunServiceRoleForPolarDB_bget

bench_need "every figure" "$LINKROLE" "$SIM" "$BENCH_RUSAGE" || exit 0

# --- what runs: A is the first of each pair ---------------------------------
# Each creates a role of its own: PolarDB takes a CustomSuffix, and each
# side of each row has its own prefix (run I of row X: suffix XI).
lr_create() { bench_time "$LINKROLE" create --service "$SERVICE" --suffix "$CREATE_PREFIX$1"; }
lr_get() { bench_time "$LINKROLE" get "$GET_ROLE"; }

# presign ARGS...: the signed request linkrole would send, as curl's
# arguments in CURL_ARGS.
presign() {
    "$PRESIGN" "$LINKROLE_ENDPOINT" "$@" >"$BENCH_TMP/args" \
        2>"$BENCH_TMP/last.err" &&
        mapfile -t CURL_ARGS <"$BENCH_TMP/args"
}
curl_create() {
    presign create "$SERVICE" "cu$1" || return 0
    bench_time curl -sS --fail -o /dev/null "${CURL_ARGS[@]}"
}
curl_get() {
    presign get "$GET_ROLE" || return 0
    bench_time curl -sS --fail -o /dev/null "${CURL_ARGS[@]}"
}

sdk_create() { bench_time node "$SDK_JS" "$PREFIX" create "$SERVICE" "sd$1"; }
sdk_get() { bench_time node "$SDK_JS" "$PREFIX" get "$GET_ROLE"; }

# The demo keeps its account under XDG_STATE_HOME: a scratch one, made
# on the first (warm-up) run and kept, as a user's would be.
demo_create() {
    XDG_STATE_HOME=$BENCH_TMP/demo-state \
        bench_time "$LINKROLE" --demo create --service "$SERVICE" --suffix "dm$1"
}

lr_list() { bench_time "$LINKROLE" list -o json; }

# --- the figures --------------------------------------------------------------
as_owner
start_sim --role-limit 100000
export BENCH_ENDPOINT=${LINKROLE_ENDPOINT#http://}

echo
echo "bench side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc 2>/dev/null || echo '?') CPUs," \
    "$("$LINKROLE" --version 2>/dev/null | head -n 1)," \
    "$(curl --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)," \
    "node $(node --version 2>/dev/null || echo 'none'), load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "bench side: whole processes against linkrole-sim on 127.0.0.1, A and B" \
    "alternately, $BENCH_WARMUP warm-up pairs then $BENCH_PAIRS pairs;" \
    "median (min-max); A/B pair by pair"
bench_header

# The role every get reads.
bench_time "$LINKROLE" create --service "$SERVICE" --suffix bget ||
    bench_note "$GET_ROLE could not be made: $(head -n 1 "$BENCH_TMP/last.err")"

CREATE_PREFIX="lc"
if bench_need "the curl rows" curl "$PRESIGN"; then
    bench_pairs "create: linkrole vs curl" "A/B <= 1.15" lr_create curl_create
    bench_pairs "get: linkrole vs curl" "" lr_get curl_get
fi

CREATE_PREFIX="ls"
if bench_need "the Node SDK rows" node npm; then
    mkdir -p "$top_builddir/tests/interop"
    # shellcheck source=../interop/install.sh
    . "$top_srcdir/tests/interop/install.sh"
    if interop_install >"$BENCH_TMP/install.out" 2>&1; then
        bench_pairs "create: Node SDK vs linkrole" "A/B >= 30" sdk_create lr_create
        bench_pairs "get: Node SDK vs linkrole" "" sdk_get lr_get
    else
        bench_note "the SDK could not be installed: the Node SDK rows left out"
        sed -n 's/^#   /  /p' "$BENCH_TMP/install.out" | tail -n 5
    fi
fi

CREATE_PREFIX="ld"
bench_pairs "--demo create vs create" "" demo_create lr_create
stop_sim

# list -o json over ROLES service-linked roles, from a state file.
if [ "$ROLES" -gt 0 ]; then
    awk -v n="$ROLES" 'BEGIN {
        printf "{\"schema\": 1, \"account_id\": \"1234567890123456\", \"roles\": ["
        for (i = 1; i <= n; i++)
            printf "%s\n{\"role_id\": \"3%016d\", \"role_name\": \"AliyunServiceRoleForPolarDB_b%06d\", \"service_linked\": true, \"service_name\": \"polardb.aliyuncs.com\", \"create_date\": \"2024-01-02T03:04:05Z\"}", (i > 1 ? "," : ""), i, i
        print "]}"
    }' >"$BENCH_TMP/roles.json"
    start_sim --role-limit 100000 --state "$BENCH_TMP/roles.json"
    bench_series "list -o json, $ROLES roles" "" lr_list
    stop_sim
fi

# --- V3 signatures, the SDK's signer against linkrole's -------------------------
# One figure a run (each averages 20,000 signatures), the runs
# alternately; the pairs file gets "SDK_US - 0 LINKROLE_US - 0".
if bench_need "the signing row" "$BENCH_SIGN" node && [ -n "${PREFIX-}" ] &&
     [ -d "$PREFIX/node_modules/@alicloud/openapi-core" ]; then
    sign_file=$BENCH_TMP/sign.pairs
    : >"$sign_file"
    for i in $(seq "$SIGN_RUNS"); do
        sdk=$(node "$SDK_JS" "$PREFIX" sign 2>"$BENCH_TMP/last.err" |
            sed -n 's/.* \([0-9.][0-9.]*\) us\/signature.*/\1/p')
        lr=$("$BENCH_SIGN" 2>"$BENCH_TMP/last.err" |
            sed -n 's/.*sign_rpc_v3.* \([0-9.][0-9.]*\) us\/signature.*/\1/p')
        if [ -z "$sdk" ] || [ -z "$lr" ]; then
            bench_note "signing run $i gave no figure: $(head -n 1 "$BENCH_TMP/last.err")"
            continue
        fi
        echo "$sdk - 0 $lr - 0" >>"$sign_file"
    done
    echo "bench side: V3 (ACS3-HMAC-SHA256) signing, $SIGN_RUNS runs of each" \
        "alternately, each the mean of 20,000 signatures; median (min-max)"
    bench_header "us/sig"
    bench_row "V3 signing: Node SDK vs linkrole" "A/B >= 15" "$sign_file"
    awk '{ print $1 }' "$sign_file" | bench_stats >"$BENCH_TMP/sdk.sign"
    awk '{ print $4 }' "$sign_file" | bench_stats >"$BENCH_TMP/lr.sign"
    if [ -s "$BENCH_TMP/sdk.sign" ] && [ -s "$BENCH_TMP/lr.sign" ]; then
        awk 'NR == FNR { s = $1; next } { printf "  signatures per second" \
            " (from the medians): Node SDK %.0f, linkrole %.0f\n", 1e6 / s, 1e6 / $1 }' \
            "$BENCH_TMP/sdk.sign" "$BENCH_TMP/lr.sign"
    fi
else
    bench_note "the signing row needs bench_sign, node and the SDK installed: left out"
fi
exit 0
