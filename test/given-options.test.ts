import { Testing } from 'cdktf';
import { givenOptions, spelledAsGiven } from '../lib/given-options';
import { CertificateMode, ClientAuth, KeyAlgorithm, PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';
import { PropValidationError } from '../lib/validation';
import { refusalOf, expectNamesProp } from './validation/support';

const HASH = '$2y$08$' + 'x'.repeat(53);

describe('givenOptions', () => {
  test('takes a grouped field under its flat name, and a flat one as it is', () => {
    // WHEN
    const { options } = givenOptions({ domainName: 'example.com', tls: { rsaBits: 2048 }, nginxMemoryMb: 512, nginx: { image: 'nginx:1.28.0' } });
    // THEN
    expect(options).toMatchObject({ domainName: 'example.com', rsaBits: 2048, nginxMemoryMb: 512, nginxImage: 'nginx:1.28.0' });
    expect(options).not.toHaveProperty('tls');
    expect(options).not.toHaveProperty('nginx');
  });

  test('accepts a prop given both ways with one value', () => {
    expect(givenOptions({ domainName: 'example.com', scrapeConfigs: [{ jobName: 'a', targets: ['a:1'] }], prometheus: { scrapeConfigs: [{ jobName: 'a', targets: ['a:1'] }] } }).options.scrapeConfigs).toHaveLength(1);
  });

  test.each<[string, PrometheusTlsProxyProps, string, RegExp]>([
    ['a value', { domainName: 'example.com', logMaxFiles: 3, logs: { maxFiles: 5 } }, 'logs.maxFiles', /^logs\.maxFiles and logMaxFiles \(its deprecated alias\) are both given, with different values: give logs\.maxFiles only \(got 5\)$/],
    ['an enum', { domainName: 'example.com', certificateMode: CertificateMode.PROVIDED, tls: { certificateMode: CertificateMode.PRIVATE_CA } }, 'tls.certificateMode', /\(got "private-ca"\)$/],
    ['users, without showing either', { domainName: 'example.com', basicAuthUsers: [{ username: 'a', passwordHash: HASH }], auth: { basicAuthUsers: [{ username: 'b', passwordHash: HASH }] } }, 'auth.basicAuthUsers', /\(got "<redacted>"\)$/],
  ])('refuses %s given both ways with different values, naming the grouped prop', (_, props, prop, message) => {
    // WHEN
    const error = refusalOf(() => givenOptions(props));
    // THEN
    expectNamesProp(error, prop, message);
  });

  test('refuses a group that is no object', () => {
    expectNamesProp(refusalOf(() => givenOptions({ domainName: 'example.com', tls: 'self-signed' as never })), 'tls', /must be an object/);
  });

  test.each([
    ['given grouped: as grouped', { domainName: 'example.com', tls: { rsaBits: 1 } }, 'tls.rsaBits'],
    ['given flat: as flat', { domainName: 'example.com', rsaBits: 1 }, 'rsaBits'],
    ['not given: the documented, grouped name', { domainName: 'example.com' }, 'tls.rsaBits'],
  ])('spells a prop %s', (_, props, spelled) => {
    expect(givenOptions(props).spelled('rsaBits')).toBe(spelled);
  });
});

describe('spelledAsGiven', () => {
  const given = givenOptions({ domainName: 'example.com', nginxWorkerProcesses: 7, prometheus: { scrapeConfigs: [] } });

  test('names the prop, and those its rule mentions, as the user spelled them, the value shown as before', () => {
    // WHEN
    const error = spelledAsGiven(new PropValidationError('nginxWorkerProcesses', 7, 'needs nginxMemoryMb of at least 288'), given) as PropValidationError;
    // THEN
    expect(error.message).toBe('nginxWorkerProcesses needs nginx.memoryMb of at least 288 (got 7)');
    expect(error).toBeInstanceOf(PropValidationError);
  });

  test('respells the leading prop of a path, not the fields under it', () => {
    const error = spelledAsGiven(new PropValidationError('scrapeConfigs[0].scrapeInterval', '1x', 'must be a duration'), given) as PropValidationError;
    expect(error.prop).toBe('prometheus.scrapeConfigs[0].scrapeInterval');
  });

  test('leaves anything else as it is', () => {
    const other = new Error('other');
    expect(spelledAsGiven(other, given)).toBe(other);
  });
});

describe('PrometheusTlsProxy with grouped props', () => {
  /** The synthesized JSON of one instance with `props`. */
  const synth = (props: PrometheusTlsProxyProps): string => Testing.synthScope((scope) => new PrometheusTlsProxy(scope, 'proxy', props));

  test('synthesizes what the same props given flat do', () => {
    // GIVEN one setting of every group, flat and grouped
    const flat: PrometheusTlsProxyProps = {
      domainName: 'example.com',
      certificateMode: CertificateMode.PRIVATE_CA,
      keyAlgorithm: KeyAlgorithm.RSA,
      clientAuth: ClientAuth.REQUIRED,
      clientCertificates: ['grafana'],
      requestsPerSecondPerClient: 50,
      nginxImage: 'nginx:1.28.0-alpine',
      nginxMemoryMb: 512,
      prometheusImage: 'prom/prometheus:v3.5.0',
      scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'] }],
      enableRemoteWriteReceiver: true,
      logMaxSize: '50m',
    };
    const grouped: PrometheusTlsProxyProps = {
      domainName: 'example.com',
      tls: { certificateMode: CertificateMode.PRIVATE_CA, keyAlgorithm: KeyAlgorithm.RSA },
      auth: { clientAuth: ClientAuth.REQUIRED, clientCertificates: ['grafana'] },
      limits: { requestsPerSecondPerClient: 50 },
      nginx: { image: 'nginx:1.28.0-alpine', memoryMb: 512 },
      prometheus: { image: 'prom/prometheus:v3.5.0', scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'] }], enableRemoteWriteReceiver: true },
      logs: { maxSize: '50m' },
    };
    // WHEN / THEN
    expect(synth(grouped)).toBe(synth(flat));
    expect(synth(grouped)).not.toBe(synth({ domainName: 'example.com' }));
  });

  test.each<[string, PrometheusTlsProxyProps, string]>([
    ['grouped', { domainName: 'example.com', tls: { keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 1024 } }, 'tls.rsaBits'],
    ['flat', { domainName: 'example.com', keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 1024 }, 'rsaBits'],
    ['grouped, in a scrape job', { domainName: 'example.com', prometheus: { scrapeConfigs: [{ jobName: 'a', targets: ['nowhere'] }] } }, 'prometheus.scrapeConfigs[0].targets[0]'],
  ])('refuses a bad prop given %s, naming it as given', (_, props, prop) => {
    let error: unknown;
    try {
      synth(props);
    } catch (e) {
      error = e;
    }
    expect(PrometheusTlsProxy.propOf(error)).toBe(prop);
    expect(String(error)).toMatch(new RegExp(`^PropValidationError: ${prop.replace(/[[\].]/g, '\\$&')} `));
  });
});
