'use strict';
// Drives Alibaba Cloud's official Node SDKs against linkrole-sim; run by
// tests/interop/sdk.sh, which installs the SDKs and starts the simulator.
//
//   node sdk.js --check-install PREFIX
//       exit 0 when PREFIX/node_modules holds every dependency of
//       PREFIX/package.json at exactly the pinned version
//   node sdk.js PREFIX
//       the test; the simulator and the keys come from the environment:
//       INTEROP_ENDPOINT (http://127.0.0.1:PORT), INTEROP_AK, INTEROP_SECRET,
//       INTEROP_ACCOUNT, INTEROP_SECRETS_FILE (where the STS secrets this
//       script obtains are written for the caller's leak check)
//
// Output, one per line: "ok - NAME" or "not ok - NAME", followed by "# "
// diagnostics, and "done N" as the last line once every test point ran.
// sdk.sh numbers the points and prints the plan.  Nothing printed ever
// holds a secret: every line goes through redact().

const fs = require('fs');
const path = require('path');
const http = require('http');
const { createRequire } = require('module');

const GLOBAL_TIMEOUT_MS = 60000;
const REQUEST_TIMEOUT_MS = 10000;

if (process.argv[2] === '--check-install') {
    process.exit(checkInstall(process.argv[3]) ? 0 : 1);
}

function checkInstall(prefix) {
    try {
        const pkg = JSON.parse(fs.readFileSync(path.join(prefix, 'package.json'), 'utf8'));
        for (const [name, version] of Object.entries(pkg.dependencies || {})) {
            const p = path.join(prefix, 'node_modules', name, 'package.json');
            if (JSON.parse(fs.readFileSync(p, 'utf8')).version !== version)
                return false;
        }
        return true;
    } catch (e) {
        return false;
    }
}

// --- output -------------------------------------------------------------

