#!/bin/bash
# Pastes into the terminal UI, in tmux on a private socket: a paste of
# about 300 KB must not make the UI think its terminal is gone (and leave
# the rest of the paste to the shell), and newlines in pasted text must
# never press a button.  Skipped only when tmux is missing.
# Defects of issue 9 covered: 5 (a large paste kills the UI), 6 (pasted
# newlines submit the form).
. "$top_srcdir/tests/hostile/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
    echo "1..0 # SKIP tmux is not installed"
    exit 0
fi

# A private server per UI started (killing one and starting the next on
# the same socket races).
SOCKS=
N=0
tm() { tmux -L "linkrole-hostile-$$-$N" -f /dev/null "$@"; }
trap 'for N in $SOCKS; do tm kill-server >/dev/null 2>&1; done; hostile_cleanup' EXIT

# shows TEXT [TENTHS]: polls the pane until TEXT is on it (default 10 s);
# $pane holds the last capture.
shows() {
    local i
    for i in $(seq "${2:-100}"); do
        pane=$(tm capture-pane -p -t h 2>/dev/null) || return 1
        contains "$pane" "$1" && return 0
        sleep 0.1
    done
    return 1
}

# foreground: the name of the pane's foreground process.
foreground() { tm display -p -t h '#{pane_current_command}' 2>/dev/null; }

# ui: a fresh pane with a shell, and linkrole --demo started in it; its
# exit status shows as LINKROLE_EXIT=N when it ends.
ui() {
    tm kill-server >/dev/null 2>&1
    # A fresh demo account each time (--demo keeps one between runs).
    rm -f "$HOME/.local/state/linkrole/demo.json"
    N=$((N + 1))
    SOCKS="$SOCKS $N"
    tm new-session -d -s h -x 100 -y 30 \
        "env -i PATH=/usr/bin:/bin HOME=$HOME TERM=screen LC_ALL=C.UTF-8 TZ=UTC PS1='$ ' bash --norc --noprofile"
    tm set-option -t h status off >/dev/null
    tm send-keys -t h -l "env LINKROLE_CATALOG=$LINKROLE_CATALOG $LINKROLE --demo; echo LINKROLE_EXIT=\$?"
    tm send-keys -t h Enter
    shows "account 1234567890123456"
}

# paste FILE: FILE pasted as a terminal pastes (bracketed when the
# application asked for it).
paste() {
    tm load-buffer -b hostile "$1"
    tm paste-buffer -p -d -b hostile -t h
}

# --- pasted newlines press nothing (defect 6) -----------------------------------
ui
tm send-keys -t h -l polar
shows "2/220"
tm send-keys -t h Enter
check "the form is open on CustomSuffix" shows "CustomSuffix"
printf 'Pasted\nsome description\n\n' >"$TEST_TMP/newlines"
paste "$TEST_TMP/newlines"
# Typed after the paste: once it shows, the paste has been handled.
tm send-keys -t h -l 7M7
shows 7M7 30
check "a paste with newlines into the suffix: no role created" \
    eval '! contains "$pane" "Created AliyunServiceRoleForPolarDB" &&
          ! contains "$pane" "Already exists"'
check "... the UI still runs, on the form" \
    eval '[ "$(foreground)" = linkrole ] && contains "$pane" "CustomSuffix"'
check "... and typing after the paste still reaches the form" \
    contains "$pane" 7M7

# --- a 300 KB paste (defect 5) ----------------------------------------------------
# Into the suffix field; no newline in it, so whatever reaches the shell
# if the UI dies is typed, never run.
ui
tm send-keys -t h -l polar
shows "2/220"
tm send-keys -t h Enter
shows "CustomSuffix"
head -c 300000 /dev/zero | tr '\0' p >"$TEST_TMP/big"
paste "$TEST_TMP/big"
tm send-keys -t h -l 7M7
shows 7M7 300
check "a 300 KB paste: the UI is still running" \
    eval '[ "$(foreground)" = linkrole ]'
check "... it did not end as if the terminal were lost (129)" \
    eval '! contains "$pane" "LINKROLE_EXIT=129"'
tm send-keys -t h Escape
tm send-keys -t h Escape
tm send-keys -t h Escape
# Esc leaves the empty search for the list; q quits there.
tm send-keys -t h q
check "... and quits cleanly afterwards" shows "LINKROLE_EXIT=0" 100

done_testing
