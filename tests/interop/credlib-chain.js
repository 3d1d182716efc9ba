'use strict';
// The official credentials library's side of tests/interop/credlib.js: one
// run of its default chain, `new Credential()` with no configuration, in
// the environment and HOME this process was given.
//
//   node credlib-chain.js PREFIX [--self-test]
//       PREFIX/node_modules holds @alicloud/credentials.
//       INTEROP_TAP (http://127.0.0.1:PORT) is credlib.js's recording relay
//       to linkrole-sim.  INTEROP_REDACT: secrets, one a line (each in
//       its encoded forms too), that must not be printed.
//
// Prints one JSON line: {"ok":true,"accessKeyId":...,"tokenSha256":...,
// "provider":...} or {"ok":false,"error":...}; with --self-test, what
// became of a socket to another address, a name lookup, a request for
// another host and one for a cloud host.  The AccessKeySecret is
// never printed, the SecurityToken only as its SHA-256.
//
// The library has no setting for its STS host (for INI and chained
// profiles) nor for the metadata address 100.100.100.200, and always
// speaks HTTPS to STS.  So before it is loaded, this process's http and
// https clients are wrapped: a request for a cloud host (*.aliyuncs.com,
// 100.100.100.200) is sent in plain HTTP to the relay instead, carrying
// the URL it was meant for in X-Interop-Target (the relay records it,
// then drops it); one for any other host but loopback is refused.  Below
// that, name lookups are refused and a socket may only connect to
// loopback: nothing this process does can leave the machine.

const crypto = require('crypto');
const dns = require('dns');
const http = require('http');
const https = require('https');
const net = require('net');
const path = require('path');
const { createRequire } = require('module');

const TIMEOUT_MS = 30000;

const redactions = (process.env.INTEROP_REDACT || '').split('\n')
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
function redact(text) {
    let s = String(text);
    for (const secret of redactions) {
        for (const form of [secret, encodeURIComponent(secret)])
            s = s.split(form).join('<redacted>');
    }
    return s;
}

function finish(result, code) {
    process.stdout.write(redact(JSON.stringify(result)) + '\n');
    process.exit(code);
}

const prefix = process.argv[2];
const tap = process.env.INTEROP_TAP ? new URL(process.env.INTEROP_TAP) : null;
if (!prefix || !tap || tap.hostname !== '127.0.0.1') {
    process.stderr.write('usage: INTEROP_TAP=http://127.0.0.1:PORT node credlib-chain.js PREFIX\n');
    process.exit(2);
}

const timer = setTimeout(() => finish({ ok: false, error: `no answer in ${TIMEOUT_MS} ms` }, 1),
    TIMEOUT_MS);
timer.unref();

// --- the process cannot leave loopback --------------------------------

function isLoopback(host) {
    if (host === undefined || host === null || host === '' || host === 'localhost')
        return host !== '';
    const h = String(host).replace(/^\[|\]$/g, '');
    return /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

function refusedLookup(hostname, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    const e = new Error(`interop: name lookup of ${hostname} refused (loopback only)`);
    e.code = 'EINTEROP';
    process.nextTick(cb, e);
}
dns.lookup = refusedLookup;

const socketConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
    let opts = args[0];
    if (Array.isArray(opts))            // the internal normalized form
        opts = opts[0];
    let host;
    if (opts && typeof opts === 'object')
        host = opts.path ? 'localhost' : opts.host;
    else if (typeof opts === 'number' || /^\d+$/.test(String(opts)))
        host = typeof args[1] === 'string' ? args[1] : 'localhost';
    else
        host = 'localhost';             // a Unix socket path
    if (!isLoopback(host)) {
        const e = new Error(`interop: connection to ${host} refused (loopback only)`);
        e.code = 'EINTEROP';
        process.nextTick(() => this.destroy(e));
        return this;
    }
    return socketConnect.apply(this, args);
};

// --- requests for the cloud go to the relay ---------------------------

const httpRequest = http.request;
const relayAgent = new http.Agent({ keepAlive: false });

