#!/bin/bash
# Headless golden screens of the terminal UI, tig-style: the real binary
# draws on the null device (LINKROLE_TUI_SCRIPT), reads its keys from a
# script, and dumps the virtual screen as text, which is compared with
# tests/tui/golden/NAME.screen after masking what changes between runs
# (RoleId, RequestId, dates).  UPDATE_GOLDEN=1 rewrites the golden files
# that differ, and those tests still fail (check_golden in lib.sh).
# Needs no terminal.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

for size in 80x24 120x40; do
    screen "picker-$size" "$size" --demo <<'K'
:wait
:dump @
K
    screen "picker-polar-$size" "$size" --demo <<'K'
:wait
polar
:wait
:dump @
K
    screen "picker-zh-$size" "$size" "--demo --lang zh" <<'K'
:wait
备份
:wait
:dump @
K
    # The list's help (Esc leaves the search): every key, long lines
    # wrapped under their key, none cut.
    screen "help-$size" "$size" --demo <<'K'
:wait
<Esc>?
:dump @
K
    screen "form-invalid-$size" "$size" --demo <<'K'
:wait
polar<Enter>
abc_x
:wait
:dump @
K
    screen "form-valid-$size" "$size" --demo <<'K'
:wait
polar<Enter>
abc_x<BS><BS>
<Tab>For the 北京 team<C-w>staff
<Tab>
:wait
:dump @
K
    screen "result-$size" "$size" --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
:dump @
K
    # The role exists now: Enter on its row shows it, n opens the form,
    # and Create asks once more before it is sent.
    screen "exists-$size" "$size" --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
<Esc><Enter>
:wait
n<Tab><Tab><Enter><Enter>
:wait
:dump @
K
    screen "nocreds-$size" "$size" "" <<'K'
:dump @
K
    screen "dbs-confirm-$size" "$size" "--demo dbs" <<'K'
:wait
:dump @
K
    # A region outside the DBS map: the shared endpoint, and why.
    screen "dbs-confirm-guangzhou-$size" "$size" \
        "--demo --region cn-guangzhou dbs" <<'K'
:wait
:dump @
K
    screen "dbs-activated-$size" "$size" "--demo dbs" <<'K'
:wait
<Enter>
:wait
:dump @
K
    screen "dbs-already-$size" "$size" "--demo dbs" <<'K'
:wait
<Enter>
:wait
<Esc>dbs<Enter>
:wait
:dump @
K
done

