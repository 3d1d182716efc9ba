#!/bin/bash
# The cloud's rules for each service in the UI (GetServiceLinkedRoleTemplate,
# issue 11 point 1): the picker and the form say whether a suffix is
# accepted, the form closes CustomSuffix and Description where the
# template allows one role only, holds a Create typed before the rules came
# and refuses it before anything is sent, falls back to the catalogue when
# the rules cannot be read, and takes them from the disk cache when fresh.
# Golden screens at 80x24 and 120x40, colour and monochrome, against
# linkrole-sim.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# sim_log: the log of the simulator started last (--verbose: one line a
# request, with its action).
sim_log() {
    cat "$top_builddir/tests/cli/$TEST_NAME.sim$SIM_COUNT.log"
}

# The key scripts the screens share.  form_keys SERVICE: SERVICE picked
# by a search, its form opened, then dumped; picker_keys SERVICE: the
# picker after the search.
form_keys() { printf ':wait\n%s\n:wait\n<Enter>\n:wait\n:dump @\n' "$1"; }
picker_keys() { printf ':wait\n%s\n:wait\n:dump @\n' "$1"; }
# held_keys SERVICE [KEY-LINE...]: SERVICE's form, the suffix "mine" typed
# and Create pressed at once (before the rules come), KEY-LINEs, the dump.
held_keys() {
    printf '%s<Enter>\nmine<Tab><Tab><Enter>\n' "$1"
    shift
    [ $# -eq 0 ] || printf '%s\n' "$@"
    printf ':dump @\n'
}

as_owner
start_sim
for size in 80x24 120x40; do
    # A service whose template allows one role: both fields closed, and
    # why.
    screen_both "tmpl-single-$size" "$size" "" < <(form_keys archiving.ecs)
    # One that allows several (PolarDB): a suffix is accepted.
    screen_both "tmpl-multiple-$size" "$size" "" \
        < <(form_keys polardb.aliyuncs)
    # The picker says it too.
    screen_both "tmpl-picker-single-$size" "$size" "" \
        < <(picker_keys archiving.ecs)
done
# Monochrome: the closed fields are not drawn as input fields (no
# underline; dim, which the attribute dump does not show).
printf ':wait\narchiving.ecs\n:wait\n<Enter>\n:wait\n:attrs %s\n' \
    "$TEST_TMP/single.attrs" >"$TEST_TMP/single.attrs.keys"
NO_COLOR=1 TERM=xterm-256color LINES=24 COLUMNS=80 \
    LINKROLE_TUI_SCRIPT=$TEST_TMP/single.attrs.keys \
    "$LINKROLE" --no-color </dev/null >/dev/null 2>"$TEST_TMP/err"
check_golden "monochrome: the closed fields match golden/tmpl-single-80x24-mono.attrs" \
    "$TUI_GOLDEN/tmpl-single-80x24-mono.attrs" "$TEST_TMP/single.attrs"
check "the templates fetched are remembered on disk" \
    grep -q '^archiving\.ecs\.aliyuncs\.com	[0-9]*	{' \
    "$XDG_CACHE_HOME/linkrole/templates"

# The CLI's create refuses too, by the template remembered on disk, before
# sending anything.
run create --service archiving.ecs.aliyuncs.com --suffix mine
check "create: a suffix the remembered template forbids: exit 2, why" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "by the cloud'"'"'s rules" &&
          contains "$err" "does not accept a custom suffix"'
run create --service archiving.ecs.aliyuncs.com --description mine
check "create: a description the remembered template forbids: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "does not accept a description"'
check "create: nothing was sent for either" \
    eval '! sim_log | grep -q CreateServiceLinkedRole'
run create --service polardb.aliyuncs.com --suffix mine
check "create: a suffix the remembered template allows is sent" \
    eval '[ "$rc" -eq 0 ] && sim_log | grep -q "CreateServiceLinkedRole 200"'

# zh_CN: the preset description is the template's Chinese one.
screen "tmpl-multiple-zh-80x24" 80x24 "--lang zh" \
    < <(form_keys polardb.aliyuncs)
stop_sim

# Fresh on disk: used without asking the cloud, which now refuses every
# template (the same closed fields as above).
start_sim --fault throttle/GetServiceLinkedRoleTemplate
screen "tmpl-single-cached-80x24" 80x24 "" < <(form_keys archiving.ecs)
rm -rf "$XDG_CACHE_HOME/linkrole"

# Offline, or the call refused: today's form, and one line saying so.
for size in 80x24 120x40; do
    screen_both "tmpl-failed-$size" "$size" "" < <(form_keys archiving.ecs)
    screen_both "tmpl-picker-failed-$size" "$size" "" \
        < <(picker_keys arms.aliyuncs)
done
check "a template that cannot be read: the header says so in the warning colour's words, ! to see why" \
    grep -q "! the cloud's rules: throttled (Throttling.User)" \
    "$TUI_GOLDEN/tmpl-picker-failed-80x24.screen"
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

# A suffix typed before the rules came: Create waits for them, then
# refuses it, and nothing is sent.
start_sim --fault latency=1500/GetServiceLinkedRoleTemplate
screen "tmpl-held-80x24" 80x24 "" < <(held_keys archiving.ecs)
screen "tmpl-refused-80x24" 80x24 "" < <(held_keys archiving.ecs ':wait')
check "the template was asked for" \
    eval 'sim_log | grep -q "GetServiceLinkedRoleTemplate 200"'
check "no CreateServiceLinkedRole was sent for a suffix the rules forbid" \
    eval '! sim_log | grep -q CreateServiceLinkedRole'
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

# Esc while held: nothing is sent when the rules come, what was typed
# stays.
start_sim --fault latency=1500/GetServiceLinkedRoleTemplate
screen "tmpl-held-esc-80x24" 80x24 "" \
    < <(held_keys polardb.aliyuncs '<Esc>' ':wait')
check "Esc while held: no CreateServiceLinkedRole once the rules came" \
    eval 'sim_log | grep -q "GetServiceLinkedRoleTemplate 200" &&
          ! sim_log | grep -q CreateServiceLinkedRole'
stop_sim
rm -rf "$XDG_CACHE_HOME/linkrole"

# Where the rules allow it, the held Create goes out when they come.
start_sim --fault latency=1500/GetServiceLinkedRoleTemplate
screen "tmpl-held-sent-80x24" 80x24 "" < <(held_keys polardb.aliyuncs ':wait')
check "the held Create was sent once the rules allowed it" \
    eval 'sim_log | grep -q "CreateServiceLinkedRole 200"'
stop_sim

done_testing
