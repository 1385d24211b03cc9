import { BASIC_AUTH, ECDHE_AEAD_TLS12 } from './fixtures';
import { sslscan } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive(
  'prefix "/" with an ECDSA key and basic auth, live',
  (line) => {
    // GIVEN
    const stack = useRunningStack(line, () =>
      synthesizeProxies('root', line, {
        prometheus: {
          domainName: 'metrics.example.net',
          pathPrefix: '/',
          httpsPort: 9443,
          basicAuthUsers: [{ username: BASIC_AUTH.username, passwordHash: BASIC_AUTH.passwordHash }],
          scrapeInterval: '1s',
        },
      }),
    );

    describeProxyBehaviour(line, stack, 0, { url: 'https://metrics.example.net:9443/', jobs: ['prometheus'], basicAuth: { healthOpen: true } });

    test('sslscan finds, for TLS 1.2, exactly the ECDHE-ECDSA AEAD suites', async () => {
      // GIVEN an ECDSA certificate: the ECDHE-ECDSA AEAD suites, and no other, apply in TLS 1.2
      const ecdsaSuites = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305'];
      // WHEN
      const scan = await sslscan(stack(), 'metrics.example.net', 9443);
      // THEN
      const tls12 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.2').map((c) => c.name);
      for (const name of tls12) expect(name).toMatch(ECDHE_AEAD_TLS12);
      expect([...tls12].sort()).toEqual(ecdsaSuites);
      expect(scan.protocols).toMatchObject({ 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
    });
  },
  ['current', 'debian12'],
);
