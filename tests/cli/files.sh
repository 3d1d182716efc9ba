#!/bin/bash
# Hostile local files: whatever sits where linkrole reads or writes a file
# (a FIFO, a link to /dev/zero, a symlink to another file) never hangs it,
# never spins, and is never written through; files linkrole creates are
# 0600.  Covers the catalogue (--catalog, LINKROLE_CATALOG), the
# refused-suffix cache (CLI and the terminal UI), a saved response, and
# linkrole-sim's --state file.  Every run is bounded by timeout(1).

. "$top_srcdir/tests/cli/lib.sh"

LIMIT=20
umask 022
CACHE=$XDG_CACHE_HOME/linkrole/refused-suffix

# bounded ARGS...: run, with a time limit; 124 in $rc means it hung.
bounded() { run_cmd "linkrole $*" timeout "$LIMIT" "$LINKROLE" "$@"; }
# run_cmd SHOWN CMD...: CMD bounded, as run() does; the transcript names
# it as SHOWN (a command line may hold a key).
run_cmd() {
    local shown=$1
    shift
    "$@" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
    {
        printf '$ %s\n' "$shown"
        cat "$TEST_TMP/out" "$TEST_TMP/err"
        printf '[exit %s]\n' "$rc"
    } >>"$TRANSCRIPT"
}
mode_of() { stat -c %a "$1"; }
fresh_cache() { rm -rf "$XDG_CACHE_HOME/linkrole"; mkdir -p "$XDG_CACHE_HOME/linkrole"; }

# tui KEYS: the terminal UI, headless, with KEYS (:dump @ dumps); $dump
# holds the last screen.
tui() {
    local script=$TEST_TMP/keys
    dump=$TEST_TMP/screen.dump
    rm -f "$dump"
    sed "s|@|$dump|g" >"$script"
    LINES=24 COLUMNS=80 TERM=xterm LINKROLE_TUI_SCRIPT=$script \
        run_cmd "linkrole $* (terminal UI)" timeout "$LIMIT" "$LINKROLE" "$@"
}

# --- the catalogue: a FIFO, or a link to /dev/zero -------------------------
mkfifo "$TEST_TMP/catalog.fifo"
ln -s /dev/zero "$TEST_TMP/catalog.zero"
for c in catalog.fifo catalog.zero; do
    bounded --catalog "$TEST_TMP/$c" services
    check "--catalog $c: refused at once, not waited on or read forever" \
        eval '[ "$rc" = 2 ] && contains "$err" "not a regular file"'
    LINKROLE_CATALOG=$TEST_TMP/$c bounded services
    check "LINKROLE_CATALOG=$c: refused at once" \
        eval '[ "$rc" = 2 ] && contains "$err" "not a regular file"'
done

# --- the refused-suffix cache ----------------------------------------------
start_sim --refuse-suffix polardb.aliyuncs.com
as_owner

fresh_cache
bounded create --service polardb.aliyuncs.com --suffix Example
check "a refused suffix is remembered in a new cache file" \
    grep -qx polardb.aliyuncs.com "$CACHE"
check "the new cache file is 0600 (umask 022)" \
    eval '[ "$(mode_of "$CACHE")" = 600 ]'

fresh_cache
mkfifo "$CACHE"
bounded create --service actiontrail.aliyuncs.com
check "cache is a FIFO: create still works" eval '[ "$rc" = 0 ]'
bounded create --service polardb.aliyuncs.com --suffix Example
check "cache is a FIFO: a refusal is not written into it, nothing hangs" \
    eval '[ "$rc" != 124 ] && [ -p "$CACHE" ]'
tui <<'K'
:wait
:dump @
K
check "cache is a FIFO: the terminal UI starts" \
    eval '[ "$rc" = 0 ] && grep -q "Search:" "$dump"'

fresh_cache
ln -s /dev/zero "$CACHE"
bounded create --service polardb.aliyuncs.com --suffix Example
check "cache links to /dev/zero: bounded, the link left alone" \
    eval '[ "$rc" != 124 ] && [ "$(readlink "$CACHE")" = /dev/zero ]'
tui <<'K'
:wait
polar<Enter>
:dump @
K
check "cache links to /dev/zero: the terminal UI starts" \
    eval '[ "$rc" = 0 ] && grep -q "Suffix" "$dump"'

fresh_cache
printf 'precious\n' >"$TEST_TMP/victim"
ln -s "$TEST_TMP/victim" "$CACHE"
bounded create --service polardb.aliyuncs.com --suffix Example
check "cache is a symlink: the file it names is unchanged" \
    eval '[ "$(cat "$TEST_TMP/victim")" = precious ] && [ -L "$CACHE" ]'
printf 'polardb.aliyuncs.com\n' >"$TEST_TMP/victim"
bounded create --help
tui <<'K'
:wait
polar<Enter>
:dump @
K
check "cache is a symlink: what it names is not read as the cache" \
    eval '! grep -q "refused a suffix" "$dump"'
stop_sim
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
rm -rf "$XDG_CACHE_HOME/linkrole"

# --- a saved response ------------------------------------------------------
tui --demo <<K
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>$TEST_TMP/saved.json<Enter>
:dump @
K
check "a saved response is 0600 (umask 022)" \
    eval '[ -f "$TEST_TMP/saved.json" ] && [ "$(mode_of "$TEST_TMP/saved.json")" = 600 ]'
printf 'precious\n' >"$TEST_TMP/victim"
ln -s "$TEST_TMP/victim" "$TEST_TMP/saved-link.json"
tui --demo <<K
:wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>$TEST_TMP/saved-link.json<Enter>
:dump @
K
check "saving to a symlink writes nothing through it" \
    eval '[ "$(cat "$TEST_TMP/victim")" = precious ] && grep -q "cannot write" "$dump"'

# --- linkrole-sim --state --------------------------------------------------
# A state file that cannot be one stops the server at start, with its name
# and why; it does not hang (a FIFO) or follow a link it would later write.
sim_refuses() {
    want_path=$1 want_why=$3
    run_cmd "linkrole-sim --state $1" timeout "$LIMIT" "$SIM" \
        --listen 127.0.0.1:0 \
        --access-key "$TEST_AK:$TEST_SECRET" --state "$1"
    check "linkrole-sim --state $2: refused at start" \
        eval '[ "$rc" != 0 ] && [ "$rc" != 124 ] && contains "$err" "$want_path" &&
              contains "$err" "$want_why"'
}
mkfifo "$TEST_TMP/state.fifo"
sim_refuses "$TEST_TMP/state.fifo" "a FIFO" "not a regular file"
ln -s /dev/zero "$TEST_TMP/state.zero"
sim_refuses "$TEST_TMP/state.zero" "a link to /dev/zero" "symbolic link"
printf '{"schema": 1, "account_id": "1", "roles": []}\n' >"$TEST_TMP/victim"
ln -s "$TEST_TMP/victim" "$TEST_TMP/state.link"
sim_refuses "$TEST_TMP/state.link" "a symlink" "symbolic link"

start_sim --state "$TEST_TMP/state.json"
as_owner
bounded create --service actiontrail.aliyuncs.com
check "linkrole-sim --state: a new state file is 0600 (umask 022)" \
    eval '[ "$rc" = 0 ] && [ "$(mode_of "$TEST_TMP/state.json")" = 600 ] &&
          grep -q AliyunServiceRoleForActionTrail "$TEST_TMP/state.json"'
check "linkrole-sim --state: no temporary file is left beside it" \
    eval '[ -z "$(ls "$TEST_TMP" | grep "^state\.json\.")" ]'
stop_sim

done_testing
