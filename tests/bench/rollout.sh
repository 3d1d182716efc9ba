#!/bin/bash
# The rollout figure of `make bench` (issue 14): how long `linkrole
# rollout` takes over a simulated Resource Directory, and how that
# compares with the shape of today's shell loop, one `linkrole create`
# process per member account, one after the other.
#
# Against linkrole-sim --directory 500 --latency 50 (every answer 50 ms
# late, answers served concurrently):
#   - linkrole rollout --service polardb.aliyuncs.com --yes --concurrency 16
#   - a loop over the members: linkrole --profile m<ID> create --exist-ok,
#     each profile a RamRoleArn one assuming the member's
#     ResourceDirectoryAccountAccessRole with the management account's key
# each against a freshly started simulator; then the peak RSS of a --plan
# and of a run over --directory 10000 (no latency).
#
# Wall time and peak RSS come from tests/bench/bench_rusage (wait4).  It
# prints figures and the issue's targets beside them, never a verdict,
# and it does not fail: what cannot be measured is a note.
#
# Knobs (environment): BENCH_ROLLOUT_RUNS (5), BENCH_LOOP_RUNS (3),
# BENCH_ACCOUNTS (500), BENCH_LATENCY (50), BENCH_CONCURRENCY (16),
# BENCH_CONCURRENCY_HIGH (64: the rollout again at that concurrency; 0
# skips it), BENCH_BIG (10000; 0 skips it), BENCH_BIG_RUNS (1).
set -u

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
LINKROLE=$top_builddir/linkrole
SIM=$top_builddir/linkrole-sim
RUSAGE=$top_builddir/tests/bench/bench_rusage
: "${LINKROLE_CATALOG:=$top_srcdir/data/services.json}"
export LINKROLE_CATALOG

RUNS=${BENCH_ROLLOUT_RUNS:-5}
LOOP_RUNS=${BENCH_LOOP_RUNS:-3}
ACCOUNTS=${BENCH_ACCOUNTS:-500}
LATENCY=${BENCH_LATENCY:-50}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
HIGH=${BENCH_CONCURRENCY_HIGH:-64}
BIG=${BENCH_BIG:-10000}
BIG_RUNS=${BENCH_BIG_RUNS:-1}
SERVICE=polardb.aliyuncs.com

# Made-up keys of the simulated management account's owner.
BENCH_AK=LTAIbenchOwnerKey0001
BENCH_SECRET=bench-owner-secret-Rk52pLw

note() { printf 'bench rollout: note: %s\n' "$*"; }

BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-bench.XXXXXX") || {
    note "no temporary directory; nothing measured"
    exit 0
}
SIM_PID=
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
    rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

# Nothing of the developer's own may change what is measured: a home,
# a state directory and credentials of the benchmark's own.
export HOME=$BENCH_TMP/home XDG_CACHE_HOME=$BENCH_TMP/cache
export XDG_STATE_HOME=$BENCH_TMP/state
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
    LANGUAGE XDG_CONFIG_HOME
export LINKROLE_METADATA_ENDPOINT=http://127.0.0.1:1
export LC_ALL=C.UTF-8

for f in "$LINKROLE" "$SIM" "$RUSAGE"; do
    if [ ! -x "$f" ]; then
        note "$f is not built; nothing measured"
        exit 0
    fi
done

# start_sim ARGS...: a fresh linkrole-sim on a free loopback port, the
# benchmark's key that of the management account; sets LINKROLE_ENDPOINT.
# Returns 1 (and says why) when it does not start.
start_sim() {
    local out=$BENCH_TMP/sim.out log=$BENCH_TMP/sim.log line='' i
    "$SIM" --listen 127.0.0.1:0 --access-key "$BENCH_AK:$BENCH_SECRET" "$@" \
        >"$out" 2>"$log" </dev/null &
    SIM_PID=$!
    for i in $(seq 200); do
        line=$(head -n 1 "$out" 2>/dev/null)
        case "$line" in "listening on "*) break ;; esac
        kill -0 "$SIM_PID" 2>/dev/null || break
        sleep 0.05
    done
    case "$line" in
        "listening on "*)
            export LINKROLE_ENDPOINT=${line#listening on }
            return 0 ;;
    esac
    note "linkrole-sim $* did not start: $(head -c 300 "$log")"
    stop_sim
    return 1
}
stop_sim() {
    if [ -n "$SIM_PID" ]; then
        kill "$SIM_PID" 2>/dev/null
        wait "$SIM_PID" 2>/dev/null
    fi
    SIM_PID=
    unset LINKROLE_ENDPOINT
}

