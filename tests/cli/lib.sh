# Shared by the shell tests: TAP output and a way to run linkrole.
#
# Each test script sources this file, calls check/ok/not_ok as it goes and
# ends with done_testing, which prints the plan and sets the exit status.
# The harness (automake's tap-driver.sh) reads the TAP lines.

set -u

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"

LINKROLE=$top_builddir/linkrole
FIXTURES=$top_srcdir/tests/fixtures
GOLDEN=$top_srcdir/tests/cli/golden

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
export HOME=$TEST_TMP/home XDG_CACHE_HOME=$TEST_TMP/cache
mkdir -p "$HOME"

tap_count=0
tap_failed=0

ok() {
    tap_count=$((tap_count + 1))
    echo "ok $tap_count - $1"
}

not_ok() {
    tap_count=$((tap_count + 1))
    tap_failed=$((tap_failed + 1))
    echo "not ok $tap_count - $1"
    shift
    for line in "$@"; do
        printf '%s\n' "$line" | sed 's/^/#   /'
    done
}

# run ARGS...: runs linkrole with stdin closed, keeping stdout in $out,
# stderr in $err and the exit status in $rc.
run() {
    "$LINKROLE" "$@" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
    out=$(cat "$TEST_TMP/out")
    err=$(cat "$TEST_TMP/err")
}

# check NAME CONDITION...: one test point from a shell condition, with
# what linkrole printed when it fails.
check() {
    name=$1
    shift
    if "$@"; then
        ok "$name"
    else
        not_ok "$name" "condition: $*" "exit status: ${rc-}" \
            "stdout: $(printf '%s' "${out-}" | head -c 2000)" \
            "stderr: $(printf '%s' "${err-}" | head -c 2000)"
    fi
}

# check_same NAME EXPECTED_FILE ACTUAL_FILE: a golden-file comparison.
check_same() {
    if diff -u "$2" "$3" >"$TEST_TMP/diff"; then
        ok "$1"
    else
        not_ok "$1" "$(head -c 3000 "$TEST_TMP/diff")"
    fi
}

contains() { case "$1" in *"$2"*) return 0 ;; esac; return 1; }
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi; }

done_testing() {
    echo "1..$tap_count"
    [ "$tap_failed" -eq 0 ]
}