function viaRelay(scheme, options, callback) {
    if (typeof options === 'string' || options instanceof URL) {
        const u = new URL(String(options));
        options = {
            host: u.hostname, port: u.port, path: u.pathname + u.search,
            method: 'GET', headers: {},
        };
    }
    const host = options.hostname || options.host || 'localhost';
    if (scheme === 'http' && isLoopback(host))
        return httpRequest.call(http, options, callback);
    // Only the cloud's hosts and the metadata address are relayed; any
    // other name (the library asks for https://undefined/ when
    // ALIBABA_CLOUD_CREDENTIALS_URI is not set) fails as it would where
    // the name does not resolve.
    if (!/(^|\.)aliyuncs\.com$/.test(host) && host !== '100.100.100.200') {
        // No agent: ClientRequest then takes its socket from
        // createConnection, one that fails at once, connecting nowhere.
        const req = new http.ClientRequest({ host: '127.0.0.1',
            createConnection: () => {
                const sock = new net.Socket();
                process.nextTick(() => sock.destroy(Object.assign(
                    new Error(`interop: ${scheme}://${host} refused (not a cloud host)`),
                    { code: 'EINTEROP' })));
                return sock;
            } }, callback);
        return req;
    }
    const dflt = scheme === 'https' ? 443 : 80;
    const port = options.port && Number(options.port) !== dflt ? `:${options.port}` : '';
    const headers = Object.assign({}, options.headers || {});
    headers['X-Interop-Target'] = `${scheme}://${host}${port}`;
    headers.host = host;
    return httpRequest.call(http, {
        host: '127.0.0.1',
        port: Number(tap.port),
        path: options.path || '/',
        method: options.method || 'GET',
        headers,
        agent: relayAgent,
        timeout: options.timeout,
    }, callback);
}
http.request = (options, callback) => viaRelay('http', options, callback);
https.request = (options, callback) => viaRelay('https', options, callback);

// --- the library's default chain ----------------------------------------

async function main() {
    const req = createRequire(path.join(path.resolve(prefix), 'package.json'));
    const lib = req('@alicloud/credentials');
    const Credential = lib.default || lib;
    const credential = new Credential();
    const c = await credential.getCredential();
    const token = c.securityToken || null;
    finish({
        ok: true,
        accessKeyId: c.accessKeyId || null,
        tokenSha256: token
            ? crypto.createHash('sha256').update(token).digest('hex') : null,
        provider: c.providerName || null,
    }, 0);
}

// --self-test: the fences above, each tried with an address that stays on
// this machine even if the fence were gone (0.0.0.0 is this host).
function outcome(start) {
    return new Promise((resolve) => {
        try {
            start((err, what) => resolve(err ? (err.code || err.message) : what));
        } catch (e) {
            resolve('threw ' + (e.code || e.message));
        }
    });
}

async function selfTest() {
    const got = {};
    got.socket = await outcome((done) => {
        const sock = net.connect(9, '0.0.0.0');
        sock.on('connect', () => { sock.destroy(); done(null, 'connected'); });
        sock.on('error', (e) => done(e));
    });
    got.lookup = await outcome((done) => dns.lookup('localhost', (e) => done(e, 'resolved')));
    got.otherHost = await outcome((done) => {
        const rq = https.request({ host: '0.0.0.0', port: 9, path: '/', method: 'GET' },
            (res) => { res.resume(); done(null, 'answered ' + res.statusCode); });
        rq.on('error', (e) => done(e));
        rq.end();
    });
    got.cloudHost = await outcome((done) => {
        const rq = https.request({ host: 'sts.aliyuncs.com', port: 443, path: '/', method: 'GET' },
            (res) => { res.resume(); done(null, 'relayed'); });
        rq.on('error', (e) => done(e));
        rq.end();
    });
    finish({ ok: true, selfTest: got }, 0);
}

(process.argv[3] === '--self-test' ? selfTest() : main())
    .catch((e) => finish({ ok: false, error: String(e && e.message || e).slice(0, 1500) }, 1));
