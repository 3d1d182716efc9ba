#!/bin/bash
# The picker paints only the rows that change, over its last frame
# (draw.h, picker.c): each screen it leaves must be the one a frame drawn
# from a blank screen gives.  Headless, a walk through the picker (typing,
# narrowing to nothing, widening, moving, paging, browsing, the language,
# the help, a resize, another screen and back), and after each step the
# virtual screen's text and attributes are dumped, then Ctrl-L (which
# draws the next frame from a blank screen) and dumped again: the two must
# be the same.  Background answers are waited for before each dump, so
# only the painting can make them differ.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# walk NAME COLSxROWS ARGS < STEPS: each line of STEPS is keys typed (one
# frame each); the pairs of dumps compared.  (No step may end on the help:
# Ctrl-L, as any key, closes it.)
walk() {
    local w=$1 size=$2 args=$3 script=$TEST_TMP/$1.keys n=0 step bad='' diffs=''
    : >"$script"
    while IFS= read -r step; do
        n=$((n + 1))
        {
            printf '%s\n:wait\n' "$step"
            printf ':dump %s/%s.%d.over\n' "$TEST_TMP" "$w" "$n"
            printf ':attrs %s/%s.%d.over.attrs\n' "$TEST_TMP" "$w" "$n"
            printf '<C-l>\n'
            printf ':dump %s/%s.%d.clean\n' "$TEST_TMP" "$w" "$n"
            printf ':attrs %s/%s.%d.clean.attrs\n' "$TEST_TMP" "$w" "$n"
        } >>"$script"
    done
    rm -f "$XDG_STATE_HOME/linkrole/demo.json"
    # shellcheck disable=SC2086
    LINES=${size#*x} COLUMNS=${size%x*} LINKROLE_TUI_SCRIPT=$script \
        "$LINKROLE" $args </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
    check "$w ($size): the walk ran ($n steps)" \
        test "$rc" -eq 0 -a -f "$TEST_TMP/$w.$n.clean.attrs"
    for i in $(seq "$n"); do
        for kind in "" .attrs; do
            if ! cmp -s "$TEST_TMP/$w.$i.over$kind" \
                    "$TEST_TMP/$w.$i.clean$kind"; then
                bad="$bad $i$kind"
                [ -n "${diffs-}" ] || diffs=$(diff -u \
                    "$TEST_TMP/$w.$i.clean$kind" \
                    "$TEST_TMP/$w.$i.over$kind" | head -n 40)
            fi
        done
    done
    check "$w ($size): every step painted over the last frame is the clean frame" \
        test -z "$bad"
    if [ -n "$bad" ]; then
        printf '#   steps that differ:%s\n' "$bad"
        printf '%s\n' "$diffs" | sed 's/^/#   /'
    fi
}

STEPS='
p
o
l
a
r
<Down>
<Down>
<Up>
<BS>
<BS>
zq
<BS>
<BS>
<BS>
<C-u>
<PgDn>
<PgDn>
<End>
<PgUp>
<Home>
<Esc>
j
j
k
G
g
?x
j
/
dbs
<BS><BS><BS>
<F3>
ecs
<Down>
<F3>
<BS>
<C-w>
rds
<Enter>
<Esc>
<Resize 100 30>
<Down>
<Resize 80 24>
kvstore
<C-u>'

for size in 80x24 120x40; do
    walk "picker-$size" "$size" --demo <<<"$STEPS"
done
walk "picker-zh-80x24" 80x24 "--demo --lang zh_CN" <<<"$STEPS"
# A catalogue where most services' rows carry a check mark: ListRoles
# answered with roles of many services (the demo account has none).
walk "picker-mono-80x24" 80x24 "--demo --no-color" <<<"$STEPS"

done_testing
