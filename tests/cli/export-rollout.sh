#!/bin/bash
# linkrole export --rollout over linkrole-sim --directory 50, parsed by
# HashiCorp's HCL parser (@cdktf/hcl2json, installed as tests/cli/export.sh
# installs it).  The simulator's rules give 50 members of which 2 (25 and
# 50) are invited without ResourceDirectoryAccountAccessRole: those
# cannot be entered, so they get no provider (Terraform could not
# configure it) but a comment saying why and the fix.  So: 48 provider
# aliases m_<id> assuming the access role of their account, 48 resources
# each in its provider, and an import block exactly for each account
# that held AliyunServiceRoleForPolarDB (the simulator's state).
#
# The HCL points need node and npm; without them they are skipped (a
# failure under CI or as root), as in export.sh.

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
mkdir -p "$top_builddir/tests/cli" "$top_builddir/tests/interop"
ORIG_HOME=${HOME-}

. "$top_srcdir/tests/cli/lib.sh"

LINKROLE_CATALOG=$top_srcdir/data/services.json
export LINKROLE_CATALOG
SVC=polardb.aliyuncs.com
ROLE=AliyunServiceRoleForPolarDB
STATE=$TEST_TMP/rd.json

HAVE_NODE=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    . "$top_srcdir/tests/interop/install.sh"
    if interop_install; then
        HAVE_NODE=1
    else
        done_testing
        exit 1
    fi
elif [ -n "${CI-}" ] || [ "$(id -u)" -eq 0 ]; then
    not_ok "node and npm are installed (bootstrap installs nodejs and npm)"
fi

start_sim --directory 50 --state "$STATE"
as_owner

run export --rollout --dbs
check "export --rollout --dbs: refused, saying why" \
    eval '[ "$rc" -eq 2 ] && contains "$err" "Terraform"'
run export --rollout
check "export --rollout needs --service" test "$rc" -eq 2
run export --rollout --service $SVC --format aliyun
check "export --rollout writes Terraform only" test "$rc" -eq 2

# the accounts holding the role before, from the simulator's state
run whoami
jq -r --arg r $ROLE '.members[] | select(any(.roles[]; .role_name == $r)) |
                     .account_id' "$STATE" | sort >"$TEST_TMP/holders"
check "the state lists the members" test -s "$TEST_TMP/holders"

run export --rollout --service $SVC
printf '%s\n' "$out" >"$TEST_TMP/rd.tf"
check "export --rollout: exit 0" test "$rc" -eq 0
check "the two invited accounts are comments with the fix" \
    eval '[ "$(grep -c "^# 10*\(25\|50\) (" "$TEST_TMP/rd.tf")" -eq 2 ] &&
          contains "$out" ResourceDirectoryAccountAccessRole'
check "nothing was created" \
    test "$(jq --arg r $ROLE '[.members[] | .roles[] | select(.role_name == $r)] | length' "$STATE")" \
        -eq "$(wc -l <"$TEST_TMP/holders")"

if [ "$HAVE_NODE" -eq 1 ]; then
    hcl=$(node - "$PREFIX" "$TEST_TMP/rd.tf" "$TEST_TMP/holders" 2>&1 <<'EOF'
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [prefix, tf, holdersFile] = process.argv.slice(2);
const { parse } = createRequire(path.join(path.resolve(prefix), 'package.json'))('@cdktf/hcl2json');
const TYPE = 'alicloud_resource_manager_service_linked_role';
const holders = new Set(fs.readFileSync(holdersFile, 'utf8').split('\n').filter(Boolean));
(async () => {
    const doc = await parse('rd.tf', fs.readFileSync(tf, 'utf8'));
    const providers = (doc.provider || {}).alicloud || [];
    const resources = (doc.resource || {})[TYPE] || {};
    const imports = doc.import || [];
    console.log('providers ' + providers.length);
    console.log('resources ' + Object.keys(resources).length);
    console.log('imports ' + imports.length);
    const aliases = new Set();
    for (const p of providers) {
        const id = (p.alias || '').replace(/^m_/, '');
        aliases.add(p.alias);
        const arn = ((p.assume_role || [])[0] || {}).role_arn;
        if (arn !== 'acs:ram::' + id + ':role/ResourceDirectoryAccountAccessRole')
            console.log('bad: provider ' + p.alias + ' assumes ' + arn);
        if (!p.region) console.log('bad: provider ' + p.alias + ' has no region');
    }
    for (const [label, blocks] of Object.entries(resources)) {
        const r = blocks[0];
        if (blocks.length !== 1 || r.provider !== '${alicloud.' + label + '}' ||
            !aliases.has(label) || r.service_name !== 'polardb.aliyuncs.com')
            console.log('bad: resource ' + label + ' ' + JSON.stringify(r));
    }
    const imported = new Set();
    for (const i of imports) {
        const label = (/\.([a-z0-9_]+)\}$/.exec(i.to || '') || [])[1];
        if (!resources[label] || i.provider !== '${alicloud.' + label + '}' ||
            i.id !== 'polardb.aliyuncs.com:AliyunServiceRoleForPolarDB')
            console.log('bad: import ' + JSON.stringify(i));
        imported.add(label.replace(/^m_/, ''));
    }
    for (const h of holders)
        if (!imported.has(h) && aliases.has('m_' + h))
            console.log('bad: no import for ' + h);
    for (const i of imported)
        if (!holders.has(i)) console.log('bad: import for ' + i + ', which had no role');
})().catch((e) => { console.log('bad: ' + e); process.exit(1); });
EOF
    )
    printf '%s\n' "$hcl" >>"$TRANSCRIPT"
    holders_in=$(grep -cv '^10*\(25\|50\)$' "$TEST_TMP/holders")
    check "hcl2json parses it: 48 provider aliases" contains "$hcl" "providers 48"
    check "48 resources, each in its account's provider" contains "$hcl" "resources 48"
    check "import blocks exactly for the $holders_in accounts that held the role" \
        eval 'contains "$hcl" "imports $holders_in" && ! contains "$hcl" "bad:"'
else
    for p in "48 provider aliases" "48 resources" "the import blocks"; do
        ok "$p # SKIP node/npm not installed"
    done
fi

done_testing
