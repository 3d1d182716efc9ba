#!/bin/bash
# No secret used by the suite appears in any output, log or transcript of
# the other tests (they run first: see Makefile.am).
. "$top_srcdir/tests/cli/lib.sh"

files=$(find "$top_builddir/tests" -name '*.log' -o -name '*.transcript' \
    -o -name '*.trs' | grep -v "/$TEST_NAME\.")
count=$(printf '%s\n' "$files" | grep -c .)
check "there are logs and transcripts to search ($count)" test "$count" -ge 10
check "the transcripts hold real output" \
    eval 'cat $files | grep -q "AliyunServiceRoleForPolarDB"'
# A field cut to fit may hold only the beginning of a secret: the first
# 16 characters of each are looked for (all of a shorter one).
for secret in $TEST_SECRETS suite-token-Zr4 wrong-secret-Kd93; do
    hits=$(grep -lF -- "${secret:0:16}" $files 2>/dev/null)
    check "no output, log or transcript contains a secret (${secret:0:6}…)" \
        test -z "$hits"
done
# Secrets other tests made or received, e.g. STS keys from the simulator.
more=$(cat "$top_builddir"/tests/cli/*.secrets 2>/dev/null | grep -v '^$' |
    sort -u)
n=$(printf '%s\n' "$more" | grep -c .)
hits=
for secret in $more; do
    hits="$hits$(grep -lF -- "${secret:0:16}" $files 2>/dev/null)"
done
check "nor any of the $n secrets the tests received (STS keys, tokens)" \
    test -z "$hits"

done_testing
