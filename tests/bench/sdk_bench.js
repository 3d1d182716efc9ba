'use strict';
// The official Node SDK's side of tests/bench/side.sh (issue 15): the
// same calls linkrole makes, through @alicloud/resourcemanager20200331
// as a script using the SDK would make them, and the SDK's V3 signer on
// its own.  The packages are those tests/interop/install.sh put in
// PREFIX/node_modules (pinned in tests/interop/package.json).
//
//   node sdk_bench.js PREFIX create SERVICE SUFFIX
//   node sdk_bench.js PREFIX get ROLE
//       one call, V3-signed (the SDK's default), to BENCH_ENDPOINT
//       (host:port of linkrole-sim, plain HTTP) with the keys in
//       ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET;
//       exits 0 when the answer is the role, 1 otherwise.  side.sh times
//       the whole process: node's start, loading the SDK, the call.
//   node sdk_bench.js PREFIX sign [ITERATIONS]
//       what one V3 signature costs the SDK: @alicloud/openapi-core's
//       Client.hash of the (empty) payload and Client.getAuthorization,
//       the two calls its doRequest signs a request with, over the
//       request it builds for CreateServiceLinkedRole (the parameters,
//       time and nonce of tests/bench/bench_sign.c); prints
//       "sdk_bench: ... US us/signature (N iterations)".
//
// Nothing printed holds a secret: errors are reported by code and status.

const path = require('path');
const { createRequire } = require('module');

const [prefix, mode, ...args] = process.argv.slice(2);
if (!prefix || !['create', 'get', 'sign'].includes(mode)) {
    process.stderr.write('usage: node sdk_bench.js PREFIX create SERVICE SUFFIX\n' +
        '       node sdk_bench.js PREFIX get ROLE\n' +
        '       node sdk_bench.js PREFIX sign [ITERATIONS]\n');
    process.exit(2);
}
const sdkRequire = createRequire(path.join(path.resolve(prefix), 'package.json'));

function fail(what, e) {
    const parts = [];
    if (e && e.code)
        parts.push(String(e.code));
    if (e && e.statusCode)
        parts.push('HTTP ' + e.statusCode);
    else if (e && e.data && e.data.statusCode)
        parts.push('HTTP ' + e.data.statusCode);
    process.stderr.write(`sdk_bench: ${what} failed: ${parts.join(' ') || 'no answer'}\n`);
    process.exitCode = 1;
}

async function call() {
    const RM = sdkRequire('@alicloud/resourcemanager20200331');
    const { $OpenApiUtil } = sdkRequire('@alicloud/openapi-core');
    const client = new RM.default(new $OpenApiUtil.Config({
        accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
        accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        endpoint: process.env.BENCH_ENDPOINT,
        protocol: 'HTTP',
    }));
    try {
        let r;
        if (mode === 'create')
            r = await client.createServiceLinkedRole(new RM.CreateServiceLinkedRoleRequest({
                serviceName: args[0], customSuffix: args[1],
            }));
        else
            r = await client.getRole(new RM.GetRoleRequest({ roleName: args[0] }));
        if (!r.body || !r.body.role || !r.body.role.arn)
            fail(mode, { code: 'no role in the answer' });
    } catch (e) {
        fail(mode, e);
    }
}

function sign() {
    const iterations = Number(args[0] || 20000);
    const { $OpenApiUtil } = sdkRequire('@alicloud/openapi-core');
    const Util = $OpenApiUtil.default;
    const algorithm = 'ACS3-HMAC-SHA256';
    // Made-up keys, as in bench_sign.c; nothing here is a credential.
    const ak = 'LTAI5tBenchmarkKeyId0000';
    const secret = 'BenchmarkSecretNotARealSecret000';
    // What doRequest builds for CreateServiceLinkedRole, before signing.
    const request = {
        pathname: '/',
        method: 'POST',
        query: {
            ServiceName: 'polardb.aliyuncs.com',
            CustomSuffix: 'bench',
            Description: 'linkrole benchmark role',
        },
        headers: {
            host: 'resourcemanager.aliyuncs.com',
            'x-acs-version': '2020-03-31',
            'x-acs-action': 'CreateServiceLinkedRole',
            'user-agent': Util.getUserAgent(''),
            'x-acs-date': '2024-01-02T03:04:05Z',
            'x-acs-signature-nonce': '3f1c9b0e6a7d4e2f8b5a1c0d9e8f7a6b',
            accept: 'application/json',
        },
    };
    const empty = Buffer.from('', 'utf-8');
    const once = () => {
        const payload = Util.hash(empty, algorithm).toString('hex');
        request.headers['x-acs-content-sha256'] = payload;
        return Util.getAuthorization(request, algorithm, payload, ak, secret);
    };
    // Warm the JIT first, so the figure is the signer's steady state.
    for (let i = 0; i < Math.min(iterations, 2000); i++)
        once();
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++)
        once();
    const us = Number(process.hrtime.bigint() - start) / 1e3 / iterations;
    if (!/^ACS3-HMAC-SHA256 Credential=.*Signature=[0-9a-f]{64}$/.test(once())) {
        process.stderr.write('sdk_bench: getAuthorization gave no V3 Authorization\n');
        process.exit(1);
    }
    process.stdout.write('sdk_bench: @alicloud/openapi-core hash + getAuthorization ' +
        `(ACS3-HMAC-SHA256) CreateServiceLinkedRole: ${us.toFixed(2)} us/signature ` +
        `(${iterations} iterations)\n`);
}

if (mode === 'sign')
    sign();
else
    call();
