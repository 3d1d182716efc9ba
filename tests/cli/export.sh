#!/bin/bash
# linkrole export and --print: an account of 30 service-linked roles in
# linkrole-sim, written as Terraform (parsed by HashiCorp's HCL parser,
# @cdktf/hcl2json, installed as tests/interop installs its packages: 30
# resources and 30 import blocks with the right ids), as aliyun commands
# (run by a script that replays them as linkrole calls against a fresh
# simulator: the same 30 roles come back), and as JSON; hostile names and
# descriptions (quotes, ${, %{, backslashes, newlines, escape sequences)
# stay valid HCL and safe shell; a role the catalogue does not know is a
# comment; create, get and dbs-init --print.
#
# The HCL points need node and npm (bootstrap installs them); without
# them they are skipped, except under CI (CI set) or as root, where that
# is a failure.  The npm registry being unreachable is a failure.

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
mkdir -p "$top_builddir/tests/cli" "$top_builddir/tests/interop"
ORIG_HOME=${HOME-}

. "$top_srcdir/tests/cli/lib.sh"

HAVE_NODE=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    . "$top_srcdir/tests/interop/install.sh"
    if interop_install; then
        HAVE_NODE=1
    else
        done_testing
        exit 1
    fi
elif [ -n "${CI-}" ] || [ "$(id -u)" -eq 0 ]; then
    not_ok "node and npm are installed (bootstrap installs nodejs and npm)"
fi

# hcl_check NAME FILE STATE: the parser's view of FILE, in $hcl.
hcl_check() {
    hcl=$(node "$top_srcdir/tests/interop/exporthcl.js" "$PREFIX" "$2" "$3" 2>&1)
    printf '%s\n' "$hcl" >>"$TRANSCRIPT"
}
skip_point() { ok "$1 # SKIP node/npm not installed"; }

# replay FILE: the aliyun commands in FILE, sourced by a shell in which
# `aliyun` is a function making the same calls with linkrole.  Commands
# it does not know, and linkrole failing, are counted in $replay_bad.
replay() {
    replay_bad=$(
        bad=0
        aliyun() {
            local svc= sfx= desc= region=
            case "$1 $2" in
            "resourcemanager CreateServiceLinkedRole")
                shift 2
                while [ $# -ge 2 ]; do
                    case $1 in
                    --ServiceName) svc=$2 ;;
                    --CustomSuffix) sfx=$2 ;;
                    --Description) desc=$2 ;;
                    *) bad=$((bad + 1)) ;;
                    esac
                    shift 2
                done
                [ $# -eq 0 ] || bad=$((bad + 1))
                set -- create --service "$svc"
                [ -z "$sfx" ] || set -- "$@" --suffix "$sfx"
                [ -z "$desc" ] || set -- "$@" --description "$desc"
                "$LINKROLE" "$@" >/dev/null 2>>"$TEST_TMP/replay.err" ||
                    bad=$((bad + 1)) ;;
            "dbs InitializeDbsServiceLinkedRole")
                shift 2
                [ "$1" = --region ] && region=$2
                "$LINKROLE" dbs-init --region "$region" >/dev/null \
                    2>>"$TEST_TMP/replay.err" || bad=$((bad + 1)) ;;
            *) bad=$((bad + 1)) ;;
            esac
        }
        cd "$TEST_TMP" || exit
        . "$1"
        echo "$bad"
    )
}

as_owner

# --- an account of 30 roles -----------------------------------------------------

STATE=$TEST_TMP/state.json
start_sim --state "$STATE"
FIRST=$LINKROLE_ENDPOINT
made=0
for svc in adcp actiontrail alidns ads adbpg ddosbgp apigateway alb arms \
    imp ess bastionhost bssopenapi clickhouse config dbaudit cen \
    cloudmonitor cloudsso hdm dms sddp dataworks; do
    run create --service "$svc.aliyuncs.com"
    [ "$rc" -eq 0 ] && made=$((made + 1))
done
run create --service logdelivery.alb.aliyuncs.com
[ "$rc" -eq 0 ] && made=$((made + 1))
run dbs-init
[ "$rc" -eq 0 ] && made=$((made + 1))
# Five of one service, told apart by their suffixes; two of the suffixes
# make the same Terraform name.
HOSTILE_DESC='say "hi" ${path.module} %{if x}y%{endif} back\slash '"it's"' $(touch CANARY) `touch CANARY`'
run create --service polardb.aliyuncs.com --suffix a.b --description "$HOSTILE_DESC"
[ "$rc" -eq 0 ] && made=$((made + 1))
run create --service polardb.aliyuncs.com --suffix a-b --description 'plain'
[ "$rc" -eq 0 ] && made=$((made + 1))
for sfx in one two three; do
    run create --service polardb.aliyuncs.com --suffix "$sfx"
    [ "$rc" -eq 0 ] && made=$((made + 1))
