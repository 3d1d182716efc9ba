#!/bin/bash
# The command line: help, version, options anywhere, and clear errors.
. "$top_srcdir/tests/cli/lib.sh"

version=$(sed -n 's/^AC_INIT(\[linkrole\], \[\([^]]*\)\].*/\1/p' \
    "$top_srcdir/configure.ac")

run --version
check "--version prints the version from configure.ac" \
    test "$rc" -eq 0 -a "$(printf '%s\n' "$out" | head -n 1)" = "linkrole $version"
check "--version names the licence and where its text is" \
    contains "$out" "Apache License, Version 2.0"
check "--version: two lines" test "$(printf '%s\n' "$out" | wc -l)" -eq 2
check "the LICENSE file is the Apache License 2.0" \
    grep -q "Apache License" "$top_srcdir/LICENSE"
run -V
check "-V is --version" test "$(printf '%s\n' "$out" | head -n 1)" = "linkrole $version"

run --help
check "--help exits 0" test "$rc" -eq 0
for part in "Usage: linkrole" "services" "Exit codes:" "--output" \
    "--catalog" "LINKROLE_CATALOG" "services.json"; do
    check "--help mentions $part" contains "$out" "$part"
done
for code in 0 1 2 3 4 5; do
    check "--help documents exit code $code" \
        grep -q "^  $code  " "$TEST_TMP/out"
done
check "--help describes the DBS guide" \
    contains "$out" "dbs               the terminal UI's guide"
help_text=$out
run help
check "'help' is --help" test "$out" = "$help_text"
run -h
check "-h is --help" test "$out" = "$help_text"

run services --help
check "services --help explains --search" \
    test "$rc" -eq 0 -a -n "$(printf '%s' "$out" | grep -e '--search TERM')"
services_help=$out
run help services
check "'help services' is 'services --help'" test "$out" = "$services_help"
run --help services
check "'--help services' is 'services --help'" test "$out" = "$services_help"

# Global options before or after the command mean the same.
run --output json services --search polar
before=$out
run services --search=polar -o json
check "global options work before and after the command" \
    test "$rc" -eq 0 -a "$out" = "$before"
run services --search polar -ojson
check "-oVALUE works" test "$out" = "$before"

run services --serch polar
check "a misspelt option: exit 2 and a suggestion" \
    test "$rc" -eq 2 -a "$err" = \
    "linkrole: unknown option '--serch'; did you mean '--search'?"
run --search polar services
check "command options before the command are refused" test "$rc" -eq 2
run services --output yaml
check "--output takes text or json" test "$rc" -eq 2 -a "$err" = \
    "linkrole: --output takes text or json, not 'yaml'"
run services --lang fr
check "--lang takes en or zh" test "$rc" -eq 2
run services --search
check "a missing option value: exit 2" test "$rc" -eq 2 -a "$err" = \
    "linkrole: option '--search' needs a value"
run --version=3
check "a flag given a value: exit 2" test "$rc" -eq 2 -a "$err" = \
    "linkrole: option '--version' takes no value"
run services -- --search
check "after --, options are arguments" test "$rc" -eq 2 -a "$err" = \
    "linkrole: no service or role named '--search' in the catalogue; try 'linkrole services --search --search'"

run frobnicate
check "an unknown command: exit 2" test "$rc" -eq 2 -a "$err" = \
    "linkrole: unknown command 'frobnicate' (see 'linkrole --help')"
run dbs
check "'dbs' (the UI's guide) without a terminal: exit 2, pointing to the commands" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "needs a terminal" &&
          contains "$err" "linkrole services"'
run help dbs
check "'help dbs' explains the guide and points to dbs-init" \
    eval '[ "$rc" -eq 0 ] && contains "$out" "Usage: linkrole dbs" &&
          contains "$out" "dbs-init"'
for cmd in create get delete list dbs-init whoami; do
    run help "$cmd"
    check "'help $cmd' explains the command" \
        eval '[ "$rc" -eq 0 ] && contains "$out" "Usage: linkrole $cmd"'
done
for part in --demo --endpoint --region --signature --dry-run --timeout \
    --verbose ALIBABA_CLOUD_ACCESS_KEY_ID LINKROLE_ENDPOINT; do
    check "--help mentions $part" contains "$help_text" "$part"
done
run --endpoint 'nosuch=http://127.0.0.1:1' whoami
check "--endpoint with an unknown product: exit 2" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "unknown product"'
LINKROLE_ENDPOINT='ram=notaurl://x' run whoami
check "a bad LINKROLE_ENDPOINT: exit 2, naming it" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "LINKROLE_ENDPOINT"'
run --signature v2 whoami
check "--signature takes v3 or v1" test "$rc" -eq 2
run --timeout 0 whoami
check "--timeout must be positive" test "$rc" -eq 2
run --region 'cn hangzhou' whoami
check "--region must look like a region id" test "$rc" -eq 2
# A region id however it is typed: the flag and a profile follow one rule
# (either case), and the session lower-cases it, as the cloud writes it.
run --demo --region CN-Hangzhou whoami
check "--region CN-Hangzhou is cn-hangzhou" \
    eval '[ "$rc" -eq 0 ] && printf "%s\n" "$out" | grep -qE "^Region +cn-hangzhou$"'
ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIexample0000 \
    ALIBABA_CLOUD_ACCESS_KEY_SECRET=not-a-real-secret \
    ALIBABA_CLOUD_REGION_ID='cn_hangzhou;rm' run --dry-run whoami
check "a malformed ALIBABA_CLOUD_REGION_ID: exit 2, named" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "not a region id" && contains "$err" "cn_hangzhou"'
run
check "no command without a terminal: exit 2, one line, pointing to the commands" \
    eval '[ "$rc" -eq 2 ] && [ "$(lines "$err")" -eq 1 ] && [ -z "$out" ] &&
          contains "$err" "needs a terminal" &&
          contains "$err" "linkrole services"'
check "--help describes the terminal UI and --no-color" \
    eval 'contains "$help_text" "terminal UI" &&
          contains "$help_text" "--no-color"'

# Writing to a closed stdout is an error, not silence.
if [ -w /dev/full ]; then
    "$LINKROLE" --help >/dev/full 2>"$TEST_TMP/err"
    rc=$?
    check "a failed write is reported (exit 5)" \
        test "$rc" -eq 5 -a -n "$(grep 'cannot write' "$TEST_TMP/err")"
else
    ok "# SKIP no /dev/full"
fi

done_testing
