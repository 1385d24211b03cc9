import { ECDHE_AEAD_TLS12 } from './fixtures';
import { TestsslResult, sslscan, testssl } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeExampleApp } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive(
  'the example app (every default), live',
  (line) => {
    // GIVEN main.ts's ExampleStack synthesized and running: example.com, /prometheus, port 443, ECDSA P-256, 15s scrapes
    const stack = useRunningStack(line, () => synthesizeExampleApp(line));
    // testssl.sh takes seconds of handshakes: it starts at once and runs while the first tests wait for a scrape.
    let testsslScan: Promise<TestsslResult>;
    beforeAll(() => {
      testsslScan = testssl(stack(), 'example.com', 443, { caFile: stack().instances[0].trustAnchor, rating: line.id === 'current' });
      testsslScan.catch(() => undefined);
    });

    describeProxyBehaviour(line, stack, 0, { url: 'https://example.com/prometheus/', jobs: ['prometheus'] });

    describe('second opinions on protocols and ciphers', () => {
      // GIVEN an ECDSA certificate: the ECDHE-ECDSA AEAD suites, and no other, apply in TLS 1.2
      const ecdsaSuites = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305'];

      test('sslscan finds TLS 1.2 and 1.3 only, and for TLS 1.2 exactly the ECDHE-ECDSA AEAD suites', async () => {
        // WHEN
        const scan = await sslscan(stack(), 'example.com', 443);
        // THEN
        expect(scan.protocols).toEqual({ SSLv2: false, SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
        const tls12 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.2').map((c) => c.name);
        for (const name of tls12) expect(name).toMatch(ECDHE_AEAD_TLS12);
        expect([...tls12].sort()).toEqual(ecdsaSuites);
      });

      test('testssl.sh agrees: TLS 1.2 and 1.3 offered, nothing older, the same forward-secret AEAD suites for TLS 1.2, AEAD ones for TLS 1.3', async () => {
        // WHEN
        const scan = await testsslScan;
        // THEN
        expect(scan.protocols).toEqual({ SSLv2: false, SSLv3: false, 'TLS 1': false, 'TLS 1.1': false, 'TLS 1.2': true, 'TLS 1.3': true });
        const tls12 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.2').map((c) => c.name);
        for (const name of tls12) expect(name).toMatch(ECDHE_AEAD_TLS12);
        expect([...tls12].sort()).toEqual(ecdsaSuites);
        const tls13 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.3').map((c) => c.name);
        expect(tls13.length).toBeGreaterThan(0);
        for (const name of tls13) expect(name).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
        expect([...scan.groups].sort()).toEqual(['X25519', 'prime256v1', 'secp384r1']);
      }, 240_000);

      if (line.id === 'current') {
        test('testssl.sh rates a self-signed certificate, trusted, A: capped only for the HSTS it leaves off', async () => {
          const scan = await testsslScan;
          expect({ grade: scan.grade, caps: scan.gradeCaps }).toEqual({ grade: 'A', caps: 'Grade capped to A. HSTS is not offered' });
        }, 240_000);
      }
    });
  },
  ['current', 'debian12'],
);
