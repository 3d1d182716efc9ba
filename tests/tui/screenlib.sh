# screenlib — sourced by the headless golden-screen tests (screens.sh and
# each screen's own NAME.sh): mask, ui_dump, screen and screen_both,
# after tests/cli/lib.sh.
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
        -e 's/^ [|/\\-] (Creating|Check|Is|Activate|Verify|Sending|正在)/ <SPIN> \1/' \
        -e 's/[0-9]+\.[0-9]+s\b/<T>s/g' \
        -e 's/[0-9]+\.[0-9]+ 秒/<T> 秒/g' \
        "$1"
}

# ui_dump NAME COLSxROWS "ARGS" < SCRIPT: runs the UI with SCRIPT (whose
# ':dump' lines may name @ for this test's dump file); the last dump,
# masked, is in $TEST_TMP/NAME.masked (empty when there is none) and
# $out, the exit status in $rc, what it printed on stderr in $err.
ui_dump() {
    local name=$1 size=$2 args=$3 script=$TEST_TMP/$1.keys
    local dump=$TEST_TMP/$1.dump
    sed "s|@|$dump|g" >"$script"
    rm -f "$dump"
    # Each screen starts from a fresh demo account (--demo keeps one in
    # $XDG_STATE_HOME between runs).
    rm -f "$XDG_STATE_HOME/linkrole/demo.json"
    # shellcheck disable=SC2086
    LINES=${size#*x} COLUMNS=${size%x*} LINKROLE_TUI_SCRIPT=$script \
        "$LINKROLE" $args </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    if [ -f "$dump" ]; then mask "$dump" >"$TEST_TMP/$name.masked"
    else : >"$TEST_TMP/$name.masked"; fi
    out=$(cat "$TEST_TMP/$name.masked")
    err=$(cat "$TEST_TMP/err")
}

# screen NAME COLSxROWS "ARGS" < SCRIPT: ui_dump, and the last dump
# compared with the golden NAME.screen.
screen() {
    ui_dump "$@"
    if [ "$rc" -ne 0 ] || [ ! -f "$TEST_TMP/$1.dump" ]; then
        not_ok "$1 ($2): the UI ran the script" "exit $rc" "$err"
        return
    fi
    check_golden "$1 ($2) matches golden/$1.screen" \
        "$TUI_GOLDEN/$1.screen" "$TEST_TMP/$1.masked"
}

# screen_both NAME COLSxROWS "ARGS" < SCRIPT: the golden in colour, then
# the same text in monochrome (NO_COLOR and --no-color); $before, when
# set, is run before each.
screen_both() {
    local name=$1 size=$2 args=$3 keys
    keys=$(cat)
    eval "${before:-:}"
    screen "$name" "$size" "$args" <<<"$keys"
    eval "${before:-:}"
    NO_COLOR=1 screen "$name" "$size" "$args --no-color" <<<"$keys"
}
