#!/bin/bash
# tests/i18n/detect.sh on small samples: what it must report as English
# left in a Chinese text, and what it must let through (code, names,
# keys, JSON, the cloud's own words).  english.sh relies on it.

. "$top_srcdir/tests/cli/lib.sh"

DETECT=$top_srcdir/tests/i18n/detect.sh
COMMANDS="create get delete list roles help services dbs-init whoami"

# detect TEXT: the detector on TEXT; its report in $found, exit in $drc.
detect() {
    printf '%s\n' "$1" >"$TEST_TMP/sample"
    found=$("$DETECT" -C "$COMMANDS" -l sample "$TEST_TMP/sample" 2>&1)
    drc=$?
}
# reports NAME TEXT RUN: TEXT is English, and RUN is what is reported.
reports() {
    detect "$2"
    if [ "$drc" -eq 1 ] && contains "$found" "sample:1: $3
"; then
        ok "reported: $1"
    else
        not_ok "reported: $1" "text: $2" "want: $3" "exit $drc" "$found"
    fi
}
# passes NAME TEXT: nothing in TEXT is reported.
passes() {
    detect "$2"
    if [ "$drc" -eq 0 ] && [ -z "$found" ]; then
        ok "passes: $1"
    else
        not_ok "passes: $1" "text: $2" "exit $drc" "$found"
    fi
}

# --- English left ----------------------------------------------------------
reports "a sentence inside Chinese text" \
    "角色已创建：the role was created，请查看。" "the role was created"
reports "a sentence around a role name (the name does not end the run)" \
    "完成：the role AliyunServiceRoleForECS was made" \
    "the role AliyunServiceRoleForECS was made"
reports "a sentence around an option and a service name" \
    "提示：run it with --yes for ecs.aliyuncs.com now" \
    "run it with --yes for ecs.aliyuncs.com now"
reports "a footer of English labels" \
    " Up/Down move  F2/r roles  t tf/cli  s save  c copy ARN  b back" \
    "move F2/r roles t tf/cli s save c copy ARN b back"
reports "an English table heading (capitals that are no placeholder)" \
    "PRODUCT      SERVICE NAME      ROLE NAME" "PRODUCT SERVICE NAME ROLE NAME"
reports "a sentence ending a line after Chinese" \
    "服务关联角色 is in this account" "is in this account"
reports "an English label before the cloud's words" \
    " Reason      The role does not exist." "Reason The role does not exist."
reports "command names are words outside a command line" \
    "create get delete" "create get delete"
detect "一行 one two three
第二行 four five six"
check "each run is reported on its own line number" \
    eval '[ "$drc" -eq 1 ] && contains "$found" "sample:1: one two three" &&
          contains "$found" "sample:2: four five six"'
check "... with the line it was found in" \
    contains "$found" "    | 第二行 four five six"

# --- not English sentences -------------------------------------------------
passes "a command line in a Chinese sentence" \
    "运行 linkrole get --service ecs.aliyuncs.com"
passes "a help command line" "详见 linkrole help create --yes"
passes "two English words are not a sentence" "已创建 the role。"
passes "Chinese punctuation ends a run" "the role，was，created"
passes "usage lines: options and placeholders" \
    "用法：linkrole create --service NAME [--suffix SUFFIX] [--exist-ok]"
passes "a command list entry" \
    "  create --service NAME [--suffix S] [--description D] [--exist-ok]"
passes "API codes and field names" \
    "错误 EntityNotExist.Role：RoleName、Arn、RoleId、AssumeRolePolicyDocument"
passes "field names in a row" "RoleName Arn RoleId Description CreateDate"
passes "role and policy names" \
    "AliyunServiceRoleForPolarDB AliyunServiceRolePolicyForDBS 策略"
passes "environment variables" \
    "ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET LINKROLE_ENDPOINT 未设置"
passes "paths and URLs" \
    "读取 ~/.aliyun/config.json /usr/share/linkrole/services.json https://api.aliyun.com/troubleshoot?q=x"
passes "key names" "Enter Esc Tab C-w C-u F1 Up/Down PgUp/PgDn 移动"
passes "a Chinese footer" \
    " Up/Down 移动  F2/r 角色  t tf/cli  s 保存  c 复制 ARN  b 返回  q 退出"
passes "RAM actions and ARNs" \
    "授予 ram:CreateServiceLinkedRole acs:ram::1234567890123456:role/x sts:AssumeRole"
passes "regions" "地域 cn-hangzhou cn-shanghai ap-southeast-1 us-west-1"
passes "acronyms" "RAM DBS ARN JSON API TLS HTTP STS ECS 均可"
passes "JSON lines" '    "Effect": "Allow",'
passes "JSON brackets" '  ],'
passes "the cloud's words, after a Chinese label" \
    " 消息        You are not authorized to do this action. You should be authorized"
passes "the cloud's words, wrapped onto a line of their own" \
    "             be deleted as it is in use by polardb.aliyuncs.com."
passes "a preset description the catalogue holds" \
    "描述  Service Linked Role for PolarDB. PolarDB will use this role to"
passes "a Chinese product name with English in it" \
    "AnalyticDB for MySQL   ads.aliyuncs.com"
passes "options with values" "--output json --format terraform|aliyun|json --signature v3|v1"
passes "Terraform attributes" '  description   = "made by the team for the reports"'
passes "libcurl's words after linkrole's" \
    "无法连接到 127.0.0.1:1：Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server"
passes "an empty line" ""

# --- usage ------------------------------------------------------------------
"$DETECT" -a "$TEST_TMP/nosuch" "$TEST_TMP/sample" >/dev/null 2>&1
check "a missing allow-list: exit 2" test $? -eq 2
printf 'bogus entry  # why\n' >"$TEST_TMP/bad.allow"
"$DETECT" -a "$TEST_TMP/bad.allow" "$TEST_TMP/sample" >/dev/null 2>&1
check "an allow-list entry of an unknown kind: exit 2" test $? -eq 2
allow=$top_srcdir/tests/i18n/allow.txt
check "every entry of the allow-list says why" \
    eval '! grep -v "^#" "$allow" | grep -v "^\$" | grep -qv "  # ."'
printf "the role was created\n" | "$DETECT" -l stdin >"$TEST_TMP/stdin.out"
drc=$?
check "reads standard input" \
    eval '[ "$drc" -eq 1 ] && grep -q "^stdin:1: the role was created" "$TEST_TMP/stdin.out"'

done_testing
