import { CertificateMode, FlatOptions } from '../../lib/options';
import { REDACTED } from '../../lib/validation';
import { HASH, OTHER_KEY, SECRET, SERVER_CERTIFICATE } from './fixtures';
import { NUMBER_TOKEN, TOKEN, check, expectNamesProp, refusalOf, testAcceptances, testRefusals } from './support';

type Options = Partial<FlatOptions>;

/** validateOptions runs every topic (each has its own table test): here, what holds across them. */

describe('validateOptions', () => {
  test('accepts the defaults', () => {
    expect(() => check({})).not.toThrow();
  });

  test.each<[string, Options, string]>([
    ['names and ports', { pathPrefix: 'prometheus' }, 'pathPrefix'],
    ['images', { nginxImage: 'nginx:latest' }, 'nginxImage'],
    ['certificates', { rsaBits: 2048 }, 'rsaBits'],
    ['auth', { healthCheckWithoutAuth: true }, 'healthCheckWithoutAuth'],
    ['the Prometheus config', { retentionSize: '10G' }, 'retentionSize'],
    ['limits', { logMaxFiles: 0 }, 'logMaxFiles'],
  ])('runs the rules of %s', (_, options, prop) => {
    expectNamesProp(refusalOf(() => check(options)), prop);
  });
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
        ['scrapeInterval', { scrapeInterval: TOKEN }, 'scrapeInterval', rendered],
        ['requestsPerSecondPerClient', { requestsPerSecondPerClient: NUMBER_TOKEN }, 'requestsPerSecondPerClient', rendered],
      ],
      check,
    );
  });

  describe('accepts a token where the value only reaches Terraform', () => {
    testAcceptances<Options>(
      [
        ['httpsPort', { httpsPort: NUMBER_TOKEN }],
        ['network', { network: TOKEN }],
        ['the images', { nginxImage: TOKEN, prometheusImage: TOKEN, pauseImage: TOKEN }],
        ['the provided certificate and key', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN }],
        ['retention', { retentionTime: TOKEN, retentionSize: TOKEN }],
        ['a password hash', { basicAuthUsers: [{ username: 'grafana', passwordHash: TOKEN }] }],
        ['memory and logs', { nginxMemoryMb: NUMBER_TOKEN, prometheusMemoryMb: NUMBER_TOKEN, logMaxSize: TOKEN, logMaxFiles: NUMBER_TOKEN }],
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
  ])('%s', (_, options, prop, secret) => {
    // WHEN
    const error = refusalOf(() => check(options));
    // THEN
    expectNamesProp(error, prop);
    expect(error.message).toContain(`(got "${REDACTED}")`);
    expect(error.message).not.toContain(secret);
  });
});