done
check "30 roles made in the simulator" test "$made" -eq 30

run export
check "export: exit 0" test "$rc" -eq 0
printf '%s\n' "$out" >"$TEST_TMP/roles.tf"
check "export: 30 resources, 30 import blocks" \
    test "$(printf '%s\n' "$out" | grep -c '^resource ')" -eq 30 -a \
    "$(printf '%s\n' "$out" | grep -c '^import {')" -eq 30
check "export: the import id of a suffixed role" \
    contains "$out" 'id = "polardb.aliyuncs.com:AliyunServiceRoleForPolarDB_a.b"'
check "export: two suffixes that make one name get two names" \
    contains "$out" '"aliyunserviceroleforpolardb_a_b_2" {'
check "export: \${ and %{ in a description are escaped for HCL" \
    contains "$out" '$${path.module} %%{if x}y%%{endif}'
if [ "$HAVE_NODE" -eq 1 ]; then
    WANT_ROLE=AliyunServiceRoleForPolarDB_a.b WANT_DESCRIPTION=$HOSTILE_DESC \
        hcl_check x "$TEST_TMP/roles.tf" "$STATE"
    check "hcl2json: 30 resources, 30 import blocks, ids and services right" \
        test "$(printf '%s\n' "$hcl" | grep -c '^bad')" -eq 0 -a \
        "$(printf '%s\n' "$hcl" | grep -cx 'resources 30')" -eq 1 -a \
        "$(printf '%s\n' "$hcl" | grep -cx 'imports 30')" -eq 1
else
    skip_point "hcl2json: 30 resources, 30 import blocks, ids and services right"
fi

run export --service polardb.aliyuncs.com
check "export --service: that service's 5 roles" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | grep -c '^import {')" -eq 5
run export AliyunServiceRoleForAdcp aliyunservicerolefordbs
check "export ROLE...: the 2 named, case ignored" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | grep -c '^import {')" -eq 2
run export AliyunServiceRoleForAdcp AliyunServiceRoleForNothing
check "export ROLE...: one missing is exit 1, the other still written" \
    test "$rc" -eq 1 -a "$(printf '%s\n' "$out" | grep -c '^import {')" -eq 1
check "export ROLE...: the missing one is named" \
    contains "$err" "AliyunServiceRoleForNothing: no such role"
run export --format yaml
check "export --format yaml: exit 2" test "$rc" -eq 2
run export --service nosuch.aliyuncs.com
check "export --service unknown: exit 2" test "$rc" -eq 2

run export --format json
check "export --format json: 30 roles" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | grep -c '"ImportId": "')" -eq 30
printf '%s\n' "$out" >"$TEST_TMP/first.json"
run -o json export
check "-o json export: the same JSON" test "$rc" -eq 0 -a \
    "$out" = "$(cat "$TEST_TMP/first.json")"

run export --format aliyun
check "export --format aliyun: 30 commands" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | grep -c '^aliyun ')" -eq 30
printf '%s\n' "$out" >"$TEST_TMP/replay.sh"
start_sim
replay "$TEST_TMP/replay.sh"
check "the aliyun commands replay as linkrole calls without a failure" \
    test "$replay_bad" = 0
check "nothing in them ran as a command" test ! -e "$TEST_TMP/CANARY"
run export --format json
check "the fresh simulator holds the same 30 roles, suffixes, descriptions" \
    test "$rc" -eq 0 -a "$out" = "$(cat "$TEST_TMP/first.json")"
export LINKROLE_ENDPOINT=$FIRST

# --- hostile names and descriptions, from a state file ---------------------------

cat >"$TEST_TMP/hostile.json" <<'J'
{
  "schema": 1,
  "account_id": "1234567890123456",
  "roles": [
    { "role_id": "1", "create_date": "2024-01-02T03:04:05Z", "role_name": "AliyunServiceRoleForPolarDB_x@y",
      "service_linked": true, "service_name": "polardb.aliyuncs.com",
      "description": "line one\nline two \"q\" ${a} %{b} \\ 'c' \u001b[31mred\r\t$(touch CANARY)" },
    { "role_id": "2", "create_date": "2024-01-02T03:04:05Z", "role_name": "AliyunServiceRoleForPolarDB_x.y",
      "service_linked": true, "service_name": "polardb.aliyuncs.com",
      "description": "'; touch CANARY; echo '" },
    { "role_id": "3", "create_date": "2024-01-02T03:04:05Z", "role_name": "AliyunServiceRoleForPolarDB_x-y",
      "service_linked": true, "service_name": "polardb.aliyuncs.com",
      "description": "\u00e9\u4e2d\u6587 ${\"}\"} %%{" },
    { "role_id": "4", "create_date": "2024-01-02T03:04:05Z", "role_name": "AliyunServiceRoleForNoSuchThing",
      "service_linked": true, "service_name": "nosuch.aliyuncs.com" }
  ]
}
J
start_sim --state "$TEST_TMP/hostile.json"
run export
printf '%s\n' "$out" >"$TEST_TMP/hostile.tf"
check "hostile: exit 0, 3 resources with 3 distinct names" \
    test "$rc" -eq 0 -a \
    "$(printf '%s\n' "$out" | grep '^resource ' | sort -u | wc -l)" -eq 3
