# Sourced by the tests/interop scripts after tests/cli/lib.sh: installs (or
# reuses) the packages pinned in tests/interop/package.json into
# $top_builddir/tests/interop/node_modules, as one TAP point.
#
# Sets INTEROP_SRC and PREFIX.  The install runs under a lock on
# $PREFIX/.npm-install.lock (when flock is there), so the interop scripts
# that `make -j` starts together never run npm on one tree at once: the
# second finds the packages in place.  The npm registry being unreachable
# is a failure (the caller bails out), not a skip.

INTEROP_SRC=$top_srcdir/tests/interop
PREFIX=$(cd "$top_builddir/tests/interop" && pwd)
INSTALL_LOG=$PREFIX/npm-install.log

if [ -n "${ORIG_HOME-}" ] && [ -f "$ORIG_HOME/.npmrc" ] && [ -z "${npm_config_userconfig-}" ]; then
    export npm_config_userconfig="$ORIG_HOME/.npmrc"
fi

# with_timeout SECONDS CMD...: CMD, killed after SECONDS when coreutils'
# timeout is there.
with_timeout() {
    local s=$1
    shift
    if command -v timeout >/dev/null 2>&1; then
        timeout -k 5 "$s" "$@"
    else
        "$@"
    fi
}

# interop_install: one TAP point; returns non-zero when the packages are
# not there at the pinned versions afterwards.
interop_install() {
    local versions start irc=0 lockfd
    if ! [ "$INTEROP_SRC/package.json" -ef "$PREFIX/package.json" ]; then
        if ! cmp -s "$INTEROP_SRC/package.json" "$PREFIX/package.json"; then
            cp "$INTEROP_SRC/package.json" "$PREFIX/package.json.$$" &&
                mv -f "$PREFIX/package.json.$$" "$PREFIX/package.json" ||
                { echo "Bail out! cannot copy package.json to $PREFIX"; exit 1; }
        fi
    fi
    versions=$(node -e '
        const d = require(process.argv[1]).dependencies;
        console.log(Object.keys(d).map((k) => k + "@" + d[k]).join(" "));
    ' "$PREFIX/package.json" 2>/dev/null)

    if command -v flock >/dev/null 2>&1; then
        exec {lockfd}>"$PREFIX/.npm-install.lock"
        # bounded: the other script's install is itself bounded (240 s)
        flock -w 300 "$lockfd"
    fi
    start=$(date +%s)
    if node "$INTEROP_SRC/sdk.js" --check-install "$PREFIX" 2>/dev/null; then
        ok "the packages are installed in the build tree at the pinned versions ($versions)"
    else
        # --no-package-lock: in an in-tree build PREFIX is the source
        # directory, which must not gain a lock file.  Few fetch retries,
        # so an unreachable registry fails in seconds rather than minutes.
        with_timeout 240 npm install --prefix "$PREFIX" --no-audit --no-fund \
            --no-package-lock --no-save --loglevel=error \
            --fetch-retries="${npm_config_fetch_retries:-1}" \
            --fetch-retry-mintimeout="${npm_config_fetch_retry_mintimeout:-2000}" \
            --fetch-retry-maxtimeout="${npm_config_fetch_retry_maxtimeout:-10000}" \
            >"$INSTALL_LOG" 2>&1 </dev/null
        irc=$?
        if [ "$irc" -eq 0 ] && node "$INTEROP_SRC/sdk.js" --check-install "$PREFIX"; then
            ok "npm installs the packages into the build tree in $(($(date +%s) - start)) s ($versions)"
        else
            not_ok "npm installs the packages into the build tree ($versions)" \
                "npm install --prefix $PREFIX exited with $irc (124: killed after 240 s); the end of $INSTALL_LOG:" \
                "$(tail -n 25 "$INSTALL_LOG" 2>/dev/null)"
            irc=1
        fi
    fi
    if [ -n "${lockfd-}" ]; then
        exec {lockfd}>&-
    fi
    return "$irc"
}
