#!/bin/bash
# Packaging (issue 12, point 8): `make install DESTDIR=…` puts every file
# where a Debian system looks for it (the two programs, the catalogue, the
# man pages in English and Chinese, the three shell completions, the
# message catalogues, and the README, LICENSE and doc/*.md in $(docdir)),
# and `make uninstall DESTDIR=…` takes every one of them away again.
#
# TAP output. Run alone: make check TESTS=tests/doc/install.sh

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/install.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root

# The configured directories, as make sees them (prefix and all).
mkvar() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        ${MAKE:-make} -s -C "$top_builddir" --no-print-directory \
        -f Makefile -f - print-var VAR="$1" <<'MK'
print-var:
	@echo '$($(VAR))'
MK
}
bindir=$(mkvar bindir)
mandir=$(mkvar mandir)
docdir=$(mkvar docdir)
pkgdatadir=$(mkvar pkgdatadir)
localedir=$(mkvar localedir)
bashdir=$(mkvar bashcompletiondir)
zshdir=$(mkvar zshcompletiondir)
fishdir=$(mkvar fishcompletiondir)
if [ -z "$bindir" ] || [ -z "$docdir" ]; then
    echo "Bail out! cannot read the install directories from the Makefile"
    exit 1
fi

# make_step TARGET: make TARGET DESTDIR=…, one test point, its log on failure.
make_step() {
    if ${MAKE:-make} -s -C "$top_builddir" DESTDIR="$dest" "$1" \
            >"$tmp/$1.log" 2>&1; then
        ok "make $1 DESTDIR=…"
    else
        not_ok "make $1 DESTDIR=…"
        sed 's/^/# /' "$tmp/$1.log" | tail -n 40
    fi
}
make_step install

expect() { # expect FILE [DESCRIPTION]: FILE (an installed path) is there
    if [ -f "$dest$1" ]; then ok "installed: $1"; else not_ok "installed: $1"; fi
}
expect "$bindir/linkrole"
expect "$bindir/linkrole-sim"
expect "$pkgdatadir/services.json"
expect "$mandir/man1/linkrole.1"
expect "$mandir/man1/linkrole-sim.1"
expect "$mandir/zh_CN/man1/linkrole.1"
expect "$mandir/zh_TW/man1/linkrole.1"
if [ -n "$bashdir" ]; then
    expect "$bashdir/linkrole"
else
    ok "bash completion: configured --without-bash-completion-dir, none to install"
fi
expect "$zshdir/_linkrole"
expect "$fishdir/linkrole.fish"
for f in README.md LICENSE architecture.md catalog.md credentials.md \
    performance.md signing.md simulator.md testing.md translating.md; do
    expect "$docdir/$f"
done
if grep -q '^/\* #undef ENABLE_NLS \*/' "$top_builddir/config.h" 2>/dev/null; then
    ok "message catalogues: built without NLS, none to install"
    ok "message catalogues: built without NLS, none to install"
else
    expect "$localedir/zh_CN/LC_MESSAGES/linkrole.mo"
    expect "$localedir/zh_TW/LC_MESSAGES/linkrole.mo"
fi

# The installed program runs, says its version and names its licence.
if [ -x "$dest$bindir/linkrole" ] &&
   out=$("$dest$bindir/linkrole" --lang en --version 2>&1) &&
   printf '%s\n' "$out" | grep -q 'Apache License'; then
    ok "the installed linkrole runs and names its licence"
else
    not_ok "the installed linkrole runs and names its licence (${out-})"
fi
# Installed docs are the sources' (not a stale or generated copy).
if cmp -s "$top_srcdir/LICENSE" "$dest$docdir/LICENSE" &&
   cmp -s "$top_srcdir/README.md" "$dest$docdir/README.md"; then
    ok "the installed README and LICENSE are the sources'"
else
    not_ok "the installed README and LICENSE are the sources'"
fi

make_step uninstall
left=$(find "$dest" -type f -o -type l 2>/dev/null)
if [ -z "$left" ]; then
    ok "nothing is left behind after make uninstall"
else
    not_ok "nothing is left behind after make uninstall"
    printf '%s\n' "$left" | sed "s|^$dest|#   |" | head -n 20
fi

echo "1..$n"
[ "$fails" -eq 0 ]