// Percent-encoding as in Alibaba's canonical strings (RFC 3986).
function pct(s) {
    return encodeURIComponent(s).replace(/[!'()*]/g,
        (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

// A secret is also redacted in its encoded forms: a V1 SignatureDoesNotMatch
// message echoes the string to sign, where an STS token appears encoded twice.
const secrets = new Set();
function addSecret(s) {
    if (typeof s !== 'string' || s.length < 4)
        return;
    for (const form of [s, encodeURIComponent(s), pct(s), pct(pct(s))])
        secrets.add(form);
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
function ok(name) {
    points++;
    say('ok - ' + name);
}
function notOk(name, ...diag) {
    points++;
    failures++;
    say('not ok - ' + name);
    for (const d of diag)
        for (const l of String(d).split('\n'))
            say('#   ' + l);
}
// check(NAME, FN): FN returns nothing when the point holds, else a
// description of what is wrong; it may be async and may throw.
async function check(name, fn) {
    try {
        const problem = await fn();
        if (problem === undefined || problem === null || problem === true)
            ok(name);
        else
            notOk(name, problem);
    } catch (e) {
        notOk(name, 'exception: ' + describeError(e));
    }
}

function describeError(e) {
    if (!e)
        return String(e);
    const parts = [];
    if (e.code)
        parts.push('code=' + e.code);
    const status = errStatus(e);
    if (status)
        parts.push('http=' + status);
    parts.push(String(e.message || e).slice(0, 600));
    return parts.join(' ');
}

function errStatus(e) {
    if (e && e.data && e.data.statusCode)
        return e.data.statusCode;                       // openapi-client/core
    if (e && e.entry && e.entry.response)
        return e.entry.response.statusCode;             // pop-core
    if (e && e.statusCode)
        return e.statusCode;
    return undefined;
}

// expectError(PROMISE, CODE, STATUS): what is wrong, or undefined.
async function expectError(promise, code, status) {
    let result;
    try {
        result = await promise;
    } catch (e) {
        if (e.code !== code)
            return `expected ${code}, got ${describeError(e)}`;
        if (status !== undefined && errStatus(e) !== status)
            return `expected HTTP ${status} with ${code}, got ${describeError(e)}`;
        return undefined;
    }
    return `expected ${code}, but the call succeeded: ${JSON.stringify(result).slice(0, 400)}`;
}

function mismatch(what, expected, actual) {
    return `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

// --- the SDKs -----------------------------------------------------------

const prefix = process.argv[2];
if (!prefix) {
    console.error('usage: node sdk.js PREFIX | --check-install PREFIX');
    process.exit(2);
}
const sdkRequire = createRequire(path.join(path.resolve(prefix), 'package.json'));
const installed = JSON.parse(fs.readFileSync(path.join(prefix, 'package.json'), 'utf8')).dependencies;

const ENDPOINT = process.env.INTEROP_ENDPOINT;          // http://127.0.0.1:PORT
const AK = process.env.INTEROP_AK;
const SECRET = process.env.INTEROP_SECRET;
const ACCOUNT = process.env.INTEROP_ACCOUNT || '1234567890123456';
const SECRETS_FILE = process.env.INTEROP_SECRETS_FILE;
addSecret(SECRET);
const WRONG_SECRET = 'interop-wrong-secret-Hv52';
addSecret(WRONG_SECRET);
const UNKNOWN_AK = 'LTAIinteropUnknownKey9';

const hostPort = (url) => url.replace(/^http:\/\//, '').replace(/\/.*$/, '');
const SIM_HOST = hostPort(ENDPOINT);
const SIM_PORT = Number(SIM_HOST.split(':')[1]);

const POLARDB_ROLE = 'AliyunServiceRoleForPolarDB';
const POLARDB_ARN = `acs:ram::${ACCOUNT}:role/aliyunserviceroleforpolardb`;
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

// The characters JavaScript's query-string encoder leaves alone although
// Alibaba's canonical form percent-encodes them (§0: only A-Z a-z 0-9 - _ . ~
// are unreserved).
const ODD = "*!'()";

// --- a recording forwarder ---------------------------------------------
//
// The SDKs are pointed at it instead of the simulator.  It keeps every
// request exactly as received (method, target, headers with their case and
// order, body bytes) and, unless told to only capture, forwards it to the
// simulator through send() -- the same function the replays below use, so
// a request that the simulator accepts when forwarded proves the replay
// path delivers requests unharmed.

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection']);

function send(rec) {
    return new Promise((resolve, reject) => {
        const headers = [];
        let hasLength = false;
        for (let i = 0; i < rec.rawHeaders.length; i += 2) {
            const name = rec.rawHeaders[i];
            const lower = name.toLowerCase();
            if (HOP_BY_HOP.has(lower))
                continue;
            if (lower === 'content-length') {
                hasLength = true;
                headers.push(name, String(rec.body.length));
                continue;
            }
            headers.push(name, rec.rawHeaders[i + 1]);
        }
        headers.push('Connection', 'close');
        const req = http.request({
            host: '127.0.0.1', port: SIM_PORT, method: rec.method,
            path: rec.url, headers, agent: false,
            timeout: REQUEST_TIMEOUT_MS,
        }, (res) => {
            const chunks = [];
            res.on('data', (d) => chunks.push(d));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json = null;
                try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
                resolve({ status: res.statusCode, headers: res.headers, text, json });
            });
            res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error('request to linkrole-sim timed out')));
        req.on('error', reject);
        if (rec.body.length > 0 || !hasLength)
            req.write(rec.body);
        req.end();
    });
}

function startRecorder() {
    const recorder = { records: [], forward: true, port: 0 };
    const server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (d) => chunks.push(d));
        req.on('end', async () => {
            const rec = {
                method: req.method, url: req.url,
                rawHeaders: req.rawHeaders.slice(), body: Buffer.concat(chunks),
            };
            recorder.records.push(rec);
            if (!recorder.forward) {
                res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
                res.end('{"RequestId":"captured-not-forwarded"}');
                return;
            }
            try {
                const r = await send(rec);
                const h = {};
                for (const [k, v] of Object.entries(r.headers))
                    if (!HOP_BY_HOP.has(k) && k !== 'transfer-encoding')
                        h[k] = v;
                h['content-length'] = Buffer.byteLength(r.text);
                res.writeHead(r.status, h);
                res.end(r.text);
            } catch (e) {
                res.writeHead(502, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ Code: 'RecorderError', Message: String(e.message) }));
            }
        });
    });
    server.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            recorder.port = server.address().port;
            recorder.server = server;
            resolve(recorder);
        });
    });
}

function header(rec, name) {
    for (let i = 0; i < rec.rawHeaders.length; i += 2)
        if (rec.rawHeaders[i].toLowerCase() === name)
            return rec.rawHeaders[i + 1];
    return undefined;
}

// replaceOnce(TEXT, FROM, TO): TEXT with the one occurrence of FROM replaced,
// or throws when FROM does not occur exactly once.
function replaceOnce(text, from, to) {
    const parts = text.split(from);
    if (parts.length !== 2)
        throw new Error(`expected one ${JSON.stringify(from)} in ${JSON.stringify(text.slice(0, 300))}`);
    return parts.join(to);
}

// leftUnencoded(REC, 'url'|'body'): undefined when the SDK sent at least one
// of ODD as a literal character there (and says which), else the problem.
function leftUnencoded(rec, where) {
    if (!rec)
        return 'the request was not recorded';
    const raw = where === 'url' ? rec.url : rec.body.toString('utf8');
    const literal = [...ODD].filter((ch) => raw.includes(ch));
    if (literal.length === 0)
        return `the SDK encoded all of ${ODD} in the ${where}: ${raw}`;
    say(`# the SDK left ${literal.join('')} unencoded in the ${where}`);
    return undefined;
}

function tamperUrl(rec, from, to) {
    return Object.assign({}, rec, { url: replaceOnce(rec.url, from, to) });
}
function tamperBody(rec, from, to) {
    return Object.assign({}, rec, {
        body: Buffer.from(replaceOnce(rec.body.toString('utf8'), from, to), 'utf8'),
    });
}

function expectAnswer(r, status, code) {
    const got = r.json ? (r.json.Code || r.json.code) : undefined;
    if (r.status !== status || got !== code)
        return `expected HTTP ${status} ${code || '(no error code)'}, got HTTP ${r.status}: ${r.text.slice(0, 500)}`;
    return undefined;
}

// --- clients --------------------------------------------------------------

const PopCore = sdkRequire('@alicloud/pop-core');
const OpenApi = sdkRequire('@alicloud/openapi-client');
const OpenApiCore = sdkRequire('@alicloud/openapi-core');
const Sts = sdkRequire('@alicloud/sts20150401');
const RM = sdkRequire('@alicloud/resourcemanager20200331');

function pop(apiVersion, creds = {}, endpoint = ENDPOINT) {
    return new PopCore({
        endpoint, apiVersion,
        accessKeyId: creds.ak || AK,
        accessKeySecret: creds.secret || SECRET,
        securityToken: creds.token,
    });
}
const popGet = (c, action, params = {}) =>
    c.request(action, params, { method: 'GET', timeout: REQUEST_TIMEOUT_MS });
const popPost = (c, action, params = {}) =>
    c.request(action, params, { method: 'POST', timeout: REQUEST_TIMEOUT_MS });

function openapiConfig(Config, creds, host, extra = {}) {
    return new Config(Object.assign({
        accessKeyId: creds.ak || AK,
        accessKeySecret: creds.secret || SECRET,
        securityToken: creds.token,
        endpoint: host, protocol: 'HTTP',
        readTimeout: REQUEST_TIMEOUT_MS, connectTimeout: REQUEST_TIMEOUT_MS,
    }, extra));
}
function generic(creds = {}, host = SIM_HOST) {
    return new OpenApi.default(openapiConfig(OpenApi.Config, creds, host));
}
function typedSts(creds = {}, extra = {}) {
    return new Sts.default(openapiConfig(OpenApiCore.$OpenApiUtil.Config, creds, SIM_HOST, extra));
}
function typedRm(creds = {}, extra = {}) {
    return new RM.default(openapiConfig(OpenApiCore.$OpenApiUtil.Config, creds, SIM_HOST, extra));
}

// call(CLIENT, ACTION, VERSION, {query|body}): an RPC call through the
// generic client's callApi, V3 signed; returns the response body.
async function call(client, action, version, where = {}) {
    const params = new OpenApi.Params({
        action, version, protocol: 'HTTP', pathname: '/', method: 'POST',
        authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
    });
    const request = new OpenApi.OpenApiRequest(where);
    const runtime = { readTimeout: REQUEST_TIMEOUT_MS, connectTimeout: REQUEST_TIMEOUT_MS, autoretry: false };
    const r = await client.callApi(params, request, runtime);
    if (r.statusCode !== 200)
        throw new Error(`HTTP ${r.statusCode}`);
    return r.body;
}

function checkSlr(role, name, arnName) {
    const want = {
        RoleName: name,
        Arn: `acs:ram::${ACCOUNT}:role/${arnName || name.toLowerCase()}`,
        IsServiceLinkedRole: true,
        RolePrincipalName: `${name}@role.${ACCOUNT}.onaliyunservice.com`,
    };
    if (!role)
        return 'no Role in the answer';
    for (const [k, v] of Object.entries(want))
        if (role[k] !== v)
            return mismatch('Role.' + k, v, role[k]);
    if (!/^\d+$/.test(String(role.RoleId || '')))
        return mismatch('Role.RoleId (digits)', 'digits', role.RoleId);
    if (!ISO_UTC.test(role.CreateDate || ''))
        return mismatch('Role.CreateDate (UTC ISO-8601)', 'yyyy-mm-ddThh:mm:ssZ', role.CreateDate);
    let policy;
    try {
        policy = JSON.parse(role.AssumeRolePolicyDocument);
    } catch (e) {
        return 'Role.AssumeRolePolicyDocument is not a JSON string: ' + JSON.stringify(role.AssumeRolePolicyDocument);
    }
    if (!policy.Statement)
        return 'Role.AssumeRolePolicyDocument has no Statement';
    return undefined;
}

function checkIdentity(body, type, arnPart) {
    if (!body)
        return 'no answer';
    const lower = {};
    for (const [k, v] of Object.entries(body))
        lower[k.toLowerCase()] = v;
    if (lower.identitytype !== type)
        return mismatch('IdentityType', type, lower.identitytype);
    if (lower.accountid !== ACCOUNT)
        return mismatch('AccountId', ACCOUNT, lower.accountid);
    if (!String(lower.arn || '').includes(arnPart))
        return mismatch('Arn (containing)', arnPart, lower.arn);
    if (!lower.requestid)
        return 'no RequestId';
    return undefined;
}

// --- the test points ------------------------------------------------------

async function main() {
    const versions = Object.entries(installed).map(([n, v]) => `${n}@${v}`).join(' ');
    say('# SDKs: ' + versions);
    say('# node ' + process.version + ', linkrole-sim at ' + ENDPOINT);
    const rec = await startRecorder();
    const REC_HOST = `127.0.0.1:${rec.port}`;
    const REC_URL = `http://${REC_HOST}`;

    // 1. pop-core RPCClient: V1 only; GET puts everything in the query,
    //    POST everything in a form body.
    const popSts = pop('2015-04-01');
    const popRm = pop('2020-03-31');
    await check('pop-core RPCClient V1 GET GetCallerIdentity answers the account', async () =>
        checkIdentity(await popGet(popSts, 'GetCallerIdentity'), 'Account', `acs:ram::${ACCOUNT}:root`));
    await check('pop-core RPCClient V1 POST (form body) GetCallerIdentity answers the account', async () =>
        checkIdentity(await popPost(popSts, 'GetCallerIdentity'), 'Account', `acs:ram::${ACCOUNT}:root`));
    await check('pop-core RPCClient V1 POST CreateServiceLinkedRole polardb.aliyuncs.com returns the documented Role', async () => {
        const r = await popPost(popRm, 'CreateServiceLinkedRole', { ServiceName: 'polardb.aliyuncs.com' });
        return checkSlr(r.Role, POLARDB_ROLE) || (r.RequestId ? undefined : 'no RequestId');
    });
    await check('pop-core RPCClient V1 GET GetRole finds AliyunServiceRoleForPolarDB', async () => {
        const r = await popGet(popRm, 'GetRole', { RoleName: POLARDB_ROLE });
        return checkSlr(r.Role, POLARDB_ROLE);
    });
    await check('pop-core RPCClient V1 POST CreateServiceLinkedRole again fails with EntityAlreadyExists.Role (HTTP 409)', () =>
        expectError(popPost(popRm, 'CreateServiceLinkedRole', { ServiceName: 'polardb.aliyuncs.com' }),
            'EntityAlreadyExists.Role', 409));

    // 2. openapi-client callApi, RPC style, V3 (ACS3-HMAC-SHA256).
    const gen = generic();
    await check('openapi-client V3 callApi GetCallerIdentity answers the account', async () =>
        checkIdentity(await call(gen, 'GetCallerIdentity', '2015-04-01'), 'Account', `acs:ram::${ACCOUNT}:root`));
    await check('openapi-client V3 callApi GetRole with RoleName in the query', async () =>
        checkSlr((await call(gen, 'GetRole', '2020-03-31', { query: { RoleName: POLARDB_ROLE } })).Role, POLARDB_ROLE));
    await check('openapi-client V3 callApi GetRole with RoleName in a form body', async () =>
        checkSlr((await call(gen, 'GetRole', '2020-03-31', { body: { RoleName: POLARDB_ROLE } })).Role, POLARDB_ROLE));

    // Characters the SDK leaves unencoded: the calls go through the recorder
    // so the wire form is checked too.  The simulator must verify the
    // signature (decode, re-encode) and then refuse on the merits.
    const genRec = generic({}, REC_HOST);
    rec.forward = true;
    await check(`openapi-client V3 query with ${ODD} (some left unencoded) is verified: GetRole answers EntityNotExist.Role (404)`, async () => {
        const n = rec.records.length;
        const problem = await expectError(call(genRec, 'GetRole', '2020-03-31', { query: { RoleName: `No${ODD}Role` } }),
            'EntityNotExist.Role', 404);
        if (problem)
            return problem;
        return leftUnencoded(rec.records[n], 'url');
    });
    await check(`openapi-client V3 query CreateServiceLinkedRole CustomSuffix with ${ODD} (some left unencoded): InvalidParameter.CustomSuffix.InvalidChars`, async () => {
        const n = rec.records.length;
        const problem = await expectError(call(genRec, 'CreateServiceLinkedRole', '2020-03-31',
            { query: { ServiceName: 'polardb.aliyuncs.com', CustomSuffix: `a${ODD}b` } }),
        'InvalidParameter.CustomSuffix.InvalidChars', 400);
        if (problem)
            return problem;
        return leftUnencoded(rec.records[n], 'url');
    });
    await check(`openapi-client V3 form body CreateServiceLinkedRole CustomSuffix with ${ODD} (left unencoded): InvalidParameter.CustomSuffix.InvalidChars`, async () => {
        const n = rec.records.length;
        const problem = await expectError(call(genRec, 'CreateServiceLinkedRole', '2020-03-31',
            { body: { ServiceName: 'polardb.aliyuncs.com', CustomSuffix: `a${ODD}b` } }),
        'InvalidParameter.CustomSuffix.InvalidChars', 400);
        if (problem)
            return problem;
        const r = rec.records[n];
        const problem2 = leftUnencoded(r, 'body');
        if (problem2)
            return problem2;
        if (header(r, 'content-length') !== undefined || header(r, 'transfer-encoding') !== 'chunked')
            return `expected a chunked body without Content-Length, headers: ${JSON.stringify(r.rawHeaders)}`;
        return undefined;
    });
    const SUFFIX = 'Interop-1.x';
    const SUFFIXED = `${POLARDB_ROLE}_${SUFFIX}`;
    await check('openapi-client V3 form body CreateServiceLinkedRole with CustomSuffix Interop-1.x', async () =>
        checkSlr((await call(gen, 'CreateServiceLinkedRole', '2020-03-31',
            { body: { ServiceName: 'polardb.aliyuncs.com', CustomSuffix: SUFFIX } })).Role, SUFFIXED));
    await check('openapi-client V3 query GetRole finds AliyunServiceRoleForPolarDB_Interop-1.x', async () =>
        checkSlr((await call(gen, 'GetRole', '2020-03-31', { query: { RoleName: SUFFIXED } })).Role, SUFFIXED));

    // DBS answers HTTP 200 with Success as a string and ErrorCode.
    await check('openapi-client V3 InitializeDbsServiceLinkedRole first call: Success "true"', async () => {
        const b = await call(gen, 'InitializeDbsServiceLinkedRole', '2019-03-06');
        if (b.Success !== 'true')
            return mismatch('Success', 'true', b.Success);
        if (b.ErrorCode)
            return mismatch('ErrorCode', undefined, b.ErrorCode);
        return b.RequestId ? undefined : 'no RequestId';
    });
    await check('openapi-client V3 InitializeDbsServiceLinkedRole second call: Success "true", ErrorCode EntityAlreadyExists.Role', async () => {
        const b = await call(gen, 'InitializeDbsServiceLinkedRole', '2019-03-06');
        if (b.Success !== 'true')
            return mismatch('Success', 'true', b.Success);
        return b.ErrorCode === 'EntityAlreadyExists.Role' ? undefined : mismatch('ErrorCode', 'EntityAlreadyExists.Role', b.ErrorCode);
    });
    await check('pop-core V1 InitializeDbsServiceLinkedRole third call: Success "true", ErrorCode EntityAlreadyExists.Role', async () => {
        const b = await popPost(pop('2019-03-06'), 'InitializeDbsServiceLinkedRole');
        if (b.Success !== 'true')
            return mismatch('Success', 'true', b.Success);
        return b.ErrorCode === 'EntityAlreadyExists.Role' ? undefined : mismatch('ErrorCode', 'EntityAlreadyExists.Role', b.ErrorCode);
    });
    await check('GetRole AliyunServiceRoleForDBS exists after InitializeDbsServiceLinkedRole', async () =>
        checkSlr((await call(gen, 'GetRole', '2020-03-31', { query: { RoleName: 'AliyunServiceRoleForDBS' } })).Role, 'AliyunServiceRoleForDBS'));

    // The typed clients: V3 by default, V1 with signatureAlgorithm 'v2'.
    for (const [label, extra] of [['V3', {}], ['V1 (signatureAlgorithm v2)', { signatureAlgorithm: 'v2' }]]) {
        await check(`sts20150401 typed client ${label} getCallerIdentity answers the account`, async () =>
            checkIdentity((await typedSts({}, extra).getCallerIdentity()).body, 'Account', `acs:ram::${ACCOUNT}:root`));
        await check(`resourcemanager20200331 typed client ${label} getRole finds AliyunServiceRoleForPolarDB`, async () => {
            const r = await typedRm({}, extra).getRole(new RM.GetRoleRequest({ roleName: POLARDB_ROLE }));
            const role = r.body.role;
            if (!role || role.roleName !== POLARDB_ROLE || role.arn !== POLARDB_ARN || role.isServiceLinkedRole !== true)
                return 'unexpected role: ' + JSON.stringify(r.body).slice(0, 500);
            return undefined;
        });
        await check(`resourcemanager20200331 typed client ${label} getRole with ${ODD} in the name: EntityNotExist.Role`, () =>
            expectError(typedRm({}, extra).getRole(new RM.GetRoleRequest({ roleName: `No${ODD}Role` })),
                'EntityNotExist.Role', 404));
    }
    await check('resourcemanager20200331 typed client V1 createServiceLinkedRole actiontrail.aliyuncs.com', async () => {
        const r = await typedRm({}, { signatureAlgorithm: 'v2' }).createServiceLinkedRole(
            new RM.CreateServiceLinkedRoleRequest({ serviceName: 'actiontrail.aliyuncs.com' }));
        const role = r.body.role;
        if (!role || role.roleName !== 'AliyunServiceRoleForActionTrail' ||
            role.arn !== `acs:ram::${ACCOUNT}:role/aliyunserviceroleforactiontrail`)
            return 'unexpected answer: ' + JSON.stringify(r.body).slice(0, 500);
        return undefined;
    });

    // 3. STS: AssumeRole through the SDKs, then calls with the token.
    let stsV3 = null, stsV1 = null;
    const stsSecrets = [];
    await check('sts20150401 typed client V3 AssumeRole of the PolarDB role returns STS credentials', async () => {
        const r = await typedSts().assumeRole(new Sts.AssumeRoleRequest({
            roleArn: POLARDB_ARN, roleSessionName: 'interop-v3', durationSeconds: 900,
        }));
        const c = r.body.credentials;
        if (!c)
            return 'no Credentials: ' + JSON.stringify(r.body).slice(0, 300);
        for (const x of [c.accessKeySecret, c.securityToken]) {
            addSecret(x);
            stsSecrets.push(x);
        }
        if (!/^STS\./.test(c.accessKeyId || '') || !c.accessKeySecret || !c.securityToken || !ISO_UTC.test(c.expiration || ''))
            return 'incomplete Credentials (AccessKeyId ' + c.accessKeyId + ', Expiration ' + c.expiration + ')';
        stsV3 = { ak: c.accessKeyId, secret: c.accessKeySecret, token: c.securityToken };
        return undefined;
    });
    await check('pop-core V1 AssumeRole of the PolarDB role returns STS credentials', async () => {
        const r = await popPost(popSts, 'AssumeRole', { RoleArn: POLARDB_ARN, RoleSessionName: 'interop-v1' });
        const c = r.Credentials;
        if (!c)
            return 'no Credentials: ' + JSON.stringify(r).slice(0, 300);
        for (const x of [c.AccessKeySecret, c.SecurityToken]) {
            addSecret(x);
            stsSecrets.push(x);
        }
        if (!/^STS\./.test(c.AccessKeyId || '') || !c.AccessKeySecret || !c.SecurityToken)
            return 'incomplete Credentials (AccessKeyId ' + c.AccessKeyId + ')';
        stsV1 = { ak: c.AccessKeyId, secret: c.AccessKeySecret, token: c.SecurityToken };
        return undefined;
    });
    if (SECRETS_FILE) {
        const list = stsSecrets.slice();
        fs.writeFileSync(SECRETS_FILE, list.join('\n') + '\n', { mode: 0o600 });
    }
    const roleArnPart = `assumed-role/aliyunserviceroleforpolardb/`;
    for (const [label, creds] of [['token from V3 AssumeRole', stsV3], ['token from V1 AssumeRole', stsV1]]) {
        const need = () => { if (!creds) throw new Error('no STS credentials (AssumeRole failed above)'); };
        await check(`STS ${label}: pop-core V1 GET GetCallerIdentity is an AssumedRoleUser`, async () => {
            need();
            return checkIdentity(await popGet(pop('2015-04-01', creds), 'GetCallerIdentity'), 'AssumedRoleUser', roleArnPart);
        });
        await check(`STS ${label}: pop-core V1 POST GetCallerIdentity is an AssumedRoleUser`, async () => {
            need();
            return checkIdentity(await popPost(pop('2015-04-01', creds), 'GetCallerIdentity'), 'AssumedRoleUser', roleArnPart);
        });
        await check(`STS ${label}: openapi-client V3 GetCallerIdentity is an AssumedRoleUser`, async () => {
            need();
            return checkIdentity(await call(generic(creds), 'GetCallerIdentity', '2015-04-01'), 'AssumedRoleUser', roleArnPart);
        });
        await check(`STS ${label}: sts20150401 typed client V3 getCallerIdentity is an AssumedRoleUser`, async () => {
            need();
            return checkIdentity((await typedSts(creds).getCallerIdentity()).body, 'AssumedRoleUser', roleArnPart);
        });
        await check(`STS ${label}: sts20150401 typed client V1 getCallerIdentity is an AssumedRoleUser`, async () => {
            need();
            return checkIdentity((await typedSts(creds, { signatureAlgorithm: 'v2' }).getCallerIdentity()).body,
                'AssumedRoleUser', roleArnPart);
        });
    }

    // 4. Tampering.  capture(FN): runs an SDK call against the recorder in
    //    capture-only mode (the simulator never sees it) and returns the
    //    request the SDK signed.
    async function capture(fn) {
        rec.forward = false;
        const n = rec.records.length;
        try {
            await fn();
        } finally {
            rec.forward = true;
        }
        if (rec.records.length !== n + 1)
            throw new Error(`expected one captured request, got ${rec.records.length - n}`);
        return rec.records[n];
    }
    // tamperSet(LABEL, CAPTURED, TAMPERS): each tampered copy is refused
    // with SignatureDoesNotMatch; then the untouched request is accepted
    // (so the capture and the replay are sound and the refusals came from
    // the tampering alone); then the same request again is refused with
    // SignatureNonceUsed.
    async function tamperSet(label, captured, tampers, accepted) {
        for (const [what, make] of tampers) {
            await check(`${label}: ${what} after signing is refused with SignatureDoesNotMatch (400)`, async () => {
                const c = await captured;
                return expectAnswer(await send(make(c)), 400, 'SignatureDoesNotMatch');
            });
        }
        await check(`${label}: the untouched request, sent afterwards, is accepted`, async () => {
            const c = await captured;
            const r = await send(c);
            if (r.status !== 200)
                return `expected HTTP 200, got HTTP ${r.status}: ${r.text.slice(0, 500)}`;
            return accepted(r.json);
        });
        await check(`${label}: the same request sent again is refused with SignatureNonceUsed (400)`, async () =>
            expectAnswer(await send(await captured), 400, 'SignatureNonceUsed'));
    }

    const popRecRm = pop('2020-03-31', {}, REC_URL);
    const roleFound = (j) => (j && j.Role && j.Role.RoleName === POLARDB_ROLE) ? undefined : 'unexpected answer: ' + JSON.stringify(j).slice(0, 300);
    const capturedPopPost = capture(() => popPost(popRecRm, 'GetRole', { RoleName: POLARDB_ROLE }));
    capturedPopPost.catch(() => {});
    await check('pop-core V1 POST as captured: every parameter and the Signature in the form body, none in the query', async () => {
        const c = await capturedPopPost;
        const body = c.body.toString();
        if (c.url !== '/')
            return mismatch('request target', '/', c.url);
        for (const p of ['Signature=', 'SignatureNonce=', 'AccessKeyId=', 'RoleName=', 'Action=GetRole'])
            if (!body.includes(p))
                return `no ${p} in the body: ${body}`;
        return header(c, 'content-type') === 'application/x-www-form-urlencoded' ? undefined
            : mismatch('content-type', 'application/x-www-form-urlencoded', header(c, 'content-type'));
    });
    await tamperSet('pop-core V1 POST GetRole', capturedPopPost, [
        ['RoleName changed in the form body', (c) => tamperBody(c, `RoleName=${POLARDB_ROLE}`, 'RoleName=AliyunServiceRoleForPolarDX')],
        ['Action changed in the form body', (c) => tamperBody(c, 'Action=GetRole', 'Action=GetRolx')],
    ], roleFound);

    const capturedPopGet = capture(() => popGet(popRecRm, 'GetRole', { RoleName: POLARDB_ROLE }));
    capturedPopGet.catch(() => {});
    await tamperSet('pop-core V1 GET GetRole', capturedPopGet, [
        ['RoleName changed in the query', (c) => tamperUrl(c, `RoleName=${POLARDB_ROLE}`, 'RoleName=AliyunServiceRoleForPolarDX')],
        ['method changed from GET to POST', (c) => Object.assign({}, c, { method: 'POST' })],
    ], roleFound);

    const capturedV3Query = capture(() => call(genRec, 'GetRole', '2020-03-31', { query: { RoleName: POLARDB_ROLE } }));
    capturedV3Query.catch(() => {});
    await check('openapi-client V3 as captured: ACS3-HMAC-SHA256 Authorization, RoleName in the query', async () => {
        const c = await capturedV3Query;
        const auth = header(c, 'authorization') || '';
        if (!auth.startsWith('ACS3-HMAC-SHA256 Credential=' + AK + ','))
            return 'Authorization: ' + auth;
        return c.url.includes(`RoleName=${POLARDB_ROLE}`) ? undefined : 'URL: ' + c.url;
    });
    await tamperSet('openapi-client V3 query GetRole', capturedV3Query, [
        ['RoleName changed in the query', (c) => tamperUrl(c, `RoleName=${POLARDB_ROLE}`, 'RoleName=AliyunServiceRoleForPolarDX')],
        ['signed header x-acs-action changed', (c) => {
            const t = Object.assign({}, c, { rawHeaders: c.rawHeaders.slice() });
            for (let i = 0; i < t.rawHeaders.length; i += 2)
                if (t.rawHeaders[i].toLowerCase() === 'x-acs-action')
                    t.rawHeaders[i + 1] = 'GetRolx';
            return t;
        }],
    ], (j) => roleFound(j));

    const capturedV3Body = capture(() => call(genRec, 'GetRole', '2020-03-31', { body: { RoleName: POLARDB_ROLE } }));
    capturedV3Body.catch(() => {});
    await tamperSet('openapi-client V3 form body GetRole', capturedV3Body, [
        ['RoleName changed in the form body', (c) => tamperBody(c, `RoleName=${POLARDB_ROLE}`, 'RoleName=AliyunServiceRoleForPolarDX')],
    ], roleFound);

    const capturedSts = capture(() => {
        if (!stsV3)
            throw new Error('no STS credentials (AssumeRole failed above)');
        return call(generic(stsV3, REC_HOST), 'GetCallerIdentity', '2015-04-01');
    });
    capturedSts.catch(() => {});
    await tamperSet('openapi-client V3 with an STS token, GetCallerIdentity', capturedSts, [
        ['an extra query parameter added', (c) => Object.assign({}, c, { url: c.url + (c.url.includes('?') ? '&' : '?') + 'Extra=1' })],
    ], (j) => checkIdentity(j, 'AssumedRoleUser', roleArnPart));

    // Wrong secret, unknown key: through the SDKs themselves.
    await check('pop-core V1 with a wrong secret: SignatureDoesNotMatch (400)', () =>
        expectError(popGet(pop('2015-04-01', { secret: WRONG_SECRET }), 'GetCallerIdentity'), 'SignatureDoesNotMatch', 400));
    await check('pop-core V1 with an unknown AccessKeyId: InvalidAccessKeyId.NotFound (404)', () =>
        expectError(popPost(pop('2015-04-01', { ak: UNKNOWN_AK }), 'GetCallerIdentity'), 'InvalidAccessKeyId.NotFound', 404));
    await check('openapi-client V3 with a wrong secret: SignatureDoesNotMatch (400)', () =>
        expectError(call(generic({ secret: WRONG_SECRET }), 'GetCallerIdentity', '2015-04-01'), 'SignatureDoesNotMatch', 400));
    await check('openapi-client V3 with an unknown AccessKeyId: InvalidAccessKeyId.NotFound (404)', () =>
        expectError(call(generic({ ak: UNKNOWN_AK }), 'GetCallerIdentity', '2015-04-01'), 'InvalidAccessKeyId.NotFound', 404));
    await check('pop-core V1 with an STS key and token and a wrong STS secret: SignatureDoesNotMatch (400)', () => {
        if (!stsV1)
            throw new Error('no STS credentials (AssumeRole failed above)');
        return expectError(popGet(pop('2015-04-01', Object.assign({}, stsV1, { secret: WRONG_SECRET })), 'GetCallerIdentity'),
            'SignatureDoesNotMatch', 400);
    });
    await check('openapi-client V3 with an STS key and token and a wrong STS secret: SignatureDoesNotMatch (400)', () => {
        if (!stsV3)
            throw new Error('no STS credentials (AssumeRole failed above)');
        return expectError(call(generic(Object.assign({}, stsV3, { secret: WRONG_SECRET })), 'GetCallerIdentity', '2015-04-01'),
            'SignatureDoesNotMatch', 400);
    });

    rec.server.close();
    say(`done ${points}`);
}

const watchdog = setTimeout(() => {
    notOk(`sdk.js finished within ${GLOBAL_TIMEOUT_MS / 1000} s`, 'a call hung; giving up');
    process.exit(1);
}, GLOBAL_TIMEOUT_MS);

process.on('unhandledRejection', (e) => {
    notOk('no unhandled promise rejection', describeError(e));
    process.exit(1);
});
process.on('uncaughtException', (e) => {
    notOk('no uncaught exception', describeError(e));
    process.exit(1);
});

main().then(() => {
    clearTimeout(watchdog);
    process.exit(failures ? 1 : 0);
}, (e) => {
    notOk('sdk.js ran to the end', describeError(e));
    process.exit(1);
});
