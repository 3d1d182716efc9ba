#!/bin/bash
# Rejected credentials and signatures: codes, hints, exit codes.
. "$top_srcdir/tests/cli/lib.sh"

start_sim
as_owner
run whoami
check "the right key works" test "$rc" -eq 0

ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong-secret-Kd93 run whoami
check "a wrong secret: SignatureDoesNotMatch, exit 3" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "SignatureDoesNotMatch"'
check "the hint blames the AccessKeySecret" contains "$err" "AccessKeySecret"
ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong-secret-Kd93 run --signature v1 whoami
check "a wrong secret with V1: SignatureDoesNotMatch, exit 3" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "SignatureDoesNotMatch"'

ALIBABA_CLOUD_ACCESS_KEY_ID=LTAInoSuchKey0000 run whoami
check "an unknown key: InvalidAccessKeyId.NotFound, exit 3" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "InvalidAccessKeyId.NotFound"'

stop_sim
start_sim --clock-offset 1200
run whoami
check "a clock 20 minutes off: InvalidTimeStamp.Expired, exit 1" \
    eval '[ "$rc" -eq 1 ] && contains "$err" "InvalidTimeStamp.Expired"'
check "the hint is about the clock" contains "$err" "clock"
stop_sim
start_sim --clock-offset -840
run whoami
check "a clock 14 minutes off is still accepted" test "$rc" -eq 0

stop_sim
start_sim --fault replay@1
run --verbose whoami
check "a replayed request: SignatureNonceUsed seen, then a fresh nonce works" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "SignatureNonceUsed"'
stop_sim
start_sim --fault replay@1
run create --service polardb.aliyuncs.com --verbose
check "a replayed create is checked with GetRole, not created twice" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "GetRole"'
run list --output json
check "exactly one role after the replayed create" \
    test "$(printf '%s' "$out" | jq '.Roles | length')" -eq 1

done_testing
