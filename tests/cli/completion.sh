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
if command -v zsh >/dev/null 2>&1; then
    zshc() {
        PATH=$bindir:$PATH zsh -f -c 'autoload -U compinit && compinit -u
            source <(linkrole completion zsh) || exit 9
            print -r -- "${_comps[linkrole]}"
            setopt ksharrays
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
            _linkrole
            print -r -- "${COMPREPLY[*]}"' zshc "$@"
    }
    got=$(zshc linkrole cr)
    check "zsh: registered, commands ($got)" \
        eval 'contains "$got" "-F _linkrole" && contains "$got" "create"'
    got=$(zshc linkrole --output "")
    check "zsh: --output values ($got)" contains "$got" "text json"
else
    skip "zsh is not installed"
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
