import type { PrometheusTlsProxyOptions } from '../lib/options';
import { HostClaims, PropValidationError, checkNoCollision, durationMs, validateOptions } from '../lib/validate';

/** Stands in for cdktf's Token.isUnresolved: this module must work without cdktf. */
const TOKEN = '${var.token}';
const isUnresolved = (value: unknown): boolean => value === TOKEN || value === -1e289;

const HASH = '$2y$08$' + 'a'.repeat(53);
/** PEM-shaped, but no certificate or key. */
const PEM_SHAPED = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
const KEY_SHAPED = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';

function check(extra: Partial<PrometheusTlsProxyOptions>): void {
  validateOptions({ domainName: 'example.com', ...extra }, isUnresolved);
}

describe('validateOptions accepts', () => {
  test.each<[string, Partial<PrometheusTlsProxyOptions>]>([
    ['the defaults', {}],
    ['a single-label host', { domainName: 'prometheus' }],
    ['a 253-character domain', { domainName: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` }],
    ['prefix "/"', { pathPrefix: '/' }],
    ['a nested prefix of unreserved characters', { pathPrefix: '/ops/prom_1.x~y-z' }],
    ['distinct ports', { httpsPort: 8443, httpPort: 8080 }],
    ['a digest-pinned image', { prometheusImage: `quay.io/prometheus/prometheus@sha256:${'0'.repeat(64)}` }],
    ['a registry with a port', { nginxImage: 'registry.local:5000/team/nginx:1.30.1-alpine' }],
    ['ECDSA P384', { keyAlgorithm: 'ECDSA', ecdsaCurve: 'P384' }],
    ['private CA validity', { certificateMode: 'private-ca', caValidityPeriodHours: 20000 }],
    ['wildcard and IP SANs', { subjectAlternativeNames: ['*.example.com', 'prom.internal'], ipAddresses: ['10.0.0.1', '::1'] }],
    ['retention by time and size', { retentionTime: '30d12h', retentionSize: '512MB' }],
    ['the longest duration Prometheus holds', { retentionTime: '292y' }],
    ['a base-2 retention size', { retentionSize: '10GiB' }],
    ['scrape jobs', { scrapeConfigs: [{ jobName: 'node', targets: ['node:9100', '10.0.0.1:9100', '[::1]:9100'], scrapeTimeout: '10s' }] }],
    ['label values of any printable text', { scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'], labels: { team: 'Ops & "SRE" ☃ 🙂 $x ${y}' } }] }],
    ['basic auth users', { basicAuthUsers: [{ username: 'grafana', passwordHash: HASH }], healthCheckWithoutAuth: false }],
    ['a bcrypt cost of 5 and of 10', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '05') }, { username: 'b', passwordHash: HASH.replace('08', '10') }] }],
    ['tokens that only reach Terraform', { httpsPort: -1e289, network: TOKEN, nginxImage: TOKEN, retentionTime: TOKEN, validityPeriodHours: -1e289 }],
    ['a token password hash', { basicAuthUsers: [{ username: TOKEN, passwordHash: TOKEN }] }],
    ['provided PEM tokens', { certificateMode: 'provided', certificatePem: TOKEN, privateKeyPem: TOKEN }],
    ['log and memory limits', { logMaxSize: '50m', logMaxFiles: 5, nginxMemoryMb: 64, prometheusMemoryMb: 4096 }],
    ['a log size with a long unit', { logMaxSize: '100MB' }],
    ['the admin API behind basic auth', { enableAdminApi: true, enableLifecycle: true, basicAuthUsers: [{ username: 'a', passwordHash: HASH }] }],
    ['SAN items that are tokens', { subjectAlternativeNames: [TOKEN] }],
  ])('%s', (_, extra) => {
    expect(() => check(extra)).not.toThrow();
  });
});

describe('validateOptions refuses, naming the prop and showing the value', () => {
  const refusals: [Partial<PrometheusTlsProxyOptions>, string, RegExp?][] = [
    [{ domainName: '' }, 'domainName'],
    [{ domainName: 'https://example.com' }, 'domainName', /DNS host name/],
    [{ domainName: 'example.com:443' }, 'domainName'],
    [{ domainName: 'example.com/prometheus' }, 'domainName'],
    [{ domainName: 'Example.com' }, 'domainName', /lowercase/],
    [{ domainName: 'example.com.' }, 'domainName'],
    [{ domainName: 'exa mple.com' }, 'domainName'],
    [{ domainName: 'example.com\n' }, 'domainName', /"example\.com\\n"/],
    [{ domainName: '-example.com' }, 'domainName'],
    [{ domainName: `${'a'.repeat(64)}.com` }, 'domainName'],
    [{ domainName: `${'a'.repeat(63)}.`.repeat(4) + 'com' }, 'domainName', /253/],
    [{ domainName: '*.example.com' }, 'domainName', /wildcard/],
    [{ domainName: '10.0.0.1' }, 'domainName', /IP address/],
    [{ domainName: 'example.123' }, 'domainName', /all-numeric/],
    [{ domainName: TOKEN }, 'domainName', /unresolved token/],
    [{ pathPrefix: 'prometheus' }, 'pathPrefix', /start with "\/"/],
    [{ pathPrefix: '/prometheus/' }, 'pathPrefix', /end with/],
    [{ pathPrefix: '/a//b' }, 'pathPrefix', /"\/\/"/],
    [{ pathPrefix: '/a/../b' }, 'pathPrefix', /"\.\."/],
    [{ pathPrefix: '/a/./b' }, 'pathPrefix'],
    [{ pathPrefix: '/a?b' }, 'pathPrefix', /unreserved/],
    [{ pathPrefix: '/a#b' }, 'pathPrefix'],
    [{ pathPrefix: '/a%20b' }, 'pathPrefix'],
    [{ pathPrefix: '/$host' }, 'pathPrefix'],
    [{ pathPrefix: '/a;b' }, 'pathPrefix'],
    [{ pathPrefix: TOKEN }, 'pathPrefix', /unresolved token/],
    [{ httpsPort: 0 }, 'httpsPort', /1 to 65535/],
    [{ httpsPort: 65536 }, 'httpsPort'],
    [{ httpsPort: 443.5 }, 'httpsPort'],
    [{ httpPort: 443 }, 'httpPort', /differ from httpsPort/],
    [{ httpsPort: 8443, httpPort: 8443 }, 'httpPort', /differ/],
    [{ httpsPort: -1e289, httpPort: 80 }, 'httpPort', /literal httpsPort/],
    [{ namePrefix: 'Prom' }, 'namePrefix'],
    [{ namePrefix: 'a'.repeat(41) }, 'namePrefix', /40/],
    [{ namePrefix: 'a_b' }, 'namePrefix'],
    [{ network: 'my net' }, 'network'],
    [{ network: 'bridge' }, 'network', /user-defined/],
    [{ network: 'host' }, 'network', /user-defined/],
    [{ namePrefix: 'none' }, 'namePrefix', /predefined/],
    [{ prometheusImage: 'prom/prometheus:v3.13.3-distroless' }, 'prometheusImage', /distroless/],
    [{ enableAdminApi: true }, 'enableAdminApi', /basicAuthUsers/],
    [{ enableLifecycle: true }, 'enableLifecycle', /basicAuthUsers/],
    [{ nginxImage: 'nginx' }, 'nginxImage', /tag or digest/],
    [{ nginxImage: 'nginx:latest' }, 'nginxImage', /latest/],
    [{ prometheusImage: 'prom/prometheus:v3 ; rm' }, 'prometheusImage'],
    [{ prometheusImage: 'Prom/Prometheus:v3.13.3' }, 'prometheusImage'],
    [{ certificateMode: 'acme' as never }, 'certificateMode'],
    [{ certificateMode: 'provided' }, 'certificatePem', /required/],
    [{ certificateMode: 'provided', certificatePem: TOKEN }, 'privateKeyPem', /required/],
    [{ certificatePem: TOKEN }, 'certificatePem', /only applies/],
    [{ certificateMode: 'provided', certificatePem: TOKEN, privateKeyPem: TOKEN, rsaBits: 2048 }, 'rsaBits', /only applies to generated/],
    [{ certificateMode: 'provided', certificatePem: 'not a pem', privateKeyPem: 'nor this' }, 'certificatePem', /PEM certificate blocks and nothing else/],
    [{ certificateMode: 'provided', certificatePem: `\${file("/etc/passwd")}\n${PEM_SHAPED}`, privateKeyPem: PEM_SHAPED }, 'certificatePem', /nothing else/],
    [{ certificateMode: 'provided', certificatePem: PEM_SHAPED, privateKeyPem: KEY_SHAPED }, 'certificatePem', /PEM certificate \(/],
    [{ certificateMode: 'provided', certificatePem: PEM_SHAPED + KEY_SHAPED, privateKeyPem: KEY_SHAPED }, 'certificatePem', /nothing else/],
    [{ certificateMode: 'provided', certificatePem: `${PEM_SHAPED}\ufeff`, privateKeyPem: KEY_SHAPED }, 'certificatePem', /nothing else/],
    [{ certificateMode: 'provided', certificatePem: PEM_SHAPED, privateKeyPem: KEY_SHAPED + KEY_SHAPED }, 'privateKeyPem', /one PEM private key block/],
    [{ caValidityPeriodHours: 90000 }, 'caValidityPeriodHours', /private-ca/],
    [{ keyAlgorithm: 'DSA' as never }, 'keyAlgorithm'],
    [{ rsaBits: 1024 }, 'rsaBits', /2048, 3072 or 4096/],
    [{ keyAlgorithm: 'ECDSA', rsaBits: 2048 }, 'rsaBits', /only applies/],
    [{ keyAlgorithm: 'ECDSA', ecdsaCurve: 'P224' as never }, 'ecdsaCurve', /P224/],
    [{ ecdsaCurve: 'P256' }, 'ecdsaCurve', /only applies/],
    [{ validityPeriodHours: 0 }, 'validityPeriodHours'],
    [{ validityPeriodHours: 20000 }, 'validityPeriodHours', /825 days/],
    [{ validityPeriodHours: 100, earlyRenewalHours: 100 }, 'earlyRenewalHours', /less than validityPeriodHours/],
    [{ certificateMode: 'private-ca', validityPeriodHours: 1000, caValidityPeriodHours: 999 }, 'caValidityPeriodHours', /outlive/],
    [{ subjectAlternativeNames: ['ok.example.com', 'bad name'] }, 'subjectAlternativeNames\\[1\\]'],
    [{ subjectAlternativeNames: ['a.*.example.com'] }, 'subjectAlternativeNames\\[0\\]'],
    [{ ipAddresses: ['10.0.0.256'] }, 'ipAddresses\\[0\\]'],
    [{ subjectAlternativeNames: TOKEN as unknown as string[] }, 'subjectAlternativeNames', /list token/],
    [{ scrapeInterval: '15' }, 'scrapeInterval', /duration/],
    [{ scrapeInterval: '0s' }, 'scrapeInterval', /non-zero/],
    [{ scrapeInterval: TOKEN }, 'scrapeInterval', /unresolved token/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], labels: { team: TOKEN } }] }, 'scrapeConfigs\\[0\\]\\.labels\\.team', /unresolved token/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: [TOKEN] }] }, 'scrapeConfigs\\[0\\]\\.targets\\[0\\]', /unresolved token/],
    [{ scrapeConfigs: [{ jobName: TOKEN, targets: ['a:1'] }] }, 'scrapeConfigs\\[0\\]\\.jobName', /unresolved token/],
    [{ scrapeConfigs: 'node:9100' as never }, 'scrapeConfigs', /list of scrape jobs/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a b:80'] }] }, 'scrapeConfigs\\[0\\]\\.targets\\[0\\]', /DNS name/],
    [{ namePrefix: TOKEN }, 'namePrefix', /unresolved token/],
    [{ httpPort: -1e289 }, 'httpPort', /unresolved token/],
    [{ domainName: undefined as never }, 'domainName', /required/],
    [{ certificateMode: 'private-ca', caValidityPeriodHours: 876001 }, 'caValidityPeriodHours', /876000/],
    [{ basicAuthUsers: [{ username: 'u'.repeat(65), passwordHash: HASH }] }, 'basicAuthUsers\\[0\\]\\.username', /64/],
    [{ scrapeInterval: '293y' }, 'scrapeInterval', /292y/],
    [{ retentionTime: '106752d' }, 'retentionTime', /292y/],
    [{ scrapeConfigs: [{ jobName: 'prometheus', targets: ['a:1'] }] }, 'scrapeConfigs\\[0\\]\\.jobName', /unique/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'] }, { jobName: 'a', targets: ['b:1'] }] }, 'scrapeConfigs\\[1\\]\\.jobName'],
    [{ scrapeConfigs: [{ jobName: 'a b', targets: ['a:1'] }] }, 'scrapeConfigs\\[0\\]\\.jobName'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: [] }] }, 'scrapeConfigs\\[0\\]\\.targets'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['host'] }] }, 'scrapeConfigs\\[0\\]\\.targets\\[0\\]', /host:port/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['host:99999'] }] }, 'scrapeConfigs\\[0\\]\\.targets\\[0\\]'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['http://host:80'] }] }, 'scrapeConfigs\\[0\\]\\.targets\\[0\\]'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], metricsPath: 'metrics' }] }, 'scrapeConfigs\\[0\\]\\.metricsPath'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], scheme: 'ftp' as never }] }, 'scrapeConfigs\\[0\\]\\.scheme'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], scrapeTimeout: '20s' }] }, 'scrapeConfigs\\[0\\]\\.scrapeTimeout', /not exceed/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], labels: { __name__: 'x' } }] }, 'scrapeConfigs\\[0\\]\\.labels'],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], labels: { team: 'ops\x7f' } }] }, 'scrapeConfigs\\[0\\]\\.labels', /control characters/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], labels: { team: 'a\u2028b' } }] }, 'scrapeConfigs\\[0\\]\\.labels', /\(got "a\\u2028b"\)/],
    [{ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], labels: { team: '\ud800' } }] }, 'scrapeConfigs\\[0\\]\\.labels'],
    [{ retentionTime: '15 days' }, 'retentionTime'],
    [{ retentionSize: '10G' }, 'retentionSize', /units/],
    [{ basicAuthUsers: [] }, 'basicAuthUsers', /at least one/],
    [{ basicAuthUsers: [{ username: 'a:b', passwordHash: HASH }] }, 'basicAuthUsers\\[0\\]\\.username'],
    [{ basicAuthUsers: [{ username: 'a b', passwordHash: HASH }] }, 'basicAuthUsers\\[0\\]\\.username'],
    [{ basicAuthUsers: [{ username: 'a', passwordHash: HASH }, { username: 'a', passwordHash: HASH }] }, 'basicAuthUsers\\[1\\]\\.username', /unique/],
    [{ basicAuthUsers: [{ username: 'a', passwordHash: 'secret' }] }, 'basicAuthUsers\\[0\\]\\.passwordHash', /bcrypt hash/],
    [{ basicAuthUsers: [{ username: 'a', passwordHash: '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=' }] }, 'basicAuthUsers\\[0\\]\\.passwordHash'],
    [{ basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '12') }] }, 'basicAuthUsers\\[0\\]\\.passwordHash', /cost from 5 to 10 \(got 12/],
    [{ basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '04') }] }, 'basicAuthUsers\\[0\\]\\.passwordHash', /got 4/],
    [{ healthCheckWithoutAuth: false }, 'healthCheckWithoutAuth', /basicAuthUsers/],
    [{ nginxMemoryMb: 5 }, 'nginxMemoryMb', /6 MB/],
    [{ prometheusMemoryMb: 1.5 }, 'prometheusMemoryMb'],
    [{ logMaxSize: '10' }, 'logMaxSize'],
    [{ logMaxFiles: 0 }, 'logMaxFiles'],
  ];

  // jest passes `done` to a callback whose table row is shorter than its parameter list
  test.each(refusals.map(([extra, prop, detail]) => [extra, prop, detail ?? /./] as const))('%j → %s', (extra, prop, detail) => {
    // WHEN
    let error: unknown;
    try {
      check(extra);
    } catch (e) {
      error = e;
    }
    // THEN
    expect(error).toBeInstanceOf(PropValidationError);
    expect((error as Error).message).toMatch(new RegExp(`^${prop} `));
    expect((error as Error).message).toMatch(/\(got .*\)/);
    expect((error as Error).message).toMatch(detail);
  });

  test('never shows a private key in a message', () => {
    const secret = '-----BEGIN PRIVATE KEY-----\nSECRET\n-----END PRIVATE KEY-----';
    expect(() => check({ privateKeyPem: secret })).toThrow(/privateKeyPem .*<redacted>/);
    expect(() => check({ privateKeyPem: secret })).not.toThrow(/SECRET/);
  });
});

describe('checkNoCollision', () => {
  const claims = (path: string, namePrefix: string, ...ports: number[]): HostClaims => ({
    path,
    namePrefix,
    ports: ports.map((port, i) => ({ prop: i === 0 ? 'httpsPort' : 'httpPort', port })),
  });

  test('accepts instances with their own ports and names', () => {
    expect(() => checkNoCollision(claims('b', 'b', 8443, 8080), [claims('a', 'a', 443, 80)])).not.toThrow();
  });

  test('refuses a published port another instance on the host already has, naming the prop and the instance', () => {
    expect(() => checkNoCollision(claims('b', 'b', 443), [claims('a', 'a', 443)])).toThrow(/^httpsPort is already published by a on the same Docker host \(got 443\)$/);
    expect(() => checkNoCollision(claims('b', 'b', 8443, 80), [claims('a', 'a', 443, 80)])).toThrow(/^httpPort is already published by a/);
  });

  test('refuses a name prefix another instance on the host already has', () => {
    expect(() => checkNoCollision(claims('b', 'mon', 8443), [claims('a', 'mon', 443)])).toThrow(/^namePrefix must differ from that of a/);
  });
});

describe('durationMs', () => {
  test.each([
    ['15s', 15_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    ['1w1ms', 604_800_001],
  ])('%s = %d ms', (duration, ms) => {
    expect(durationMs(duration)).toBe(ms);
  });
});
