import { handshake } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive('a nested prefix on port 8443 with a private CA and an HTTP redirect listener, live', () => {
  // GIVEN
  const stack = useRunningStack(() =>
    synthesizeProxies('nested', {
      prometheus: {
        domainName: 'prom.example.org',
        pathPrefix: '/ops/prom',
        httpsPort: 8443,
        httpPort: 8080,
        certificateMode: 'private-ca',
        rsaBits: 2048,
        subjectAlternativeNames: ['prom.internal'],
        ipAddresses: ['10.0.0.5'],
        scrapeInterval: '1s',
        scrapeConfigs: [{ jobName: 'prometheus-again', targets: ['localhost:9090'], metricsPath: '/metrics' }],
      },
    }),
  );

  describeProxyBehaviour(stack, 0, {
    url: 'https://prom.example.org:8443/ops/prom/',
    httpPort: 8080,
    jobs: ['prometheus', 'prometheus-again'],
    caCommonName: 'prom.example.org Prometheus CA',
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
});
