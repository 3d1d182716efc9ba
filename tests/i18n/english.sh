#!/bin/bash
# Issue 13's acceptance: no English sentence left in Chinese.  Walks, with
# --lang zh_CN, every command's --help (the commands read from the program,
# so a new one is walked without editing this test), the text output of
# every command against the demo account and linkrole-sim (errors too:
# unknown service, refused suffix, throttled, no credentials, bad option,
# no permission, a wrong secret, a role in use), and every screen of the
# terminal UI (the walk of tests/i18n/tui-walk.sh, read from the golden
# screens tests/tui/lang-LANG.sh keeps equal to it); then tests/i18n/detect.sh
# reports each run of three or more English words left in what was
# printed or drawn, outside tests/i18n/allow.txt, with where it came from.
# One test point for each output or screen.
#
# Skipped only when linkrole was built without NLS.  I18N_TEST_LANG=zh
# walks with the value --lang took before zh_CN (to try the walk itself).

. "$top_srcdir/tests/cli/lib.sh"

DETECT=$top_srcdir/tests/i18n/detect.sh
L=${I18N_TEST_LANG:-zh_CN}
TUI_SIZE=120x40
export TERM=xterm
unset NO_COLOR

# Built without NLS there is nothing to translate into: --version says
# so, or config.h has ENABLE_NLS undefined (AM_GNU_GETTEXT's define).
# When neither says, the test runs.
nls_off() {
    "$LINKROLE" --version 2>/dev/null |
        grep -Eqi 'without nls|nls: *(no|off|disabled)|-nls\b' && return 0
    [ -f "$top_builddir/config.h" ] &&
        grep -q '^/\* #undef ENABLE_NLS \*/' "$top_builddir/config.h"
}
if nls_off; then
    echo "1..0 # SKIP linkrole was built without NLS"
    exit 0
fi

# --- the commands, as the program lists them ---------------------------------
# The completion script's list (made from the command table) and the
# commands of the English --help, less the hidden ones (_*).
commands=$({
    "$LINKROLE" completion bash 2>/dev/null |
        sed -n 's/^ *local commands="\(.*\)" *$/\1/p' | tr ' ' '\n'
    "$LINKROLE" --lang en --help 2>/dev/null |
        sed -n '/^Commands:/,/^[^ ]/s/^  \([a-z][a-z-]*\)\( .*\)\{0,1\}$/\1/p'
} | grep -v '^_' | grep . | sort -u | tr '\n' ' ')
check "the commands are read from the program (create, help, dbs among them)" \
    eval 'contains " $commands" " create " && contains " $commands" " help " &&
          contains " $commands" " dbs "'

# --- reporting ---------------------------------------------------------------
sources=0
dirty=0
runs=0
# scan LABEL FILE: detect.sh on FILE, one test point.
scan() {
    local label=$1 file=$2 found drc k
    sources=$((sources + 1))
    found=$("$DETECT" -C "$commands" -l "$label" "$file" 2>&1)
    drc=$?
    case $drc in
        0) ok "$label: no English sentence" ;;
        1) k=$(printf '%s\n' "$found" | grep -vc '^    |')
           runs=$((runs + k))
           dirty=$((dirty + 1))
           not_ok "$label: $k English run(s)" "$found" ;;
        *) not_ok "$label: detect.sh failed (exit $drc)" "$found" ;;
    esac
}

# cli ARGS...: linkrole --lang L ARGS, stdin closed (lib.sh's run); what
# it printed on stdout and on stderr is scanned.
cli() {
    run --lang "$L" "$@"
    if [ -s "$TEST_TMP/out" ]; then
        cp "$TEST_TMP/out" "$TEST_TMP/scan.out"
        scan "linkrole $* (stdout)" "$TEST_TMP/scan.out"
    fi
    if [ -s "$TEST_TMP/err" ]; then
        cp "$TEST_TMP/err" "$TEST_TMP/scan.err"
        scan "linkrole $* (stderr, exit $rc)" "$TEST_TMP/scan.err"
    fi
}

