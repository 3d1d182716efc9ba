# tmuxlib — sourced by the tests that drive the UI in tmux (tmux.sh and
# each screen's own NAME.sh), after tests/cli/lib.sh: a private server per
# test, keys in, the screen read back.
# shellcheck shell=bash

if ! command -v tmux >/dev/null 2>&1; then
    echo "1..0 # SKIP tmux is not installed"
    exit 0
fi

# Each server gets a socket of its own: a server killed on a socket goes
# on to unlink it while the next one starts there, and the new server is
# then unreachable (seen in CI as "no server running").
SRV=0
T() { tmux -L "linkrole-test-$$-$SRV" -f /dev/null "$@"; }
trap 'for SRV in $(seq 0 "$SRV"); do T kill-server >/dev/null 2>&1; done; cleanup' EXIT

# new_server: the current server ended, the next one's socket chosen.
new_server() {
    T kill-server >/dev/null 2>&1
    SRV=$((SRV + 1))
}

# A shell in a 100x30 pane, so the terminal can be checked after linkrole.
start_pane() {
    new_server
    # A fresh demo account for each pane (the pane's XDG_STATE_HOME is
    # unset: ~/.local/state).
    rm -f "$HOME/.local/state/linkrole/demo.json"
    T new-session -d -s t -x 100 -y 30 \
        "env -i PATH=/usr/bin:/bin HOME=$HOME TERM=screen LC_ALL=C.UTF-8 \
         TZ=UTC PS1='$ ' bash --norc --noprofile"
    T set-option -t t status off >/dev/null
}

# send TEXT: typed literally.  key KEY...: tmux key names.
send() { T send-keys -t t -l "$1"; }
key() { T send-keys -t t "$@"; }

# run_ui ENV_AND_ARGS: starts linkrole in the pane, its exit status is
# printed after it ends.
run_ui() {
    # Each run starts from a fresh demo account, as before --demo kept
    # one between runs.
    rm -f "$HOME/.local/state/linkrole/demo.json"
    send "env LINKROLE_CATALOG=$LINKROLE_CATALOG $1; echo EXIT=\$?"
    key Enter
}

# wait_for TEXT [TENTHS]: polls the screen until TEXT shows (default 20 s:
# a bound against a hang, not a speed check; a busy CI root needs more than 5).
wait_for() {
    local i
    for i in $(seq "${2:-200}"); do
        pane=$(T capture-pane -p -t t 2>/dev/null)
        contains "$pane" "$1" && return 0
        sleep 0.1
    done
    return 1
}

# The terminal is sane again: canonical mode and echo on.
STTY_CHECK="stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | paste -sd, -"
term_sane() {
    send "clear; $STTY_CHECK"
    key Enter
    wait_for "icanon,echo" 30
}

# with_keys ID SECRET: a script that runs its arguments with these keys,
# so no secret is typed where the screen (and a failure report) shows it.
with_keys() {
    printf 'export ALIBABA_CLOUD_ACCESS_KEY_ID=%s\n' "$1"
    printf 'export ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s\n' "$2"
    printf 'exec "$@"\n'
}

# ui_pid WHAT: sets $pid to the process id of linkrole in the pane (a
# descendant of the pane's first process: how deep depends on the shell
# tmux starts the pane with), or, when there is none (no ps, no such
# process), empties $pid, reports a failed test point for WHAT saying why,
# and returns 1.  An empty id must never let a check pass: `kill -0 ""`
# fails for the wrong reason, and a loop waiting for "" to end ends at once.
ui_pid() {
    local top procs
    pid=
    top=$(T display -p -t t '#{pane_pid}' 2>&1)
    case "$top" in
        '' | *[!0-9]*)
            not_ok "$1" "tmux gave no pane pid: '$top'"
            return 1 ;;
    esac
    procs=$(ps -e -o pid=,ppid=,comm= 2>&1)
    pid=$(printf '%s\n' "$procs" | awk -v top="$top" '
        $1 ~ /^[0-9]+$/ { parent[$1] = $2; name[$1] = $3 }
        END {
            for (p in name) {
                if (name[p] != "linkrole")
                    continue
                q = p
                for (depth = 0; depth < 8 && q in parent; depth++) {
                    q = parent[q]
                    if (q == top) { print p; exit }
                }
            }
        }')
    case "$pid" in
        '' | *[!0-9]*)
            not_ok "$1" "no linkrole process below the pane's process $top;" \
                "ps -e -o pid=,ppid=,comm= printed:" \
                "$(printf '%s\n' "$procs" | head -n 20)"
            pid=
            return 1 ;;
    esac
}
