import { HttpResponse, curl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';

describeLive('nginx after Terraform replaces the Prometheus container, live', () => {
  // GIVEN a running instance
  const stack = useRunningStack(() =>
    synthesizeProxies('recreate', { prometheus: { domainName: 'heal.example.com', httpsPort: 8443, rsaBits: 2048, scrapeInterval: '1s' } }),
  );

  test("nginx's own health check notices the stale address, reloads nginx, and the proxy serves again", async () => {
    const { host } = stack();
    const instance = stack().instances[0];
    const ready = (): Promise<HttpResponse> => curl(stack(), `${instance.url}-/ready`, { cacert: instance.trustAnchor });
    const before = await ready();

    // WHEN the Prometheus container is replaced and comes back under a new IP address
    await host.recreate(instance.prometheusContainer);
    await poll('the new Prometheus to be healthy', 30_000, async () => (await host.healthCheck(instance.prometheusContainer)).code === 0);
    const stale = await ready();
    const firstCheck = await host.healthCheck(instance.nginxContainer);
    let after!: HttpResponse;
    await poll('the proxy to serve again', 15_000, async () => (after = await ready()).status === 200);
    const nextCheck = await host.healthCheck(instance.nginxContainer);

    // THEN nginx kept the address it resolved at start until its health check failed and reloaded it
    expect(before.status).toBe(200);
    expect([502, 504]).toContain(stale.status);
    expect(firstCheck.code).toBe(1);
    expect(after.status).toBe(200);
    expect(nextCheck.code).toBe(0);
    await host.assertRunning(instance.nginxContainer);
  }, 90_000);
});
