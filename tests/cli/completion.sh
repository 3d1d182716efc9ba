#!/bin/bash
# linkrole completion bash, and the names it asks for (issue 12, point 1).
. "$top_srcdir/tests/cli/lib.sh"

# skip WHY: a TAP skip (a shell that is not installed).
skip() { tap_count=$((tap_count + 1)); echo "ok $tap_count # SKIP $1"; }

# comp WORD...: what bash completes for the last WORD (the script run in
# a fresh bash, as `source <(linkrole completion bash)` does).
comp() {
    bash --norc --noprofile -c '
        source <("$1" completion bash) || exit 9
        complete -p linkrole >/dev/null || exit 8
        shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _linkrole
        echo "${COMPREPLY[*]}"' comp "$LINKROLE" "$LINKROLE" "$@"
}

run completion bash
check "completion bash: exit 0" test "$rc" -eq 0
check "the script defines _linkrole and completes linkrole" \
    eval 'contains "$(cat "$TEST_TMP/out")" "complete -F _linkrole linkrole"'
check "the script is valid bash" bash -n "$TEST_TMP/out"

got=$(comp cr)
check "commands: cr -> create ($got)" test "$got" = create
got=$(comp d)
check "commands: d -> delete dbs dbs-init ($got)" \
    eval 'contains " $got " " delete " && contains " $got " " dbs " &&
          contains " $got " " dbs-init "'
got=$(comp --output json c)
check "a global option's value is not the command ($got)" \
    eval 'contains " $got " " create " && contains " $got " " completion "'
got=$(comp help ex)
check "help: commands ($got)" test "$got" = export
got=$(comp --)
check "global options ($got)" \
    eval 'contains " $got " " --output " && contains " $got " " --profile " &&
          ! contains " $got " " --suffix "'
got=$(comp create --s)
check "create's options ($got)" \
    eval 'contains " $got " " --service " && contains " $got " " --suffix " &&
          contains " $got " " --signature "'
got=$(comp delete --)
check "delete's options ($got)" \
    eval 'contains " $got " " --yes " && ! contains " $got " " --suffix "'
got=$(comp --output "")
check "--output values ($got)" test "$got" = "text json"
got=$(comp -o j)
check "-o values ($got)" test "$got" = json
got=$(comp --signature "")
check "--signature values ($got)" test "$got" = "v3 v1"
got=$(comp --region cn-sh)
check "--region: the known regions ($got)" \
    eval 'contains " $got " " cn-shanghai " && contains " $got " " cn-shenzhen "'
got=$(comp --lang "")
check "--lang values ($got)" test "$got" = "en zh_CN zh_TW zh"
got=$(comp export --format "")
check "--format values ($got)" test "$got" = "terraform aliyun json"
got=$(comp get --print "")
check "--print values ($got)" test "$got" = "terraform aliyun"
got=$(comp create --service polar)
check "--service from the catalogue ($got)" \
    eval 'contains " $got " " polardb.aliyuncs.com "'
got=$(comp services ecsins)
check "services NAME from the catalogue ($got)" \
    eval 'test "$got" = ecsinsight.aliyuncs.com'
got=$(comp completion "")
check "completion: shells ($got)" test "$got" = "bash zsh fish"

# fish and zsh, where installed (CI's fresh root has them through bootstrap).
bindir=$(dirname "$LINKROLE")
if command -v fish >/dev/null 2>&1; then
    fishc() {
        PATH=$bindir:$PATH fish --no-config -c \
            "linkrole completion fish | source; complete -C'$1'" | cut -f1 |
            tr '\n' ' ' | sed 's/ $//'
    }
    got=$(fishc "linkrole cr")
    check "fish: commands ($got)" test "$got" = create
    got=$(fishc "linkrole --output ")
    check "fish: --output values ($got)" test "$got" = "json text"
    got=$(fishc "linkrole export --service polardb.")
    check "fish: --service from the catalogue ($got)" \
        test "$got" = polardb.aliyuncs.com
    got=$(fishc "linkrole create --su")
    check "fish: create's options ($got)" test "$got" = --suffix
else
    skip "fish is not installed"
fi
# zsh: the native script, through zsh's own completion system.  Each case
# is a fresh interactive zsh (zsh -f -i) in a pseudo-terminal (zsh/zpty),
# the script found in $fpath by compinit and autoloaded on the first TAB,
# as a user's shell does; the keys are typed, then the line is printed.
if ! command -v zsh >/dev/null 2>&1; then
    skip "zsh is not installed: the zsh completion is not tried"
elif ! zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
    skip "zsh has no zsh/zpty module: the zsh completion is not tried"
else
    zdir=$top_builddir/completions
    if [ ! -f "$zdir/_linkrole" ]; then
        zdir=$TEST_TMP/zfunc
        mkdir -p "$zdir"
        "$LINKROLE" completion zsh >"$zdir/_linkrole"
    fi
    "$LINKROLE" completion zsh >"$TEST_TMP/zsh-script"
    check "zsh: the installed _linkrole is what completion zsh prints" \
        cmp -s "$zdir/_linkrole" "$TEST_TMP/zsh-script"
    check "zsh: the script is valid zsh" zsh -n "$TEST_TMP/zsh-script"
    check "zsh: a #compdef file, not bash's through bashcompinit" \
        eval 'test "$(head -1 "$TEST_TMP/zsh-script")" = "#compdef linkrole" &&
              ! grep -q bashcompinit "$TEST_TMP/zsh-script"'
    cat >"$TEST_TMP/drive.zsh" <<'EOF_ZSH'
