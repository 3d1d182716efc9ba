#!/bin/bash
# Issue 11 point 6, the fixes a user saw: the picker's columns (its order,
# the DBS badge in cells of its own, role names cut in the middle), saving
# the response (the path or the reason shown, never over a file, indented
# JSON) and the Terraform / aliyun view (nothing cut, each snippet copied
# and saved on its own).  Golden screens and headless flows; no terminal.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

# The key scripts the screens share.  picker_keys [SEARCH]: the picker,
# after SEARCH is typed when one is given.
picker_keys() {
    printf ':wait\n'
    [ -z "${1-}" ] || printf '%s\n:wait\n' "$1"
    printf ':dump @\n'
}
# help_keys: the help overlay over PolarDB's form.
help_keys() { printf ':wait\npolar<Enter>\n<F1>\n:wait\n:dump @\n'; }
# flow_keys FORM KEY-LINE...: PolarDB's role created in the demo with the
# form's keys FORM, then the KEY-LINEs on its result, then the dump (to
# $dump_to, or where the test reads it).
flow_keys() {
    printf ':wait\npolar<Enter>\n%s<Enter>\n:wait\n' "$1"
    shift
    printf '%s\n' "$@"
    printf ':wait\n:dump %s\n' "${dump_to:-@}"
}

for size in 80x24 120x40; do
    # The DBS row: its badge beside the role name, which stays whole.
    screen_both "fixes-picker-dbs-$size" "$size" --demo < <(picker_keys backup)
    # Long role names lose their middle, never their end; the list is in
    # product order.
    screen_both "fixes-picker-long-$size" "$size" --demo \
        < <(picker_keys cr.aliyuncs)
    screen_both "fixes-picker-$size" "$size" --demo < <(picker_keys)
done

# The badge's cells, in the monochrome theme: its own attribute, in cells
# after the role name's, not over them (golden, and the DBS row's text).
printf ':wait\nbackup\n:attrs %s\n:dump %s\n' "$TEST_TMP/dbs.attrs" \
    "$TEST_TMP/dbs.dump" >"$TEST_TMP/dbs-attrs.keys"
NO_COLOR=1 TERM=xterm-256color LINES=40 COLUMNS=120 \
    LINKROLE_TUI_SCRIPT=$TEST_TMP/dbs-attrs.keys \
    "$LINKROLE" --demo </dev/null >/dev/null 2>"$TEST_TMP/err"
check_golden "the DBS badge's cells match golden/fixes-picker-dbs-120x40-mono.attrs" \
    "$TUI_GOLDEN/fixes-picker-dbs-120x40-mono.attrs" "$TEST_TMP/dbs.attrs"
dbsrow=$(grep -n "dbs.aliyuncs.com" "$TEST_TMP/dbs.dump" | head -1 | cut -d: -f1)
check "the DBS row: the whole role name, then the badge" \
    eval 'sed -n "${dbsrow}p" "$TEST_TMP/dbs.dump" |
          grep -q "AliyunServiceRoleForDBS  *guided"'

# A search's rank still comes first: "polar" puts PolarDB above IoT
# Platform, which the product order alone would put first.
screen "fixes-picker-rank-80x24" 80x24 --demo < <(picker_keys polar)
check "typing: the best match first, whatever the product order" \
    eval 'grep -A1 "^  Product" "$TEST_TMP/fixes-picker-rank-80x24.masked" |
          tail -n 1 | grep -q "^> PolarDB "'
# Without a search, the products are in order (letter case aside).
grep -A11 "^  Product" "$TEST_TMP/fixes-picker-80x24.masked" | tail -n 11 |
    cut -c3-18 | sed 's/ *$//' >"$TEST_TMP/products"
check "no search: the list is in product order" \
    eval 'LC_ALL=C sort -f -c "$TEST_TMP/products"'

# Sorted by the product as the user reads it: in Chinese too.
screen_both "fixes-picker-zh-80x24" 80x24 "--demo --lang zh" < <(picker_keys)

# The help overlay: every key named as the key table names it (Esc, not
# ^[), long lines wrapped under their key; a screen with more keys than
# the box holds takes the whole terminal, and says so when even that is
# too small, rather than end the list as if it were complete.
screen_both "fixes-help-form-80x24" 80x24 --demo < <(help_keys)
screen_both "fixes-help-result-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 't?')
screen "fixes-help-form-60x16" 60x16 --demo < <(help_keys)
check "the form's help names Esc as Esc and every key up to C-c" \
    eval 'grep -q "  Esc  *back" "$TEST_TMP/fixes-help-form-80x24.masked" &&
          grep -q "  C-c  *quit" "$TEST_TMP/fixes-help-form-80x24.masked"'
