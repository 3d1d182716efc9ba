'use strict';
// linkrole and Alibaba Cloud's official credentials library
// (@alicloud/credentials, its default chain) given the same files and
// variables; run by tests/interop/credlib.sh, which installs the library and
// starts linkrole-sim.
//
//   node credlib.js PREFIX
//       INTEROP_SIM (http://127.0.0.1:PORT), INTEROP_LINKROLE (the
//       program), INTEROP_TMP (a scratch directory), INTEROP_AK /
//       INTEROP_SECRET (the sim's owner key), INTEROP_USER_AK /
//       INTEROP_USER_SECRET (a RAM user's), INTEROP_ACCOUNT,
//       INTEROP_METADATA_ROLE (the sim's instance role),
//       INTEROP_SECRETS_FILE (where the STS secrets met are written for
//       the caller's leak check)
//
// For each row a fresh HOME gets the row's files, and both are asked with
// the row's environment: the library (credlib-chain.js, a process of its own)
// and `linkrole whoami -o json`.  Every request either sends goes through
// a relay here that records it and passes it on to the simulator, which
// checks its signature.  A row then asserts concrete values on both
// sides: the AccessKeyId used (and the SecurityToken, by digest), or for
// the role modes the AssumeRole / AssumeRoleWithOIDC requests, field by
// field (RoleArn, RoleSessionName, DurationSeconds, Policy, ExternalId,
// OIDCProviderArn, the OIDC token by digest, the signing AccessKeyId) and
// the STS host each chose; then that each side went on with the session
// the simulator handed it.
//
// The rows and the probes are in credlib-rows.js.  Probes assert
// nothing: where the two differ, they print a "# finding:" line (a
// variable or file the two read differently).
//
// Output as sdk.js: "ok - NAME" / "not ok - NAME", "# " diagnostics and
// "done N".  Nothing printed holds a secret: every line goes through
// redact().

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { execFile } = require('child_process');
const { rows, probes } = require('./credlib-rows');

const GLOBAL_TIMEOUT_MS = 480000;
const RUN_TIMEOUT_MS = 30000;

const prefix = process.argv[2];
const env = process.env;
for (const v of ['INTEROP_SIM', 'INTEROP_LINKROLE', 'INTEROP_TMP', 'INTEROP_AK',
    'INTEROP_SECRET', 'INTEROP_USER_AK', 'INTEROP_USER_SECRET', 'INTEROP_ACCOUNT',
    'INTEROP_METADATA_ROLE']) {
    if (!prefix || !env[v]) {
        console.error(`usage: node credlib.js PREFIX, with ${v} set (see the top of credlib.js)`);
        process.exit(2);
    }
}
const SIM = new URL(env.INTEROP_SIM);
const LINKROLE = env.INTEROP_LINKROLE;
const LIB_RUNNER = path.join(__dirname, 'credlib-chain.js');
const OWNER = { id: env.INTEROP_AK, secret: env.INTEROP_SECRET };
const USER = { id: env.INTEROP_USER_AK, secret: env.INTEROP_USER_SECRET };
const ACCOUNT = env.INTEROP_ACCOUNT;
const ECS_ROLE = env.INTEROP_METADATA_ROLE;

// Roles credlib.sh registers with the simulator as assumable.
const ROLE = {
    operator: `acs:ram::${ACCOUNT}:role/interop-operator`,
    chained: `acs:ram::${ACCOUNT}:role/interop-chained`,
    ini: `acs:ram::${ACCOUNT}:role/interop-ini`,
    oidc: `acs:ram::${ACCOUNT}:role/interop-oidc`,
};
const OIDC_PROVIDER = `acs:ram::${ACCOUNT}:oidc-provider/interop-issuer`;

setTimeout(() => {
    say(`not ok - credlib.js finished within ${GLOBAL_TIMEOUT_MS / 1000} s`);
    process.exit(1);
}, GLOBAL_TIMEOUT_MS).unref();

// --- output ---------------------------------------------------------------