# The help overlay names every key by the name the key table uses: Esc on
# the result pane (once shown as "C-{"), F1 on the save prompt (once
# shown with no name at all).
screen "help-result-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
?
:dump @
K
# Unknown escape sequences, read in one burst as a terminal sends them,
# are dropped whole: the x after them is the only text, the search keeps
# the focus (no Esc was pressed), and the program runs on.
screen "keys-unknown-80x24" 80x24 --demo <<'K'
:wait
:burst <Esc>[99~<Esc>[1;9Zx
:wait
:dump @
K
# Esc on the empty search leaves it for the list, where G goes to the
# last row; the footer offers / and q.
screen "keys-list-80x24" 80x24 --demo <<'K'
:wait
<Esc>G
:wait
:dump @
K
# In the search, ? is text: F1 opens the help, which says so.
screen "help-search-80x24" 80x24 --demo <<'K'
:wait
<F1>
:dump @
K
screen "help-prompt-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s<F1>
:dump @
K

# A long paste into the description: counted, refused past 1024, and the
# field scrolls to keep the cursor in view.
long=$(printf 'abcdefghij%.0s' $(seq 103))
screen "form-long-description-80x24" 80x24 --demo <<K
:wait
polar<Enter>
<Tab>$long
:wait
:dump @
K

# Enter on a disabled Create button sends nothing: the form stays, no
# error pane from the cloud refusing the suffix.
screen "form-invalid-enter-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
abc_x<Tab><Tab><Enter>
:wait
:dump @
K

# Pastes (the script's ':paste FILE' is a bracketed paste of the file):
# line breaks and tabs become spaces in the focused field, the last line
# break is dropped, nothing moves on or presses a button.
printf 'Pasted\nsome description\n\n' >"$TEST_TMP/lines.paste"
screen "form-paste-80x24" 80x24 --demo <<K
:wait
polar<Enter>
:paste $TEST_TMP/lines.paste
:wait
:dump @
K
# Without bracketed paste, keys read in one burst (':burst KEYS'): an
# Enter after text in the same burst is part of the text, not a press.
screen "form-burst-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
:burst Pasted<Enter>some description<Enter><Enter>
:wait
:dump @
K
# ... while keys typed one at a time still move on (the control).
screen "form-typed-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
Pasted<Enter>some description<Enter>
:wait
:dump @
K
# A 300 KB paste: the description takes its 8 KiB, the UI goes on.
{
    printf 'the quick brown fox jumps over the lazy dog\r\n%.0s' $(seq 7000)
} >"$TEST_TMP/big.paste"
screen "form-paste-300k-80x24" 80x24 --demo <<K
:wait
polar<Enter>
<Tab>
:paste $TEST_TMP/big.paste
:wait
:dump @
K
check "a 300 KB paste is 300 KB (control)" \
    test "$(wc -c <"$TEST_TMP/big.paste")" -ge 300000

# The search is a line editor's text: a search longer than its room
# scrolls to keep the cursor (at its end) in view, and C-w deletes the
# last term (terms are separated by spaces only).
screen "picker-long-search-80x24" 80x24 --demo <<'K'
:wait
polar db<C-w>x-y<C-w>polar <C-w>
abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij polar
:wait
:dump @
K

# Mouse clicks (the script's <Click X Y>): select a row, open it, press
# the Create button.
screen "click-select-80x24" 80x24 --demo <<'K'
:wait
polar
<Click 5 4>
:wait
:dump @
K
screen "click-create-80x24" 80x24 --demo <<'K'
:wait
polar
<Click 5 4>
<Click 5 4>
<Click 16 13>
:wait
:dump @
K

# The result pane's actions: the Terraform and CLI equivalents, saving the
# response, copying the ARN.
for size in 80x24 120x40; do
    screen "result-equiv-$size" "$size" --demo <<'K'
:wait
polar<Enter>
Example<Tab><Tab><Enter>
:wait
t
:dump @
K
done
screen "result-save-80x24" 80x24 --demo <<K
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>$TEST_TMP/saved.json<Enter>
:dump @
K
check "s saves the full response as JSON" \
    eval 'grep -q "\"RoleName\": *\"AliyunServiceRoleForPolarDB\"" \
          "$TEST_TMP/saved.json"'
# Saving over a file asks first, above the prompt (a message once stayed
# silent: it went to a status line the prompt covered); fixes.sh has the
# answers.
screen "result-save-exists-80x24" 80x24 --demo <<K
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>$TEST_TMP/saved.json<Enter>
:dump @
K
screen "result-copy-80x24" 80x24 --demo <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
c
:dump @
K

# The monochrome theme draws the same text (its attributes are checked
# with tmux in tests/tui/tmux.sh).
NO_COLOR=1 screen "picker-polar-80x24" 80x24 "--demo --no-color" <<'K'
:wait
polar
:wait
:dump @
K

# ... and its attributes: reverse, bold and underline, never a colour pair
# (golden), while the colour theme does use colour pairs.
attrs() {
    local name=$1 keys=$TEST_TMP/$1.attrs.keys out=$TEST_TMP/$1.attrs
    shift
    printf ':wait\npolar\n:wait\n:attrs %s\n' "$out" >"$keys"
    TERM=xterm-256color LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$keys \
        "$@" "$LINKROLE" --demo </dev/null >/dev/null 2>"$TEST_TMP/err"
    cat "$out" 2>/dev/null
}
attrs mono env NO_COLOR=1 >"$TEST_TMP/mono.attrs.out"
check_golden "monochrome theme: cell attributes match golden/picker-polar-80x24-mono.attrs" \
    "$TUI_GOLDEN/picker-polar-80x24-mono.attrs" "$TEST_TMP/mono.attrs.out"
check "monochrome theme: no cell uses a colour pair" \
    eval '! grep -q C "$TEST_TMP/mono.attrs.out"'
check "monochrome theme: the selection is in reverse video" \
    grep -q R "$TEST_TMP/mono.attrs.out"
attrs colour env >"$TEST_TMP/colour.attrs.out"
check "colour theme (control): colour pairs are used" \
    grep -q C "$TEST_TMP/colour.attrs.out"

screen "small-30x8" 80x24 --demo <<'K'
:wait
<Resize 30 8>
:dump @
K
screen "resized-back-80x24" 80x24 --demo <<'K'
:wait
polar
<Resize 30 8>
<Resize 80 24>
:wait
:dump @
K

# A RAM user without permissions: the error pane with the policy needed.
start_sim
as_user
for size in 80x24 120x40; do
    screen "error-permission-$size" "$size" "" <<'K'
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
:dump @
K
done

# Roles already in the account are marked (ListRoles in the background).
as_owner
run create --service polardb.aliyuncs.com --suffix Older
check "a role made beforehand with 'linkrole create'" test "$rc" -eq 0
for size in 80x24 120x40; do
    screen "picker-existing-$size" "$size" "" <<'K'
:wait
polar
:wait
:dump @
K
done
stop_sim

# Sending: the progress line while a slow request is in flight, and Esc
# cancelling it.  Only the create is slow (a minute: it is cancelled long
# before), and what else the UI asks for has come first, so the screen is
# the same however slow the machine.
start_sim --fault latency=60000/CreateServiceLinkedRole
as_owner
for size in 80x24 120x40; do
    screen "sending-$size" "$size" "" <<'K'
:wait
polar<Enter>
:wait
<Tab><Tab><Enter>
:dump @
K
done
stop_sim
# Esc on a slow create, then the screen once it has ended.  The role is
# made first, so the form's "already in this account" line shows whether
# or not the cancelled request reached the simulator.
start_sim --fault latency=1500
as_owner
run create --service polardb.aliyuncs.com --exist-ok
screen "cancelled-80x24" 80x24 "" <<'K'
polar<Enter>
<Tab><Tab><Enter>
<Esc>
:wait
:dump @
K
stop_sim

# A refused suffix is remembered (under $XDG_CACHE_HOME/linkrole/) and the
# form says so, in later runs too.  The cloud's rules for the service
# cannot be read here (else the form refuses the suffix before sending:
# tmpl.sh), so the suffix goes out.
rm -f "$XDG_CACHE_HOME/linkrole/templates"
start_sim --refuse-suffix polardb.aliyuncs.com \
    --fault throttle/GetServiceLinkedRoleTemplate
as_owner
screen "error-refused-suffix-80x24" 80x24 "" <<'K'
:wait
polar<Enter>
Example<Tab><Tab><Enter>
:wait
:dump @
K
check "the refused suffix is remembered in the cache" \
    grep -qx polardb.aliyuncs.com "$XDG_CACHE_HOME/linkrole/refused-suffix"
screen "form-refused-before-80x24" 80x24 "" <<'K'
:wait
polar<Enter>
:wait
:dump @
K
stop_sim
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
rm -rf "$XDG_CACHE_HOME/linkrole"

# From the no-credentials screen, d starts the demo.
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
screen "nocreds-demo-80x24" 80x24 "" <<'K'
d
:wait
polar
:wait
:dump @
K

# Script errors are reported, not ignored.
printf '<Nosuchkey>\n' >"$TEST_TMP/bad.keys"
LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/bad.keys \
    "$LINKROLE" --demo </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
err=$(cat "$TEST_TMP/err")
check "a bad UI script: exit 2 and the line named" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "bad.keys:1"'

done_testing
