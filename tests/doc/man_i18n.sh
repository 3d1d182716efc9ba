#!/bin/bash
# linkrole(1) in Chinese (issue 13): `make install` into a scratch DESTDIR
# puts the po4a-made pages at MANDIR/zh_CN/man1/linkrole.1 and
# MANDIR/zh_TW/man1/linkrole.1; each renders with no groff warning, is in
# Chinese (Simplified or Traditional, told apart by a word of each), and
# keeps the option names (--lang, --service) untranslated.  The po files
# are complete: no fuzzy, no untranslated entry.
#
# TAP output; needs make, groff (skips without it) and msgfmt.
# Run alone: make check TESTS=tests/doc/man_i18n.sh

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then ok "$what"; else not_ok "$what"; fi
}

if ! command -v groff >/dev/null 2>&1; then
    echo "1..0 # SKIP groff is not installed"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/man_i18n.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# Only the two pages' install rules: the rest of `make install` is not
# this test's business and costs time.
if ${MAKE:-make} -s -C "$top_builddir" DESTDIR="$tmp/root" \
        install-dist_zhCNman1DATA install-dist_zhTWman1DATA >"$tmp/make.log" 2>&1; then
    ok "make install of the zh_CN and zh_TW pages into DESTDIR"
else
    not_ok "make install of the zh_CN and zh_TW pages into DESTDIR"
    sed 's/^/# /' "$tmp/make.log"
fi

# Per language: a word the page must hold in that script, and one of the
# other script that must not be there.
declare -A want=([zh_CN]=服务关联角色 [zh_TW]=服務關聯角色)
declare -A other=([zh_CN]=服務關聯角色 [zh_TW]=服务关联角色)

for lang in zh_CN zh_TW; do
    page=$(find "$tmp/root" -path "*/$lang/man1/linkrole.1" -type f | head -1)
    if [ -z "$page" ]; then
        not_ok "$lang: installed as .../$lang/man1/linkrole.1"
        continue
    fi
    ok "$lang: installed as ${page#"$tmp/root"}"
    case $page in
        */share/man/$lang/man1/linkrole.1) ok "$lang: under mandir" ;;
        *) not_ok "$lang: under mandir ($page)" ;;
    esac

    # -k (preconv) and -Tutf8, as man does: without them groff reads
    # UTF-8 as Latin-1 and its default device, ps, has no CJK glyphs,
    # so any Chinese page would warn.
    warn=$(LC_ALL=C.UTF-8 groff -k -Tutf8 -ww -z -mandoc "$page" 2>&1)
    if [ -z "$warn" ]; then
        ok "$lang: groff -ww renders it without a warning"
    else
        not_ok "$lang: groff -ww renders it without a warning"
        printf '%s\n' "$warn" | head -20 | sed 's/^/# /'
    fi

    # As man shows it; U+2010 and U+2212 (what \- may become) as '-'.
    LC_ALL=C.UTF-8 groff -k -mandoc -Tutf8 -P-cbou "$page" 2>/dev/null |
        sed 's/\xe2\x80\x90/-/g; s/\xe2\x88\x92/-/g' >"$tmp/$lang.txt"
    check "$lang: rendered text is not empty" test -s "$tmp/$lang.txt"
    check "$lang: holds ${want[$lang]}" grep -q "${want[$lang]}" "$tmp/$lang.txt"
    check "$lang: no ${other[$lang]} (the other script)" \
        bash -c '! grep -q "$1" "$2"' _ "${other[$lang]}" "$tmp/$lang.txt"
    # Mostly Chinese: hundreds of lines with a CJK character.
    cjk=$(grep -c -P '[\x{4e00}-\x{9fff}]' "$tmp/$lang.txt" 2>/dev/null || echo 0)
    check "$lang: $cjk lines with Chinese (>= 300)" test "$cjk" -ge 300
    for opt in --lang --service --suffix --exist-ok --dry-run; do
        check "$lang: keeps $opt" grep -q -e "$opt" "$tmp/$lang.txt"
    done
    check "$lang: keeps the title LINKROLE(1)" grep -q 'LINKROLE(1)' "$tmp/$lang.txt"

    po=$top_srcdir/po/man/$lang.po
    if command -v msgfmt >/dev/null 2>&1; then
        stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
        case $stats in
            *fuzzy* | *untranslated*) not_ok "$lang.po complete ($stats)" ;;
            *" translated message"*) ok "$lang.po complete ($stats)" ;;
            *) not_ok "$lang.po complete ($stats)" ;;
        esac
    fi
done

# The English page as well, and the po files against a template made from
# it now: an entry of doc/linkrole.1 that no po file translates (the page
# changed, `make update-man-po` not run) would leave English in the page.
warn=$(LC_ALL=C.UTF-8 groff -ww -z -mandoc "$top_srcdir/doc/linkrole.1" 2>&1)
check "doc/linkrole.1: groff -ww renders it without a warning" test -z "$warn"
if command -v po4a-updatepo >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
    po4a-updatepo -f man -M UTF-8 -m "$top_srcdir/doc/linkrole.1" \
        -p "$tmp/now.pot" >/dev/null 2>&1
    for lang in zh_CN zh_TW; do
        if msgcmp "$top_srcdir/po/man/$lang.po" "$tmp/now.pot" >"$tmp/cmp" 2>&1; then
            ok "po/man/$lang.po translates every entry of doc/linkrole.1"
        else
            not_ok "po/man/$lang.po translates every entry of doc/linkrole.1 (make update-man-po)"
            head -5 "$tmp/cmp" | sed 's/^/# /'
        fi
    done
fi

echo "1..$n"
[ "$fails" -eq 0 ]