// Percent-encoding as in Alibaba's canonical strings (RFC 3986).
function pct(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// A secret is redacted in its encoded forms too: a V1
// SignatureDoesNotMatch message (which the library may quote) echoes the
// string to sign, where a token appears encoded twice.
const secrets = new Set();
function addSecret(s) {
    if (typeof s !== 'string' || s.length < 4)
        return;
    for (const form of [s, encodeURIComponent(s), pct(s), pct(pct(s))])
        secrets.add(form);
    if (env.INTEROP_SECRETS_FILE)
        fs.appendFileSync(env.INTEROP_SECRETS_FILE, s + '\n');
}
function redact(text) {
    let s = String(text);
    for (const secret of [...secrets].sort((a, b) => b.length - a.length))
        s = s.split(secret).join('<redacted>');
    return s;
}
function say(line) {
    process.stdout.write(redact(line) + '\n');
}

let points = 0;
let failures = 0;
function report(name, problems) {
    points++;
    if (problems.length === 0) {
        say('ok - ' + name);
        return;
    }
    failures++;
    say('not ok - ' + name);
    for (const p of problems)
        for (const l of String(p).split('\n'))
            say('#   ' + l);
}

const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');
const show = (v) => JSON.stringify(v);

// --- the relay: records every request, passes it on to the simulator ------

let records = [];

function parseForm(text) {
    const out = {};
    for (const [k, v] of new URLSearchParams(text))
        out[k] = v;
    return out;
}

// What a request says, without its secrets: the token and the OIDC token
// are kept as digests only; the signature is dropped.
function describeRequest(req, body) {
    const u = new URL(req.url, 'http://relay');
    const params = Object.assign(parseForm(u.search.slice(1)),
        /x-www-form-urlencoded/i.test(req.headers['content-type'] || '')
            ? parseForm(body.toString('utf8')) : {});
    const auth = req.headers.authorization || '';
    const m = /Credential=([^,/\s]+)/.exec(auth);
    const token = req.headers['x-acs-security-token'] || params.SecurityToken;
    const oidcToken = params.OIDCToken;
    delete params.Signature;
    delete params.SecurityToken;
    delete params.OIDCToken;
    return {
        target: req.headers['x-interop-target'] || null,
        host: req.headers.host || null,
        method: req.method,
        path: u.pathname,
        action: req.headers['x-acs-action'] || params.Action || null,
        params,
        signer: m ? m[1] : (params.AccessKeyId || null),
        tokenSha256: token ? sha256(token) : null,
        oidcTokenSha256: oidcToken ? sha256(oidcToken) : null,
        metadataToken: Boolean(req.headers['x-aliyun-ecs-metadata-token']),
        status: null,
        issued: null,
    };
}

// The key the simulator handed out in an answer (AssumeRole, the metadata
// service, a credentials URI); its secret and token join the redactions.
function noteIssued(rec, body) {
    let j;
    try {
        j = JSON.parse(body.toString('utf8'));
    } catch (e) {
        return;
    }
    const c = j && (j.Credentials || (j.AccessKeyId ? j : null));
    if (!c)
        return;
    addSecret(c.AccessKeySecret);
    addSecret(c.SecurityToken);
    rec.issued = { id: c.AccessKeyId, tokenSha256: c.SecurityToken ? sha256(c.SecurityToken) : null };
}

function relayHandler(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        const body = Buffer.concat(chunks);
        const rec = describeRequest(req, body);
        records.push(rec);
        const headers = Object.assign({}, req.headers);
        delete headers['x-interop-target'];
        delete headers['transfer-encoding'];
        delete headers.connection;
        headers['content-length'] = String(body.length);
        const fwd = http.request({
            host: SIM.hostname, port: SIM.port, method: req.method, path: req.url,
            headers, agent: false, timeout: 15000,
        }, (answer) => {
            const out = [];
            answer.on('data', (c) => out.push(c));
            answer.on('end', () => {
                const b = Buffer.concat(out);
                rec.status = answer.statusCode;
                noteIssued(rec, b);
                const h = Object.assign({}, answer.headers);
                delete h['transfer-encoding'];
                delete h.connection;
                h['content-length'] = String(b.length);
                res.writeHead(answer.statusCode, h);
                res.end(b);
            });
        });
        fwd.on('timeout', () => fwd.destroy(new Error('the simulator did not answer')));
        fwd.on('error', (e) => {
            rec.status = 'relay: ' + e.message;
            res.writeHead(502, { 'content-type': 'text/plain' });
            res.end('relay: ' + e.message);
        });
        fwd.end(body);
    });
}

