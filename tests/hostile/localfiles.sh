#!/bin/bash
# Hostile local files: a catalogue that is a FIFO, a device or a link to
# one; the refused-suffix cache as a FIFO, a link to /dev/zero or a
# symlink into another file; files linkrole writes created 0600; and a
# config.json with duplicate keys, read as the aliyun CLI reads it.
# Defects of issue 9 covered: 7 (catalogue FIFO), 8 (the cache and every
# file linkrole writes), 14 (duplicate keys in config.json).
. "$top_srcdir/tests/hostile/lib.sh"

export TERM=xterm
CACHE=$XDG_CACHE_HOME/linkrole/refused-suffix

# tui SCRIPT_TEXT ARGS...: the headless UI (LINKROLE_TUI_SCRIPT) at 80x24
# with keys and commands from SCRIPT_TEXT; the last :dump goes to
# $TEST_TMP/screen.
tui() {
    printf '%s\n' "$1" >"$TEST_TMP/keys"
    shift
    rm -f "$TEST_TMP/screen"
    LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$TEST_TMP/keys \
        $LINKROLE_WRAP "$LINKROLE" "$@" </dev/null >"$TEST_TMP/out" \
        2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
}

# --- the catalogue (defect 7) ------------------------------------------------
mkfifo "$TEST_TMP/catalog.fifo"
ln -s /dev/zero "$TEST_TMP/catalog.zero"
ln -s "$TEST_TMP/catalog.fifo" "$TEST_TMP/catalog.fifolink"
mkdir "$TEST_TMP/catalog.dir"
# A sparse 1 GiB file: a size cap refuses it before reading a byte.
truncate -s 1G "$TEST_TMP/catalog.huge"
for c in catalog.fifo catalog.zero catalog.fifolink catalog.dir catalog.huge; do
    run --catalog "$TEST_TMP/$c" services
    verdict "--catalog $c: refused, no hang" 2 "catalog|$c"
    LINKROLE_CATALOG=$TEST_TMP/$c run services polardb.aliyuncs.com
    verdict "LINKROLE_CATALOG=$c: refused, no hang" 2 "catalog|$c"
done
LINKROLE_CATALOG=$TEST_TMP/catalog.fifo tui ':wait
:dump '"$TEST_TMP/screen" --demo
check "the UI with a FIFO for its catalogue ends (no hang)" \
    test "$rc" -ne 124
safe "the UI with a FIFO for its catalogue"

# --- the refused-suffix cache (defect 8) -----------------------------------------
mkdir -p "$XDG_CACHE_HOME/linkrole"
mkfifo "$CACHE"
tui ':wait
polar<Enter>
:dump '"$TEST_TMP/screen" --demo
check "the cache as a FIFO: the UI starts, runs its script, exits 0" \
    eval '[ "$rc" -eq 0 ] && grep -q CustomSuffix "$TEST_TMP/screen"'
rm -f "$CACHE"
ln -s /dev/zero "$CACHE"
tui ':wait
polar<Enter>
:dump '"$TEST_TMP/screen" --demo
check "the cache linked to /dev/zero: the UI starts, runs its script, exits 0" \
    eval '[ "$rc" -eq 0 ] && grep -q CustomSuffix "$TEST_TMP/screen"'
rm -f "$CACHE"

# A refusal is remembered: through a symlink it must not land in the
# file the link names, and a new cache is the user's alone.
as_owner
start_sim --refuse-suffix polardb.aliyuncs.com
printf 'precious\n' >"$TEST_TMP/victim"
ln -s "$TEST_TMP/victim" "$CACHE"
run create --service polardb.aliyuncs.com --suffix x1
verdict "a refused suffix with the cache a symlink" 1 \
    "CustomSuffix"
check "... the file the symlink names is unchanged" \
    test "$(cat "$TEST_TMP/victim")" = precious
rm -f "$CACHE"
run create --service polardb.aliyuncs.com --suffix x1
check "a refused suffix is remembered in a new cache" \
    grep -qx polardb.aliyuncs.com "$CACHE"
check "... created 0600" test "$(stat -c %a "$CACHE")" = 600
stop_sim

# The UI's saved response: created 0600, never through a symlink.
tui ':wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>'"$TEST_TMP/saved.json"'<Enter>
:dump '"$TEST_TMP/screen" --demo
check "the UI saves a response" \
    grep -q '"RoleName"' "$TEST_TMP/saved.json"
check "... to a file created 0600 (it may hold account details)" \
    test "$(stat -c %a "$TEST_TMP/saved.json" 2>/dev/null)" = 600
ln -s "$TEST_TMP/victim" "$TEST_TMP/saved-link.json"
tui ':wait
polar<Enter>
<Tab><Tab><Enter>
:wait
s
<C-u>'"$TEST_TMP/saved-link.json"'<Enter>
:dump '"$TEST_TMP/screen" --demo
check "saving to a symlink leaves the file it names unchanged" \
    test "$(cat "$TEST_TMP/victim")" = precious

# --- duplicate keys in config.json (defect 14) --------------------------------
# The aliyun CLI (Go's encoding/json) takes the last of duplicate keys;
# linkrole must act with the same profile and key, and warn.
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
start_sim
mkdir -p "$HOME/.aliyun"
cat >"$HOME/.aliyun/config.json" <<JSON
{
	"current": "auditor",
	"profiles": [
		{ "name": "auditor", "mode": "AK", "access_key_id": "$USER_AK",
		  "access_key_secret": "$USER_SECRET", "region_id": "cn-hangzhou" },
		{ "name": "owner", "mode": "AK", "access_key_id": "$TEST_AK",
		  "access_key_secret": "$TEST_SECRET", "region_id": "cn-hangzhou" }
	],
	"current": "owner"
}
JSON
chmod 600 "$HOME/.aliyun/config.json"
run -o json whoami
check "config.json with \"current\" twice: the last one (owner) is used" \
    eval '[ "$rc" -eq 0 ] && jq -e ".Arn | endswith(\":root\")" "$TEST_TMP/out" >/dev/null'
check "... with a warning naming the duplicate" \
    eval 'printf "%s" "$err" | grep -Eqi "duplicate|more than once"'
safe "config.json with \"current\" twice"

cat >"$HOME/.aliyun/config.json" <<JSON
{
	"current": "p",
	"profiles": [
		{ "name": "p", "mode": "AK",
		  "access_key_id": "$USER_AK", "access_key_secret": "$USER_SECRET",
		  "access_key_id": "$TEST_AK", "access_key_secret": "$TEST_SECRET",
		  "region_id": "cn-hangzhou" }
	]
}
JSON
run -o json whoami
check "a profile with its key twice: the last key is used" \
    eval '[ "$rc" -eq 0 ] && jq -e ".Arn | endswith(\":root\")" "$TEST_TMP/out" >/dev/null'
check "... with a warning naming the duplicate" \
    eval 'printf "%s" "$err" | grep -Eqi "duplicate|more than once"'
safe "a profile with its key twice"
stop_sim

done_testing
