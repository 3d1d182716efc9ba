#!/bin/bash
# The language from the locale, as the README runs linkrole: from the
# build tree, uninstalled, with no Chinese locale installed on the system.
# LANG=zh_TW.UTF-8 ./linkrole --demo shows the UI in Traditional Chinese
# (the build tree's locale/ is found through the program's own path); a
# C locale gives English; and a copy of the program outside the build
# tree does not read the build tree's catalogues (it reads the installed
# ones, which this test never installs).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/tui/screenlib.sh"

if [ -f "$top_builddir/config.h" ] &&
    grep -q '^/\* #undef ENABLE_NLS \*/' "$top_builddir/config.h"; then
    echo "1..0 # SKIP linkrole was built without NLS"
    exit 0
fi
unset LC_ALL LC_MESSAGES LANGUAGE

picker() {
    ui_dump "locale-$1" 80x24 "--demo" <<'K'
:wait
:dump @
K
}

LANG=zh_TW.UTF-8 picker tw
check "LANG=zh_TW.UTF-8 ./linkrole --demo: the UI in Traditional Chinese" \
    eval 'contains "$out" "示範" && contains "$out" "搜尋" &&
          contains "$out" "說明"'
LANG=zh_CN.UTF-8 picker cn
check "LANG=zh_CN.UTF-8: Simplified" \
    eval 'contains "$out" "演示" && contains "$out" "搜索"'
LANG=zh_HK.UTF-8 picker hk
check "LANG=zh_HK.UTF-8: Traditional too" contains "$out" "示範"
LANG=C.UTF-8 picker c
check "a C locale: English" \
    eval 'contains "$out" "DEMO" && ! contains "$out" "示範"'
LANG=zh_TW.UTF-8 LANGUAGE=zh_CN picker language
check "LANGUAGE before LANG" contains "$out" "演示"

LANG=zh_TW.UTF-8 run --help
check "--help in Traditional Chinese from the locale" contains "$out" "用法"

# The build tree's catalogues belong to the build tree's program.
mkdir -p "$TEST_TMP/elsewhere"
cp "$LINKROLE" "$TEST_TMP/elsewhere/linkrole"
installed=$(grep -ao '/[^[:space:]]*/locale' "$LINKROLE" | grep -v "^$top_builddir" |
    head -n 1)
if [ -f "$installed/zh_TW/LC_MESSAGES/linkrole.mo" ]; then
    ok "a copy outside the build tree # SKIP linkrole is installed here"
else
    out=$(LANG=zh_TW.UTF-8 "$TEST_TMP/elsewhere/linkrole" --help 2>&1)
    check "a copy outside the build tree does not read its catalogues" \
        eval 'contains "$out" "Usage" && ! contains "$out" "用法"'
fi
done_testing
