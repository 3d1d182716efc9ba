'use strict';
// The rows and probes of tests/interop/credlib.js: for each, the files
// written into a fresh HOME ("$HOME" in a path or a text stands for it),
// the environment, and what both sides must do.
//
//   key       the AccessKeyId (and token) both must use: {id, token...},
//             or 'issued': the session the simulator handed each side
//   sts       the STS requests both must send, hop by hop: Action,
//             RoleArn, RoleSessionName, DurationSeconds and, when set,
//             Policy, ExternalId, OIDCProviderArn, OIDCToken (compared by
//             digest); signer (default: the session of the hop before;
//             null: unsigned) and host (default sts.aliyuncs.com)
//   ecs       the instance role both must ask the metadata service for;
//             discover: they must ask for its name first
//   uri       both must GET the credentials URI
//   provider  the library's provider name; source: linkrole's Source
//   needs     a branch the row needs before it can pass (in its name)
// A probe has files and env only (compareSts: compare the STS requests
// too); what it finds is printed, never asserted.

const crypto = require('crypto');

const json = (o) => JSON.stringify(o, null, 2) + '\n';
const config = (current, profiles) => ({ '.aliyun/config.json': json({ current, profiles }) });
const ini = (text) => ({ '.alibabacloud/credentials': text });
const ak = (k) => ({ access_key_id: k.id, access_key_secret: k.secret });

// An OIDC token: three dot-separated parts, as STS (and the simulator)
// wants; made up for the run, and a secret like any token.
function jwtShaped() {
    const part = () => crypto.randomBytes(18).toString('base64url');
    return `eyJhbGciOiJSUzI1NiJ9.${part()}.${part()}`;
}

