#!/bin/bash
# DBS in every region: dbs-init from a profile in a region of the SDKs'
# map (me-east-1, its own endpoint) and in one outside it (cn-guangzhou,
# the shared Hangzhou endpoint, with a one-line note), against
# linkrole-sim; --dry-run shows the host chosen.
. "$top_srcdir/tests/cli/lib.sh"

CONFIG=$HOME/.aliyun/config.json
mkdir -p "$HOME/.aliyun"
unset ALIBABA_CLOUD_REGION_ID ALIBABA_CLOUD_PROFILE

cat >"$CONFIG" <<JSON
{
	"current": "gz",
	"profiles": [
		{ "name": "gz", "mode": "AK", "access_key_id": "$TEST_AK",
		  "access_key_secret": "$TEST_SECRET", "region_id": "cn-guangzhou" },
		{ "name": "me", "mode": "AK", "access_key_id": "$TEST_AK",
		  "access_key_secret": "$TEST_SECRET", "region_id": "me-east-1" }
	]
}
JSON
chmod 600 "$CONFIG"

NOTE="DBS has no endpoint of its own in region cn-guangzhou; using dbs-api.cn-hangzhou.aliyuncs.com"

# --dry-run sends nothing: no endpoint override, so the host is the map's.
unset LINKROLE_ENDPOINT
run --profile gz --dry-run dbs-init
check "cn-guangzhou --dry-run: the shared Hangzhou host" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "POST https://dbs-api.cn-hangzhou.aliyuncs.com/"'
check "cn-guangzhou --dry-run: a one-line note says why" \
    eval 'contains "$err" "$NOTE" && [ "$(lines "$err")" -eq 1 ]'
check "the request asks for JSON (Accept: application/json)" \
    contains "$out" "Accept: application/json"
run --profile me --dry-run dbs-init
check "me-east-1 --dry-run: its own host, no note" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "POST https://dbs-api.me-east-1.aliyuncs.com/" && [ -z "$err" ]'
run --profile gz --region cn-hangzhou-finance --dry-run dbs-init
check "a finance region: the shared host, no note" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "POST https://dbs-api.cn-hangzhou.aliyuncs.com/" && [ -z "$err" ]'

# Against the simulator (the endpoint override stands for the host).
start_sim
run --profile gz dbs-init
check "dbs-init with a profile in cn-guangzhou: activated" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "DBS is activated"'
stop_sim
start_sim
run --profile me dbs-init
check "dbs-init with a profile in me-east-1: activated" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "DBS is activated" && [ -z "$err" ]'

done_testing
