import { existsSync } from 'node:fs';
import { NGINX_PATHS } from '../../lib/container-layout';
import { startInstance } from './harness';
import { describeLive } from './harness/requirements';

describeLive('startInstance, the entry point of the benchmarks, live', (line) => {
  test('runs one instance that wrk-style clients reach by URL, another nginx config beside it in the pod, and stops both without a trace', async () => {
    // GIVEN
    const instance = await startInstance(
      { domainName: 'bench.example.com', httpsPort: 8443, scrapeInterval: '1s' },
      {
        line,
        beside: {
          nginx: {
            'bench-copy': ({ upstream }) =>
            'events {}\nhttp {\n  server {\n    listen 443 ssl;\n' +
            `    ssl_certificate ${NGINX_PATHS.certificate};\n    ssl_certificate_key ${NGINX_PATHS.privateKey};\n` +
            `    location /prometheus/ { proxy_pass http://${upstream}/; }\n  }\n}\n`,
          },
        },
      },
    );
    let stopped = false;
    try {
      // WHEN
      const fromHost = await instance.exec(['curl', '-s', '--cacert', instance.trustAnchor, `${instance.url}-/healthy`]);
      const inNginx = await instance.execIn('nginx', ['/usr/sbin/nginx', '-t', '-c', NGINX_PATHS.config]);
      const copy = instance.beside['bench-copy'];
      const throughCopy = await instance.exec(['curl', '-s', '--cacert', instance.trustAnchor, `${copy.url}-/healthy`]);
      await instance.stop();
      stopped = true;
      // THEN
      expect(instance.url).toBe('https://bench.example.com:8443/prometheus/');
      expect(fromHost.stdout).toMatch(/Healthy/);
      expect(inNginx.code).toBe(0);
      expect(copy.url).toBe('https://bench.example.com:8444/prometheus/');
      expect(throughCopy.stdout).toMatch(/Healthy/);
      await expect(instance.exec(['true'])).resolves.toMatchObject({ code: 1 });
      expect(existsSync(instance.trustAnchor)).toBe(false);
    } finally {
      if (!stopped) await instance.stop();
    }
  }, 60_000);
});
