import { RelabelAction, RemoteWriteTarget } from '../../lib/options';
import { REDACTED, checkRemoteWriteTargets } from '../../lib/validation';
import { KEY_SHAPED, OTHER_KEY, PEM_SHAPED, SECRET, SERVER_CERTIFICATE, SERVER_KEY } from './fixtures';
import { NUMBER_TOKEN, Refusal, TOKEN, expectNamesProp, TOKENS, refusalOf, testAcceptances, testRefusals } from './support';

/** Targets given in the props: numbered from 0, no name taken before them. */
const checkTargets = (targets: RemoteWriteTarget[]): void => checkRemoteWriteTargets(targets, [], 0, TOKENS);
const target = (extra: Partial<RemoteWriteTarget> = {}): RemoteWriteTarget => ({ url: 'https://mimir.example.com/api/v1/push', ...extra });

describe('checkRemoteWriteTargets accepts', () => {
  testAcceptances<RemoteWriteTarget[]>(
    [
      ['no targets', []],
      ['an HTTPS URL', [target()]],
      ['an HTTP URL with an address, a port and a query', [target({ url: 'http://10.0.0.5:9009/api/v1/push?tenant=a' })]],
      ['names of every allowed character, up to 64', [target({ name: 'mimir-eu_1.A' }), target({ name: 'n'.repeat(64) })]],
      ['several targets without names', [target(), target()]],
      ['TLS files and a server name', [target({ caCertificatePem: SERVER_CERTIFICATE, clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: SERVER_KEY, serverName: 'mimir.internal' })]],
      ['basic auth', [target({ basicAuthUsername: 'prometheus', basicAuthPassword: 'p' })]],
      ['a bearer token', [target({ bearerToken: 'token' })]],
      ['a tenant header', [target({ headers: { 'X-Scope-OrgID': 'tenant-1', "x-a!#$%&'*+.^_`|~": 'printable ☃' } })]],
      [
        'queue tuning',
        [target({ queue: { capacity: 10_000, maxShards: 50, minShards: 1, maxSamplesPerSend: 2000, batchSendDeadline: '5s', minBackoff: '30ms', maxBackoff: '5s' } })],
      ],
      ['as many shards at least as at most', [target({ queue: { minShards: 4, maxShards: 4 } })]],
      ['queue sizes at their bounds', [target({ queue: { capacity: 1, maxSamplesPerSend: 10_000_000 } })]],
      [
        'relabel rules of every kind',
        [
          target({
            writeRelabelConfigs: [
              { sourceLabels: ['__name__'], regex: 'go_.*', action: RelabelAction.DROP },
              { sourceLabels: ['instance'], regex: '([^:]+):.*', targetLabel: 'host', replacement: '$1' },
              { sourceLabels: ['a', 'b'], separator: '/', regex: '(.*)', targetLabel: '${1}' },
              { sourceLabels: ['instance'], targetLabel: 'shard', modulus: 4, action: RelabelAction.HASHMOD },
              { regex: 'tmp_.*', action: RelabelAction.LABELDROP },
              { sourceLabels: ['job'], targetLabel: 'job', action: RelabelAction.LOWERCASE },
              { sourceLabels: ['job'], targetLabel: 'job', action: RelabelAction.UPPERCASE },
              { regex: '__meta_(.+)', replacement: '$1', action: RelabelAction.LABELMAP },
            ],
          }),
        ],
      ],
    ],
    checkTargets,
  );

  test('a target added after others, under a name still free', () => {
    // GIVEN a target named "a" added before
    // WHEN / THEN
    expect(() => checkRemoteWriteTargets([target({ name: 'b' })], ['a'], 1, TOKENS)).not.toThrow();
  });
});

