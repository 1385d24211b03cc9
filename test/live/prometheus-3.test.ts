import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';

/** nginx's default proxy_read_timeout, which a stream without heartbeats would hit. */
const NGINX_DEFAULT_READ_TIMEOUT_MS = 60_000;

describeLive("Prometheus 3's notifications stream through the proxy, live", (line) => {
  // GIVEN an instance on the current line
  const stack = useRunningStack(line, () =>
    synthesizeProxies('notify', line, { prometheus: { domainName: 'notify.example.com', httpsPort: 8443, namePrefix: 'notify' } }),
  );

  test('answers at once, stays open past nginx\'s default 60 s read timeout, and a failed reload reaches the client within 2 s', async () => {
    // GIVEN a client of the stream, as Prometheus 3's UI opens it
    const { host } = stack();
    const instance = stack().instances[0];
    const client = host.spawn('notifications-client', [
      'curl', '-sN', '-D', '-', '--cacert', instance.trustAnchor, `${instance.url}api/v1/notifications/live`,
    ]);
    // The revision Prometheus reads, edited in place: a config the agent would never make current.
    const config = join(await host.volumeDirectory('notify-prometheus-config'), 'current', 'prometheus.yml');
    const rendered = readFileSync(config, 'utf8');
    try {
      // THEN the response starts at once, as an event stream
      await poll('the stream to answer', 2000, async () => /^HTTP\/\S+ 200/m.test(client.output), 20);
      expect(client.output).toMatch(/^content-type: text\/event-stream/im);
      // WHEN the client has waited longer than nginx would wait by default
      await new Promise((resolve) => setTimeout(resolve, NGINX_DEFAULT_READ_TIMEOUT_MS + 5000));
      // THEN it is still connected
      expect(client.alive).toBe(true);
      // WHEN Prometheus is told to reload a config it rejects
      writeFileSync(config, 'global:\n  scrape_interval: not-a-duration\n');
      const sent = Date.now();
      await host.signal(instance.prometheusContainer, 'SIGHUP');
      // THEN its notification arrives through nginx within 2 s, nothing buffered
      await poll('the failed reload to be notified', 2000, async () => client.output.includes('Configuration reload has failed'), 20);
      expect(Date.now() - sent).toBeLessThan(2000);
      expect(client.output).toMatch(/^data: \{[^\n]*"text":"Configuration reload has failed\.?"[^\n]*"active":true/m);
    } finally {
      writeFileSync(config, rendered);
      await host.signal(instance.prometheusContainer, 'SIGHUP');
      await client.stop();
    }
  }, 120_000);
}, ['current']);