# tui FLOW "ARGS" < SCRIPT: the terminal UI run headless (LINKROLE_TUI_SCRIPT,
# $size or 120x40) with --lang L and ARGS; each ":dump @NAME" of SCRIPT
# dumps the screen NAME, and every screen named is scanned, in order.
tui() {
    local flow=$1 args=$2 dir=$TEST_TMP/tui/$1 sz=${size:-$TUI_SIZE} name
    mkdir -p "$dir"
    sed "s|^:dump @\(.*\)\$|:dump $dir/\1.dump|" >"$dir/keys"
    # shellcheck disable=SC2086
    LINES=${sz#*x} COLUMNS=${sz%x*} LINKROLE_TUI_SCRIPT=$dir/keys \
        "$LINKROLE" --lang "$L" $args </dev/null >"$dir/out" 2>"$dir/err"
    rc=$?
    for name in $(sed -n "s|^:dump $dir/\(.*\)\.dump\$|\1|p" "$dir/keys"); do
        if [ -s "$dir/$name.dump" ]; then
            scan "screen $name ($flow)" "$dir/$name.dump"
        else
            not_ok "screen $name ($flow): not drawn (exit $rc)" \
                "$(head -c 2000 "$dir/err")"
        fi
    done
    if [ -s "$dir/err" ]; then
        scan "terminal UI $flow (stderr, exit $rc)" "$dir/err"
    fi
}

# A file linkrole wrote for people to read (saved lists, policies as
# text): scanned too.
scan_file() {
    if [ -s "$2" ]; then scan "$1" "$2"
    else not_ok "$1: not written" "$2"; fi
}

fresh_demo() { rm -f "$XDG_STATE_HOME/linkrole/demo.json"; }
# setup ARGS...: linkrole run to prepare a walk, not scanned.
setup() { "$LINKROLE" "$@" </dev/null >/dev/null 2>&1; }

# The language itself: everything below is printed in it.
run --lang "$L" --version
if [ "$rc" -ne 0 ]; then
    not_ok "linkrole takes --lang $L" "exit $rc" "$err"
    echo "Bail out! linkrole refused --lang $L: nothing to walk"
    exit 1
fi
ok "linkrole takes --lang $L"

mkdir -p "$TEST_TMP/cwd"
cd "$TEST_TMP/cwd" || exit 1

# --- every command's help ----------------------------------------------------
cli --help
cli help
for c in $commands; do
    cli "$c" --help
    [ "$c" = help ] || cli help "$c"
done
cli --version

# --- text output, the demo account -------------------------------------------
fresh_demo
cli services
cli services --search polar
cli services polardb.aliyuncs.com
cli services dbs.aliyuncs.com
cli services --search zzzznothing
cli --demo whoami
cli --demo list
cli --demo roles
cli --demo log
cli --demo export
cli --demo create --service polardb.aliyuncs.com
cli --demo create --service polardb.aliyuncs.com
cli --demo create --service polardb.aliyuncs.com --exist-ok
cli --demo create --service polardb.aliyuncs.com --suffix Team \
    --description 团队的备份
cli --demo create --service polardb.aliyuncs.com --suffix Team2 --print terraform
cli --demo create --service polardb.aliyuncs.com --suffix Team3 --print aliyun
cli --demo get AliyunServiceRoleForPolarDB
cli --demo get AliyunServiceRoleForPolarDB --print aliyun
cli --demo get AliyunServiceRoleForNothing
cli --demo list
cli --demo roles --all
cli --demo export
cli --demo export --format aliyun
cli --demo export --service polardb.aliyuncs.com AliyunServiceRoleForNothing
cli --demo dbs-init
cli --demo dbs-init
cli --demo dbs-init --print terraform
cli --demo delete --yes AliyunServiceRoleForPolarDB_Team
cli --demo delete --yes --no-wait AliyunServiceRoleForPolarDB
cli --demo delete AliyunServiceRoleForPolarDB_Team2
cli --demo log
cli --demo rollout --service polardb.aliyuncs.com --plan
cli --demo rollout --service polardb.aliyuncs.com --yes
cli --demo --verbose rollout --service polardb.aliyuncs.com --yes
cli --demo rollout --dbs --yes --resume
cli --demo export --rollout --service polardb.aliyuncs.com
cli --demo reset

# --- usage errors and refusals before sending -----------------------------------
cli frobnicate
cli creat
cli services --serch polar
cli --search polar services
cli --output yaml services
cli --timeout abc --demo whoami
cli --signature v2 --demo whoami
cli --region 'cn hangzhou' --demo whoami
cli get
cli get 'bad name!'
cli create
cli --demo create --service nosuch.aliyuncs.com
cli --demo create --service polar
cli --demo create --service polardb.aliyuncs.com --suffix 'bad suffix!'
cli --demo create --service polardb.aliyuncs.com --suffix x \
    --description "$(printf 'abcdefghij%.0s' $(seq 103))"
cli --demo create --service dbs.aliyuncs.com --suffix Nope
cli --demo log --since yesterday-ish
cli --demo export --format yaml
cli --demo export --service polardb
cli completion tcsh
cli --demo rollout
cli --demo rollout --service polardb.aliyuncs.com --concurrency 0
cli --demo rollout --service polardb.aliyuncs.com --dbs
cli --demo export --rollout --dbs
cli reset
cli --endpoint ftp://127.0.0.1 --demo whoami
cli --catalog "$TEST_TMP/nosuch.json" services

# --- credentials: none, a bad profile, a network that does not answer --------
cli whoami
cli list
cli create --service polardb.aliyuncs.com
cli --profile nosuch whoami
as_owner
cli --endpoint http://127.0.0.1:1 whoami
cli --dry-run create --service polardb.aliyuncs.com
cli --dry-run dbs-init

# --- against linkrole-sim ---------------------------------------------------------
start_sim
as_owner
cli whoami
cli create --service polardb.aliyuncs.com --suffix Sim
cli get AliyunServiceRoleForPolarDB_Sim
cli get AliyunServiceRoleForNothing
cli list
cli export
cli dbs-init
cli delete --yes AliyunServiceRoleForPolarDB_Sim
as_user
cli whoami
cli create --service polardb.aliyuncs.com
cli list
export ALIBABA_CLOUD_ACCESS_KEY_ID=$TEST_AK
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-the-secret-Zq3
cli whoami
as_owner
stop_sim

# A directory with invited members (25 and 50) that cannot be entered.
start_sim --directory 50
as_owner
cli rollout --service polardb.aliyuncs.com --plan
cli rollout --service polardb.aliyuncs.com --yes --folder fd-SimSand001
cli rollout --service polardb.aliyuncs.com --yes
cli export --rollout --service polardb.aliyuncs.com --accounts 1000000000000025,1000000000000003
as_user
cli rollout --service polardb.aliyuncs.com --plan
as_owner
stop_sim
start_sim
cli rollout --service polardb.aliyuncs.com --plan
stop_sim

start_sim --fault throttle
cli create --service polardb.aliyuncs.com
cli --timeout 1 whoami
stop_sim
start_sim --refuse-suffix polardb.aliyuncs.com \
    --fault throttle/GetServiceLinkedRoleTemplate
cli create --service polardb.aliyuncs.com --suffix Refused
cli create --service polardb.aliyuncs.com --suffix Refused
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"
start_sim --in-use AliyunServiceRoleForPolarDB:3 --fault code=ServiceUnavailable:503@1
setup create --service polardb.aliyuncs.com
cli delete --yes AliyunServiceRoleForPolarDB
cli get AliyunServiceRoleForPolarDB
stop_sim
mkdir -p "$TEST_TMP/ro"
chmod 500 "$TEST_TMP/ro"
XDG_STATE_HOME=$TEST_TMP/ro cli --demo --journal-required create \
    --service polardb.aliyuncs.com
XDG_STATE_HOME=$TEST_TMP/ro cli --demo create --service ecs.aliyuncs.com
chmod 700 "$TEST_TMP/ro"
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET

# --- the terminal UI -------------------------------------------------------------
# Every screen of tests/i18n/tui-walk.sh, as tests/tui/lang-LANG.sh keeps
# them: its golden files are what the UI draws (that test fails the
# moment they differ), so each screen is read there rather than drawn a
# second time.  A language without goldens walks the UI itself.
goldens=$(ls "$top_srcdir/tests/tui/golden/lang/$L-"*.screen 2>/dev/null)
if [ -n "$goldens" ]; then
    for g in $goldens; do
        awk -v dir="$TEST_TMP/goldens" -v base="$(basename "$g" .screen)" '
            /^=== / { name = substr($0, 5); next }
            { print > (dir "/" base "--" name ".txt") }' \
            "$(mkdir -p "$TEST_TMP/goldens" && echo "$g")"
    done
    for f in "$TEST_TMP"/goldens/*.txt; do
        n=$(basename "$f" .txt)
        scan "screen ${n#*--} (${n%%--*})" "$f"
    done
else
    . "$top_srcdir/tests/i18n/tui-walk.sh"
fi

echo "# $dirty of $sources outputs and screens hold English: $runs run(s) in all"
done_testing
