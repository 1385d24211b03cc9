import { CertificateMode, KeyAlgorithm } from '../../lib';
import { TestsslResult, handshake, testssl } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive('a nested prefix on port 8443 with a private CA, RSA, extra names and an HTTP redirect listener, live', (line) => {
  // GIVEN
  const stack = useRunningStack(line, () =>
    synthesizeProxies('nested', line, {
      prometheus: {
        domainName: 'prom.example.org',
        pathPrefix: '/ops/prom',
        httpsPort: 8443,
        httpPort: 8080,
        certificateMode: CertificateMode.PRIVATE_CA,
        keyAlgorithm: KeyAlgorithm.RSA,
        rsaBits: 2048,
        subjectAlternativeNames: ['prom.internal'],
        ipAddresses: ['10.0.0.5'],
        scrapeInterval: '1s',
        scrapeConfigs: [{ jobName: 'prometheus-again', targets: ['localhost:9090'], metricsPath: '/metrics' }],
      },
    }),
  );
  // testssl.sh's rating takes most of a minute: it starts at once and runs beside the other tests.
  let rating: Promise<TestsslResult>;
  beforeAll(() => {
    rating = testssl(stack(), 'prom.example.org', 8443, { caFile: stack().instances[0].trustAnchor, rating: true });
    rating.catch(() => undefined);
  });

  describeProxyBehaviour(line, stack, 0, {
    url: 'https://prom.example.org:8443/ops/prom/',
    httpPort: 8080,
    jobs: ['prometheus', 'prometheus-again'],
    caCommonName: 'prom.example.org Prometheus CA',
    servesWithoutSni: true,
    hsts: true,
  });

  test('the extra SAN and the IP address verify against the CA too', async () => {
    // GIVEN
    const { trustAnchor } = stack().instances[0];
    // WHEN
    const byName = await handshake(stack(), 'prom.example.org', 8443, trustAnchor, ['-verify_hostname', 'prom.internal']);
    const byIp = await handshake(stack(), 'prom.example.org', 8443, trustAnchor, ['-verify_ip', '10.0.0.5']);
    const otherIp = await handshake(stack(), 'prom.example.org', 8443, trustAnchor, ['-verify_ip', '10.0.0.6']);
    // THEN
    expect([byName.verifyCode, byIp.verifyCode]).toEqual([0, 0]);
    expect(otherIp.output).toMatch(/Verify return code: 64 \(IP address mismatch\)/);
  });

  test('testssl.sh rates the private-CA mode, with its CA trusted, A+', async () => {
    const scan = await rating;
    expect({ grade: scan.grade, caps: scan.gradeCaps }).toEqual({ grade: 'A+', caps: undefined });
  }, 240_000);
});
