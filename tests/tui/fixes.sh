#!/bin/bash
# Issue 11 point 6, the fixes a user saw: the picker's columns (its order,
# the DBS badge in cells of its own, role names cut in the middle), saving
# the response (the path or the reason shown, never over a file, indented
# JSON) and the Terraform / aliyun view (nothing cut, each snippet copied
# and saved on its own).  Golden screens and headless flows; no terminal.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# screen_both NAME SIZE ARGS < SCRIPT: the golden in colour, then the same
# text in monochrome (NO_COLOR and --no-color).
screen_both() {
    local name=$1 size=$2 args=$3 keys
    keys=$(cat)
    screen "$name" "$size" "$args" <<<"$keys"
    NO_COLOR=1 screen "$name" "$size" "$args --no-color" <<<"$keys"
}

for size in 80x24 120x40; do
    # The DBS row: its badge beside the role name, which stays whole.
    screen_both "fixes-picker-dbs-$size" "$size" --demo <<'K'
:wait
backup
:dump @
K
    # Long role names lose their middle, never their end; the list is in
    # product order.
    screen_both "fixes-picker-long-$size" "$size" --demo <<'K'
:wait
cr.aliyuncs
:dump @
K
    screen_both "fixes-picker-$size" "$size" --demo <<'K'
:wait
:dump @
K
done

# Sorted by the product as the user reads it: in Chinese too.
screen_both "fixes-picker-zh-80x24" 80x24 "--demo --lang zh" <<'K'
:wait
:dump @
K

done_testing