as_owner() {
    export ALIBABA_CLOUD_ACCESS_KEY_ID=$BENCH_AK
    export ALIBABA_CLOUD_ACCESS_KEY_SECRET=$BENCH_SECRET
}

# measure FILE COMMAND...: runs COMMAND under bench_rusage; appends
# "WALL_MS MAXRSS_KB STATUS" to FILE.  Returns 1 when nothing came out.
measure() {
    local file=$1
    shift
    rm -f "$BENCH_TMP/ru"
    "$RUSAGE" "$BENCH_TMP/ru" "$@" || return 1
    cat "$BENCH_TMP/ru" >>"$file"
}

# stats FILE COLUMN SCALE: "median min max" of a column of FILE, divided
# by SCALE, with two decimals ("" for an empty file).
stats() {
    [ -s "$1" ] || return 0
    awk -v c="$2" '{ print $c }' "$1" | sort -g | awk -v s="$3" '
        { v[NR] = $1 / s }
        END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.2f %.2f %.2f\n", m, v[1], v[NR]
        }'
}
# statuses FILE: the exit statuses seen, "1" or "0,1".
statuses() { awk '{ print $3 }' "$1" | sort -u | paste -sd, -; }

member_id() { printf '1%015u' "$1"; }

# --- what is there to measure ---------------------------------------------------
have_rollout=1
if ! "$LINKROLE" help rollout >/dev/null 2>&1; then
    note "this linkrole has no 'rollout' command: its figures are left out"
    have_rollout=
fi
if ! start_sim --directory 1; then
    note "this linkrole-sim has no --directory: nothing measured"
    exit 0
fi
stop_sim
as_owner

ROLLOUT_RU=$BENCH_TMP/rollout.ru
LOOP_RU=$BENCH_TMP/loop.ru
: >"$ROLLOUT_RU"
: >"$LOOP_RU"

# --- linkrole rollout, RUNS times, each against a fresh directory ----------------
# rollout_runs CONCURRENCY FILE: the runs' figures into FILE.
rollout_runs() {
    local run
    for run in $(seq "$RUNS"); do
        start_sim --directory "$ACCOUNTS" --latency "$LATENCY" || break
        rm -rf "$XDG_STATE_HOME"
        measure "$2" "$LINKROLE" rollout --service "$SERVICE" \
            --yes --concurrency "$1" -o json \
            >"$BENCH_TMP/rollout.json" 2>"$BENCH_TMP/rollout.err" ||
            note "rollout run $run: not measured"
        stop_sim
    done
    if [ ! -s "$2" ] && [ "$RUNS" -gt 0 ]; then
        note "no rollout run was measured: $(head -c 300 "$BENCH_TMP/rollout.err" 2>/dev/null)"
    fi
}
ROLLOUT_HIGH_RU=$BENCH_TMP/rollout-high.ru
: >"$ROLLOUT_HIGH_RU"
if [ -n "$have_rollout" ]; then
    rollout_runs "$CONCURRENCY" "$ROLLOUT_RU"
    if command -v jq >/dev/null 2>&1 &&
         jq -e . "$BENCH_TMP/rollout.json" >/dev/null 2>&1; then
        # What the last run's accounts ended as, whatever the report's
        # shape: every object with a state, counted by state.
        ROLLOUT_STATES=$(jq -r '[.. | objects | select(has("state") and
                (has("account_id") or has("AccountId") or has("account")))
                | .state] | group_by(.) | map("\(.[0]) \(length)") | join(", ")' \
            "$BENCH_TMP/rollout.json" 2>/dev/null)
    fi
    [ "$HIGH" -gt 0 ] && rollout_runs "$HIGH" "$ROLLOUT_HIGH_RU"
fi

