# screenlib — sourced by the headless golden-screen tests (screens.sh and
# each screen's own NAME.sh): mask and screen, after tests/cli/lib.sh.
# shellcheck shell=bash

TUI_GOLDEN=$top_srcdir/tests/tui/golden
export TERM=xterm
unset NO_COLOR

# mask FILE: what differs between runs, replaced by placeholders of the
# same meaning.
mask() {
    sed -E \
        -e 's/(RoleId +)[0-9]+/\1<ROLEID>/' \
        -e 's/(RequestId +)[0-9A-Fa-f-]{8,}/\1<REQUESTID>/' \
        -e 's/(CreateDate +)[0-9].*$/\1<DATE>/' \
        -e 's/(UpdateDate +)[0-9].*$/\1<DATE>/' \
        -e "s|$TEST_TMP|<TMP>|g" \
        -e 's/^ [|/\\-] (Creating|Check|Is|Activate|Verify|Sending)/ <SPIN> \1/' \
        -e 's/[0-9]+\.[0-9]+s\b/<T>s/g' \
        "$1"
}

# screen NAME COLSxROWS "ARGS" < SCRIPT: runs the UI with SCRIPT (whose
# ':dump' lines may name @ for this test's dump file) and compares the
# last dump with the golden NAME.screen.
screen() {
    local name=$1 size=$2 args=$3 script=$TEST_TMP/$1.keys
    local dump=$TEST_TMP/$1.dump
    sed "s|@|$dump|g" >"$script"
    rm -f "$dump"
    # shellcheck disable=SC2086
    LINES=${size#*x} COLUMNS=${size%x*} LINKROLE_TUI_SCRIPT=$script \
        "$LINKROLE" $args </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    err=$(cat "$TEST_TMP/err")
    if [ "$rc" -ne 0 ] || [ ! -f "$dump" ]; then
        not_ok "$name ($size): the UI ran the script" "exit $rc" "$err"
        return
    fi
    mask "$dump" >"$TEST_TMP/$name.masked"
    check_golden "$name ($size) matches golden/$name.screen" \
        "$TUI_GOLDEN/$name.screen" "$TEST_TMP/$name.masked"
}
