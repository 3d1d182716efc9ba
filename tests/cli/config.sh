#!/bin/bash
# linkrole's config file ($XDG_CONFIG_HOME/linkrole/config) and the
# precedence of every default, row by row: command line > environment >
# config file > aliyun profile (output_format, language) > built-in.
. "$top_srcdir/tests/cli/lib.sh"

unset LANGUAGE LC_ALL LC_MESSAGES NO_COLOR ESCDELAY XDG_CONFIG_HOME
export LANG=C.UTF-8
CFG_DIR=$HOME/.config/linkrole
CFG=$CFG_DIR/config
mkdir -p "$CFG_DIR" "$HOME/.aliyun"
config() { printf '%s\n' "$@" >"$CFG"; }
aliyun() {
    printf '{"current": "main", "profiles": [{"name": "main", "mode": "AK",
      "access_key_id": "%s", "access_key_secret": "%s", %s
      "region_id": "cn-hangzhou"}]}\n' "$TEST_AK" "$TEST_SECRET" "$1" \
        >"$HOME/.aliyun/config.json"
}
is_json() { case "$1" in "["*) return 0 ;; esac; return 1; }
exits_saying() { test "$rc" -eq "$1" && contains "$err" "$2"; }
readme_ok() { test "$rc" -eq 0 -a -z "$err" && is_json "$out"; }
text_in_zh() { is_text "$out" && contains "$out" "$zh"; }
is_text() { case "$1" in PRODUCT* | 产品* | 產品*) return 0 ;; esac; return 1; }

# --- output: each level over the next ---
rm -f "$CFG" "$HOME/.aliyun/config.json"
run services --search polar
check "output: built-in default is text" is_text "$out"
aliyun '"output_format": "json",'
run services --search polar
check "output: the aliyun profile's output_format json when config is silent" \
    is_json "$out"
config "output = text"
run services --search polar
check "output: the config file over the aliyun profile" is_text "$out"
config "output = json"
run services --search polar
check "output: the config file over the built-in default" is_json "$out"
run -o text services --search polar
check "output: the command line over the config file" is_text "$out"
rm -f "$HOME/.aliyun/config.json"

# --- language ---
zh=云数据库
config "output = text"
run services --search polar
check "language: built-in default (C locale) is en" \
    test "$rc" -eq 0 -a -z "$(printf '%s' "$out" | grep "$zh")"
aliyun '"language": "zh",'
run services --search polar
check "language: the aliyun profile's language when config is silent" \
    contains "$out" "$zh"
config "language = en"
run services --search polar
check "language: the config file over the aliyun profile" \
    test -z "$(printf '%s' "$out" | grep "$zh")"
config "language = zh"
run services --search polar
check "language: the config file over the default" contains "$out" "$zh"
LANG=en_US.UTF-8 run services --search polar
check "language: the config file over the locale (LANG)" contains "$out" "$zh"
config "language = zh_TW"
LANG=zh_CN.UTF-8 run services --search polar
check "language: zh_TW in the config file (Traditional names)" \
    contains "$out" "雲端資料庫 PolarDB"
LANGUAGE=zh_CN run --lang en services --search polar
check "language: --lang over the environment" \
    test -z "$(printf '%s' "$out" | grep "$zh")"
config "output = text"
aliyun '"language": "en",'
LANG=zh_CN.UTF-8 run services --search polar
check "language: the locale over the aliyun profile's language" \
    contains "$out" "$zh"
LC_ALL=C LANGUAGE=zh_CN run services --search polar
check "language: LC_ALL=C asks for English, LANGUAGE unread" \
    test -z "$(printf '%s' "$out" | grep "$zh")"
rm -f "$HOME/.aliyun/config.json"

# --- which aliyun profile: --profile, ALIBABA_CLOUD_PROFILE, the config
# file's profile, else the file's current one ---
rm -f "$CFG"
printf '{"current": "main", "profiles": [
  {"name": "main", "mode": "AK", "output_format": "json"},
  {"name": "other", "mode": "AK", "language": "zh"}]}\n' \
    >"$HOME/.aliyun/config.json"
run services --search polar
check "aliyun profile: the current one's output_format" is_json "$out"
run --profile other services --search polar
check "aliyun profile: --profile picks whose settings count" \
    text_in_zh
ALIBABA_CLOUD_PROFILE=other run services --search polar
check "aliyun profile: ALIBABA_CLOUD_PROFILE picks it too" \
    contains "$out" "$zh"
config "profile = other"
run services --search polar
check "aliyun profile: the config file's profile picks it too" \
    contains "$out" "$zh"
rm -f "$CFG" "$HOME/.aliyun/config.json"

# --- signature (what --dry-run shows) ---
as_owner
config "signature = v1"
run --dry-run create --service polardb.aliyuncs.com
check "signature: the config file's v1" contains "$out" "SignatureVersion=1.0"
run --dry-run --signature v3 create --service polardb.aliyuncs.com
check "signature: the command line over the config file" \
    contains "$out" "ACS3-HMAC-SHA256"
rm -f "$CFG"
run --dry-run create --service polardb.aliyuncs.com
check "signature: built-in default is v3" contains "$out" "ACS3-HMAC-SHA256"

# --- region (what whoami shows, against the simulator) ---
start_sim
region_is() { test "$rc" -eq 0 && printf '%s\n' "$out" | grep -q "^Region.*$1"; }
rm -f "$CFG" "$HOME/.aliyun/config.json"
run whoami
check "region: built-in default is cn-hangzhou" region_is cn-hangzhou
config "region = cn-shanghai"
run whoami
check "region: the config file over the default" region_is cn-shanghai
ALIBABA_CLOUD_REGION_ID=cn-beijing run whoami
check "region: ALIBABA_CLOUD_REGION_ID over the config file" \
    region_is cn-beijing
