import {
  BasicAuthUser,
  CertificateMode,
  ClientAuth,
  EcdsaCurve,
  KeyAlgorithm,
  PrometheusTlsProxyOptions,
  ScrapeScheme,
} from '../../lib/options';
import { REDACTED } from '../../lib/validation';
import { HASH, OTHER_KEY, SECRET, SERVER_CERTIFICATE, SERVER_KEY } from './fixtures';
import { NUMBER_TOKEN, Refusal, TOKEN, check, expectNamesProp, refusalOf, testAcceptances, testRefusals } from './support';

type Options = Partial<PrometheusTlsProxyOptions>;

const USERS: BasicAuthUser[] = [{ username: 'grafana', passwordHash: HASH }];
const PRIVATE_CA: Options = { certificateMode: CertificateMode.PRIVATE_CA };
const PROVIDED: Options = { certificateMode: CertificateMode.PROVIDED, certificatePem: SERVER_CERTIFICATE, privateKeyPem: SERVER_KEY };
/** Prometheus features that let whoever reaches the proxy change data, stop Prometheus or read its memory. */
const GUARDED_FEATURES = ['enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const;
/** Options that only mean something for a certificate the construct generates. */
const GENERATED_CERTIFICATE_OPTIONS: Options = {
  keyAlgorithm: KeyAlgorithm.ECDSA,
  rsaBits: 2048,
  ecdsaCurve: EcdsaCurve.P256,
  validityPeriodHours: 1000,
  earlyRenewalHours: 10,
  caValidityPeriodHours: 90000,
  subjectAlternativeNames: ['prom.example.com'],
  ipAddresses: ['10.0.0.1'],
};

describe('validateOptions accepts', () => {
  testAcceptances<Options>(
    [
      ['the defaults', {}],
      ['distinct ports', { httpsPort: 8443, httpPort: 8080 }],
      ['ECDSA P384', { keyAlgorithm: KeyAlgorithm.ECDSA, ecdsaCurve: EcdsaCurve.P384 }],
      ['RSA of 3072 bits', { keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 3072 }],
      ['private CA validity', { ...PRIVATE_CA, caValidityPeriodHours: 20000 }],
      ['a CA exactly as long-lived as its certificates', { ...PRIVATE_CA, validityPeriodHours: 1000, caValidityPeriodHours: 1000 }],
      ['the longest validity Apple platforms take', { validityPeriodHours: 825 * 24 }],
      ['renewal from issue to one hour before expiry', { validityPeriodHours: 100, earlyRenewalHours: 99 }],
      ['no early renewal', { earlyRenewalHours: 0 }],
      ['wildcard and IP SANs', { subjectAlternativeNames: ['*.example.com', 'prom.internal'], ipAddresses: ['10.0.0.1', '::1'] }],
      ['a provided certificate and key', PROVIDED],
      ['a network alias', { networkAlias: 'prom' }],
      ['a network alias of 63 characters', { networkAlias: 'a'.repeat(63) }],
      ['an existing network and more networks', { network: 'monitoring', additionalNetworks: ['grafana', 'apps'] }],
      ['no additional networks', { additionalNetworks: [] }],
      ['the oldest nginx the config is written for', { nginxImage: 'nginx:1.22.0' }],
      ['an nginx tag that is no version', { nginxImage: 'nginx:stable-alpine' }],
      ['retention by time and size', { retentionTime: '30d12h', retentionSize: '512MB' }],
      ['a base-2 retention size', { retentionSize: '10GiB' }],
      ['a fractional retention size', { retentionSize: '1.5TB' }],
      ['basic auth users', { basicAuthUsers: USERS, healthCheckWithoutAuth: false }],
      [
        'a bcrypt cost of 5 and of 10',
        { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '05') }, { username: 'b', passwordHash: HASH.replace('08', '10') }] },
      ],
      ['bcrypt hashes of every prefix ($2a$, $2b$, $2y$)', { basicAuthUsers: ['2a', '2b', '2y'].map((v, i) => ({ username: `u${i}`, passwordHash: HASH.replace('2y', v) })) }],
      ['a user name of 128 printable characters', { basicAuthUsers: [{ username: '!~'.repeat(64), passwordHash: HASH }] }],
      ['log and memory limits', { logMaxSize: '50m', logMaxFiles: 5, nginxMemoryMb: 128, prometheusMemoryMb: 4096 }],
      ['a log size with a long unit', { logMaxSize: '100MB' }],
      ['the admin API behind basic auth', { enableAdminApi: true, enableLifecycle: true, basicAuthUsers: USERS }],
      ['every guarded feature behind basic auth', { ...Object.fromEntries(GUARDED_FEATURES.map((key) => [key, true])), basicAuthUsers: USERS }],
      [
        'every guarded feature behind required client certificates',
        { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, ...Object.fromEntries(GUARDED_FEATURES.map((key) => [key, true])) },
      ],
      ['guarded features turned off without authentication', Object.fromEntries(GUARDED_FEATURES.map((key) => [key, false]))],
      ['open health checks behind client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, healthCheckWithoutAuth: true }],
      ['client certificates issued and required by the private CA', { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, clientCertificates: ['grafana', 'alloy.local_1'] }],
      ['optional client certificates from the private CA', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL }],
      ['client certificates checked against a given CA', { ...PROVIDED, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: SERVER_CERTIFICATE }],
      ['a client certificate name of 64 characters', { ...PRIVATE_CA, clientCertificates: ['a'.repeat(64)] }],
      ['the OTLP receiver on Prometheus 3', { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: 'prom/prometheus:v3.0.0' }],
      ['the OTLP receiver on an image whose version is unknown', { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: TOKEN }],
      [
        'an agent that sends its samples, with the server features off',
        { agentMode: true, remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push' }], enableAdminApi: false, enableRemoteWriteReceiver: false, enableOtlpReceiver: false },
      ],
      ['lifecycle and debug endpoints on an agent', { agentMode: true, basicAuthUsers: USERS, enableLifecycle: true, enableDebugEndpoints: true }],
      ['external labels', { externalLabels: { cluster: 'eu-1', replica: 'a' } }],
      ['scrape jobs and remote-write targets', { scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'], scheme: ScrapeScheme.HTTPS }], remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push' }] }],
      ['the lowest client limits', { requestsPerSecondPerClient: 1, requestBurstPerClient: 0, connectionsPerClient: 1 }],
      ['the highest client limits', { requestsPerSecondPerClient: 100_000, requestBurstPerClient: 100_000, connectionsPerClient: 4096 }],
      ['as many nginx workers as the default memory holds', { nginxWorkerProcesses: 6 }],
      ['the most nginx workers with the memory they need', { nginxWorkerProcesses: 64, nginxMemoryMb: 64 + 32 * 64 }],
      ['HSTS either way', { hsts: true }],
    ],
    check,
  );
});