# --- the loop: one linkrole create process per member, in sequence -----------------
# One RamRoleArn profile per member.  linkrole reads at most 256 profiles
# from one config.json (as a loop over many accounts would have to, too,
# the profiles are spread over files): one file per member, named by
# ALIBABA_CLOUD_CONFIG_FILE, which also keeps each process's reading of
# its profile as short as it can be.
mkdir -p "$BENCH_TMP/profiles"
for i in $(seq "$ACCOUNTS"); do
    id=$(member_id "$i")
    printf '{"current": "m%s", "profiles": [{"name": "m%s", "mode": "RamRoleArn",' \
        "$id" "$id"
    printf ' "access_key_id": "%s", "access_key_secret": "%s",' \
        "$BENCH_AK" "$BENCH_SECRET"
    printf ' "ram_role_arn": "acs:ram::%s:role/ResourceDirectoryAccountAccessRole",' "$id"
    printf ' "ram_session_name": "bench-loop", "region_id": "cn-hangzhou"}]}\n'
    echo "$id" >&3
done 3>"$BENCH_TMP/ids" | split -l 1 --numeric-suffixes=1 -a 6 - "$BENCH_TMP/profiles/p"
# Named by the member.
i=0
while read -r id; do
    i=$((i + 1))
    mv "$BENCH_TMP/profiles/p$(printf '%06u' "$i")" "$BENCH_TMP/profiles/m$id.json"
