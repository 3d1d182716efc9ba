#!/bin/sh
# run.sh — build the fuzz targets with clang's libFuzzer and run each one.
#
# `make fuzz` runs this from the top of a configured build tree (where
# config.h is).  The library sources are compiled straight from the lists
# in Makefile.am (core, cloud, sim), with ASan and UBSan, into a temporary
# directory; each target then runs for FUZZ_SECONDS on a copy of its seed
# corpus, so nothing is ever written into the source tree.  Exits non-zero
# when any target crashes, leaks, hangs or fails an invariant, and prints
# where the reproducer is (the temporary directory is kept then).
#
# Environment:
#   FUZZ_SECONDS  seconds per target (30)
#   FUZZ_TARGETS  which targets, e.g. "json text" (all of them)
#   FUZZ_CC       the compiler (clang)
#   FUZZ_ARGS     more libFuzzer options, e.g. "-jobs=2 -workers=2"
#   FUZZ_KEEP     1: keep the temporary directory (its corpus has grown)

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cc=${FUZZ_CC:-clang}
seconds=${FUZZ_SECONDS:-30}
targets=${FUZZ_TARGETS:-"catalog response json sim text config metadata ini url refusals statefile defaults"}

if [ ! -f config.h ]; then
    echo "run.sh: run this from the top of a configured build" \
         "(no ./config.h here)" >&2
    exit 2
fi

# A value configure wrote into the Makefile, or the given default.
configured() {
    v=
    [ -f Makefile ] && v=$(sed -n "s/^$1 = *//p" Makefile | head -n 1)
    [ -n "$v" ] && printf '%s\n' "$v" || printf '%s\n' "$2"
}

dep_cflags="$(configured CJSON_CFLAGS '') $(configured CRYPTO_CFLAGS '')"
dep_cflags="$dep_cflags $(configured CURL_CFLAGS '')"
dep_libs="$(configured CJSON_LIBS -lcjson) $(configured CURL_LIBS -lcurl)"
dep_libs="$dep_libs $(configured CRYPTO_LIBS -lcrypto) -lm -pthread"

# The .c files of the four libraries, continuation lines joined.
lib_sources() {
    awk '
        { line = line $0 }
        /\\$/ { sub(/\\$/, " ", line); next }
        {
            lib = "^src_(core_libcore|cloud_libcloud|app_libapp|sim_libsim)_a_SOURCES"
            if (line ~ (lib "[ \t]*[+]?=")) {
                sub(/^[^=]*=/, "", line)
                n = split(line, w)
                for (i = 1; i <= n; i++)
                    if (w[i] ~ /\.c$/)
                        print w[i]
            }
            line = ""
        }' "$srcdir/Makefile.am"
}

sources=$(lib_sources)
if [ -z "$sources" ]; then
    echo "run.sh: found no library sources in $srcdir/Makefile.am" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/linkrole-fuzz.XXXXXX") || exit 2
keep=${FUZZ_KEEP:-0}
cleanup() {
    if [ "$keep" = 1 ]; then
        echo "run.sh: kept $work"
    else
        rm -rf "$work"
    fi
}
trap 'keep=1; cleanup; exit 130' INT TERM

# UBSan must stop at the first report, or libFuzzer never sees it.
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -DHAVE_CONFIG_H"
cflags="$cflags -I. -I$srcdir/src $dep_cflags"
cflags="$cflags -DLINKROLE_PKGDATADIR=\"$srcdir/data\""
# The fuzz targets speak English: no message catalogue is read.
cflags="$cflags -DLOCALEDIR=\"/nonexistent/locale\""

if ! printf '%s\n' \
        'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);' \
        'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)' \
        '{ (void)d; (void)n; return 0; }' > "$work/probe.c" ||
   ! $cc -fsanitize=fuzzer "$work/probe.c" -o "$work/probe" \
        > "$work/probe.log" 2>&1; then
    echo "run.sh: $cc cannot build libFuzzer targets" \
         "(install clang, or set FUZZ_CC)" >&2
    cat "$work/probe.log" >&2
    cleanup
    exit 2
fi

echo "run.sh: building the libraries with $cc ($san)"
mkdir -p "$work/obj"
for s in $sources; do
    o="$work/obj/$(printf '%s' "$s" | tr '/' '_' | sed 's/\.c$/.o/')"
    # shellcheck disable=SC2086
    if ! $cc $cflags -fsanitize=fuzzer-no-link $san -c "$srcdir/$s" \
            -o "$o"; then
        echo "run.sh: cannot compile $s" >&2
        keep=1
        cleanup
        exit 2
    fi
done
ar rcs "$work/libfuzzdeps.a" "$work"/obj/*.o || { cleanup; exit 2; }

failed=0
for t in $targets; do
    h="$srcdir/tests/fuzz/fuzz_$t.c"
    if [ ! -f "$h" ]; then
        echo "run.sh: no target named $t" >&2
        failed=1
        continue
    fi
    # shellcheck disable=SC2086
    if ! $cc $cflags -I"$srcdir/tests/fuzz" -fsanitize=fuzzer $san "$h" \
            "$work/libfuzzdeps.a" $dep_libs -o "$work/fuzz_$t"; then
        echo "run.sh: cannot build fuzz_$t" >&2
        failed=1
        continue
    fi
    mkdir -p "$work/corpus" "$work/artifacts/$t"
    # A distcheck tree is read-only; the copy must not be.
    if ! cp -R "$srcdir/tests/fuzz/corpus/$t" "$work/corpus/$t" ||
       ! chmod -R u+w "$work/corpus/$t"; then
        failed=1
        continue
    fi
    dict=
    [ -f "$srcdir/tests/fuzz/dict/$t.dict" ] &&
        dict="-dict=$srcdir/tests/fuzz/dict/$t.dict"

    echo "run.sh: fuzz_$t for ${seconds}s"
    # From the temporary directory, so whatever libFuzzer writes where it
    # runs (fuzz-N.log with -jobs) stays out of the build tree.
    # shellcheck disable=SC2086
    (cd "$work" &&
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        LC_ALL=C.UTF-8 TMPDIR="$work" \
        "$work/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
            -print_final_stats=1 -artifact_prefix="$work/artifacts/$t/" \
            $dict ${FUZZ_ARGS:-} "$work/corpus/$t") > "$work/$t.log" 2>&1
    rc=$?
    # The last progress line says how far it got.
    grep -E '^#[0-9]+' "$work/$t.log" | tail -n 1 | sed 's/^/  /'
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
        "$work/$t.log" | sed 's/^/  /'
    if [ "$rc" -ne 0 ]; then
        failed=1
        keep=1
        echo "run.sh: fuzz_$t FAILED (exit $rc); the end of its log:"
        grep -v -E '^#[0-9]+|^stat::' "$work/$t.log" | tail -n 40 |
            sed 's/^/  | /'
        for a in "$work/artifacts/$t"/*; do
            [ -f "$a" ] && echo "run.sh: reproducer: $a" &&
                echo "run.sh:   replay: $work/fuzz_$t $a"
        done
        echo "run.sh: full log: $work/$t.log"
    fi
done

cleanup
exit "$failed"
