# langs.sh — sourced by lang-zh_CN.sh and lang-zh_TW.sh: the golden screens
# of every screen in Chinese.  The screens are tests/i18n/tui-walk.sh's
# (the walk english.sh scans for English left); the whole walk runs four
# times, at 80x24 and at 120x40, in colour and then monochrome (NO_COLOR
# and --no-color) against the same text -- except that the flows that wait
# on the simulator's faults (retries after throttling, a slow answer: half
# a minute a walk) are run monochrome at 80x24 only.  All the screens of one flow at
# one size are one golden file, golden/lang/LANG-FLOW-SIZE.screen, each
# screen under a "=== NAME" line.
# shellcheck shell=bash

. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/tui/screenlib.sh"

: "${L:?lang-LANG.sh sets L}"
LANG_GOLDEN=$TUI_GOLDEN/lang

if [ -f "$top_builddir/config.h" ] &&
    grep -q '^/\* #undef ENABLE_NLS \*/' "$top_builddir/config.h"; then
    echo "1..0 # SKIP linkrole was built without NLS"
    exit 0
fi

# tui FLOW "ARGS" < SCRIPT, as tui-walk.sh calls it: the UI run headless
# at $size (a flow's own) or the walk's size, in the walk's colour mode;
# each ":dump @NAME" is collected into one file, compared with the golden.
# What differs between runs beyond screenlib's mask: ports, dates in any
# column, task and request ids (also cut short under an overlay), hashes
# the simulator quotes, the ids of resources it makes up.
# A rate's digits vary in number, so the blanks after it up to a help
# overlay's edge vary too: they are made two.
mask_more() {
    sed -E -e "s|$WALKS_TMP|<TMP>|g" \
        -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:<PORT>/g' \
        -e 's/[0-9]{1,4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}(:[0-9]{2}(:[0-9]{2}Z?)?)?)?/<DATE>/g' \
        -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{1,12}/<UUID>/g' \
        -e 's/(RequestId +)[0-9A-Fa-f-]+/\1<REQUESTID>/' \
        -e 's/[0-9a-f]{64}/<HASH>/g' \
        -e 's/sim-[0-9]{8,}/sim-<ID>/g' \
        -e 's#[0-9]+\.[0-9]/#<RATE>/#g' \
        -e 's#<RATE>/(s|秒) +#<RATE>/\1  #g' \
        -e 's/[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}/<REQUESTID>/g' |
        # The rest of an id the width cut onto the next line.
        awk '/^ +[0-9a-f]+$/ && prev ~ /<UUID>$/ { sub(/[0-9a-f]+$/, "<UUID>") }
             { print; prev = $0 }'
}
SLOW_FLOWS=" throttled sending refused-suffix refused-before tmpl-held "
tui() {
    local flow=$1 args=$2 sz=${size:-$WALK_SIZE} dir name all
    if [ -n "$WALK_MONO" ] && [ "$WALK_SIZE" != 80x24 ] &&
        contains "$SLOW_FLOWS" " $flow "; then
        cat >/dev/null
        return
    fi
    dir=$TEST_TMP/lang/$flow-$sz${WALK_MONO:+-mono}
    mkdir -p "$dir"
    all=$dir/all.screen
    : >"$all"
    sed "s|^:dump @\(.*\)\$|:dump $dir/\1.dump|" >"$dir/keys"
    # shellcheck disable=SC2086
    NO_COLOR=$WALK_MONO LINES=${sz#*x} COLUMNS=${sz%x*} \
        LINKROLE_TUI_SCRIPT=$dir/keys "$LINKROLE" --lang "$L" \
        ${WALK_MONO:+--no-color} $args </dev/null >"$dir/out" 2>"$dir/err"
    rc=$?
    for name in $(sed -n "s|^:dump $dir/\(.*\)\.dump\$|\1|p" "$dir/keys"); do
        printf '=== %s\n' "$name" >>"$all"
        if [ -f "$dir/$name.dump" ]; then
            mask "$dir/$name.dump" | mask_more >>"$all"
        else
            printf '(not drawn: exit %s)\n' "$rc" >>"$all"
        fi
    done
    check_golden "$L $flow ($sz${WALK_MONO:+, monochrome}) matches golden/lang/$L-$flow-$sz.screen" \
        "$LANG_GOLDEN/$L-$flow-$sz.screen" "$all"
}
fresh_demo() { rm -f "$XDG_STATE_HOME/linkrole/demo.json"; }
setup() { "$LINKROLE" "$@" </dev/null >/dev/null 2>&1; }
scan_file() { :; }   # english.sh's: files are not screens

WALKS_TMP=$TEST_TMP
for WALK_SIZE in 80x24 120x40; do
    for WALK_MONO in "" 1; do
        # Each walk from the same start: no state, no keys, no simulator,
        # no file saved by the walk before.
        rm -rf "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
        # (Names of one length: a path the UI wraps wraps the same.)
        walk=$((${walk:-0} + 1))
        TEST_TMP=$WALKS_TMP/walk$walk
        # What the UI saves where it runs lands there too.
        mkdir -p "$TEST_TMP/cwd"
        cd "$TEST_TMP/cwd" || exit 1
        unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET \
            ALIBABA_CLOUD_SECURITY_TOKEN LINKROLE_ENDPOINT
        . "$top_srcdir/tests/i18n/tui-walk.sh"
    done
done
TEST_TMP=$WALKS_TMP
done_testing
