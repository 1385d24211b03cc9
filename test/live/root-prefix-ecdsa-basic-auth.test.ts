import { TLS12_CIPHERS } from '../../lib/render/nginx-conf';
import { BASIC_AUTH } from './fixtures';
import { sslscan } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive('prefix "/" with an ECDSA key and basic auth, live', () => {
  // GIVEN
  const stack = useRunningStack(() =>
    synthesizeProxies('root', {
      prometheus: {
        domainName: 'metrics.example.net',
        pathPrefix: '/',
        httpsPort: 9443,
        keyAlgorithm: 'ECDSA',
        basicAuthUsers: [{ username: BASIC_AUTH.username, passwordHash: BASIC_AUTH.passwordHash }],
        scrapeInterval: '1s',
      },
    }),
  );

  describeProxyBehaviour(stack, 0, { url: 'https://metrics.example.net:9443/', jobs: ['prometheus'], basicAuth: { healthOpen: true } });

  test('sslscan finds only the rendered ECDSA AEAD suites for TLS 1.2', async () => {
    // WHEN
    const scan = await sslscan(stack(), 'metrics.example.net', 9443);
    // THEN
    const tls12 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.2').map((c) => c.name);
    expect(tls12.length).toBeGreaterThan(0);
    for (const name of tls12) {
      expect(TLS12_CIPHERS.split(':')).toContain(name);
      expect(name).toMatch(/^ECDHE-ECDSA-/);
    }
    expect(scan.protocols).toMatchObject({ 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
  });
});
