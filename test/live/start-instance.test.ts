import { existsSync } from 'node:fs';
import { startInstance } from './harness';
import { describeLive } from './harness/requirements';

describeLive('startInstance, the entry point of the benchmarks, live', () => {
  test('runs one instance that wrk-style clients reach by URL, and stops it without a trace', async () => {
    // GIVEN
    const instance = await startInstance({ domainName: 'bench.example.com', httpsPort: 8443, keyAlgorithm: 'ECDSA', scrapeInterval: '1s' });
    let stopped = false;
    try {
      // WHEN
      const fromHost = await instance.exec(['curl', '-s', '--cacert', instance.trustAnchor, `${instance.url}-/healthy`]);
      const inNginx = await instance.execIn('nginx', ['/usr/sbin/nginx', '-t']);
      await instance.stop();
      stopped = true;
      // THEN
      expect(instance.url).toBe('https://bench.example.com:8443/prometheus/');
      expect(fromHost.stdout).toMatch(/Healthy/);
      expect(inNginx.code).toBe(0);
      await expect(instance.exec(['true'])).resolves.toMatchObject({ code: 1 });
      expect(existsSync(instance.trustAnchor)).toBe(false);
    } finally {
      if (!stopped) await instance.stop();
    }
  }, 60_000);
});
