import { ScrapeJob, ScrapeScheme } from '../../lib/options';
import { REDACTED, checkScrapeJobs } from '../../lib/validation';
import { KEY_SHAPED, OTHER_KEY, PEM_SHAPED, SECRET, SERVER_CERTIFICATE, SERVER_KEY } from './fixtures';
import { NUMBER_TOKEN, Refusal, TOKEN, expectNamesProp, TOKENS, refusalOf, testAcceptances, testRefusals } from './support';

/** Jobs given in the props: numbered from 0, no job before them, the default global interval (15s). */
const checkJobs = (jobs: ScrapeJob[]): void => checkScrapeJobs(jobs, '15s', [], 0, TOKENS);
const job = (extra: Partial<ScrapeJob> = {}): ScrapeJob => ({ jobName: 'node', targets: ['node:9100'], ...extra });

describe('checkScrapeJobs accepts', () => {
  testAcceptances<ScrapeJob[]>(
    [
      ['targets by name, IPv4 and IPv6, with a timeout', [job({ targets: ['node:9100', '10.0.0.1:9100', '[::1]:9100'], scrapeTimeout: '10s' })]],
      ['Docker names with underscores and capitals', [job({ targets: ['my_app:8080', 'Node.internal:1'] })]],
      ['label values of any printable text', [job({ labels: { team: 'Ops & "SRE" ☃ 🙂 $x ${y}' } })]],
      ['job names of every allowed character', [job({ jobName: 'node:exporter-1.a_B' }), job({ jobName: 'j'.repeat(128) })]],
      ['a metrics path of unreserved characters', [job({ metricsPath: '/federate' }), job({ jobName: 'root', metricsPath: '/' })]],
      ['HTTPS', [job({ scheme: ScrapeScheme.HTTPS })]],
      ['a job interval longer than its timeout', [job({ scrapeInterval: '1m', scrapeTimeout: '30s' })]],
      ['a timeout equal to the default interval', [job({ scrapeTimeout: '15s' })]],
      ['federation parameters', [job({ metricsPath: '/federate', honorLabels: true, queryParams: { 'match[]': ['{job="node"}', 'up'] } })]],
      ['TLS files and a server name', [job({ caCertificatePem: SERVER_CERTIFICATE, clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: SERVER_KEY, serverName: 'node.internal' })]],
      ['basic auth', [job({ basicAuthUsername: 'prometheus', basicAuthPassword: 'p' })]],
      ['a user name of 128 printable characters', [job({ basicAuthUsername: '!~'.repeat(64), basicAuthPassword: 'p' })]],
      ['two jobs', [job({ jobName: 'a' }), job({ jobName: 'b' })]],
    ],
    checkJobs,
  );

  test('a job added after others, under a name still free', () => {
    // GIVEN jobs "a" and "b" added before
    // WHEN / THEN
    expect(() => checkScrapeJobs([job({ jobName: 'c' })], '30s', ['a', 'b'], 2, TOKENS)).not.toThrow();
  });
});