describe('validateOptions refuses, naming the prop and showing the value', () => {
  const refusals: Refusal<Options>[] = [
    ['a missing domainName', { domainName: undefined as never }, 'domainName', /required/],
    ['an HTTP port equal to the default HTTPS port', { httpPort: 443 }, 'httpPort', /differ from httpsPort \(443\)/],
    ['an HTTP port equal to the HTTPS port', { httpsPort: 8443, httpPort: 8443 }, 'httpPort', /differ/],
    ['an HTTP redirect to a token HTTPS port', { httpsPort: NUMBER_TOKEN, httpPort: 80 }, 'httpPort', /literal httpsPort/],

    ['a name prefix with capitals', { namePrefix: 'Prom' }, 'namePrefix'],
    ['a name prefix of 41 characters', { namePrefix: 'a'.repeat(41) }, 'namePrefix', /40/],
    ['a name prefix with an underscore', { namePrefix: 'a_b' }, 'namePrefix'],
    ['an empty name prefix', { namePrefix: '' }, 'namePrefix'],
    ['a predefined network as name prefix', { namePrefix: 'none' }, 'namePrefix', /predefined/],
    ['a network alias with capitals', { networkAlias: 'Prom' }, 'networkAlias', /DNS label/],
    ['a network alias with an underscore', { networkAlias: 'a_b' }, 'networkAlias'],
    ['a network alias with dots', { networkAlias: 'prom.internal' }, 'networkAlias'],
    ['a network alias of 64 characters', { networkAlias: 'a'.repeat(64) }, 'networkAlias'],
    ['a network alias with a leading hyphen', { networkAlias: '-prom' }, 'networkAlias'],
    ['an empty network alias', { networkAlias: '' }, 'networkAlias'],
    ['additional networks that are no list', { additionalNetworks: 'grafana' as never }, 'additionalNetworks', /list of network names/],
    ['an additional network listed twice', { additionalNetworks: ['a', 'a'] }, 'additionalNetworks[1]', /listed once/],
    ['the pod network again as an additional one', { network: 'a', additionalNetworks: ['b', 'a'] }, 'additionalNetworks[1]', /not be the pod's first network/],

    ['an nginx older than the rendered config needs', { nginxImage: 'nginx:1.21.6-alpine' }, 'nginxImage', /1\.22\.0 or later/],
    ['a distroless Prometheus', { prometheusImage: 'prom/prometheus:v3.13.3-distroless' }, 'prometheusImage', /distroless/],

    ['an unknown certificate mode', { certificateMode: 'acme' as never }, 'certificateMode', /"self-signed", "private-ca", "provided" \(CertificateMode\)/],
    ['a provided certificate missing', { certificateMode: CertificateMode.PROVIDED }, 'certificatePem', /required/],
    ['a provided key missing', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN }, 'privateKeyPem', /required/],
    ['a certificate outside provided mode', { certificatePem: TOKEN }, 'certificatePem', /only applies/],
    ['a key outside provided mode', { ...PRIVATE_CA, privateKeyPem: TOKEN }, 'privateKeyPem', /only applies to certificateMode "provided"/],
    ...Object.entries(GENERATED_CERTIFICATE_OPTIONS).map(
      ([key, value]): Refusal<Options> => [
        `${key} with a provided certificate`,
        { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN, [key]: value },
        key,
        /only applies to generated certificates/,
      ],
    ),
    ['a CA validity without a private CA', { caValidityPeriodHours: 90000 }, 'caValidityPeriodHours', /private-ca/],

    ['an unknown key algorithm', { keyAlgorithm: 'DSA' as never }, 'keyAlgorithm', /"ECDSA", "RSA" \(KeyAlgorithm\)/],
    ['RSA of 1024 bits', { keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 1024 }, 'rsaBits', /2048, 3072 or 4096/],
    ['RSA bits with the default ECDSA key', { rsaBits: 2048 }, 'rsaBits', /only applies to keyAlgorithm "RSA"/],
    ['RSA bits with an ECDSA key', { keyAlgorithm: KeyAlgorithm.ECDSA, rsaBits: 2048 }, 'rsaBits', /only applies/],
    ['the P224 curve', { keyAlgorithm: KeyAlgorithm.ECDSA, ecdsaCurve: 'P224' as never }, 'ecdsaCurve', /P224/],
    ['a curve with an RSA key', { keyAlgorithm: KeyAlgorithm.RSA, ecdsaCurve: EcdsaCurve.P256 }, 'ecdsaCurve', /only applies to keyAlgorithm "ECDSA"/],
    ['a validity of 0 hours', { validityPeriodHours: 0 }, 'validityPeriodHours'],
    ['a fractional validity', { validityPeriodHours: 1.5 }, 'validityPeriodHours'],
    ['a validity Apple platforms reject', { validityPeriodHours: 825 * 24 + 1 }, 'validityPeriodHours', /825 days/],
    ['renewal as early as the validity', { validityPeriodHours: 100, earlyRenewalHours: 100 }, 'earlyRenewalHours', /less than validityPeriodHours/],
    ['renewal as early as the default validity', { earlyRenewalHours: 8760 }, 'earlyRenewalHours', /0 to 8759/],
    ['a negative renewal', { earlyRenewalHours: -1 }, 'earlyRenewalHours'],
    ['a CA shorter-lived than its certificates', { ...PRIVATE_CA, validityPeriodHours: 1000, caValidityPeriodHours: 999 }, 'caValidityPeriodHours', /outlive/],
    ['a CA valid for more than a century', { ...PRIVATE_CA, caValidityPeriodHours: 876001 }, 'caValidityPeriodHours', /876000/],
    ['SANs as a list token', { subjectAlternativeNames: TOKEN as never }, 'subjectAlternativeNames', /list token/],
    ['IP SANs as a list token', { ipAddresses: TOKEN as never }, 'ipAddresses', /list token/],
    ['an IP SAN out of range', { ipAddresses: ['10.0.0.256'] }, 'ipAddresses[0]', /IPv4 or IPv6/],
    ['an IPv6 address with a zone', { ipAddresses: ['fe80::1%eth0'] }, 'ipAddresses[0]', /without a zone/],
    ['a DNS name as an IP SAN', { ipAddresses: ['::1', 'example.com'] }, 'ipAddresses[1]'],

    ['scrape jobs that are no list', { scrapeConfigs: 'node:9100' as never }, 'scrapeConfigs', /list of scrape jobs/],
    [
      'a scrape timeout longer than the global interval',
      { scrapeInterval: '5s', scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], scrapeTimeout: '10s' }] },
      'scrapeConfigs[0].scrapeTimeout',
      /not exceed the scrape interval \(5s\)/,
    ],
    ['a retention size without B', { retentionSize: '10G' }, 'retentionSize', /units/],
    ['a retention size in bits', { retentionSize: '10Gb' }, 'retentionSize'],

    ['an empty user list', { basicAuthUsers: [] }, 'basicAuthUsers', /at least one/],
    ['users that are no list', { basicAuthUsers: 'grafana' as never }, 'basicAuthUsers', /must be a list of users \(got "string"\)/],
    ['a user name with a colon', { basicAuthUsers: [{ username: 'a:b', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['a user name with a space', { basicAuthUsers: [{ username: 'a b', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['an empty user name', { basicAuthUsers: [{ username: '', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['a user name of 129 characters', { basicAuthUsers: [{ username: 'u'.repeat(129), passwordHash: HASH }] }, 'basicAuthUsers[0].username', /128/],
    ['a user name twice', { basicAuthUsers: [{ username: 'a', passwordHash: HASH }, { username: 'a', passwordHash: HASH }] }, 'basicAuthUsers[1].username', /unique/],
    ['a password instead of its hash', { basicAuthUsers: [{ username: 'a', passwordHash: 'secret' }] }, 'basicAuthUsers[0].passwordHash', /bcrypt hash .*\(got "<redacted>"\)$/],
    ['a SHA-1 hash', { basicAuthUsers: [{ username: 'a', passwordHash: '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=' }] }, 'basicAuthUsers[0].passwordHash', /bcrypt hash/],
    ['an unknown bcrypt prefix', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('2y', '2x') }] }, 'basicAuthUsers[0].passwordHash'],
    ['a bcrypt cost of 12', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '12') }] }, 'basicAuthUsers[0].passwordHash', /cost from 5 to 10 \(got cost 12/],
    ['a bcrypt cost of 4', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '04') }] }, 'basicAuthUsers[0].passwordHash', /got cost 4/],

    ['an unknown client auth', { clientAuth: 'mutual' as never }, 'clientAuth', /"off", "optional", "required" \(ClientAuth\)/],
    ['required client certificates with nothing to verify them', { clientAuth: ClientAuth.REQUIRED }, 'clientAuth', /private-ca.*clientCaCertificatePem/],
    ['optional client certificates with a provided server certificate only', { ...PROVIDED, clientAuth: ClientAuth.OPTIONAL }, 'clientAuth', /needs certificateMode "private-ca"/],
    [
      'a client CA besides the private CA',
      { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: SERVER_CERTIFICATE },
      'clientCaCertificatePem',
      /does not apply to certificateMode "private-ca"/,
    ],
    ['a client CA with client certificates off', { ...PROVIDED, clientCaCertificatePem: SERVER_CERTIFICATE }, 'clientCaCertificatePem', /only applies when clientAuth/],
    ['client certificates without the private CA', { clientCertificates: ['grafana'] }, 'clientCertificates', /needs certificateMode "private-ca"/],
    ['a client certificate name with a space', { ...PRIVATE_CA, clientCertificates: ['ok', 'bad name'] }, 'clientCertificates[1]', /certificate's CN/],
    ['a client certificate name with a leading dot', { ...PRIVATE_CA, clientCertificates: ['.grafana'] }, 'clientCertificates[0]'],
    ['a client certificate name of 65 characters', { ...PRIVATE_CA, clientCertificates: ['a'.repeat(65)] }, 'clientCertificates[0]'],
    ['a client certificate name twice', { ...PRIVATE_CA, clientCertificates: ['grafana', 'grafana'] }, 'clientCertificates[1]', /unique/],

    ['open health checks without authentication', { healthCheckWithoutAuth: false }, 'healthCheckWithoutAuth', /basicAuthUsers/],
    ['open health checks behind optional client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL, healthCheckWithoutAuth: true }, 'healthCheckWithoutAuth', /clientAuth is "required"/],
    ...GUARDED_FEATURES.map((key): Refusal<Options> => [`${key} without authentication`, { [key]: true }, key, /needs basicAuthUsers or clientAuth "required"/]),
    ['the admin API behind optional client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL, enableAdminApi: true }, 'enableAdminApi', /basicAuthUsers/],
    [
      'the OTLP receiver on Prometheus 2',
      { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: 'prom/prometheus:v2.55.1' },
      'enableOtlpReceiver',
      /Prometheus 3\.0 or later \(prometheusImage is prom\/prometheus:v2\.55\.1\)/,
    ],
    ...(['enableAdminApi', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const).map(
      (key): Refusal<Options> => [`${key} on an agent`, { agentMode: true, basicAuthUsers: USERS, [key]: true }, key, /does not apply in agentMode/],
    ),
    ['a retention time on an agent', { agentMode: true, retentionTime: '15d' }, 'retentionTime', /does not apply in agentMode/],
    ['a retention size on an agent', { agentMode: true, retentionSize: '1GB' }, 'retentionSize', /does not apply in agentMode/],

    ['remote-write targets that are no list', { remoteWrite: 'https://mimir.example.com' as never }, 'remoteWrite', /list of remote-write targets/],
    ['a remote-write target that is not http(s)', { remoteWrite: [{ url: 'ftp://mimir.example.com/' }] }, 'remoteWrite[0].url', /http or https/],

    ['no requests per second', { requestsPerSecondPerClient: 0 }, 'requestsPerSecondPerClient', /1 to 100000/],
    ['too many requests per second', { requestsPerSecondPerClient: 100_001 }, 'requestsPerSecondPerClient'],
    ['fractional requests per second', { requestsPerSecondPerClient: 1.5 }, 'requestsPerSecondPerClient'],
    ['a negative burst', { requestBurstPerClient: -1 }, 'requestBurstPerClient', /0 to 100000/],
    ['too large a burst', { requestBurstPerClient: 100_001 }, 'requestBurstPerClient'],
    ['no connections per client', { connectionsPerClient: 0 }, 'connectionsPerClient', /1 to 4096/],
    ['more connections per client than a worker has', { connectionsPerClient: 4097 }, 'connectionsPerClient'],
    ['no nginx workers', { nginxWorkerProcesses: 0 }, 'nginxWorkerProcesses', /1 to 64/],
    ['65 nginx workers', { nginxWorkerProcesses: 65, nginxMemoryMb: 4096 }, 'nginxWorkerProcesses', /1 to 64/],
    ['more nginx workers than the default memory holds', { nginxWorkerProcesses: 7 }, 'nginxWorkerProcesses', /needs nginxMemoryMb of at least 288/],
    ['less nginx memory than two workers need', { nginxMemoryMb: 5 }, 'nginxMemoryMb', /128 to 1048576 \(2 worker processes/],
    ['one MB less than two workers need', { nginxMemoryMb: 127 }, 'nginxMemoryMb', /128/],
    ['less nginx memory than the workers given need', { nginxWorkerProcesses: 4, nginxMemoryMb: 191 }, 'nginxMemoryMb', /192/],
    ['more than a TB of nginx memory', { nginxMemoryMb: 2 ** 20 + 1 }, 'nginxMemoryMb'],
    ['fractional Prometheus memory', { prometheusMemoryMb: 1.5 }, 'prometheusMemoryMb'],
    ['too little Prometheus memory', { prometheusMemoryMb: 63 }, 'prometheusMemoryMb', /64 to/],
    ['a log size without unit', { logMaxSize: '10' }, 'logMaxSize'],
    ['a log size of 0', { logMaxSize: '0m' }, 'logMaxSize'],
    ['a log size in an unknown unit', { logMaxSize: '10t' }, 'logMaxSize', /units k, m, g/],
    ['no log files', { logMaxFiles: 0 }, 'logMaxFiles'],
    ['101 log files', { logMaxFiles: 101 }, 'logMaxFiles', /1 to 100/],
  ];
  testRefusals(refusals, check);
});

describe('validateOptions and Terraform tokens', () => {
  describe('refuses a token where the value is rendered into a config file at synth time', () => {
    const rendered = /is rendered into a config file at synth time and cannot be an unresolved token/;
    testRefusals<Options>(
      [
        ['domainName', { domainName: TOKEN }, 'domainName', rendered],
        ['pathPrefix', { pathPrefix: TOKEN }, 'pathPrefix', rendered],
        ['httpPort', { httpPort: NUMBER_TOKEN }, 'httpPort', rendered],
        ['namePrefix', { namePrefix: TOKEN }, 'namePrefix', rendered],
        ['networkAlias', { networkAlias: TOKEN }, 'networkAlias', rendered],
        ['a SAN', { subjectAlternativeNames: ['prom.example.com', TOKEN] }, 'subjectAlternativeNames[1]', rendered],
        ['an IP SAN', { ipAddresses: [TOKEN] }, 'ipAddresses[0]', rendered],
        ['scrapeInterval', { scrapeInterval: TOKEN }, 'scrapeInterval', rendered],
        ['scrapeConfigs as a list token', { scrapeConfigs: TOKEN as never }, 'scrapeConfigs', rendered],
        ['a scrape job field', { scrapeConfigs: [{ jobName: TOKEN, targets: ['a:1'] }] }, 'scrapeConfigs[0].jobName', rendered],
        ['a client certificate name', { ...PRIVATE_CA, clientCertificates: [TOKEN] }, 'clientCertificates[0]', rendered],
        ['externalLabels as a map token', { externalLabels: TOKEN as never }, 'externalLabels', rendered],
        ['an external label value', { externalLabels: { team: TOKEN } }, 'externalLabels.team', rendered],
        ['remoteWrite as a list token', { remoteWrite: TOKEN as never }, 'remoteWrite', rendered],
        ['a remote-write URL', { remoteWrite: [{ url: TOKEN }] }, 'remoteWrite[0].url', rendered],
        ['requestsPerSecondPerClient', { requestsPerSecondPerClient: NUMBER_TOKEN }, 'requestsPerSecondPerClient', rendered],
        ['requestBurstPerClient', { requestBurstPerClient: NUMBER_TOKEN }, 'requestBurstPerClient', rendered],
        ['connectionsPerClient', { connectionsPerClient: NUMBER_TOKEN }, 'connectionsPerClient', rendered],
        ['nginxWorkerProcesses', { nginxWorkerProcesses: NUMBER_TOKEN }, 'nginxWorkerProcesses', rendered],
        ['additionalNetworks as a list token: each network is its own block', { additionalNetworks: TOKEN as never }, 'additionalNetworks', /list of network names \(each may be a token\)/],
      ],
      check,
    );
  });

  describe('accepts a token where the value only reaches Terraform', () => {
    testAcceptances<Options>(
      [
        ['httpsPort', { httpsPort: NUMBER_TOKEN }],
        ['network', { network: TOKEN }],
        ['an additional network', { network: 'monitoring', additionalNetworks: [TOKEN, 'grafana'] }],
        ['nginxImage', { nginxImage: TOKEN }],
        ['prometheusImage', { prometheusImage: TOKEN }],
        ['pauseImage', { pauseImage: TOKEN }],
        ['the provided certificate and key', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN }],
        ['validityPeriodHours, with an early renewal it cannot be compared with', { validityPeriodHours: NUMBER_TOKEN, earlyRenewalHours: 100_000 }],
        ['earlyRenewalHours', { earlyRenewalHours: NUMBER_TOKEN }],
        ['caValidityPeriodHours', { ...PRIVATE_CA, caValidityPeriodHours: NUMBER_TOKEN }],
        ['retentionTime', { retentionTime: TOKEN }],
        ['retentionSize', { retentionSize: TOKEN }],
        ['a user name and password hash', { basicAuthUsers: [{ username: TOKEN, passwordHash: TOKEN }] }],
        ['two token user names, which cannot be compared', { basicAuthUsers: [{ username: TOKEN, passwordHash: HASH }, { username: TOKEN, passwordHash: HASH }] }],
        ['the client CA certificate', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: TOKEN }],
        ['nginxMemoryMb, even with many workers', { nginxWorkerProcesses: 64, nginxMemoryMb: NUMBER_TOKEN }],
        ['prometheusMemoryMb', { prometheusMemoryMb: NUMBER_TOKEN }],
        ['logMaxSize', { logMaxSize: TOKEN }],
        ['logMaxFiles', { logMaxFiles: NUMBER_TOKEN }],
        [
          'the secrets of a remote-write target',
          { remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push', basicAuthUsername: 'prom', basicAuthPassword: TOKEN, clientCertificatePem: TOKEN, clientPrivateKeyPem: TOKEN }] },
        ],
      ],
      check,
    );
  });
});

describe('validateOptions never shows a secret', () => {
  const KEY_BODY = OTHER_KEY.split('\n')[1];

  test.each<[string, Options, string, string]>([
    ['a password given as its hash', { basicAuthUsers: [{ username: 'a', passwordHash: SECRET }] }, 'basicAuthUsers[0].passwordHash', SECRET],
    ['a hash of too high a cost', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '12') }] }, 'basicAuthUsers[0].passwordHash', HASH.slice(7)],
    ['a key outside provided mode', { privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----` }, 'privateKeyPem', SECRET],
    ['a provided key that is no PEM', { certificateMode: CertificateMode.PROVIDED, certificatePem: SERVER_CERTIFICATE, privateKeyPem: SECRET }, 'privateKeyPem', SECRET],
    ['a provided key that is not the certificate\'s', { certificateMode: CertificateMode.PROVIDED, certificatePem: SERVER_CERTIFICATE, privateKeyPem: OTHER_KEY }, 'privateKeyPem', KEY_BODY],
    ['a remote-write password without user', { remoteWrite: [{ url: 'https://mimir.example.com/', basicAuthPassword: SECRET }] }, 'remoteWrite[0].basicAuthPassword', SECRET],
    ['a remote-write URL with credentials', { remoteWrite: [{ url: `https://prom:${SECRET}@mimir.example.com/` }] }, 'remoteWrite[0].url', SECRET],
    ['a scrape password without user', { scrapeConfigs: [{ jobName: 'a', targets: ['a:1'], basicAuthPassword: SECRET }] }, 'scrapeConfigs[0].basicAuthPassword', SECRET],
  ])('%s', (_, options, prop, secret) => {
    // WHEN
    const error = refusalOf(() => check(options));
    // THEN
    expectNamesProp(error, prop);
    expect(error.message).toContain(`(got "${REDACTED}")`);
    expect(error.message).not.toContain(secret);
  });
});
