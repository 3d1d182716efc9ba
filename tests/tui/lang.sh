#!/bin/bash
# Issue 13: the live language switch.  F3 (on every screen, also while
# typing in a text field) goes English -> Simplified -> Traditional Chinese
# -> English and redraws what is shown, an open form with its inline
# problem too; L does the same where letters are not text.  Headless
# dumps of the form with a refused suffix after each F3.
#
# Needs the translations in po/ (the TUI's and the app's messages): the
# build tree's ./linkrole reads po/*.gmo through locale/.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# has_cjk FILE: whether FILE holds a CJK ideograph.
has_cjk() {
    LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]' "$1"
}

# problem_row DUMP OUT: the row under the CustomSuffix field (its inline
# problem) into OUT.
problem_row() {
    awk '/^ CustomSuffix/ { getline; print; exit }' "$1" >"$2"
}

d=$TEST_TMP/lang
# The form of PolarDB (a suffix is accepted), a suffix with a character
# the rules refuse, then F3 three times; a letter typed after the first F3
# lands in the field (F3 is a key, not text, and the field keeps focus).
ui_dump lang-form 80x24 "--demo --lang en" <<K
:wait
polardb.aliyuncs
:wait
<Enter>
:wait
a_b
:dump $d-en.dump
<F3>
:dump $d-cn.dump
c
<F3>
:dump $d-tw.dump
<F3>
:dump $d-back.dump
K
if [ "$rc" -ne 0 ]; then
    not_ok "the UI ran the script (F3 is a key of the table)" "exit $rc" "$err"
fi
for f in en cn tw back; do
    [ -f "$d-$f.dump" ] || : >"$d-$f.dump"
    problem_row "$d-$f.dump" "$d-$f.problem"
done

check "English first: the label and the problem" \
    eval 'grep -q "Role name" "$d-en.dump" &&
          grep -q "not allowed" "$d-en.problem"'
check "F3: the form's label is in Simplified Chinese" \
    grep -q "角色名称" "$d-cn.dump"
check "F3: the status line says which language" \
    grep -q "语言：简体中文" "$d-cn.dump"
check "F3: the inline problem is worded again, in Chinese" \
    eval 'has_cjk "$d-cn.problem" && ! grep -q "not allowed" "$d-cn.problem"'
check "F3: no English label is left" \
    eval '! grep -q "Role name" "$d-cn.dump"'
check "F3: the catalogue's product name follows (云数据库 PolarDB)" \
    grep -q "云数据库 PolarDB" "$d-cn.dump"
check "the text typed stays, and c typed after F3 went into the field" \
    grep -q "CustomSuffix  a_bc " "$d-tw.dump"
check "F3 again: Traditional Chinese" \
    eval 'grep -q "角色名稱" "$d-tw.dump" && grep -q "語言：繁體中文" "$d-tw.dump"'
check "F3 again: the inline problem in Traditional Chinese" \
    eval 'has_cjk "$d-tw.problem" && ! grep -q "not allowed" "$d-tw.problem"'
check "F3 a third time: English again, the problem too" \
    eval 'grep -q "Role name" "$d-back.dump" &&
          grep -q "Language: English" "$d-back.dump" &&
          grep -q "not allowed" "$d-back.problem" &&
          ! has_cjk "$d-back.problem"'

# L on the list of services (the search left with Esc: letters are keys),
# and the footer and headings follow.
ui_dump lang-picker 80x24 "--demo --lang en" <<K
:wait
<Esc>L
:dump $d-picker.dump
K
check "L on the services' list: the headings and the footer in Chinese" \
    eval 'grep -q "产品" "$d-picker.dump" && grep -q "Enter 表单" "$d-picker.dump"'
# In the search, L is a letter.
ui_dump lang-search 80x24 "--demo --lang en" <<K
:wait
L
:dump $d-search.dump
K
check "L typed in the search is text, not the switch" \
    eval 'grep -q "Search: L" "$d-search.dump" &&
          ! grep -q "产品" "$d-search.dump"'

done_testing