describe('checkScrapeJobs refuses, naming the job and the field', () => {
  testRefusals<ScrapeJob[]>(
    [
      ['jobs that are no list', 'node:9100' as never, 'scrapeConfigs', /list of scrape jobs/],
      ['a job name with a space', [job({ jobName: 'a b' })], 'scrapeConfigs[0].jobName', /1 to 128 characters/],
      ['an empty job name', [job({ jobName: '' })], 'scrapeConfigs[0].jobName'],
      ['a job name of 129 characters', [job({ jobName: 'j'.repeat(129) })], 'scrapeConfigs[0].jobName'],
      ['the self-scrape job name', [job({ jobName: 'prometheus' })], 'scrapeConfigs[0].jobName', /unique/],
      ['a job name twice', [job({ jobName: 'a' }), job({ jobName: 'a', targets: ['b:1'] })], 'scrapeConfigs[1].jobName', /unique/],
      ['no targets', [job({ targets: [] })], 'scrapeConfigs[0].targets', /at least one target/],
      ['targets that are no list', [job({ targets: 'node:9100' as never })], 'scrapeConfigs[0].targets'],
      ['a target without port', [job({ targets: ['host'] })], 'scrapeConfigs[0].targets[0]', /host:port/],
      ['a port out of range', [job({ targets: ['host:99999'] })], 'scrapeConfigs[0].targets[0]'],
      ['port 0', [job({ targets: ['host:0'] })], 'scrapeConfigs[0].targets[0]', /1 to 65535/],
      ['a URL as target', [job({ targets: ['http://host:80'] })], 'scrapeConfigs[0].targets[0]'],
      ['a space in a target', [job({ targets: ['ok:1', 'a b:80'] })], 'scrapeConfigs[0].targets[1]', /DNS name/],
      ['a leading hyphen in a target', [job({ targets: ['-host:80'] })], 'scrapeConfigs[0].targets[0]', /DNS name/],
      ['a bracketed IPv4 address', [job({ targets: ['[10.0.0.1]:80'] })], 'scrapeConfigs[0].targets[0]', /bracketed IPv6/],
      ['an IPv6 address without brackets', [job({ targets: ['::1:9100'] })], 'scrapeConfigs[0].targets[0]'],
      ['a relative metrics path', [job({ metricsPath: 'metrics' })], 'scrapeConfigs[0].metricsPath', /absolute path/],
      ['a query in the metrics path', [job({ metricsPath: '/metrics?x=1' })], 'scrapeConfigs[0].metricsPath'],
      ['a space in the metrics path', [job({ metricsPath: '/a b' })], 'scrapeConfigs[0].metricsPath'],
      ['an unknown scheme', [job({ scheme: 'ftp' as never })], 'scrapeConfigs[0].scheme', /\(ScrapeScheme\)/],
      ['an interval without unit', [job({ scrapeInterval: '15' })], 'scrapeConfigs[0].scrapeInterval', /duration/],
      ['a timeout that is no duration', [job({ scrapeTimeout: 'soon' })], 'scrapeConfigs[0].scrapeTimeout', /duration/],
      ['a timeout longer than the default interval', [job({ scrapeTimeout: '20s' })], 'scrapeConfigs[0].scrapeTimeout', /not exceed the scrape interval \(15s\)/],
      ['a timeout longer than the job\'s interval', [job({ scrapeInterval: '5s', scrapeTimeout: '6s' })], 'scrapeConfigs[0].scrapeTimeout', /\(5s\)/],
      ['a reserved label name', [job({ labels: { __name__: 'x' } })], 'scrapeConfigs[0].labels'],
      ['DEL in a label value', [job({ labels: { team: 'ops\x7f' } })], 'scrapeConfigs[0].labels', /control characters/],
      ['U+2028 in a label value, shown escaped', [job({ labels: { team: 'a\u2028b' } })], 'scrapeConfigs[0].labels', /\(got "a\\u2028b"\)/],
      ['a lone surrogate in a label value', [job({ labels: { team: '\ud800' } })], 'scrapeConfigs[0].labels'],
      ['labels that are no map', [job({ labels: [] as never })], 'scrapeConfigs[0].labels', /map of label names/],
      ['a parameter name with a space', [job({ queryParams: { 'a b': ['x'] } })], 'scrapeConfigs[0].queryParams', /parameter names/],
      ['a parameter name of 65 characters', [job({ queryParams: { [`p${'a'.repeat(64)}`]: ['x'] } })], 'scrapeConfigs[0].queryParams'],
      ['a newline in a parameter value', [job({ queryParams: { 'match[]': ['up', 'a\nb'] } })], 'scrapeConfigs[0].queryParams.match[]', /without control characters/],
      ['parameter values that are no list', [job({ queryParams: { q: 'up' as never } })], 'scrapeConfigs[0].queryParams.q', /list of values/],
      ['a CA that is no PEM', [job({ caCertificatePem: 'not a pem' })], 'scrapeConfigs[0].caCertificatePem', /nothing else/],
      ['a CA block that does not parse', [job({ caCertificatePem: PEM_SHAPED })], 'scrapeConfigs[0].caCertificatePem', /PEM certificate \(/],
      ['a client certificate that is no PEM', [job({ clientCertificatePem: 'x', clientPrivateKeyPem: SERVER_KEY })], 'scrapeConfigs[0].clientCertificatePem'],
      ['a client key that is no PEM', [job({ clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: 'x' })], 'scrapeConfigs[0].clientPrivateKeyPem', /one PEM private key block/],
      ['a client key block that does not parse', [job({ clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: KEY_SHAPED })], 'scrapeConfigs[0].clientPrivateKeyPem', /unencrypted/],
      ['a client certificate without key', [job({ clientCertificatePem: SERVER_CERTIFICATE })], 'scrapeConfigs[0].clientPrivateKeyPem', /go together \(got undefined\)/],
      ['a client key without certificate', [job({ clientPrivateKeyPem: SERVER_KEY })], 'scrapeConfigs[0].clientPrivateKeyPem', /go together/],
      ['a server name with capitals', [job({ serverName: 'Node.internal' })], 'scrapeConfigs[0].serverName', /lowercase/],
      ['an IP address as server name', [job({ serverName: '10.0.0.1' })], 'scrapeConfigs[0].serverName', /IP address/],
      ['a wildcard server name', [job({ serverName: '*.internal' })], 'scrapeConfigs[0].serverName', /wildcard/],
      ['a user without password', [job({ basicAuthUsername: 'prometheus' })], 'scrapeConfigs[0].basicAuthPassword', /and basicAuthUsername go together \(got undefined\)/],
      ['a password without user', [job({ basicAuthPassword: 'p' })], 'scrapeConfigs[0].basicAuthPassword', /go together/],
      ['a user name with a colon', [job({ basicAuthUsername: 'a:b', basicAuthPassword: 'p' })], 'scrapeConfigs[0].basicAuthUsername', /without ":"/],
      ['a user name with a space', [job({ basicAuthUsername: 'a b', basicAuthPassword: 'p' })], 'scrapeConfigs[0].basicAuthUsername'],
      ['a user name of 129 characters', [job({ basicAuthUsername: 'u'.repeat(129), basicAuthPassword: 'p' })], 'scrapeConfigs[0].basicAuthUsername', /128/],
    ],
    checkJobs,
  );

  test('numbers jobs added later after those before them', () => {
    // GIVEN two jobs added before
    // WHEN
    const error = refusalOf(() => checkScrapeJobs([job({ jobName: 'c', targets: ['host'] })], '15s', ['a', 'b'], 2, TOKENS));
    // THEN
    expectNamesProp(error, 'scrapeConfigs[2].targets[0]', /host:port/);
  });

  test('refuses a job name taken by a job added before', () => {
    // GIVEN job "a" added before
    // WHEN
    const error = refusalOf(() => checkScrapeJobs([job({ jobName: 'a' })], '15s', ['a'], 1, TOKENS));
    // THEN
    expectNamesProp(error, 'scrapeConfigs[1].jobName', /unique/);
  });

  test('measures a timeout against the global interval', () => {
    // GIVEN a global interval of 5s
    // WHEN
    const error = refusalOf(() => checkScrapeJobs([job({ scrapeTimeout: '10s' })], '5s', [], 0, TOKENS));
    // THEN
    expectNamesProp(error, 'scrapeConfigs[0].scrapeTimeout', /\(5s\)/);
  });
});

describe('checkScrapeJobs and Terraform tokens', () => {
  describe('refuses a token in every field rendered into prometheus.yml', () => {
    const rendered = /cannot be an unresolved token/;
    const rows: Refusal<ScrapeJob[]>[] = [
      ['the list', TOKEN as never, 'scrapeConfigs', rendered],
      ['the job name', [job({ jobName: TOKEN })], 'scrapeConfigs[0].jobName', rendered],
      ['the target list', [job({ targets: TOKEN as never })], 'scrapeConfigs[0].targets', rendered],
      ['a target, saying to write the container\'s name instead', [job({ targets: [TOKEN] })], 'scrapeConfigs[0].targets[0]', /cannot be a token: write the container's name itself/],
      ['the metrics path', [job({ metricsPath: TOKEN })], 'scrapeConfigs[0].metricsPath', rendered],
      ['the scheme', [job({ scheme: TOKEN as never })], 'scrapeConfigs[0].scheme', rendered],
      ['the interval', [job({ scrapeInterval: TOKEN })], 'scrapeConfigs[0].scrapeInterval', rendered],
      ['the timeout', [job({ scrapeTimeout: TOKEN })], 'scrapeConfigs[0].scrapeTimeout', rendered],
      ['a label value', [job({ labels: { team: TOKEN } })], 'scrapeConfigs[0].labels.team', rendered],
      ['a parameter value', [job({ queryParams: { q: ['up', TOKEN] } })], 'scrapeConfigs[0].queryParams.q[1]', rendered],
      ['honorLabels', [job({ honorLabels: NUMBER_TOKEN as never })], 'scrapeConfigs[0].honorLabels', rendered],
      ['the server name', [job({ serverName: TOKEN })], 'scrapeConfigs[0].serverName', rendered],
      ['the basic auth user', [job({ basicAuthUsername: TOKEN, basicAuthPassword: 'p' })], 'scrapeConfigs[0].basicAuthUsername', rendered],
    ];
    testRefusals(rows, checkJobs);
  });

  test('accepts tokens in the fields uploaded as files', () => {
    // GIVEN a job whose certificates, key and password come from Terraform
    const jobs = [job({ caCertificatePem: TOKEN, clientCertificatePem: TOKEN, clientPrivateKeyPem: TOKEN, basicAuthUsername: 'prometheus', basicAuthPassword: TOKEN })];
    // WHEN / THEN
    expect(() => checkJobs(jobs)).not.toThrow();
  });

  test('still pairs a token key with its certificate', () => {
    // WHEN
    const error = refusalOf(() => checkJobs([job({ clientPrivateKeyPem: TOKEN })]));
    // THEN
    expectNamesProp(error, 'scrapeConfigs[0].clientPrivateKeyPem', /go together/);
  });
});

describe('checkScrapeJobs never shows a secret', () => {
  const KEY_BODY = OTHER_KEY.split('\n')[1];

  test.each<[string, Partial<ScrapeJob>, string, string]>([
    ['a password without user', { basicAuthPassword: SECRET }, 'scrapeConfigs[0].basicAuthPassword', SECRET],
    ['a client key that is no PEM', { clientCertificatePem: SERVER_CERTIFICATE, clientPrivateKeyPem: SECRET }, 'scrapeConfigs[0].clientPrivateKeyPem', SECRET],
    ['a client key without certificate', { clientPrivateKeyPem: OTHER_KEY }, 'scrapeConfigs[0].clientPrivateKeyPem', KEY_BODY],
    ['text after a client key', { clientPrivateKeyPem: `${OTHER_KEY}${SECRET}`, clientCertificatePem: SERVER_CERTIFICATE }, 'scrapeConfigs[0].clientPrivateKeyPem', SECRET],
  ])('%s', (_, extra, prop, secret) => {
    // WHEN
    const error = refusalOf(() => checkJobs([job(extra)]));
    // THEN
    expectNamesProp(error, prop);
    expect(error.message).toContain(`(got "${REDACTED}")`);
    expect(error.message).not.toContain(secret);
  });

  test('keeps passwords out of the token check too', () => {
    // GIVEN a literal password and a token rendered beside it
    // WHEN
    const error = refusalOf(() => checkJobs([job({ jobName: TOKEN, basicAuthUsername: 'prometheus', basicAuthPassword: SECRET })]));
    // THEN
    expectNamesProp(error, 'scrapeConfigs[0].jobName');
    expect(error.message).not.toContain(SECRET);
  });
});