done <"$BENCH_TMP/ids"
chmod 600 "$BENCH_TMP"/profiles/*.json
# The loop as a shell script would write it: the keys come from the
# profiles, not the environment.
cat >"$BENCH_TMP/loop.sh" <<'LOOP'
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
failed=0
while read -r id; do
    ALIBABA_CLOUD_CONFIG_FILE=$6/m$id.json "$1" --profile "m$id" \
        create --service "$2" --exist-ok \
        >/dev/null 2>>"$3" </dev/null || failed=$((failed + 1))
done <"$4"
echo "$failed" >"$5"
LOOP
for run in $(seq "$LOOP_RUNS"); do
    start_sim --directory "$ACCOUNTS" --latency "$LATENCY" || break
    rm -rf "$XDG_STATE_HOME"
    : >"$BENCH_TMP/loop.err"
    measure "$LOOP_RU" bash "$BENCH_TMP/loop.sh" "$LINKROLE" "$SERVICE" \
        "$BENCH_TMP/loop.err" "$BENCH_TMP/ids" "$BENCH_TMP/loop.failed" \
        "$BENCH_TMP/profiles" ||
        note "loop run $run: not measured"
    stop_sim
done
LOOP_FAILED=$(cat "$BENCH_TMP/loop.failed" 2>/dev/null || echo "?")
if [ "$LOOP_FAILED" = "$ACCOUNTS" ]; then
    note "every create of the loop failed: $(head -n 1 "$BENCH_TMP/loop.err")"
fi

# --- peak RSS over a big directory ----------------------------------------------------
BIG_PLAN_RU=$BENCH_TMP/bigplan.ru
BIG_RUN_RU=$BENCH_TMP/bigrun.ru
: >"$BIG_PLAN_RU"
: >"$BIG_RUN_RU"
if [ -n "$have_rollout" ] && [ "$BIG" -gt 0 ]; then
    for run in $(seq "$BIG_RUNS"); do
        start_sim --directory "$BIG" || break
        rm -rf "$XDG_STATE_HOME"
        measure "$BIG_PLAN_RU" "$LINKROLE" rollout --service "$SERVICE" \
            --plan --yes --concurrency "$CONCURRENCY" -o json \
            >/dev/null 2>"$BENCH_TMP/big.err" || note "--plan over $BIG: not measured"
        measure "$BIG_RUN_RU" "$LINKROLE" rollout --service "$SERVICE" \
            --yes --concurrency "$CONCURRENCY" -o json \
            >/dev/null 2>"$BENCH_TMP/big.err" || note "run over $BIG: not measured"
        stop_sim
    done
fi

# --- the table ------------------------------------------------------------------------
# fig FILE COLUMN SCALE DECIMALS UNIT: "MEDIAN UNIT (MIN-MAX)" of a
# column of FILE.
fig() {
    stats "$1" "$2" "$3" | awk -v d="$4" -v u="$5" '{
        f = "%." d "f"
        printf f " %s (" f "-" f ")\n", $1, u, $2, $3 }'
}
# row LABEL FILE ACCOUNTS TARGET: wall time, accounts/s and peak RSS of
# FILE's runs.
row() {
    local label=$1 file=$2 accounts=$3 target=$4 n rate
    n=$(grep -c . "$file" 2>/dev/null)
    if [ "${n:-0}" -eq 0 ]; then
        printf '  %-24s %s\n' "$label" "not measured"
        return
    fi
    rate=$(stats "$file" 1 1000 | awk -v a="$accounts" '
        { if ($1 > 0) printf "%.1f", a / $1; else print "-" }')
    printf '  %-24s %-22s %8s  %-20s %4s  %-6s %s\n' "$label" \
        "$(fig "$file" 1 1000 2 s)" "$rate" "$(fig "$file" 2 1024 1 MB)" \
        "$n" "$(statuses "$file")" "$target"
}
header() {
    printf '  %-24s %-22s %8s  %-20s %4s  %-6s %s\n' "" \
        "wall: median (min-max)" "acct/s" "peak RSS" "runs" "exit" \
        "issue's target"
}

echo
echo "bench rollout: $ACCOUNTS member accounts, every answer $LATENCY ms late," \
    "--concurrency $CONCURRENCY, service $SERVICE"
header
row "rollout, concurrency $CONCURRENCY" "$ROLLOUT_RU" "$ACCOUNTS" "under 6 s"
row "loop of linkrole create" "$LOOP_RU" "$ACCOUNTS" ""
# ratio LABEL FILE TARGET: the loop's median wall time over FILE's.
ratio() {
    local x
    [ -s "$2" ] && [ -s "$LOOP_RU" ] || return 0
    x=$(awk -v l="$(stats "$LOOP_RU" 1 1 | cut -d' ' -f1)" \
        -v r="$(stats "$2" 1 1 | cut -d' ' -f1)" \
        'BEGIN { if (r > 0) printf "%.1fx", l / r; else print "-" }')
    printf '  %-24s %-22s %8s  %-20s %4s  %-6s %s\n' "$1" \
        "$x (medians)" "" "" "" "" "$3"
}
ratio "loop / rollout ($CONCURRENCY)" "$ROLLOUT_RU" "at least 30x"
if [ -n "$have_rollout" ] && [ "$HIGH" -gt 0 ]; then
    row "rollout, concurrency $HIGH" "$ROLLOUT_HIGH_RU" "$ACCOUNTS" ""
    ratio "loop / rollout ($HIGH)" "$ROLLOUT_HIGH_RU" ""
fi
# Per account, one after another: what one loop iteration takes, and what
# one worker of the rollout spends on an account (wall x concurrency /
# accounts); the ratio cannot pass concurrency x the first / the second.
if [ -s "$ROLLOUT_RU" ] && [ -s "$LOOP_RU" ]; then
    awk -v l="$(stats "$LOOP_RU" 1 1 | cut -d' ' -f1)" \
        -v r="$(stats "$ROLLOUT_RU" 1 1 | cut -d' ' -f1)" \
        -v a="$ACCOUNTS" -v c="$CONCURRENCY" 'BEGIN {
            printf "  per account: the loop %.0f ms, a rollout worker %.0f ms" \
                " (wall x %d / %d)\n", l / a, r * c / a, c, a }'
fi
[ -n "${ROLLOUT_STATES-}" ] && echo "  the last rollout's accounts: $ROLLOUT_STATES"
[ -s "$LOOP_RU" ] && echo "  the last loop: $LOOP_FAILED of $ACCOUNTS" \
    "create processes failed (the invited members cannot be entered)"
if [ "$BIG" -gt 0 ] && [ -n "$have_rollout" ]; then
    echo "bench rollout: $BIG member accounts, no latency," \
        "--concurrency $CONCURRENCY"
    header
    row "linkrole rollout --plan" "$BIG_PLAN_RU" "$BIG" "peak RSS under 30 MB"
    row "linkrole rollout" "$BIG_RUN_RU" "$BIG" "peak RSS under 30 MB"
fi
exit 0