describe('checkRemoteWriteTargets refuses, naming the target and the field', () => {
  const rows: Refusal<RemoteWriteTarget[]>[] = [
    ['targets that are no list', 'https://mimir.example.com' as never, 'remoteWrite', /list of remote-write targets/],
    ['a URL that does not parse', [target({ url: 'mimir.example.com/api/v1/push' })], 'remoteWrite[0].url', /absolute http\(s\) URL/],
    ['a missing URL', [target({ url: undefined as never })], 'remoteWrite[0].url', /absolute/],
    ['another scheme', [target({ url: 'ftp://mimir.example.com/' })], 'remoteWrite[0].url', /http or https URL/],
    ['a fragment', [target({ url: 'https://mimir.example.com/push#x' })], 'remoteWrite[0].url', /fragment/],
    ['a space', [target({ url: 'https://mimir.example.com/a b' })], 'remoteWrite[0].url', /spaces/],
    ['a newline', [target({ url: 'https://mimir.example.com/push\n' })], 'remoteWrite[0].url', /control characters/],
    // Found by the hostile-input suite: WHATWG reads the host as mimir.example.or.g, Go refuses the escape.
    ['an escape in the host', [target({ url: 'https://mimir.example.or%2eg/api/v1/push' })], 'remoteWrite[0].url', /host without % escapes/],
    ['a name with a space', [target({ name: 'a b' })], 'remoteWrite[0].name', /1 to 64 characters/],
    ['an empty name', [target({ name: '' })], 'remoteWrite[0].name'],
    ['a name of 65 characters', [target({ name: 'n'.repeat(65) })], 'remoteWrite[0].name'],
    ['a name twice', [target({ name: 'a' }), target({ name: 'a' })], 'remoteWrite[1].name', /unique/],
    ['a CA that is no PEM', [target({ caCertificatePem: 'x' })], 'remoteWrite[0].caCertificatePem', /nothing else/],
    ['a CA block that does not parse', [target({ caCertificatePem: PEM_SHAPED })], 'remoteWrite[0].caCertificatePem', /PEM certificate \(/],
    ['a client key block that does not parse', [target({ clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: KEY_SHAPED })], 'remoteWrite[0].clientPrivateKeyPem', /unencrypted/],
    ['a client certificate without key', [target({ clientCertificatePem: SERVER_CERTIFICATE })], 'remoteWrite[0].clientPrivateKeyPem', /go together/],
    ['a client key without certificate', [target({ clientPrivateKeyPem: SERVER_KEY })], 'remoteWrite[0].clientPrivateKeyPem', /go together/],
    ['a server name with a port', [target({ serverName: 'mimir.internal:443' })], 'remoteWrite[0].serverName'],
    ['a user without password', [target({ basicAuthUsername: 'prometheus' })], 'remoteWrite[0].basicAuthPassword', /go together \(got undefined\)/],
    ['a user name with a colon', [target({ basicAuthUsername: 'a:b', basicAuthPassword: 'p' })], 'remoteWrite[0].basicAuthUsername'],
    ['a bearer token and basic auth', [target({ basicAuthUsername: 'u', basicAuthPassword: 'p', bearerToken: 't' })], 'remoteWrite[0].bearerToken', /exclude each other/],
    ['a header name with a space', [target({ headers: { 'X Scope': 'a' } })], 'remoteWrite[0].headers', /HTTP header names/],
    ['a header name with a colon', [target({ headers: { 'X-Scope:': 'a' } })], 'remoteWrite[0].headers'],
    ['an Authorization header', [target({ headers: { Authorization: 'Bearer t' } })], 'remoteWrite[0].headers', /use basicAuth or bearerToken/],
    ...['host', 'Content-Type', 'CONTENT-ENCODING', 'user-agent', 'X-Prometheus-Remote-Write-Version', 'Proxy-Authorization'].map(
      (name): Refusal<RemoteWriteTarget[]> => [`the reserved header ${name}`, [target({ headers: { [name]: 'x' } })], 'remoteWrite[0].headers', /header Prometheus sets itself .*\(got "/],
    ),
    ['a newline in a header value', [target({ headers: { 'X-Scope-OrgID': 'a\nb' } })], 'remoteWrite[0].headers', /without control characters/],
    ['DEL in a header value', [target({ headers: { 'X-Scope-OrgID': 'a\x7f' } })], 'remoteWrite[0].headers'],
    ['U+2028 in a header value', [target({ headers: { 'X-Scope-OrgID': 'a\u2028' } })], 'remoteWrite[0].headers'],
    ['a header value that is no text', [target({ headers: { 'X-Scope-OrgID': 1 as never } })], 'remoteWrite[0].headers'],
    ...(['capacity', 'maxShards', 'minShards', 'maxSamplesPerSend'] as const).flatMap((key): Refusal<RemoteWriteTarget[]>[] => [
      [`a ${key} of 0`, [target({ queue: { [key]: 0 } })], `remoteWrite[0].queue.${key}`, /1 to 10000000/],
      [`a ${key} above 10 million`, [target({ queue: { [key]: 10_000_001 } })], `remoteWrite[0].queue.${key}`],
      [`a fractional ${key}`, [target({ queue: { [key]: 1.5 } })], `remoteWrite[0].queue.${key}`],
    ]),
    ['more shards at least than at most', [target({ queue: { minShards: 10, maxShards: 5 } })], 'remoteWrite[0].queue.minShards', /not exceed maxShards \(5\)/],
    ...(['batchSendDeadline', 'minBackoff', 'maxBackoff'] as const).flatMap((key): Refusal<RemoteWriteTarget[]>[] => [
      [`a ${key} without unit`, [target({ queue: { [key]: '5' } })], `remoteWrite[0].queue.${key}`, /duration/],
      [`a ${key} of 0`, [target({ queue: { [key]: '0s' } })], `remoteWrite[0].queue.${key}`, /non-zero/],
    ]),
    ['an unknown relabel action', [target({ writeRelabelConfigs: [{ action: 'rewrite' as never }] })], 'remoteWrite[0].writeRelabelConfigs[0].action', /\(RelabelAction\)/],
    ['a source label with a hyphen', [target({ writeRelabelConfigs: [{ sourceLabels: ['ok', 'a-b'], action: RelabelAction.KEEP }] })], 'remoteWrite[0].writeRelabelConfigs[0].sourceLabels[1]', /label name/],
    ['a target label with a hyphen', [target({ writeRelabelConfigs: [{ targetLabel: 'a-b' }] })], 'remoteWrite[0].writeRelabelConfigs[0].targetLabel', /"\$\{1\}"/],
    ['a target label of 129 characters', [target({ writeRelabelConfigs: [{ targetLabel: 'l'.repeat(129) }] })], 'remoteWrite[0].writeRelabelConfigs[0].targetLabel'],
    ['a control character in a separator', [target({ writeRelabelConfigs: [{ separator: '\u0000', targetLabel: 'a' }] })], 'remoteWrite[0].writeRelabelConfigs[0].separator', /without control characters/],
    ['U+2028 in a regex', [target({ writeRelabelConfigs: [{ regex: 'a\u2028', targetLabel: 'a' }] })], 'remoteWrite[0].writeRelabelConfigs[0].regex'],
    ['DEL in a replacement', [target({ writeRelabelConfigs: [{ replacement: '\x7f', targetLabel: 'a' }] })], 'remoteWrite[0].writeRelabelConfigs[0].replacement'],
    ...(['replace', 'hashmod', 'lowercase', 'uppercase'] as const).map(
      (action): Refusal<RemoteWriteTarget[]> => [
        `${action} without a target label`,
        [target({ writeRelabelConfigs: [{ sourceLabels: ['a'], modulus: 2, action: action as RelabelAction }] })],
        'remoteWrite[0].writeRelabelConfigs[0].targetLabel',
        new RegExp(`is required for action "${action}" \\(got undefined\\)`),
      ],
    ),
    ['the default action without a target label', [target({ writeRelabelConfigs: [{ sourceLabels: ['a'] }] })], 'remoteWrite[0].writeRelabelConfigs[0].targetLabel', /"replace"/],
    ['hashmod without modulus', [target({ writeRelabelConfigs: [{ targetLabel: 't', action: RelabelAction.HASHMOD }] })], 'remoteWrite[0].writeRelabelConfigs[0].modulus', /1 to 4294967296/],
    ['hashmod modulo more than 2^32', [target({ writeRelabelConfigs: [{ targetLabel: 't', modulus: 2 ** 32 + 1, action: RelabelAction.HASHMOD }] })], 'remoteWrite[0].writeRelabelConfigs[0].modulus'],
  ];
  testRefusals(rows, checkTargets);

  test('numbers targets added later after those before them', () => {
    // GIVEN two targets added before
    // WHEN
    const error = refusalOf(() => checkRemoteWriteTargets([target({ url: 'ftp://x/' })], [], 2, TOKENS));
    // THEN
    expectNamesProp(error, 'remoteWrite[2].url');
  });

  test('refuses a name taken by a target added before', () => {
    // GIVEN a target named "mimir" added before
    // WHEN
    const error = refusalOf(() => checkRemoteWriteTargets([target({ name: 'mimir' })], ['mimir'], 1, TOKENS));
    // THEN
    expectNamesProp(error, 'remoteWrite[1].name', /unique/);
  });
});

describe('checkRemoteWriteTargets and Terraform tokens', () => {
  describe('refuses a token in every field rendered into prometheus.yml', () => {
    const rendered = /cannot be an unresolved token/;
    const rows: Refusal<RemoteWriteTarget[]>[] = [
      ['the list', TOKEN as never, 'remoteWrite', rendered],
      ['the URL', [target({ url: TOKEN })], 'remoteWrite[0].url', rendered],
      ['the name', [target({ name: TOKEN })], 'remoteWrite[0].name', rendered],
      ['the server name', [target({ serverName: TOKEN })], 'remoteWrite[0].serverName', rendered],
      ['the basic auth user', [target({ basicAuthUsername: TOKEN, basicAuthPassword: 'p' })], 'remoteWrite[0].basicAuthUsername', rendered],
      ['a header value', [target({ headers: { 'X-Scope-OrgID': TOKEN } })], 'remoteWrite[0].headers.X-Scope-OrgID', rendered],
      ['the headers as a map token', [target({ headers: TOKEN as never })], 'remoteWrite[0].headers', rendered],
      ['a queue size', [target({ queue: { capacity: NUMBER_TOKEN } })], 'remoteWrite[0].queue.capacity', rendered],
      ['a queue duration', [target({ queue: { maxBackoff: TOKEN } })], 'remoteWrite[0].queue.maxBackoff', rendered],
      ['a relabel regex', [target({ writeRelabelConfigs: [{ regex: TOKEN, action: RelabelAction.DROP }] })], 'remoteWrite[0].writeRelabelConfigs[0].regex', rendered],
      ['a relabel modulus', [target({ writeRelabelConfigs: [{ targetLabel: 't', modulus: NUMBER_TOKEN, action: RelabelAction.HASHMOD }] })], 'remoteWrite[0].writeRelabelConfigs[0].modulus', rendered],
    ];
    testRefusals(rows, checkTargets);
  });

  testAcceptances<RemoteWriteTarget[]>(
    [
      ['accepts tokens in the TLS files uploaded beside prometheus.yml', [target({ caCertificatePem: TOKEN, clientCertificatePem: TOKEN, clientPrivateKeyPem: TOKEN })]],
      ['accepts a token password', [target({ basicAuthUsername: 'prometheus', basicAuthPassword: TOKEN })]],
      ['accepts a token bearer token', [target({ bearerToken: TOKEN })]],
    ],
    checkTargets,
  );

  test('still refuses a token bearer token beside basic auth', () => {
    // WHEN
    const error = refusalOf(() => checkTargets([target({ basicAuthUsername: 'u', basicAuthPassword: TOKEN, bearerToken: TOKEN })]));
    // THEN
    expectNamesProp(error, 'remoteWrite[0].bearerToken', /exclude each other/);
  });
});

describe('checkRemoteWriteTargets never shows a secret', () => {
  const KEY_BODY = OTHER_KEY.split('\n')[1];

  test.each<[string, Partial<RemoteWriteTarget>, string, string]>([
    ['a password without user', { basicAuthPassword: SECRET }, 'remoteWrite[0].basicAuthPassword', SECRET],
    ['a bearer token beside basic auth', { basicAuthUsername: 'u', basicAuthPassword: 'p', bearerToken: SECRET }, 'remoteWrite[0].bearerToken', SECRET],
    ['a client key that is no PEM', { clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: SECRET }, 'remoteWrite[0].clientPrivateKeyPem', SECRET],
    ['a client key without certificate', { clientPrivateKeyPem: OTHER_KEY }, 'remoteWrite[0].clientPrivateKeyPem', KEY_BODY],
    ['a URL with user and password', { url: `https://prometheus:${SECRET}@mimir.example.com/api/v1/push` }, 'remoteWrite[0].url', SECRET],
    ['a URL with a password only', { url: `https://:${SECRET}@mimir.example.com/api/v1/push` }, 'remoteWrite[0].url', SECRET],
    ['a URL with credentials and a fragment', { url: `https://prometheus:${SECRET}@mimir.example.com/#x` }, 'remoteWrite[0].url', SECRET],
  ])('%s', (_, extra, prop, secret) => {
    // WHEN
    const error = refusalOf(() => checkTargets([target(extra)]));
    // THEN
    expectNamesProp(error, prop);
    expect(error.message).toContain(`(got "${REDACTED}")`);
    expect(error.message).not.toContain(secret);
  });

  test('says where credentials belong instead', () => {
    // WHEN
    const error = refusalOf(() => checkTargets([target({ url: `https://prometheus:${SECRET}@mimir.example.com/` })]));
    // THEN
    expect(error.message).toMatch(/must not carry credentials: use basicAuthUsername and basicAuthPassword/);
  });
});
