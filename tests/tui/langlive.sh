#!/bin/bash
# Issue 13: the language switched live in a real terminal.  tmux on a
# private socket runs the demo, opens PolarDB's form, types a suffix the
# rules refuse so the inline problem shows, then F3 goes to Simplified,
# Traditional and back to English: each time the whole screen (labels,
# the problem, the footer, the header) is redrawn in the language, what
# was typed stays, and the form keeps taking keys.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/tmuxlib.sh"

start_pane
run_ui "$LINKROLE --demo --lang en"
check "the demo starts in English" wait_for "account 1234567890123456"
send polar
wait_for "2/220"
key Enter
check "the form of PolarDB" wait_for "CustomSuffix"
send a_b
check "English: the inline problem under the suffix" \
    wait_for 'character 2 ("_") is not allowed'

key F3
check "F3: the problem in Simplified Chinese" wait_for '不允许第 2 个字符'
check "... the labels, the footer and the header too" \
    eval 'contains "$pane" "角色名称" && contains "$pane" "下项/创建" &&
          contains "$pane" "账号 1234567890123456" &&
          contains "$pane" "演示账号（--demo"'
check "... and nothing of the English screen is left" \
    eval '! contains "$pane" "Role name" && ! contains "$pane" "not allowed"'
check "... the suffix typed is still there" \
    eval 'printf "%s\n" "$pane" | grep -q "^ CustomSuffix  a_b "'

key F3
check "F3 again: Traditional Chinese (Taiwan wording)" \
    wait_for '不允許第 2 個字元'
check "... its own words, not the Simplified ones" \
    eval 'contains "$pane" "角色名稱" && contains "$pane" "示範帳號" &&
          ! contains "$pane" "角色名称"'

# The form still takes text after the switches: the problem follows.
key BSpace BSpace
T send-keys -t t -l -- -c   # (send would read -c as an option)
check "typing after the switches: a valid suffix, the problem gone" \
    eval 'wait_for "接受（雲端規則）" && contains "$pane" "CustomSuffix  a-c" &&
          ! contains "$pane" "不允許"'

key F3
check "F3 a third time: English again" wait_for "Role name"
check "... every word of it, the header's too" \
    eval '! contains "$pane" "角色名" && ! contains "$pane" "示範" &&
          contains "$pane" "CustomSuffix  a-c" &&
          contains "$pane" "the demo account"'

key Escape
wait_for "Search: polar"
key Escape
wait_for "220/220"
key Escape q
check "the UI quits cleanly after the switches" wait_for "EXIT=0"
done_testing
