#!/bin/bash
# The first frame comes before the session is opened (issue 15, point 2):
# when finding the keys takes time (here a config.json External profile
# whose credential helper sleeps), the UI shows a frame saying what it
# waits for, Ctrl-C ends it at once with the terminal restored, and when
# the keys arrive the UI goes on as usual.  In tmux on a private socket.

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/tmuxlib.sh"

start_sim

HELPER=$TEST_TMP/slow-helper
cat >"$HELPER" <<SH
#!/bin/sh
# A credential helper that takes its time: \$1 seconds, then the keys.
sleep "\$1"
printf '{"mode": "AK", "access_key_id": "%s", "access_key_secret": "%s"}' \\
    "$TEST_AK" "$TEST_SECRET"
SH
chmod 700 "$HELPER"
CONFIG=$TEST_TMP/config.json
# ext_config SECONDS: profile "ext" runs the helper, which waits SECONDS.
ext_config() {
    jq -n --arg cmd "$HELPER $1" '{current: "ext", profiles: [{name: "ext",
        mode: "External", process_command: $cmd, region_id: "cn-hangzhou"}]}' \
        >"$CONFIG"
    chmod 600 "$CONFIG"
}
UI_ENV="ALIBABA_CLOUD_CONFIG_FILE=$CONFIG LINKROLE_ENDPOINT=$SIM_URL \
LINKROLE_METADATA_ENDPOINT=http://127.0.0.1:1 LINKROLE_EXTERNAL_TIMEOUT=120 \
HOME=$HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME"

# --- a helper that never finishes in time: the frame, then Ctrl-C -----------
ext_config 100
start_pane
run_ui "$UI_ENV LINKROLE_FRAME_FD=3 $LINKROLE 3>$TEST_TMP/frames"
check "while the keys are being found, the UI says so" \
    wait_for "Finding the credentials to sign with"
check "... and that frame is the first the frame hook reports" \
    eval 'test "$(head -n 1 "$TEST_TMP/frames")" = "frame 1 keys 0 splash"'
check "... under the program's header, with how to leave" \
    eval 'contains "$pane" " linkrole" && contains "$pane" "Ctrl-C: quit"'
if ui_pid "the UI is running while it waits"; then
    ok "the UI is running while it waits"
fi
key C-c
check "Ctrl-C ends the wait at once (exit 130)" wait_for "EXIT=130" 100
check "... and the terminal is sane again" term_sane

# --- a helper that answers after a second: the UI goes on --------------------
ext_config 1
start_pane
run_ui "$UI_ENV $LINKROLE"
check "a slow helper: the frame first" \
    wait_for "Finding the credentials to sign with"
check "... then the service picker, once the keys are there" \
    wait_for "/220" 150
key Escape q
check "q quits as usual (exit 0)" wait_for "EXIT=0" 100
check "... the terminal is sane" term_sane

# --- the demo needs no keys: no such frame -----------------------------------
start_pane
run_ui "$LINKROLE --demo"
check "the demo opens on the picker" wait_for "DEMO  account"
check "... without the credentials frame" \
    eval '! contains "$pane" "Finding the credentials"'
key Escape q
wait_for "EXIT=0" 100 >/dev/null

done_testing
