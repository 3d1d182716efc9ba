#!/bin/bash
# linkrole services: the catalogue as a table, JSON and details; search;
# broken catalogue files.
. "$top_srcdir/tests/cli/lib.sh"

CATALOG=$top_srcdir/data/services.json
CJK=$FIXTURES/catalog/cjk.json

# --- every row, as JSON ---------------------------------------------------
run services --output json
check "services --output json exits 0" test "$rc" -eq 0
want=$(jq -r '.services[].service_name' "$CATALOG")
got=$(printf '%s' "$out" | jq -r '.[].service_name')
check "services --output json lists every catalogue row, in order" \
    test "$got" = "$want"
check "the bundled catalogue has 220 rows" \
    test "$(printf '%s\n' "$got" | wc -l)" -eq 220
fields=$(printf '%s' "$out" | jq -c '.[0] | keys_unsorted')
check "JSON rows carry every field" test "$fields" = \
'["service_name","role_name","product","product_zh","product_zh_tw","purpose","purpose_zh","purpose_zh_tw","description_en","description_zh","description_zh_tw","policy_name","custom_suffix","source","note"]'
same=$(jq -c '[.services[] | {service_name, role_name, product, product_zh,
    product_zh_tw, purpose, purpose_zh, purpose_zh_tw, description_en,
    description_zh, description_zh_tw, policy_name, custom_suffix,
    source, note}]' "$CATALOG")
check "JSON rows equal the catalogue file's rows" \
    test "$(printf '%s' "$out" | jq -c .)" = "$same"

# --- search ---------------------------------------------------------------
run services --search polar
first=$(printf '%s\n' "$out" | sed -n 2p)
check "services --search polar finds PolarDB first" \
    contains "$first" "polardb.aliyuncs.com"
check "the table has a header line" \
    contains "$(printf '%s\n' "$out" | head -1)" "SERVICE NAME"
run services --search polar --output json
check "search in JSON ranks PolarDB first" \
    test "$(printf '%s' "$out" | jq -r '.[0].product')" = "PolarDB"
run --output json services -s 'POLAR iot'
check "several search words must all match, any case" \
    test "$(printf '%s' "$out" | jq -r '.[].service_name')" = \
    "ruleengine-polardb.iot.aliyuncs.com"
run services --search 数据库备份
check "a Chinese search term matches the Chinese product name" \
    contains "$out" "dbs.aliyuncs.com"
run services --search no-such-thing-anywhere
check "no match: exit 1 (as grep), nothing on stdout, a note on stderr" \
    test "$rc" -eq 1 -a -z "$out" -a "$err" = \
    "linkrole: no service matches 'no-such-thing-anywhere'"
run services --search no-such-thing-anywhere --output json
check "no match in JSON is an empty array" test "$out" = "[]"

# --- tables line up by columns, CJK and emoji included ----------------------
run services --catalog "$CJK" --lang zh
printf '%s\n' "$out" >"$TEST_TMP/zh.txt"
check_golden "Chinese product names line up (golden)" \
    "$GOLDEN/services-cjk-zh.txt" "$TEST_TMP/zh.txt"
run services --catalog "$CJK" --lang en
printf '%s\n' "$out" >"$TEST_TMP/en.txt"
check_golden "English product names line up (golden)" \
    "$GOLDEN/services-cjk-en.txt" "$TEST_TMP/en.txt"
LC_ALL= LANG=zh_CN.UTF-8 run services --catalog "$CJK"
check "a zh_* locale picks Chinese product names" \
    contains "$out" "数据库备份"

# On a terminal the table fits the width; piped, nothing is cut.
if command -v script >/dev/null 2>&1; then
    script -qec "stty cols 60 rows 20; '$LINKROLE' services --search db" \
        /dev/null </dev/null >"$TEST_TMP/tty.txt" 2>&1
    widest=$(tr -d '\r' <"$TEST_TMP/tty.txt" | wc -L)
    check "on a 60-column terminal no line is wider than 60 ($widest)" \
        test "$widest" -le 60
    check "cut cells end with an ellipsis" grep -q '…' "$TEST_TMP/tty.txt"
    run services --search db
    check "piped output is never cut" eval '! contains "$out" "…"'
else
    ok "# SKIP script(1) not installed: terminal width not checked"
fi

# --- one service ------------------------------------------------------------
run services dbs.aliyuncs.com
printf '%s\n' "$out" >"$TEST_TMP/dbs.txt"
check_golden "details of one service (golden)" \
    "$GOLDEN/services-dbs-details.txt" "$TEST_TMP/dbs.txt"