// --- running both ------------------------------------------------------------

function run(file, args, runEnv) {
    return new Promise((resolve) => {
        execFile(file, args, { env: runEnv, timeout: RUN_TIMEOUT_MS, maxBuffer: 1 << 20 },
            (err, stdout, stderr) => {
                let code = 0;
                if (err)
                    code = typeof err.code === 'number' ? err.code : (err.signal || String(err.code));
                resolve({ code, stdout: String(stdout), stderr: String(stderr) });
            });
    });
}

let homeCount = 0;
// A scratch HOME holding FILES ({relative path: text}), each 0600 (linkrole
// warns about a file others can read).
function makeHome(files) {
    const home = path.join(env.INTEROP_TMP, `home${++homeCount}`);
    fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    for (const [rel, text] of Object.entries(files || {})) {
        const p = path.join(home, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
        fs.writeFileSync(p, text.replace(/\$HOME/g, home), { mode: 0o600 });
    }
    return home;
}

function baseEnv(home, rowEnv, relay) {
    const e = {
        PATH: env.PATH || '/usr/bin:/bin',
        HOME: home,
        LANG: 'C',
        LC_ALL: 'C',
        // linkrole's API and metadata requests go to the relay; the
        // library's are sent there by credlib-chain.js.
        LINKROLE_ENDPOINT: relay,
        LINKROLE_METADATA_ENDPOINT: relay,
        INTEROP_TAP: relay,
        INTEROP_REDACT: [...secrets].join('\n'),   // every form
    };
    for (const [k, v] of Object.entries(rowEnv))
        if (v !== undefined)
            e[k] = v.replace(/\$HOME/g, home);
    return e;
}

function stsCalls(recs) {
    return recs.filter((r) => r.action === 'AssumeRole' || r.action === 'AssumeRoleWithOIDC');
}
function metadataCalls(recs) {
    return recs.filter((r) => r.path.startsWith('/latest/'));
}

// Both sides of one row.
async function observe(row, relay) {
    const home = makeHome(row.files);
    const rowEnv = Object.assign({}, row.env);
    if (!row.ecs)
        rowEnv.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
    const e = baseEnv(home, rowEnv, relay);

    records = [];
    const libRun = await run(process.execPath, [LIB_RUNNER, prefix], e);
    const libRecs = records;
    let lib;
    try {
        lib = JSON.parse(libRun.stdout.trim().split('\n').pop());
    } catch (ex) {
        lib = { ok: false, error: `no result (exit ${libRun.code}): ${libRun.stdout} ${libRun.stderr}`.slice(0, 1500) };
    }

    const lrEnv = Object.assign({}, e);
    delete lrEnv.INTEROP_TAP;
    delete lrEnv.INTEROP_REDACT;
    records = [];
    const lrRun = await run(LINKROLE, ['whoami', '-o', 'json'], lrEnv);
    const lrRecs = records;
    let lr = null;
    try {
        lr = JSON.parse(lrRun.stdout);
    } catch (ex) {
        lr = null;
    }

    // The STS host linkrole picks, from its dry run (which sends nothing),
    // with no endpoint override.
    let lrStsHost = null;
    if (row.sts || row.compareSts) {
        const dryEnv = Object.assign({}, lrEnv);
        delete dryEnv.LINKROLE_ENDPOINT;
        records = [];
        const dry = await run(LINKROLE, ['--dry-run', 'whoami'], dryEnv);
        if (records.length)
            lrStsHost = `(the dry run sent ${records.length} requests)`;
        else {
            // the request line: "POST https://HOST/?..."
            const m = /^(?:POST|GET|PUT) https?:\/\/([^/?\s]+)/m.exec(dry.stdout);
            lrStsHost = m ? m[1] : `(no request line; exit ${dry.code}: ${dry.stderr.trim().slice(0, 300)})`;
        }
    }
    records = [];
    return { lib, libRecs, libRun, lr, lrRun, lrRecs, lrStsHost };
}

function describeLinkrole(o) {
    return `linkrole: exit ${o.lrRun.code}; stdout ${o.lrRun.stdout.trim().slice(0, 600)}; ` +
        `stderr ${o.lrRun.stderr.trim().slice(0, 600)}`;
}
function describeLib(o) {
    return `library: ${show(o.lib)}${o.libRun.stderr ? '; stderr ' + o.libRun.stderr.trim().slice(0, 400) : ''}`;
}

// The key each side ended up signing with: the library says it; linkrole's
// is the signer of its GetCallerIdentity.
function linkroleKey(o) {
    const gci = o.lrRecs.filter((r) => r.action === 'GetCallerIdentity');
    if (!gci.length)
        return null;
    return { id: gci[0].signer, tokenSha256: gci[0].tokenSha256, status: gci[0].status };
}

const mask = (id) => `${id.slice(0, 4)}****${id.slice(-4)}`;

// Checks shared by every row: both succeeded, each with KEY (or, where
// KEY is "issued", with the session the simulator last handed it).
function checkKeys(o, row, problems) {
    if (!o.lib.ok)
        problems.push('the library failed: ' + describeLib(o));
    if (o.lrRun.code !== 0 || !o.lr)
        problems.push('linkrole failed: ' + describeLinkrole(o));
    const lk = linkroleKey(o);
    if (!lk)
        problems.push('linkrole sent no GetCallerIdentity: ' + describeLinkrole(o));
    else if (lk.status !== 200)
        problems.push(`the simulator refused linkrole's GetCallerIdentity: ${lk.status}`);
    if (problems.length)
        return;

    let libWant, lrWant;
    if (row.key === 'issued') {
        const libIssued = o.libRecs.filter((r) => r.issued).pop();
        const lrIssued = o.lrRecs.filter((r) => r.issued).pop();
        if (!libIssued || !lrIssued) {
            problems.push(`no session handed out: library ${show(Boolean(libIssued))}, linkrole ${show(Boolean(lrIssued))}`);
            return;
        }
        libWant = libIssued.issued;
        lrWant = lrIssued.issued;
        if (!/^STS\./.test(libWant.id) || !/^STS\./.test(lrWant.id))
            problems.push(`the sessions handed out are not STS keys: ${libWant.id} ${lrWant.id}`);
    } else {
        libWant = lrWant = row.key;
    }
    if (o.lib.accessKeyId !== libWant.id)
        problems.push(`the library: ${show(o.lib.accessKeyId)}, expected ${show(libWant.id)} (${o.lib.provider})`);
    if ((o.lib.tokenSha256 || null) !== (libWant.tokenSha256 || null))
        problems.push(`the library's SecurityToken: ${libWant.tokenSha256 ? 'expected the one given' : 'expected none'}, got ${o.lib.tokenSha256 ? 'another or one' : 'none'}`);
    if (lk.id !== lrWant.id)
        problems.push(`linkrole signed with ${show(lk.id)}, expected ${show(lrWant.id)} (source ${show(o.lr.Source)})`);
    if ((lk.tokenSha256 || null) !== (lrWant.tokenSha256 || null))
        problems.push(`linkrole's SecurityToken: ${lrWant.tokenSha256 ? 'expected the one given' : 'expected none'}, got ${lk.tokenSha256 ? 'another or one' : 'none'}`);
    if (o.lr.AccessKeyId !== mask(lrWant.id))
        problems.push(`linkrole shows AccessKeyId ${show(o.lr.AccessKeyId)}, expected ${show(mask(lrWant.id))}`);
    if (row.provider && !row.provider.test(o.lib.provider || ''))
        problems.push(`the library's provider ${show(o.lib.provider)} does not match ${row.provider}`);
    if (row.source && !row.source.test(o.lr.Source || ''))
        problems.push(`linkrole's source ${show(o.lr.Source)} does not match ${row.source}`);
}

const STS_FIELDS = ['Action', 'RoleArn', 'RoleSessionName', 'DurationSeconds', 'Policy',
    'ExternalId', 'OIDCProviderArn'];

function stsView(r) {
    const v = { Action: r.action };
    for (const f of STS_FIELDS.slice(1))
        v[f] = r.params[f] === undefined ? null : r.params[f];
    v.OIDCToken = r.oidcTokenSha256;
    return v;
}

// The role modes: the STS requests each side sent, hop by hop, against
// the row's expected ones; each hop signed by the key of the one before.
function checkSts(o, row, problems) {
    const lib = stsCalls(o.libRecs);
    const lr = stsCalls(o.lrRecs);
    if (lib.length !== row.sts.length || lr.length !== row.sts.length) {
        problems.push(`STS requests: expected ${row.sts.length}, the library sent ${lib.length}, linkrole ${lr.length}`);
        return;
    }
    row.sts.forEach((want, i) => {
        const w = Object.assign({ Policy: null, ExternalId: null, OIDCProviderArn: null, OIDCToken: null }, want);
        delete w.signer;
        delete w.host;
        if (w.OIDCToken)
            w.OIDCToken = sha256(w.OIDCToken);
        for (const [who, rec] of [['the library', lib[i]], ['linkrole', lr[i]]]) {
            const got = stsView(rec);
            for (const k of Object.keys(w))
                if (got[k] !== w[k])
                    problems.push(`hop ${i + 1}, ${who}: ${k} ${show(got[k])}, expected ${show(w[k])}`);
            if (rec.status !== 200)
                problems.push(`hop ${i + 1}, ${who}: the simulator answered ${rec.status}`);
        }
        // Signing: the first hop by the row's key; a later one by the
        // session of the hop before; AssumeRoleWithOIDC by nobody.
        for (const [who, recs] of [['the library', lib], ['linkrole', lr]]) {
            const expectSigner = want.signer === undefined
                ? (i > 0 && recs[i - 1].issued ? recs[i - 1].issued.id : null)
                : want.signer;
            if (recs[i].signer !== expectSigner)
                problems.push(`hop ${i + 1}, ${who}: signed by ${show(recs[i].signer)}, expected ${show(expectSigner)}`);
        }
    });
    const host = row.sts[0].host || 'sts.aliyuncs.com';
    const libTarget = lib[0].target;
    if (libTarget !== `https://${host}`)
        problems.push(`the library's STS host: ${show(libTarget)}, expected ${show('https://' + host)}`);
    if (o.lrStsHost !== host)
        problems.push(`linkrole's STS host (--dry-run): ${show(o.lrStsHost)}, expected ${show(host)}`);
}

// The instance role: both asked the metadata service for ROLE's
// credentials, with an IMDSv2 token; the library at its real address.
function checkMetadata(o, row, problems) {
    const want = `/latest/meta-data/ram/security-credentials/${row.ecs}`;
    for (const [who, recs] of [['the library', o.libRecs], ['linkrole', o.lrRecs]]) {
        const md = metadataCalls(recs);
        const creds = md.filter((r) => r.path === want);
        if (!creds.length) {
            problems.push(`${who} did not ask for ${want}; asked ${show(md.map((r) => r.method + ' ' + r.path))}`);
            continue;
        }
        if (!creds.every((r) => r.metadataToken))
            problems.push(`${who} asked for the credentials without an IMDSv2 token`);
        if (row.discover && !md.some((r) => r.path === '/latest/meta-data/ram/security-credentials/'))
            problems.push(`${who} did not ask the metadata service for the role name`);
        if (!row.discover && md.some((r) => r.path === '/latest/meta-data/ram/security-credentials/'))
            problems.push(`${who} asked for the role name, which was given`);
    }
    const targets = new Set(metadataCalls(o.libRecs).map((r) => r.target));
    if (targets.size !== 1 || !targets.has('http://100.100.100.200'))
        problems.push(`the library's metadata requests were for ${show([...targets])}, expected http://100.100.100.200`);
}

function checkUri(o, row, problems) {
    for (const [who, recs] of [['the library', o.libRecs], ['linkrole', o.lrRecs]]) {
        const got = recs.filter((r) => r.path === '/credentials');
        if (got.length < 1 || got[0].method !== 'GET')
            problems.push(`${who} did not GET /credentials`);
    }
}

async function runRow(row, relay) {
    const o = await observe(row, relay);
    const problems = [];
    checkKeys(o, row, problems);
    if (row.sts)
        checkSts(o, row, problems);
    if (row.ecs)
        checkMetadata(o, row, problems);
    if (row.uri)
        checkUri(o, row, problems);
    // Nothing but the row's own source was asked: no stray metadata or
    // STS requests.
    if (!row.ecs && (metadataCalls(o.libRecs).length || metadataCalls(o.lrRecs).length))
        problems.push('a metadata request was sent, with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true');
    if (!row.sts && (stsCalls(o.libRecs).length || stsCalls(o.lrRecs).length))
        problems.push('an STS call was sent where none was expected');
    const name = `${row.name}: the library and linkrole ${row.sts ? 'send the same STS requests and ' : ''}` +
        `use ${row.key === 'issued' ? 'the session handed out' : row.key.id}` +
        (row.needs ? ` [needs ${row.needs}]` : '');
    report(name, problems);
}

// A probe: what each side did, side by side; a difference is a finding.
async function runProbe(probe, relay) {
    const o = await observe(probe, relay);
    const lk = linkroleKey(o);
    // The chain's message starts with the environment's complaint; what
    // follows is about the files.
    const libError = o.lib.ok ? '' : o.lib.error
        .replace(/unable to get credentials from enviroment variables, Access key ID must be specified via environment variable \(ALIBABA_CLOUD_ACCESS_KEY_ID\),? ?/, '')
        .replace(/ENOENT: no such file or directory, access '[^']*',? ?/g, '');
    const libSays = o.lib.ok ? `${o.lib.accessKeyId} via ${o.lib.provider}` : `fails (${libError.slice(0, 300)})`;
    const lrSays = lk && lk.status === 200 && o.lrRun.code === 0
        ? `${lk.id} via ${o.lr.Source}` : `fails (exit ${o.lrRun.code}: ${o.lrRun.stderr.trim().slice(0, 200)})`;
    const lrOk = Boolean(lk && lk.status === 200 && o.lrRun.code === 0);
    // A probe's STS requests compared with their signing: the first
    // hop's key and whether a token came with it.
    const view = (r) => Object.assign(stsView(r), { signer: r.signer, withToken: Boolean(r.tokenSha256) });
    const libSts = stsCalls(o.libRecs).map(view);
    const lrSts = stsCalls(o.lrRecs).map(view);
    const libHost = (o.libRecs.find((r) => r.action && r.action.startsWith('AssumeRole')) || {}).target;
    let same;
    if (!o.lib.ok || !lrOk)
        same = !o.lib.ok && !lrOk;
    else if (probe.compareSts)
        same = show(libSts) === show(lrSts) && libHost === `https://${o.lrStsHost}`;
    else
        same = lk.id === o.lib.accessKeyId;
    say(`# ${same ? 'agree' : 'finding'}: ${probe.name}${same && !o.lib.ok ? ' (both refuse)' : ''}`);
    say(`#   the library: ${libSays}`);
    say(`#   linkrole:    ${lrSays}`);
    if (probe.compareSts && (libSts.length || lrSts.length)) {
        say(`#   the library's STS requests: ${show(libSts)} to ${show(libHost || null)}`);
        say(`#   linkrole's STS requests:    ${show(lrSts)} to ${show(lrSts.length ? 'https://' + o.lrStsHost : null)}`);
    }
}

// The library's process is held to loopback, or no row would be safe to
// run: each fence refuses, and a cloud host reaches the relay.
async function checkFences(relay) {
    records = [];
    const r = await run(process.execPath, [LIB_RUNNER, prefix, '--self-test'],
        { PATH: env.PATH || '/usr/bin:/bin', HOME: env.INTEROP_TMP, INTEROP_TAP: relay });
    const recs = records;
    records = [];
    let got = {};
    try {
        got = JSON.parse(r.stdout.trim().split('\n').pop()).selfTest || {};
    } catch (e) {
        got = {};
    }
    const want = { socket: 'EINTEROP', lookup: 'EINTEROP', otherHost: 'EINTEROP', cloudHost: 'relayed' };
    const problems = [];
    for (const [k, v] of Object.entries(want))
        if (got[k] !== v)
            problems.push(`${k}: ${show(got[k])}, expected ${show(v)} (exit ${r.code}; ${r.stderr.trim().slice(0, 300)})`);
    if (recs.length !== 1 || recs[0].target !== 'https://sts.aliyuncs.com')
        problems.push(`the relay saw ${show(recs.map((x) => x.target))}, expected ["https://sts.aliyuncs.com"]`);
    report('the library\'s process reaches nothing but loopback: another address, a name lookup and ' +
        'another host are refused, a cloud host goes to the relay', problems);
}

// --- a session to use as static STS keys ------------------------------------

function simGet(p) {
    return new Promise((resolve, reject) => {
        const rq = http.get({ host: SIM.hostname, port: SIM.port, path: p, agent: false, timeout: 10000 }, (res) => {
            const out = [];
            res.on('data', (c) => out.push(c));
            res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(out).toString('utf8') }));
        });
        rq.on('timeout', () => rq.destroy(new Error('timeout')));
        rq.on('error', reject);
    });
}