check "60x16: the help says more keys exist than fit" \
    grep -q "more keys: enlarge the terminal" "$TEST_TMP/fixes-help-form-60x16.masked"

# Saving the response.  The status line says where the file went, as a
# full path even when a relative name was typed (here the suggested one,
# in the directory the program runs in).
mkdir -p "$TEST_TMP/save"
cd "$TEST_TMP/save" || exit 1
before='rm -f "$TEST_TMP/save/AliyunServiceRoleForPolarDB.json"'
for size in 80x24 120x40; do
    screen_both "fixes-save-done-$size" "$size" --demo \
        < <(flow_keys '<Tab><Tab>' 's' '<Enter>')
done
before=
cd "$top_builddir" || exit 1
saved=$TEST_TMP/save/AliyunServiceRoleForPolarDB.json
# The golden masks the temporary directory: the real, longer path must be
# on the screen whole too (wrapped, never cut).
check "the status line shows the whole path, unmasked" \
    eval 'tr -d "\n " <"$TEST_TMP/fixes-save-done-80x24.dump" |
          grep -qF "Savedtheresponseto$saved"'
check "the file is where the status line said" test -f "$saved"
check "the response is written as indented JSON, a key a line" \
    eval 'grep -qx "    \"RoleName\": \"AliyunServiceRoleForPolarDB\"," \
          "$saved" && grep -qx "  \"Role\": {" "$saved"'
check "the indented file is valid JSON" \
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$saved"
check "the file is for its owner only (0600)" \
    eval '[ "$(stat -c %a "$saved")" = 600 ]'

# A path longer than the status line can hold loses its middle, not its
# end: the file's name still shows.
deep=$TEST_TMP/$(printf 'd%.0s' $(seq 60))/$(printf 'e%.0s' $(seq 60))
mkdir -p "$deep"
screen "fixes-save-deep-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 's' "<C-u>$deep/the-end.json<Enter>")
check "a very long path: saved, its start and its end shown" \
    eval '[ -f "$deep/the-end.json" ] &&
          tr -d "\n " <"$TEST_TMP/fixes-save-deep-80x24.dump" |
          grep -q "Savedtheresponseto$TEST_TMP/d*…e*/the-end.json"'

# A file already there: the prompt asks before replacing it, and n leaves
# it as it was.
for size in 80x24 120x40; do
    printf 'keep me\n' >"$TEST_TMP/there.json"
    screen_both "fixes-save-exists-$size" "$size" --demo \
        < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/there.json<Enter>")
done
printf 'keep me\n' >"$TEST_TMP/there.json"
screen_both "fixes-save-kept-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/there.json<Enter>" 'n')
check "n: the file there is not overwritten" \
    eval '[ "$(cat "$TEST_TMP/there.json")" = "keep me" ]'
screen "fixes-save-replaced-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/there.json<Enter>" 'y')
check "y: the file is replaced by the indented response" \
    eval 'grep -qx "    \"RoleName\": \"AliyunServiceRoleForPolarDB\"," \
          "$TEST_TMP/there.json"'
# A symbolic link is never written through, nor a directory replaced:
# refused at once, with no question whose y could not be honoured.
printf 'target\n' >"$TEST_TMP/target"
ln -sf "$TEST_TMP/target" "$TEST_TMP/link.json"
screen "fixes-save-link-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/link.json<Enter>")
check "a link at the path: refused, its target untouched" \
    eval '[ "$(cat "$TEST_TMP/target")" = target ] && [ -L "$TEST_TMP/link.json" ] &&
          ! grep -q "Overwrite" "$TEST_TMP/fixes-save-link-80x24.masked"'
mkdir -p "$TEST_TMP/adir.json"
screen "fixes-save-dir-80x24" 80x24 --demo \
    < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/adir.json<Enter>")
check "a directory at the path: not a regular file, no question" \
    eval 'grep -q "is not a regular file" "$TEST_TMP/fixes-save-dir-80x24.masked" &&
          ! grep -q "Overwrite" "$TEST_TMP/fixes-save-dir-80x24.masked"'

# A directory that is not there: the reason is shown, and the prompt
# stays with the path to correct.
for size in 80x24 120x40; do
    screen_both "fixes-save-failed-$size" "$size" --demo \
        < <(flow_keys '<Tab><Tab>' 's' "<C-u>$TEST_TMP/missing/x.json<Enter>")
done

# A directory the program may not write in (as root, which may write in
# any directory it can chmod, /sys refuses): no golden, as the path
# differs, but the reason must be on the screen.
mkdir -p "$TEST_TMP/ro"
chmod 555 "$TEST_TMP/ro"
rodir=$TEST_TMP/ro
[ -w "$rodir" ] && rodir=/sys
dump_to=$TEST_TMP/denied.dump flow_keys '<Tab><Tab>' s \
    "<C-u>$rodir/x.json<Enter>" >"$TEST_TMP/denied.keys"
LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/denied.keys \
    "$LINKROLE" --demo </dev/null >/dev/null 2>"$TEST_TMP/err"
check "an unwritable directory: the path and the reason are shown" \
    grep -q "cannot write $rodir/x.json: Permission denied" \
    "$TEST_TMP/denied.dump"
chmod 755 "$TEST_TMP/ro"

# The Terraform / aliyun view: a long command wraps (nothing cut), and Tab
# selects the next snippet, brought into view.
desc="Made by hand for the reporting pipeline of the data team, see ticket"
for size in 80x24 120x40; do
    screen_both "fixes-equiv-$size" "$size" --demo \
        < <(flow_keys "Example<Tab>$desc<Tab>" 't')
    screen_both "fixes-equiv-cli-$size" "$size" --demo \
        < <(flow_keys "Example<Tab>$desc<Tab>" 't<Tab>')
done
check "the view shows the end of the import line (it once was cut)" \
    grep -q "AliyunServiceRoleForPolarDB_Example$" \
    "$TEST_TMP/fixes-equiv-120x40.masked"
want_cli="aliyun resourcemanager CreateServiceLinkedRole --ServiceName polardb.aliyuncs.com --CustomSuffix Example --Description '$desc'"
check "... and the whole long aliyun command, wrapped" \
    eval 'tr -d "\n " <"$TEST_TMP/fixes-equiv-cli-80x24.masked" |
          grep -qF -- "${want_cli// /}"'

# s saves the selected snippet alone, under a name of its kind.
mkdir -p "$TEST_TMP/snip"
cd "$TEST_TMP/snip" || exit 1
screen "fixes-equiv-save-tf-80x24" 80x24 --demo \
    < <(flow_keys "Example<Tab>$desc<Tab>" 't' 's' '<Enter>')
screen "fixes-equiv-save-cli-80x24" 80x24 --demo \
    < <(flow_keys "Example<Tab>$desc<Tab>" 't<Tab>' 's' '<Enter>')
cd "$top_builddir" || exit 1
tf=$TEST_TMP/snip/AliyunServiceRoleForPolarDB_Example.tf
sh=$TEST_TMP/snip/AliyunServiceRoleForPolarDB_Example.sh
check "s on the Terraform snippet: ROLE.tf holds it alone" \
    eval 'grep -q "^resource \"alicloud_resource_manager_service_linked_role\" \"polardb\" {\$" "$tf" &&
          ! grep -q "^aliyun " "$tf"'
check "s on the aliyun snippet: ROLE.sh holds the one command, whole" \
    eval '[ "$(wc -l <"$sh")" -eq 1 ] &&
          grep -qxF -- "$want_cli" "$sh"'

# c copies the selected snippet alone (OSC 52): in tmux, which keeps what
# it is sent in a paste buffer.
if command -v tmux >/dev/null 2>&1; then
    . "$top_srcdir/tests/tui/tmuxlib.sh"
    start_pane
    T set-option -g set-clipboard on >/dev/null
    run_ui "$LINKROLE --demo"
    wait_for "DEMO  account 1234567890123456"
    send polar
    wait_for "2/220"
    key Enter
    wait_for "CustomSuffix"
    send Example
    key Tab
    send "$desc"
    key Tab Enter
    wait_for "Created AliyunServiceRoleForPolarDB_Example" 50
    send t
    wait_for "> Terraform"
    send c
    check "c on the Terraform view: copied, it says" \
        wait_for "Copied the Terraform snippet to the clipboard"
    T show-buffer >"$TEST_TMP/clip.tf" 2>/dev/null
    check "... the Terraform snippet alone is on the clipboard" \
        eval 'grep -q "^resource \"alicloud_resource_manager_service_linked_role\"" "$TEST_TMP/clip.tf" &&
              grep -q "AliyunServiceRoleForPolarDB_Example\$" "$TEST_TMP/clip.tf" &&
              ! grep -q "^aliyun " "$TEST_TMP/clip.tf"'
    key Tab
    wait_for "> aliyun CLI"
    send c
    check "Tab, c: the aliyun command is copied" \
        wait_for "Copied the aliyun CLI command to the clipboard"
    T show-buffer >"$TEST_TMP/clip.sh" 2>/dev/null
    check "... whole, and alone" grep -qxF -- "$want_cli" "$TEST_TMP/clip.sh"
    send q
    check "q quits (exit 0)" wait_for "EXIT=0"
else
    ok "c copies a snippet # SKIP tmux is not installed"
fi

done_testing