# In Chinese: the name and the purpose in the reader's language; the
# English description stays beside the Chinese one.
dbs() { jq -r ".services[] | select(.service_name == \"dbs.aliyuncs.com\") | .$1" "$CATALOG"; }
run --lang zh_CN services dbs.aliyuncs.com
check "services NAME in zh_CN: the Chinese product name, not the English one" \
    eval '[ "$rc" -eq 0 ] && contains "$(printf "%s\n" "$out" | head -1)" "$(dbs product_zh)" && ! contains "$out" "$(dbs product)"'
check "services NAME in zh_CN: the Simplified purpose" \
    eval 'contains "$out" "$(dbs purpose_zh)" && ! contains "$out" "$(dbs purpose)"'
check "services NAME in zh_CN: both descriptions" \
    eval 'contains "$out" "$(dbs description_en)" && contains "$out" "$(dbs description_zh)"'
run --lang zh_TW services dbs.aliyuncs.com
check "services NAME in zh_TW: the Taiwan product name, purpose and description" \
    eval '[ "$rc" -eq 0 ] && contains "$(printf "%s\n" "$out" | head -1)" "$(dbs product_zh_tw)" && contains "$out" "$(dbs purpose_zh_tw)" && contains "$out" "$(dbs description_zh_tw)" && ! contains "$out" "$(dbs purpose_zh)"'
run --lang en services dbs.aliyuncs.com
check "services NAME in English: the English purpose" \
    eval 'contains "$out" "$(dbs purpose)" && ! contains "$out" "$(dbs purpose_zh)"'
run services AliyunServiceRoleForPolarDB --output json
check "a role name finds its service, in JSON" \
    test "$(printf '%s' "$out" | jq -r .service_name)" = "polardb.aliyuncs.com"
run services polardb
check "an unknown name: exit 2 and a pointer to --search" \
    test "$rc" -eq 2 -a "$err" = "linkrole: no service or role named 'polardb' in the catalogue; try 'linkrole services --search polardb'"
run services a.aliyuncs.com b.aliyuncs.com
check "two names are refused" test "$rc" -eq 2

# --- where the catalogue comes from ------------------------------------------
LINKROLE_CATALOG=$CJK run services --output json
check "LINKROLE_CATALOG names the catalogue" \
    test "$(printf '%s' "$out" | jq length)" -eq 4
LINKROLE_CATALOG=$CJK run services --output json --catalog "$CATALOG"
check "--catalog wins over LINKROLE_CATALOG" \
    test "$(printf '%s' "$out" | jq length)" -eq 220
# (a build tree apart from the sources gets its copy from make: all-local)
LINKROLE_CATALOG= run services --output json
check "without either, the catalogue beside the program is found" \
    test "$rc" -eq 0 -a "$(printf '%s' "$out" | jq length)" -eq 220