check "hostile: no raw control character in the Terraform" \
    test "$(printf '%s' "$out" | tr -d '\n' | LC_ALL=C grep -c '[[:cntrl:]]')" -eq 0
check "hostile: the role the catalogue does not know is a comment" \
    contains "$out" "# AliyunServiceRoleForNoSuchThing: not in linkrole's catalogue"
check "hostile: and counted on stderr" contains "$err" "1 role not in the catalogue was left out"
if [ "$HAVE_NODE" -eq 1 ]; then
    SKIP=AliyunServiceRoleForNoSuchThing hcl_check x "$TEST_TMP/hostile.tf" \
        "$TEST_TMP/hostile.json"
    check "hostile: hcl2json parses it, 3 import blocks, no template let through" \
        test "$(printf '%s\n' "$hcl" | grep -c '^bad')" -eq 0 -a \
        "$(printf '%s\n' "$hcl" | grep -cx 'imports 3')" -eq 1
else
    skip_point "hostile: hcl2json parses it, 3 import blocks, no template let through"
fi
run export --format aliyun
printf '%s\n' "$out" >"$TEST_TMP/hostile.sh"
check "hostile: 3 aliyun commands and the comment" \
    test "$(printf '%s\n' "$out" | grep -c '^aliyun ')" -eq 3 -a \
    "$(printf '%s\n' "$out" | grep -c '^# ')" -eq 1
check "hostile: bash reads the commands" bash -n "$TEST_TMP/hostile.sh"
start_sim
replay "$TEST_TMP/hostile.sh"
check "hostile: nothing in the aliyun commands ran as a command" \
    test ! -e "$TEST_TMP/CANARY"
export LINKROLE_ENDPOINT=$FIRST

# --- --print ------------------------------------------------------------------------

unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET LINKROLE_ENDPOINT
run create --service polardb.aliyuncs.com --suffix prod --description 'a "b"' \
    --print terraform
check "create --print terraform: no credentials needed, exit 0" test "$rc" -eq 0
check "create --print terraform: the resource" \
    contains "$out" 'custom_suffix = "prod"'
check "create --print terraform: no import block (nothing exists yet)" \
    test "$(printf '%s\n' "$out" | grep -c '^import')" -eq 0
run create --service polardb.aliyuncs.com --suffix prod --print aliyun
check "create --print aliyun: the command" test "$out" = \
    "aliyun resourcemanager CreateServiceLinkedRole --ServiceName polardb.aliyuncs.com --CustomSuffix prod"
run create --service polardb.aliyuncs.com --suffix 'bad suffix!' --print aliyun
check "create --print: the checks still apply (exit 2)" test "$rc" -eq 2 -a -z "$out"
run create --service polardb.aliyuncs.com --print json
check "create --print json: exit 2" test "$rc" -eq 2
run dbs-init --print aliyun --region cn-shanghai
check "dbs-init --print aliyun" test "$rc" -eq 0 -a "$out" = \
    "aliyun dbs InitializeDbsServiceLinkedRole --region cn-shanghai"
run dbs-init --print terraform
check "dbs-init --print terraform" contains "$out" 'service_name = "dbs.aliyuncs.com"'
as_owner
export LINKROLE_ENDPOINT=$FIRST
run get AliyunServiceRoleForPolarDB_a.b --print terraform
check "get --print terraform: resource and import block" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | grep -c '^import {')" -eq 1
check "get --print terraform: its id" \
    contains "$out" 'id = "polardb.aliyuncs.com:AliyunServiceRoleForPolarDB_a.b"'
run get AliyunServiceRoleForAdcp --print aliyun
check "get --print aliyun" test "$out" = \
    "aliyun resourcemanager CreateServiceLinkedRole --ServiceName adcp.aliyuncs.com"
run help export
check "help export: documents --format" contains "$out" "--format terraform"

done_testing