async function session() {
    const r = await simGet('/credentials');
    const j = JSON.parse(r.body);
    if (r.status !== 200 || !j.AccessKeyId || !j.SecurityToken)
        throw new Error(`the simulator's /credentials answered ${r.status}`);
    addSecret(j.AccessKeySecret);
    addSecret(j.SecurityToken);
    return { id: j.AccessKeyId, secret: j.AccessKeySecret, token: j.SecurityToken,
        tokenSha256: sha256(j.SecurityToken) };
}

// --- main ----------------------------------------------------------------------

async function main() {
    addSecret(OWNER.secret);
    addSecret(USER.secret);
    const server = http.createServer(relayHandler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = `http://127.0.0.1:${server.address().port}`;
    say(`# relay ${relay} -> ${SIM.origin}`);

    await checkFences(relay);
    const sts1 = await session();
    const sts2 = await session();
    const ctx = { OWNER, USER, ROLE, OIDC_PROVIDER, ECS_ROLE, addSecret };
    for (const row of rows(ctx, sts1, sts2)) {
        if (row.env && row.env.ALIBABA_CLOUD_CREDENTIALS_URI)
            row.env.ALIBABA_CLOUD_CREDENTIALS_URI = row.env.ALIBABA_CLOUD_CREDENTIALS_URI.replace('RELAY', relay);
        // Files written with $HOME stand for the row's HOME.
        await runRow(row, relay);
    }
    say('# probes: variables and files the two read differently are findings, not failures');
    for (const p of probes(ctx, await session()))
        await runProbe(p, relay);
    server.close();
    say(`done ${points}`);
    process.exit(failures ? 1 : 0);
}

main().catch((e) => {
    say('not ok - credlib.js ran: ' + (e && e.stack || e));
    process.exit(1);
});