# --- broken catalogues: one line naming the file, exit 2 ----------------------
for case in syntax:"syntax.json:3:37: not valid JSON" \
    missing-field:"missing-field.json: entry 2 (\"b.aliyuncs.com\"): field \"role_name\" is missing" \
    duplicate:"duplicate.json: entry 2: duplicate service_name \"a.aliyuncs.com\" (also entry 1)" \
    wrong-type:"wrong-type.json: entry 1 (\"a.aliyuncs.com\"): field \"product\" must be a string" \
    hostile-bytes:"hostile-bytes.json:2:68: not valid JSON (a control character inside a string)" \
    hostile-escapes:"hostile-escapes.json: entry 1 (\"a.aliyuncs.com\"): field \"product\" contains a control character" \
    empty:"empty.json: the file is empty"; do
    name=${case%%:*}
    msg=${case#*:}
    file=$FIXTURES/catalog/$name.json
    run services --catalog "$file"
    check "broken catalogue ($name): exit 2, one line naming the file" \
        test "$rc" -eq 2 -a -z "$out" -a "$(lines "$err")" -eq 1 -a \
        "$err" = "linkrole: $FIXTURES/catalog/$msg"
done
LINKROLE_CATALOG=$FIXTURES/catalog/syntax.json run services --search x
check "a broken catalogue named by LINKROLE_CATALOG is reported too" \
    test "$rc" -eq 2 -a "$(lines "$err")" -eq 1
run services --catalog "$TEST_TMP/none.json"
check "a missing catalogue file: exit 2, one line" \
    test "$rc" -eq 2 -a "$err" = "linkrole: $TEST_TMP/none.json: cannot open: No such file or directory"
run services --catalog "$FIXTURES/catalog/hostile-bytes.json"
check "hostile bytes never reach the terminal" \
    eval '! printf "%s" "$err$out" | grep -q "$(printf "\033")"'

# --- --live: the cloud's template (linkrole-sim) ---------------------------
start_sim --refuse-suffix hdr.aliyuncs.com
as_owner
run services polardb.aliyuncs.com --live
check "--live: exit 0, the template's answer" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Suffix accepted   yes" && contains "$out" "Role name prefix  AliyunServiceRoleForPolarDB" && contains "$out" "System policy     AliyunServiceRolePolicyForPolarDB"'
check "--live: the catalogue's preset description, in English" \
    contains "$out" "$(jq -r '.services[] | select(.service_name == "polardb.aliyuncs.com") | .description_en' "$CATALOG")"
run services hdr.aliyuncs.com --live
check "--live: a service whose template refuses a suffix says no" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Suffix accepted   no"'
zh=$(jq -r '.services[] | select(.service_name == "adcp.aliyuncs.com") | .description_zh' "$CATALOG")
LANG=zh_CN.UTF-8 LC_ALL= run services adcp.aliyuncs.com --live
check "--live under LANG=zh_CN: the zh-CN description" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "$zh"'
run --lang zh services adcp.aliyuncs.com --live --output json
check "--live -o json: the entry with its template" \
    eval '[ "$rc" -eq 0 ] && [ "$(printf "%s" "$out" | jq -r .template.multiple_roles_allowed)" = false ] && [ "$(printf "%s" "$out" | jq -r .template.role_name_prefix)" = AliyunServiceRoleForAdcp ] && [ "$(printf "%s" "$out" | jq -r ".template.descriptions[\"zh-CN\"]")" = "$zh" ] && [ "$(printf "%s" "$out" | jq -r .service_name)" = adcp.aliyuncs.com ]'
run services polardb.aliyuncs.com --live --output json
check "--live -o json: MultipleRolesAllowed true for PolarDB" \
    test "$(printf '%s' "$out" | jq -r .template.multiple_roles_allowed)" = true
run services --live
check "--live without a name: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "--live needs one service name"'
TPL=$XDG_CACHE_HOME/linkrole/templates
check "--live remembers the templates, 0600, one line a service" \
    eval '[ "$(stat -c %a "$TPL")" = 600 ] && grep -q "^polardb.aliyuncs.com	[0-9]*	{" "$TPL" && grep -q "^hdr.aliyuncs.com	" "$TPL"'
# A failed call: said so, then the last template fetched (or else the
# catalogue's view); the error's exit code.
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong-secret-for-the-test
run services polardb.aliyuncs.com --live
check "--live failing: exit 3, the error, then the template last fetched" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "GetServiceLinkedRoleTemplate" && contains "$err" "as last fetched" && contains "$out" "Suffix accepted   yes" && contains "$out" "(cached)"'
run services alidns.aliyuncs.com --live
check "--live failing, nothing cached: exit 3, the catalogue's view" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "what the catalogue says instead" && contains "$out" "Custom suffix" && contains "$out" "Role name         AliyunServiceRoleForDNS"'
# A hostile cache: a line claiming another service's template, one with a
# wrong type; ignored with a warning, never trusted.
printf 'alidns.aliyuncs.com\t1764000000\t{"ServiceLinkedRoleTemplate":{"ServiceName":"polardb.aliyuncs.com","RoleNamePrefix":"Evil","MultipleRolesAllowed":true}}\npolardb.aliyuncs.com\t1764000000\t{"ServiceLinkedRoleTemplate":{"RoleNamePrefix":["x"],"MultipleRolesAllowed":true}}\n' >"$TPL"
run services alidns.aliyuncs.com --live
check "a hostile template cache: a warning, the catalogue's view, nothing of it shown" \
    eval '[ "$rc" -eq 3 ] && contains "$err" "warning: the template cache" && contains "$err" "what the catalogue says instead" && ! contains "$out" "Evil"'
rm -f "$TPL"
ln -s "$TEST_TMP/elsewhere" "$TPL"
as_owner
run services polardb.aliyuncs.com --live
check "a symlink as the cache: warned about, not followed nor written" \
    eval '[ "$rc" -eq 0 ] && contains "$err" "warning: the template cache" && [ -L "$TPL" ] && [ ! -e "$TEST_TMP/elsewhere" ]'
rm -f "$TPL"
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=wrong-secret-for-the-test
run services polardb.aliyuncs.com --live --output json
check "--live -o json failing: the error object only, exit 3" \
    eval '[ "$rc" -eq 3 ] && printf "%s" "$out" | jq -e .Error >/dev/null && ! contains "$out" "\"template\""'
as_owner
stop_sim

done_testing
