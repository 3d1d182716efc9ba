#!/bin/bash
# The message catalogues: every file with messages is in po/POTFILES.in
# (else xgettext never sees them), core/, cloud/ and sim/ word nothing,
# and each po/*.po translates every message of today's sources — no
# fuzzy entry, none missing — and passes msgfmt --check.
. "$top_srcdir/tests/cli/lib.sh"

cd "$top_srcdir" || exit 1
diag() { printf '# %s\n' "$*"; }

listed=$TEST_TMP/listed
marked=$TEST_TMP/marked
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in | sort >"$listed"
grep -lE '(^|[^A-Za-z0-9_])(_|N_|_n)\("' src/main.c src/app/*.[ch] \
    src/cli/*.[ch] src/tui/*.[ch] | sort >"$marked"
missing=$(comm -13 "$listed" "$marked")
check "every file with messages is listed in po/POTFILES.in" \
    test -z "$missing"
[ -z "$missing" ] || diag "not listed: $missing"
gone=$(while read -r f; do [ -f "$f" ] || echo "$f"; done <"$listed")
check "every file po/POTFILES.in lists exists" test -z "$gone"
[ -z "$gone" ] || diag "listed but absent: $gone"
worded=$(grep -lE '(^|[^A-Za-z0-9_])(_|N_|_n)\("' src/core/*.[ch] \
    src/cloud/*.[ch] src/sim/*.[ch] 2>/dev/null)
check "core/, cloud/ and sim/ word nothing for people" test -z "$worded"
[ -z "$worded" ] || diag "markers in: $worded"

if ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then
    ok "catalogues against the sources # SKIP no xgettext/msgmerge" \
        "(Debian's gettext)"
    done_testing
    exit
fi
opts=$(sed -n '/^XGETTEXT_OPTIONS *=/,/[^\\]$/p' po/Makevars |
    sed -e 's/^XGETTEXT_OPTIONS *=//' -e 's/\\$//' | tr '\n' ' ')
# shellcheck disable=SC2086
xgettext --language=C $opts -o "$TEST_TMP/linkrole.pot" \
    --files-from="$listed" 2>"$TEST_TMP/xgettext.err"
check "xgettext reads every listed file" test $? -eq 0
for l in $(sed -e 's/#.*//' po/LINGUAS); do
    msgmerge --quiet -o "$TEST_TMP/$l.po" "po/$l.po" "$TEST_TMP/linkrole.pot"
    stats=$(msgfmt --check --statistics -o /dev/null "$TEST_TMP/$l.po" 2>&1)
    rc=$?
    check "po/$l.po: msgfmt --check passes" test "$rc" -eq 0
    case "$stats" in
        *fuzzy* | *untranslated*)
            not_ok "po/$l.po translates every message of the sources" "$stats"
            # The first few, to say which.
            msgattrib --no-wrap --only-fuzzy "$TEST_TMP/$l.po" \
                2>/dev/null | grep '^msgid' | head -5 | while read -r m; do
                diag "fuzzy: $m"; done
            msgattrib --no-wrap --untranslated "$TEST_TMP/$l.po" 2>/dev/null |
                grep '^msgid "..*' | head -5 | while read -r m; do
                diag "untranslated: $m"; done
            ;;
        *) ok "po/$l.po translates every message of the sources ($stats)" ;;
    esac
    head=$(msgattrib --no-wrap -o - "po/$l.po" 2>/dev/null | sed -n '1,30p')
    check "po/$l.po: one plural form, UTF-8" \
        contains "$head" "nplurals=1; plural=0;"
done
done_testing