ALIBABA_CLOUD_REGION_ID=cn-beijing run --region cn-shenzhen whoami
check "region: --region over the environment" region_is cn-shenzhen
stop_sim
unset LINKROLE_ENDPOINT

# --- profile ---
unset ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET
aliyun ''
config "profile = fromconfig"
run whoami
check "profile: the config file's profile is used" \
    exits_saying 3 "fromconfig"
ALIBABA_CLOUD_PROFILE=fromenv run whoami
check "profile: ALIBABA_CLOUD_PROFILE over the config file" \
    contains "$err" "fromenv"
ALIBABA_CLOUD_PROFILE=fromenv run --profile fromflag whoami
check "profile: --profile over the environment" contains "$err" "fromflag"

# --- colour (the UI's cell attributes: C marks a colour pair) ---
attrs() {
    local keys=$TEST_TMP/attrs.keys out=$TEST_TMP/attrs.out
    rm -f "$out"
    printf ':wait\npolar\n:wait\n:attrs %s\n' "$out" >"$keys"
    TERM=xterm-256color LINES=24 COLUMNS=80 LINKROLE_TUI_SCRIPT=$keys \
        "$@" "$LINKROLE" --demo </dev/null >/dev/null 2>"$TEST_TMP/err"
    test -s "$out" && cp "$out" "$TEST_TMP/attrs.last"
}
coloured() { attrs "$@" && grep -q C "$TEST_TMP/attrs.last"; }
mono() { attrs "$@" && ! grep -q C "$TEST_TMP/attrs.last"; }
rm -f "$CFG"
check "colour: built-in default is colour" coloured env
config "colour = never"
check "colour: the config file's never over the default" mono env
config "color = always"
check "colour: color (US spelling) always keeps colour" coloured env
check "colour: NO_COLOR over the config file" mono env NO_COLOR=1
rm -f "$CFG"

# --- the file itself ---
config "output = json" "future_key = 1"
run services --search polar
check "an unknown key is a warning naming file:line, not a failure" \
    exits_saying 0 "$CFG:2: unknown key 'future_key'"
config "# mine" "colour = pink"
run services --search polar
check "a bad value: exit 2 naming file:line, the key and its values" \
    exits_saying 2 "$CFG:2: colour takes auto, always or never, not 'pink'"
config "region = Not/A/Region"
run services
check "a bad region: exit 2" exits_saying 2 "$CFG:1: region"
config "output"
run services
check "a line that is not key = value: exit 2 with file:line" \
    exits_saying 2 "$CFG:1: expected 'key = value'"
rm -f "$CFG"
printf 'output = json\n' >"$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$CFG"
run services --search polar
check "a config file that is a symlink is refused, clearly" \
    exits_saying 2 "a symbolic link"
rm -f "$CFG"
mkfifo "$CFG"
run services --search polar
check "a FIFO in the config file's place: refused, no hang" \
    exits_saying 2 "not a regular file"
rm -f "$CFG"
head -c 70000 /dev/zero | tr '\0' '#' >"$CFG"
run services --search polar
check "a huge config file is refused" \
    exits_saying 2 "larger than"
config "output = json"
if [ "$(id -u)" -ne 0 ]; then
    chmod 000 "$CFG"
    run services --search polar
    check "an unreadable config file: exit 2 naming it" \
        exits_saying 2 "$CFG: cannot read it"
    chmod 600 "$CFG"
fi
mkdir -p "$TEST_TMP/xdg/linkrole"
printf 'output = json\n' >"$TEST_TMP/xdg/linkrole/config"
config "output = text"
XDG_CONFIG_HOME=$TEST_TMP/xdg run services --search polar
check "XDG_CONFIG_HOME says where the file is" is_json "$out"
rm -f "$CFG"
sed -n '/^```ini/,/^```/p' "$top_srcdir/README.md" | sed '1d;$d' >"$CFG"
run services --search polar
check "the README's example config is read without a word" \
    readme_ok
rm -f "$CFG"

# JSON by default (here the config file's) still lets `linkrole roles`
# open the UI on a terminal (the test script stands for one); JSON typed
# on the command line prints the list.
config "output = json"
printf ':wait\n:dump %s\n' "$TEST_TMP/roles.dump" >"$TEST_TMP/roles.keys"
rm -f "$TEST_TMP/roles.dump"
LINES=24 COLUMNS=80 TERM=xterm LINKROLE_TUI_SCRIPT=$TEST_TMP/roles.keys \
    "$LINKROLE" --demo roles </dev/null >/dev/null 2>&1
check "roles with output = json in the config: the UI opens on a terminal" \
    grep -q "Service-linked roles" "$TEST_TMP/roles.dump"
rm -f "$TEST_TMP/roles.dump"
LINES=24 COLUMNS=80 TERM=xterm LINKROLE_TUI_SCRIPT=$TEST_TMP/roles.keys \
    "$LINKROLE" --demo roles -o json </dev/null >"$TEST_TMP/roles.out" 2>&1
check "... -o json on the command line: the list as JSON, no UI" \
    eval '[ ! -f "$TEST_TMP/roles.dump" ] && grep -q "\"Roles\": \\[" "$TEST_TMP/roles.out"'
rm -f "$CFG"

done_testing