function rows(c, sts1, sts2) {
    const { OWNER, USER, ROLE, OIDC_PROVIDER, ECS_ROLE, addSecret } = c;
    const oidcToken1 = jwtShaped();
    const oidcToken2 = jwtShaped();
    addSecret(oidcToken1);
    addSecret(oidcToken2);
    return [
        {
            name: 'environment: ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET',
            env: { ALIBABA_CLOUD_ACCESS_KEY_ID: OWNER.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: OWNER.secret },
            key: OWNER, provider: /^default\/env$/, source: /environment/,
        },
        {
            name: 'environment: an STS key with ALIBABA_CLOUD_SECURITY_TOKEN',
            env: {
                ALIBABA_CLOUD_ACCESS_KEY_ID: sts1.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: sts1.secret,
                ALIBABA_CLOUD_SECURITY_TOKEN: sts1.token,
            },
            key: sts1, provider: /^default\/env$/, source: /environment/,
        },
        {
            name: 'environment before config.json before the INI file',
            env: { ALIBABA_CLOUD_ACCESS_KEY_ID: USER.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: USER.secret },
            files: Object.assign(config('default', [{ name: 'default', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' }]),
                ini(`[default]\ntype = access_key\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n`)),
            key: USER, provider: /^default\/env$/, source: /environment/,
        },
        {
            name: 'config.json: the current profile, mode AK',
            files: config('work', [
                { name: 'default', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' },
                { name: 'work', mode: 'AK', ...ak(USER), region_id: 'cn-beijing' }]),
            key: USER, provider: /^default\/cli_profile$/, source: /profile "work"/,
        },
        {
            name: 'config.json: ALIBABA_CLOUD_PROFILE names a profile that is not current',
            env: { ALIBABA_CLOUD_PROFILE: 'picked' },
            files: config('default', [
                { name: 'default', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' },
                { name: 'picked', mode: 'AK', ...ak(USER), region_id: 'cn-hangzhou' }]),
            key: USER, provider: /^default\/cli_profile$/, source: /profile "picked"/,
        },
        {
            name: 'config.json before the INI file',
            files: Object.assign(config('default', [{ name: 'default', mode: 'AK', ...ak(USER), region_id: 'cn-hangzhou' }]),
                ini(`[default]\ntype = access_key\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n`)),
            key: USER, provider: /^default\/cli_profile$/, source: /profile "default"/,
        },
        {
            name: 'config.json: mode StsToken',
            files: config('sts', [{
                name: 'sts', mode: 'StsToken', access_key_id: sts2.id, access_key_secret: sts2.secret,
                sts_token: sts2.token, region_id: 'cn-hangzhou',
            }]),
            key: sts2, provider: /^default\/cli_profile$/, source: /profile "sts"/,
        },
        {
            name: 'config.json: mode RamRoleArn (expired_seconds 1800)',
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-json-role', expired_seconds: 1800, region_id: 'cn-beijing',
            }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "role"/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-json-role',
                DurationSeconds: '1800', signer: OWNER.id }],
        },
        {
            name: 'config.json: mode RamRoleArn with sts_region',
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-json-region', sts_region: 'cn-shanghai', region_id: 'cn-hangzhou',
            }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "role"/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-json-region',
                DurationSeconds: '3600', signer: OWNER.id, host: 'sts.cn-shanghai.aliyuncs.com' }],
        },
        {
            name: 'config.json: mode RamRoleArn with ALIBABA_CLOUD_STS_REGION',
            needs: 'wt/profile (ALIBABA_CLOUD_STS_REGION for config.json profiles)',
            env: { ALIBABA_CLOUD_STS_REGION: 'ap-southeast-1' },
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-env-region', region_id: 'cn-hangzhou',
            }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "role"/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-env-region',
                DurationSeconds: '3600', signer: OWNER.id, host: 'sts.ap-southeast-1.aliyuncs.com' }],
        },
        {
            name: 'config.json: a profile\'s sts_region before ALIBABA_CLOUD_STS_REGION',
            env: { ALIBABA_CLOUD_STS_REGION: 'cn-qingdao' },
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-both-regions', sts_region: 'cn-zhangjiakou', region_id: 'cn-hangzhou',
            }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "role"/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-both-regions',
                DurationSeconds: '3600', signer: OWNER.id, host: 'sts.cn-zhangjiakou.aliyuncs.com' }],
        },
        {
            name: 'config.json: RamRoleArn with ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true',
            needs: 'wt/profile (VPC endpoints)',
            env: { ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' },
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-vpc', sts_region: 'cn-hangzhou', region_id: 'cn-hangzhou',
            }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "role"/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-vpc',
                DurationSeconds: '3600', signer: OWNER.id, host: 'sts-vpc.cn-hangzhou.aliyuncs.com' }],
        },
        {
            name: 'config.json: mode ChainableRamRoleArn from a RamRoleArn source profile',
            files: config('chain', [
                { name: 'base', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' },
                { name: 'hop', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                    ram_session_name: 'interop-hop-one', expired_seconds: 2400, region_id: 'cn-hangzhou' },
                { name: 'chain', mode: 'ChainableRamRoleArn', source_profile: 'hop', ram_role_arn: ROLE.chained,
                    ram_session_name: 'interop-hop-two', expired_seconds: 1200, region_id: 'cn-hangzhou' }]),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "chain"/,
            sts: [
                { Action: 'AssumeRole', RoleArn: ROLE.operator, RoleSessionName: 'interop-hop-one',
                    DurationSeconds: '2400', signer: OWNER.id },
                { Action: 'AssumeRole', RoleArn: ROLE.chained, RoleSessionName: 'interop-hop-two',
                    DurationSeconds: '1200' }],
        },
        {
            name: 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true: config.json passed over for the INI file',
            env: { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' },
            files: Object.assign(config('default', [{ name: 'default', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' }]),
                ini(`[default]\ntype = access_key\naccess_key_id = ${USER.id}\naccess_key_secret = ${USER.secret}\n`)),
            key: USER, provider: /^default\/profile$/, source: /credentials/,
        },
        {
            name: 'INI file: [default] type access_key',
            files: ini(`[default]\ntype = access_key\naccess_key_id = ${USER.id}\naccess_key_secret = ${USER.secret}\n`),
            key: USER, provider: /^default\/profile$/, source: /credentials/,
        },
        {
            name: 'INI file: ALIBABA_CLOUD_PROFILE names a section',
            env: { ALIBABA_CLOUD_PROFILE: 'ops' },
            files: ini(`[default]\ntype = access_key\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n\n` +
                `[ops]\ntype = access_key\naccess_key_id = ${USER.id}\naccess_key_secret = ${USER.secret}\n`),
            key: USER, provider: /^default\/profile$/, source: /ops/,
        },
        {
            name: 'INI file: ALIBABA_CLOUD_CREDENTIALS_FILE names it',
            env: { ALIBABA_CLOUD_CREDENTIALS_FILE: '$HOME/elsewhere/creds.ini' },
            files: { 'elsewhere/creds.ini': `[default]\ntype = access_key\naccess_key_id = ${USER.id}\naccess_key_secret = ${USER.secret}\n` },
            key: USER, provider: /^default\/profile$/, source: /creds\.ini/,
        },
        {
            name: 'INI file: type ram_role_arn',
            files: ini(`[default]\ntype = ram_role_arn\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n` +
                `role_arn = ${ROLE.ini}\nrole_session_name = interop-ini-role\n`),
            key: 'issued', provider: /^default\/profile$/, source: /credentials/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.ini, RoleSessionName: 'interop-ini-role',
                DurationSeconds: '3600', signer: OWNER.id }],
        },
        {
            name: 'INI file: type ram_role_arn with policy',
            needs: 'wt/profile (the INI policy key sent as Policy)',
            files: ini(`[default]\ntype = ram_role_arn\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n` +
                `role_arn = ${ROLE.ini}\nrole_session_name = interop-ini-policy\n` +
                'policy = {"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetRole","Resource":"*"}]}\n'),
            key: 'issued', provider: /^default\/profile$/, source: /credentials/,
            sts: [{ Action: 'AssumeRole', RoleArn: ROLE.ini, RoleSessionName: 'interop-ini-policy',
                DurationSeconds: '3600', signer: OWNER.id,
                Policy: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ram:GetRole","Resource":"*"}]}' }],
        },
        {
            name: 'ALIBABA_CLOUD_ECS_METADATA: the instance role named',
            env: { ALIBABA_CLOUD_ECS_METADATA: ECS_ROLE },
            ecs: ECS_ROLE, key: 'issued', provider: /^default\/ecs_ram_role$/, source: /ALIBABA_CLOUD_ECS_METADATA|metadata|instance/i,
        },
        {
            name: 'the instance role discovered, no variable set',
            needs: 'wt/chain (the ECS role discovered without ALIBABA_CLOUD_ECS_METADATA)',
            ecs: ECS_ROLE, discover: true, key: 'issued', provider: /^default\/ecs_ram_role$/, source: /metadata|instance|ECS/i,
        },
        {
            name: 'config.json: mode EcsRamRole with ram_role_name',
            files: config('ecs', [{ name: 'ecs', mode: 'EcsRamRole', ram_role_name: ECS_ROLE, region_id: 'cn-hangzhou' }]),
            ecs: ECS_ROLE, key: 'issued', provider: /^default\/cli_profile$/, source: /profile "ecs"/,
        },
        {
            name: 'config.json: mode EcsRamRole, the role discovered',
            files: config('ecs', [{ name: 'ecs', mode: 'EcsRamRole', region_id: 'cn-hangzhou' }]),
            ecs: ECS_ROLE, discover: true, key: 'issued', provider: /^default\/cli_profile$/, source: /profile "ecs"/,
        },
        {
            name: 'INI file: type ecs_ram_role with role_name',
            files: ini(`[default]\ntype = ecs_ram_role\nrole_name = ${ECS_ROLE}\n`),
            ecs: ECS_ROLE, key: 'issued', provider: /^default\/profile$/, source: /credentials/,
        },
        {
            name: 'ALIBABA_CLOUD_CREDENTIALS_URI',
            env: { ALIBABA_CLOUD_CREDENTIALS_URI: 'RELAY/credentials' },
            uri: true, key: 'issued', provider: /^default\/credential_uri$/, source: /URI|uri/,
        },
        {
            name: 'OIDC from the environment (ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN, _OIDC_TOKEN_FILE)',
            needs: 'wt/logins (OIDC in linkrole, AssumeRoleWithOIDC in linkrole-sim)',
            env: {
                ALIBABA_CLOUD_ROLE_ARN: ROLE.oidc, ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER,
                ALIBABA_CLOUD_OIDC_TOKEN_FILE: '$HOME/oidc/token', ALIBABA_CLOUD_ROLE_SESSION_NAME: 'interop-oidc-env',
            },
            files: { 'oidc/token': oidcToken1 },
            key: 'issued', provider: /^default\/oidc_role_arn$/, source: /OIDC|oidc/,
            sts: [{ Action: 'AssumeRoleWithOIDC', RoleArn: ROLE.oidc, RoleSessionName: 'interop-oidc-env',
                DurationSeconds: '3600', OIDCProviderArn: OIDC_PROVIDER, OIDCToken: oidcToken1, signer: null }],
        },
        {
            name: 'config.json: mode OIDC',
            needs: 'wt/logins (OIDC in linkrole, AssumeRoleWithOIDC in linkrole-sim)',
            files: Object.assign(config('oidc', [{
                name: 'oidc', mode: 'OIDC', ram_role_arn: ROLE.oidc, oidc_provider_arn: OIDC_PROVIDER,
                oidc_token_file: '$HOME/oidc/token', ram_session_name: 'interop-oidc-json', region_id: 'cn-hangzhou',
            }]), { 'oidc/token': oidcToken2 }),
            key: 'issued', provider: /^default\/cli_profile$/, source: /profile "oidc"/,
            sts: [{ Action: 'AssumeRoleWithOIDC', RoleArn: ROLE.oidc, RoleSessionName: 'interop-oidc-json',
                DurationSeconds: '3600', OIDCProviderArn: OIDC_PROVIDER, OIDCToken: oidcToken2, signer: null }],
        },
    ];
}

// Variables and files the two may read differently: reported, not asserted.
function probes(c, sts) {
    const { OWNER, USER, ROLE, OIDC_PROVIDER, ECS_ROLE, addSecret } = c;
    const oidcToken = jwtShaped();
    addSecret(oidcToken);
    return [
        {
            name: 'ALIBABA_CLOUD_PROFILE names a config.json profile while ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET are set',
            env: { ALIBABA_CLOUD_PROFILE: 'picked', ALIBABA_CLOUD_ACCESS_KEY_ID: OWNER.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: OWNER.secret },
            files: config('default', [{ name: 'picked', mode: 'AK', ...ak(USER), region_id: 'cn-hangzhou' }]),
        },
        {
            name: 'ALIBABA_CLOUD_CONFIG_FILE names config.json elsewhere',
            env: { ALIBABA_CLOUD_CONFIG_FILE: '$HOME/elsewhere/config.json' },
            files: { 'elsewhere/config.json': json({ current: 'default', profiles: [{ name: 'default', mode: 'AK', ...ak(USER), region_id: 'cn-hangzhou' }] }) },
        },
        {
            name: 'config.json profile with no mode (the CLI infers AK)',
            files: config('default', [{ name: 'default', ...ak(USER), region_id: 'cn-hangzhou' }]),
        },
        {
            name: 'config.json mode in another case ("ak")',
            files: config('default', [{ name: 'default', mode: 'ak', ...ak(USER), region_id: 'cn-hangzhou' }]),
        },
        {
            name: 'config.json ChainableRamRoleArn with sts_endpoint',
            compareSts: true,
            files: config('chain', [
                { name: 'base', mode: 'AK', ...ak(OWNER), region_id: 'cn-hangzhou' },
                { name: 'chain', mode: 'ChainableRamRoleArn', source_profile: 'base', ram_role_arn: ROLE.chained,
                    ram_session_name: 'interop-probe', sts_endpoint: 'sts.cn-shenzhen.aliyuncs.com', region_id: 'cn-hangzhou' }]),
        },
        {
            name: 'INI ram_role_arn with ALIBABA_CLOUD_STS_REGION',
            compareSts: true,
            env: { ALIBABA_CLOUD_STS_REGION: 'cn-qingdao' },
            files: ini(`[default]\ntype = ram_role_arn\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n` +
                `role_arn = ${ROLE.ini}\nrole_session_name = interop-probe\n`),
        },
        {
            name: 'config.json RamRoleArn with external_id',
            compareSts: true,
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-probe', external_id: 'interop-ext-1', region_id: 'cn-hangzhou',
            }]),
        },
        {
            name: 'config.json OIDC with expired_seconds 1800',
            compareSts: true,
            files: Object.assign(config('oidc', [{
                name: 'oidc', mode: 'OIDC', ram_role_arn: ROLE.oidc, oidc_provider_arn: OIDC_PROVIDER,
                oidc_token_file: '$HOME/oidc/token', ram_session_name: 'interop-probe', expired_seconds: 1800,
                region_id: 'cn-hangzhou',
            }]), { 'oidc/token': oidcToken }),
        },
        {
            name: 'INI type oidc_role_arn (in the README and credentials-python, not in this library\'s INI provider)',
            files: Object.assign(ini(`[default]\ntype = oidc_role_arn\nrole_arn = ${ROLE.oidc}\n` +
                `oidc_provider_arn = ${OIDC_PROVIDER}\noidc_token_file_path = $HOME/oidc/token\nrole_session_name = interop-probe\n`),
            { 'oidc/token': oidcToken }),
        },
        {
            name: 'INI type sts (linkrole and credentials-go v1 read it)',
            files: ini(`[default]\ntype = sts\naccess_key_id = ${sts.id}\naccess_key_secret = ${sts.secret}\nsecurity_token = ${sts.token}\n`),
        },
        {
            name: 'ALIBABACLOUD_ACCESS_KEY_ID/SECRET alone (the aliyun CLI reads them; issue 10 point 4)',
            env: { ALIBABACLOUD_ACCESS_KEY_ID: USER.id, ALIBABACLOUD_ACCESS_KEY_SECRET: USER.secret },
        },
        {
            name: 'ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY alone (Terraform reads them; issue 10 point 4)',
            env: { ALICLOUD_ACCESS_KEY: USER.id, ALICLOUD_SECRET_KEY: USER.secret },
        },
        {
            name: 'ALIBABA_CLOUD_ECS_METADATA set with ALIBABA_CLOUD_ECS_METADATA_DISABLED=true',
            env: { ALIBABA_CLOUD_ECS_METADATA: ECS_ROLE },
        },
        {
            name: 'INI ram_role_arn without role_session_name, ALIBABA_CLOUD_ROLE_SESSION_NAME set',
            compareSts: true,
            env: { ALIBABA_CLOUD_ROLE_SESSION_NAME: 'interop-env-session' },
            files: ini(`[default]\ntype = ram_role_arn\naccess_key_id = ${OWNER.id}\naccess_key_secret = ${OWNER.secret}\n` +
                `role_arn = ${ROLE.ini}\n`),
        },
        {
            name: 'ALIBABA_CLOUD_STS_ENDPOINT with a config.json RamRoleArn profile',
            compareSts: true,
            env: { ALIBABA_CLOUD_STS_ENDPOINT: 'sts.cn-chengdu.aliyuncs.com' },
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-probe', region_id: 'cn-hangzhou',
            }]),
        },
        {
            name: 'config.json RamRoleArn with enable_vpc: true and sts_region (credentials-go and this library read enable_vpc)',
            compareSts: true,
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', ...ak(OWNER), ram_role_arn: ROLE.operator,
                ram_session_name: 'interop-probe', sts_region: 'cn-hangzhou', enable_vpc: true, region_id: 'cn-hangzhou',
            }]),
        },
        {
            name: 'config.json RamRoleArn with an STS key pair and sts_token (issue 10 point 5)',
            compareSts: true,
            files: config('role', [{
                name: 'role', mode: 'RamRoleArn', access_key_id: sts.id, access_key_secret: sts.secret,
                sts_token: sts.token, ram_role_arn: ROLE.operator, ram_session_name: 'interop-probe',
                region_id: 'cn-hangzhou',
            }]),
        },
    ];
}

module.exports = { rows, probes };
