#!/bin/bash
# The frame hook (LINKROLE_FRAME_FD, doc/testing.md): one line per frame
# drawn, "frame N keys K SCREEN", on the descriptor the variable names;
# nothing else changes, and a bad value is ignored.  Headless first (the
# count of frames is exact there: one per key, one per dump), then in a
# real terminal under tmux (skipped without tmux).

. "$top_srcdir/tests/cli/lib.sh"

. "$top_srcdir/tests/tui/screenlib.sh"

FRAMES=$TEST_TMP/frames

# headless FD_VALUE [REDIRECTIONS...] < SCRIPT: the picker at 80x24 with
# LINKROLE_FRAME_FD=FD_VALUE (unset when FD_VALUE is "unset"); the dump
# in $TEST_TMP/dump, stdout in $out, stderr in $err, status in $rc.  The
# script's @ is the dump file.
headless() {
    local v=$1 script=$TEST_TMP/keys
    shift
    sed "s|@|$TEST_TMP/dump|g" >"$script"
    rm -f "$TEST_TMP/dump" "$XDG_STATE_HOME/linkrole/demo.json"
    if [ "$v" = unset ]; then
        env -u LINKROLE_FRAME_FD LINES=24 COLUMNS=80 \
            LINKROLE_TUI_SCRIPT="$script" "$LINKROLE" --demo "$@" \
            </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    else
        LINKROLE_FRAME_FD=$v LINES=24 COLUMNS=80 \
            LINKROLE_TUI_SCRIPT="$script" "$LINKROLE" --demo "$@" \
            </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    fi
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
}

# The frames counted: no :wait (which draws while the background work
# runs, a number of frames that depends on the machine).
KEYS='polar
<Down>
:dump @'
# The screens compared: drawn once the background work is done.
SAME=':wait
polar
:wait
:dump @'

# --- without the hook: the screen every other run must match ---------------
headless unset <<<"$SAME"
check "without LINKROLE_FRAME_FD the script runs" \
    test "$rc" -eq 0 -a -s "$TEST_TMP/dump"
cp "$TEST_TMP/dump" "$TEST_TMP/dump.plain"

# --- with the hook ---------------------------------------------------------
headless 5 5>"$FRAMES" <<<"$SAME"
check "with LINKROLE_FRAME_FD=5 the script runs, printing nothing" \
    test "$rc" -eq 0 -a -z "$out" -a -z "$err"
check "... and the screen is the same as without it" \
    cmp -s "$TEST_TMP/dump" "$TEST_TMP/dump.plain"
headless 5 5>"$FRAMES" <<<"$KEYS"
frames=$(cat "$FRAMES")
check "every line is 'frame N keys K picker'" \
    eval '! printf "%s\n" "$frames" | grep -vxE "frame [0-9]+ keys [0-9]+ picker" >/dev/null'
check "N counts the frames: 1, 2, 3, ..." \
    eval 'printf "%s\n" "$frames" | awk "\$2 != NR { bad = 1 } END { exit bad || NR == 0 }"'
# However many frames come before the first key (the first one at
# least), then one per key (p o l a r, Down) and one for the dump.
check "one frame before any key at least" \
    eval 'printf "%s\n" "$frames" | head -n 1 | grep -qx "frame 1 keys 0 picker"'
after=$(printf '%s\n' "$frames" | awk '$4 > 0 { print $4 }' | paste -sd, -)
check "then one frame per key and one for the dump: keys 1,2,3,4,5,6,6" \
    test "$after" = "1,2,3,4,5,6,6"

# A burst (keys read together) is one frame.
headless 5 5>"$FRAMES" <<'K'
:burst polar
K
check "a burst of five keys: one frame, keys 5" \
    eval 'test "$(awk "\$4 > 0" "$FRAMES")" = "frame 2 keys 5 picker"'

# A descriptor open for reading and writing (what a benchmark's socket
# pair is) works too.
headless 5 5<>"$FRAMES" <<<"$KEYS"
check "a descriptor open read-write gets the lines too" \
    eval 'test "$rc" -eq 0 && grep -qx "frame 8 keys 6 picker" "$FRAMES"'

