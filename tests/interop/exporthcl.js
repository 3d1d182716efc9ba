// Checks linkrole export's Terraform against the simulator's state, with
// HashiCorp's own HCL parser (@cdktf/hcl2json, installed by
// tests/interop/install.sh):
//
//   node exporthcl.js PREFIX FILE.tf STATE.json
//
// Prints "resources N", "imports N", "comments N" and one "bad: ..." line
// per problem; exits 1 when FILE.tf does not parse.  Every role the state
// holds as service-linked (and whose service the test's catalogue knows:
// the caller lists the others in SKIP, comma-separated, from the
// environment) must have exactly one import block whose id is
// "<service_name>:<role_name>" and whose resource says that service.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [prefix, tfFile, stateFile] = process.argv.slice(2);
const req = createRequire(path.join(path.resolve(prefix), 'package.json'));
const { parse } = req('@cdktf/hcl2json');
const TYPE = 'alicloud_resource_manager_service_linked_role';
const skip = new Set((process.env.SKIP || '').split(',').filter(Boolean));

// In the JSON form hcl2json gives, strings are templates as in HCL:
// scanned left to right, "$${" and "%%{" stand for a literal "${" and
// "%{"; any other "${" or "%{" would be a template the export let
// through.  unescape gives the literal text, or null for a template.
function unescape(s) {
    let out = '';
    for (let i = 0; i < s.length;) {
        if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
            out += s[i] + '{';
            i += 3;
        } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
            return null;
        } else {
            out += s[i++];
        }
    }
    return out;
}
function templated(s) { return unescape(s) === null; }
function literal(s) { return unescape(s); }

async function main() {
    const text = fs.readFileSync(tfFile, 'utf8');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    let doc;
    try {
        doc = await parse(path.basename(tfFile), text);
    } catch (e) {
        console.log('bad: does not parse: ' + String(e).split('\n')[0]);
        process.exit(1);
    }
    const resources = ((doc.resource || {})[TYPE]) || {};
    const imports = doc.import || [];
    const comments = text.split('\n').filter((l) => l.startsWith('#')).length;
    console.log('resources ' + Object.keys(resources).length);
    console.log('imports ' + imports.length);
    console.log('comments ' + comments);
    for (const [label, blocks] of Object.entries(resources))
        if (blocks.length !== 1)
            console.log('bad: resource ' + label + ' defined ' + blocks.length + ' times');
    const roles = new Map();
    for (const r of state.roles || [])
        if (r.service_linked && !skip.has(r.role_name))
            roles.set(r.role_name, r);
    const seen = new Map();
    for (const imp of imports) {
        const m = /^\$\{([A-Za-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(imp.to || '');
        if (!m || m[1] !== TYPE || !resources[m[2]]) {
            console.log('bad: import to ' + JSON.stringify(imp.to));
            continue;
        }
        const res = resources[m[2]][0];
        const colon = (imp.id || '').indexOf(':');
        const service = imp.id.slice(0, colon), name = imp.id.slice(colon + 1);
        const role = roles.get(name);
        seen.set(name, (seen.get(name) || 0) + 1);
        if (!role) {
            console.log('bad: import id ' + JSON.stringify(imp.id) + ': no such role');
            continue;
        }
        if (service !== role.service_name || res.service_name !== service)
            console.log('bad: ' + name + ': service ' + service + ' / ' + res.service_name);
        if (res.custom_suffix !== undefined && !name.endsWith('_' + res.custom_suffix))
            console.log('bad: ' + name + ': suffix ' + res.custom_suffix);
        for (const v of Object.values(res))
            if (typeof v === 'string' && templated(v))
                console.log('bad: ' + name + ': a template in ' + JSON.stringify(v));
        if (res.description !== undefined && process.env.WANT_DESCRIPTION &&
            name === process.env.WANT_ROLE &&
            literal(res.description) !== process.env.WANT_DESCRIPTION)
            console.log('bad: ' + name + ': description ' + JSON.stringify(literal(res.description)));
    }
    for (const name of roles.keys())
        if (seen.get(name) !== 1)
            console.log('bad: ' + name + ': ' + (seen.get(name) || 0) + ' import blocks');
}
main().catch((e) => { console.log('bad: ' + e); process.exit(1); });
