import { TLS12_CIPHERS } from '../../lib/render/nginx-conf';
import { ScanResult, sslscan, testssl } from './harness/probes';
import { describeLive } from './harness/requirements';
import { synthesizeExampleApp } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive('the example app (every default), live', () => {
  // GIVEN main.ts's ExampleStack synthesized and running: example.com, /prometheus, port 443, RSA 4096, 15s scrapes
  const stack = useRunningStack(synthesizeExampleApp);
  // testssl.sh takes seconds of handshakes: it starts at once and runs while the first tests wait for a scrape.
  let testsslScan: Promise<ScanResult>;
  beforeAll(() => {
    testsslScan = testssl(stack(), 'example.com', 443);
    testsslScan.catch(() => undefined);
  });

  describeProxyBehaviour(stack, 0, { url: 'https://example.com/prometheus/', jobs: ['prometheus'] });

  describe('second opinions on protocols and ciphers', () => {
    const accepted = TLS12_CIPHERS.split(':');

    test('sslscan finds TLS 1.2 and 1.3 only, and only the rendered AEAD suites for TLS 1.2', async () => {
      // WHEN
      const scan = await sslscan(stack(), 'example.com', 443);
      // THEN
      expect(scan.protocols).toEqual({ SSLv2: false, SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
      const tls12 = scan.ciphers.filter((c) => c.protocol === 'TLSv1.2').map((c) => c.name);
      expect(tls12.length).toBeGreaterThan(0);
      for (const name of tls12) expect(accepted).toContain(name);
    });

    test('testssl.sh agrees: TLS 1.2 and 1.3 offered, nothing older, forward secrecy with AEAD suites only', async () => {
      // WHEN
      const scan = await testsslScan;
      // THEN
      expect(scan.protocols).toEqual({ SSLv2: false, SSLv3: false, 'TLS 1': false, 'TLS 1.1': false, 'TLS 1.2': true, 'TLS 1.3': true });
      expect(scan.ciphers.length).toBeGreaterThan(0);
      for (const { name } of scan.ciphers) expect(name).toMatch(/GCM|CHACHA20/);
    }, 120_000);
  });
});