# --- bad values: ignored, the UI as without the hook -----------------------
for v in '' abc 5x -5 ' 5' 0 1 2 77 99999999999999999999 4294967301; do
    headless "$v" 5>"$FRAMES" <<<"$SAME"
    check "LINKROLE_FRAME_FD='$v': ignored (exit 0, nothing printed, same screen)" \
        eval 'test "$rc" -eq 0 -a -z "$out" -a -z "$err" &&
              cmp -s "$TEST_TMP/dump" "$TEST_TMP/dump.plain"'
done
check "... and no frame line went to fd 5 for any of them" \
    test ! -s "$FRAMES"
: >"$FRAMES"
headless 5 5<"$FRAMES" <<<"$SAME"
check "a descriptor open for reading only: ignored" \
    eval 'test "$rc" -eq 0 -a -z "$out" -a -z "$err" &&
          cmp -s "$TEST_TMP/dump" "$TEST_TMP/dump.plain"'

# --- a reader that never reads, or has gone -----------------------------------
# 3000 frames, some 75 KB of lines: more than a pipe holds (64 KiB).  A
# blocking write would hang the UI until the reader goes; the hook's
# descriptor is non-blocking, so the lines that find no room are dropped.
{
    for _ in $(seq 3000); do echo '<Down>'; done
    echo ':dump @'
} >"$TEST_TMP/many"
exec 7> >(sleep 120)
reader=$!
headless 5 5>&7 <"$TEST_TMP/many"
check "a full pipe never read: the UI runs on (exit 0)" \
    eval 'test "$rc" -eq 0 -a -s "$TEST_TMP/dump" -a -z "$err"'
exec 7>&-
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
exec 7> >(exit 0)
reader=$!
for _ in $(seq 100); do kill -0 "$reader" 2>/dev/null || break; sleep 0.05; done
headless 5 5>&7 <<<"$SAME"
check "a pipe whose reader has gone (EPIPE): the UI runs on, same screen" \
    eval 'test "$rc" -eq 0 -a -z "$err" &&
          cmp -s "$TEST_TMP/dump" "$TEST_TMP/dump.plain"'
exec 7>&-

# --- in a real terminal (tmux) -------------------------------------------------
if ! command -v tmux >/dev/null 2>&1; then
    ok "# SKIP the terminal part: tmux is not installed"
    done_testing
    exit
fi
. "$top_srcdir/tests/tui/tmuxlib.sh"

# wait_frame K: waits until a line with keys K is in $FRAMES.
wait_frame() {
    local i
    for i in $(seq 200); do
        grep -qE "^frame [0-9]+ keys $1 picker\$" "$FRAMES" && return 0
        sleep 0.1
    done
    return 1
}

: >"$FRAMES"
start_pane
run_ui "LINKROLE_FRAME_FD=5 $LINKROLE --demo 5>$FRAMES"
check "tmux: the UI starts" wait_for "account 1234567890123456"
check "tmux: the first frame's line arrives" wait_frame 0
if ui_pid "tmux: the UI's process"; then
    flags=$(awk '$1 == "flags:" { print $2 }' "/proc/$pid/fdinfo/5" 2>/dev/null)
    check "tmux: fd 5 is non-blocking (O_NONBLOCK) and close-on-exec (O_CLOEXEC)" \
        eval '[ -n "$flags" ] && (( (8#$flags & 8#4000) && (8#$flags & 8#2000000) ))'
fi
i=0
for c in p o l a r; do
    i=$((i + 1))
    send "$c"
    check "tmux: key $i ($c) is followed by a frame line with keys $i" \
        wait_frame "$i"
done
check "tmux: the screen is the filtered list" wait_for "2/220"
check "tmux: the line numbers run 1, 2, 3, ... with no gap" \
    eval 'awk "\$2 != NR { bad = 1 } END { exit bad || NR == 0 }" "$FRAMES"'
key Escape Escape q
check "tmux: q quits (exit 0)" wait_for "EXIT=0"

start_pane
run_ui "LINKROLE_FRAME_FD=banana $LINKROLE --demo"
check "tmux: LINKROLE_FRAME_FD=banana: the UI starts as ever" \
    wait_for "account 1234567890123456"
send polar
check "... and filters" wait_for "2/220"
key Escape Escape q
check "... and quits (exit 0)" wait_for "EXIT=0"

done_testing