# zsh -f drive.zsh FPATH-DIR DUMP KEYS: types KEYS in a new interactive
# zsh, then prints what the terminal showed and the line as LINE=...
zmodload zsh/zpty || exit 3
dir=$1 dump=$2 keys=$3 out= chunk= n=0
zpty z "TERM=xterm PS1='%% ' zsh -f -i"
zpty -w z "bindkey -e; LISTMAX=1000; fpath=(${(q)dir} \$fpath);\
 autoload -U compinit; compinit -u -d ${(q)dump}; print RE''ADY"
while (( n++ < 600 )); do
    zpty -r -t z chunk && out+=$chunk || sleep 0.05
    [[ $out == *$'\n'READY* ]] && break
done
[[ $out == *$'\n'READY* ]] || { print -r -- "no prompt: $out"; exit 4; }
out= n=0
zpty -w -n z "$keys"
sleep 0.5
zpty -w -n z $'\C-aprint -r -- LINE=\C-e\r'
while (( n++ < 600 )); do
    zpty -r -t z chunk && out+=$chunk || sleep 0.05
    [[ $out == *$'\n'LINE=*$'\n'* ]] && break
done
print -r -- "$out"
zpty -d z
EOF_ZSH
    # zshc KEYS: what the terminal showed (escapes and CRs removed); the
    # line after the keys goes to $zline.
    zshc() {
        PATH=$bindir:$PATH zsh -f "$TEST_TMP/drive.zsh" "$zdir" \
            "$TEST_TMP/zcompdump" "$1" 2>&1 |
            sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r' >"$TEST_TMP/zshc"
        zline=$(sed -n 's/^LINE=//p' "$TEST_TMP/zshc" | head -1 |
                sed 's/ *$//')
        zshown=$(cat "$TEST_TMP/zshc")
    }
    zshc $'linkrole cr\t'
    check "zsh: the first TAB of a session: cr -> create ($zline)" \
        test "$zline" = "linkrole create"
    zshc $'linkrole create --serv\t'
    check "zsh: create --serv -> --service ($zline)" \
        eval 'test "$zline" = "linkrole create --service" ||
              test "$zline" = "linkrole create --service="'
    zshc $'linkrole create --s\t'
    check "zsh: create --s lists create's options with their help" \
        eval 'contains "$zshown" "--service" && contains "$zshown" "--suffix" &&
              contains "$zshown" "--signature" &&
              contains "$zshown" "the service, e.g. polardb.aliyuncs.com" &&
              ! contains "$zshown" "--search"'
    zshc $'linkrole \t'
    check "zsh: the commands, described" \
        eval 'contains "$zshown" "create" && contains "$zshown" "dbs-init" &&
              contains "$zshown" "Creates the service-linked role" &&
              ! contains "$zshown" "__complete"'
    zshc $'linkrole --output j\t'
    check "zsh: --output values ($zline)" \
        test "$zline" = "linkrole --output json"
    zshc $'linkrole -o json li\t'
    check "zsh: a global option's value is not the command ($zline)" \
        test "$zline" = "linkrole -o json list"
    zshc $'linkrole export --format a\t'
    check "zsh: --format values ($zline)" \
        test "$zline" = "linkrole export --format aliyun"
    zshc $'linkrole --region cn-sh\t'
    check "zsh: --region lists the known regions" \
        eval 'contains "$zshown" "cn-shanghai" && contains "$zshown" "cn-shenzhen"'
    zshc $'linkrole create --service polardb.\t'
    check "zsh: --service from the catalogue ($zline)" \
        test "$zline" = "linkrole create --service polardb.aliyuncs.com"
    zshc $'linkrole services ecsins\t'
    check "zsh: services NAME from the catalogue ($zline)" \
        test "$zline" = "linkrole services ecsinsight.aliyuncs.com"
    zshc $'linkrole delete --y\t'
    check "zsh: delete's options ($zline)" \
        test "$zline" = "linkrole delete --yes"
    zshc $'linkrole completion z\t'
    check "zsh: completion's shells ($zline)" \
        test "$zline" = "linkrole completion zsh"
    mkdir -p "$HOME/.aliyun"
    printf '%s' '{"current":"ops","profiles":[{"name":"default","mode":"AK"},{"name":"ops","mode":"AK"}]}' >"$HOME/.aliyun/config.json"
    chmod 600 "$HOME/.aliyun/config.json"
    zshc $'linkrole list -p o\t'
    check "zsh: -p from config.json ($zline)" \
        test "$zline" = "linkrole list -p ops"
    rm -rf "$HOME/.aliyun"
    got=$(PATH=$bindir:$PATH zsh -f -c 'autoload -U compinit
        compinit -u -d "$1/zcompdump-src"
        source <(linkrole completion zsh) && print -r -- "$_comps[linkrole]"' \
        zsh "$TEST_TMP")
    check "zsh: sourced after compinit, it registers _linkrole ($got)" \
        test "$got" = _linkrole
fi

# Role names come from the local journal; bad lines are skipped.
got=$(comp get "")
check "get: no journal, no role names ($got)" test -z "$got"
mkdir -p "$XDG_STATE_HOME/linkrole"
chmod 700 "$XDG_STATE_HOME/linkrole"
{
    printf '%s\n' '{"id":"a1","type":"intent","time":"2026-12-01T10:00:00Z","action":"CreateServiceLinkedRole","service":"polardb.aliyuncs.com","role":"AliyunServiceRoleForPolarDB"}'
    printf '%s\n' 'not json at all'
    printf '%s\n' '{"id":"a2","type":"intent","time":"2026-12-01T10:01:00Z","action":"DeleteServiceLinkedRole","service":"ecs.aliyuncs.com","role":"AliyunServiceRoleForECS"}'
} >"$XDG_STATE_HOME/linkrole/journal.jsonl"
chmod 600 "$XDG_STATE_HOME/linkrole/journal.jsonl"
got=$(comp get Aliyun)
check "get: role names from the journal ($got)" \
    eval 'contains " $got " " AliyunServiceRoleForPolarDB " &&
          contains " $got " " AliyunServiceRoleForECS "'
got=$(comp delete AliyunServiceRoleForP)
check "delete: role names from the journal ($got)" \
    test "$got" = AliyunServiceRoleForPolarDB

run __complete nothing
check "__complete: an unknown list is a usage error" test "$rc" -eq 2

# Profile names from config.json and the credentials INI file, each once.
mkdir -p "$HOME/.aliyun" "$HOME/.alibabacloud"
printf '%s' '{"current":"ops","profiles":[{"name":"default","mode":"AK"},{"name":"ops","mode":"AK"},{"name":"bad name","mode":"AK"}]}' >"$HOME/.aliyun/config.json"
printf '[default]\ntype = access_key\n[prod-ini]\ntype = access_key\n' >"$HOME/.alibabacloud/credentials"
chmod 600 "$HOME/.aliyun/config.json" "$HOME/.alibabacloud/credentials"
got=$(comp --profile "")
check "--profile: config.json's and the INI file's profiles ($got)" \
    test "$got" = "default ops prod-ini"
got=$(comp list -p o)
check "-p o -> ops ($got)" test "$got" = ops
rm -rf "$HOME/.aliyun" "$HOME/.alibabacloud"

# --- did you mean (issue 12, point 5) -------------------------------------------
run creat
check "an unknown command: exit 2 with the closest command" \
    eval '[ "$rc" = 2 ] && contains "$(cat "$TEST_TMP/err")" "did you mean create?"'
run dbs-int
check "dbs-int: did you mean dbs-init?" \
    eval '[ "$rc" = 2 ] && contains "$(cat "$TEST_TMP/err")" "did you mean dbs-init?"'
run xyzzy
check "nothing close: no suggestion" \
    eval '[ "$rc" = 2 ] && ! contains "$(cat "$TEST_TMP/err")" "did you mean"'
run help help
check "help help: help's own help" \
    eval '[ "$rc" = 0 ] && contains "$(cat "$TEST_TMP/out")" "Usage: linkrole help [COMMAND]"'
for given in polardb PolarDB AliyunServiceRoleForPolarDB; do
    run create --service "$given"
    check "create --service $given: exit 2, did you mean polardb.aliyuncs.com?" \
        eval '[ "$rc" = 2 ] && contains "$(cat "$TEST_TMP/err")" "did you mean polardb.aliyuncs.com?"'
done
run export --service polardb
check "export --service polardb: did you mean polardb.aliyuncs.com?" \
    eval '[ "$rc" = 2 ] && contains "$(cat "$TEST_TMP/err")" "did you mean polardb.aliyuncs.com?"'
run create --service polardb.aliyuncs.com --print aliyun
check "a catalogue service name is taken as it is" test "$rc" -eq 0

# --- get and delete take an ARN (role names lower-cased in it) ----------------
start_sim
as_owner
run --output json create --service polardb.aliyuncs.com
check "create for the ARN checks: exit 0" test "$rc" -eq 0
arn=$(grep -o '"Arn": *"[^"]*"' "$TEST_TMP/out" | head -1 | sed -E 's/.*"(acs:[^"]*)"/\1/')
check "the ARN is lower-cased ($arn)" \
    eval 'contains "$arn" ":role/aliyunserviceroleforpolardb"'
run get "$arn"
check "get ARN: exit 0, the role's own name" \
    eval '[ "$rc" = 0 ] && contains "$(cat "$TEST_TMP/out")" "AliyunServiceRoleForPolarDB"'
run get "acs:ram::12:rol/x"
check "get: a malformed ARN is a usage error" test "$rc" -eq 2
run delete --yes "$arn"
check "delete ARN: exit 0" test "$rc" -eq 0
run get AliyunServiceRoleForPolarDB
check "the role is gone" test "$rc" -ne 0

done_testing
