import { Container } from '@cdktf/provider-docker/lib/container';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateMode, PrometheusTlsProxy, PrometheusTlsProxyProps } from '../../lib';
import { TOOL_IMAGES } from './harness/engine/images';
import type { ImageLine } from './harness/image-lines';
// A type only: the module itself is a script, run as a process of its own.
import type { Outcome } from './harness/load-during-change';
import { curl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import type { RunningStack } from './harness/running-stack';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';

const DOMAIN = 'changes.example.com';
const SCRAPE_INTERVAL_S = 1;

/** The instance, and a node exporter on its network that a scrape job may name. */
function synthesize(line: ImageLine, props: Partial<PrometheusTlsProxyProps> = {}) {
  return synthesizeProxies('changes', line, {}, (scope) => {
    const proxy = new PrometheusTlsProxy(scope, 'prometheus', {
      ...line.images,
      domainName: DOMAIN,
      httpsPort: 8443,
      namePrefix: 'changes',
      // A CA the clients trust, whose leaf renews underneath: what renews without clients noticing.
      tls: { certificateMode: CertificateMode.PRIVATE_CA },
      prometheus: { scrapeInterval: `${SCRAPE_INTERVAL_S}s` },
      // The two load clients come from one address at 40 requests a second.
      limits: { requestsPerSecondPerClient: 100 },
      ...props,
    });
    new Container(scope, 'node', {
      name: 'changes-node',
      image: TOOL_IMAGES.nodeExporter,
      command: ['--web.listen-address=:9100', '--collector.disable-defaults', '--collector.time'],
      networksAdvanced: [{ name: proxy.pod.networkName }],
    });
  });
}

/** Container id and start time of nginx and Prometheus: a restart changes the one or the other. */
async function processes(stack: RunningStack): Promise<Record<string, string>> {
  const instance = stack.instances[0];
  const entries = await Promise.all(
    [instance.nginxContainer, instance.prometheusContainer].map(async (name) => {
      const { Id, State } = await stack.host.inspect(name);
      return [name, `${Id} ${State.StartedAt}`] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function fingerprint(pemFile: string): string {
  return createHash('sha256').update(new X509Certificate(readFileSync(pemFile)).raw).digest('hex');
}

describeLive('changes reach the running processes without a restart and without a dropped request, live', (line) => {
  const stack = useRunningStack(line, () => synthesize(line));
  const instance = () => stack().instances[0];
  const query = async (promql: string) =>
    JSON.parse((await curl(stack(), `${instance().url}api/v1/query?query=${encodeURIComponent(promql)}`, { cacert: instance().trustAnchor })).body).data.result;

  test('a certificate renewal under load: no request fails, the new certificate is served afterwards and the old one no more, nothing restarts', async () => {
    // GIVEN a client opening a new HTTPS connection every 50 ms and one keeping its connection alive, for the whole redeploy
    const before = await processes(stack());
    const leaf = () => stack().tls.file(`${certificate[0]}.cert_pem`);
    const certificate = Object.keys(stack().configuration.tls_locally_signed_cert ?? {}).map((id) => `tls_locally_signed_cert.${id}`);
    expect(certificate).toHaveLength(1);
    const old = fingerprint(leaf());
    const client = stack().host.spawn('load-during-change', [
      process.execPath, '-r', 'sucrase/register', join(__dirname, 'harness/load-during-change.ts'), `${instance().url}-/healthy`, instance().trustAnchor, '50',
    ]);
    await poll('the load client to start', 10_000, async () => client.output.includes('started'), 50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // WHEN Terraform renews the certificate (the provider replaces it once it is due; here, on request)
    const started = Date.now();
    const { changes } = await stack().deploy(undefined, { replace: certificate });
    const deployed = Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    process.kill(-client.pid, 'SIGTERM');
    await client.exited;
    const outcomes = JSON.parse(client.output.split('\n').find((text) => text.startsWith('['))!) as Outcome[];
    // THEN
    const renewed = fingerprint(leaf());
    expect(renewed).not.toBe(old);
    const failed = outcomes.filter((outcome) => outcome.result !== 200);
    const fresh = outcomes.filter((outcome) => outcome.client === 'new-connection');
    const switched = fresh.findIndex((outcome) => outcome.certificate === renewed);
    console.log(
      `renewal: deploy ${deployed} ms (${changes.map((c) => `${c.action} ${c.address}`).join(', ')}); ${outcomes.length} requests, ${failed.length} failed, ` +
        `${outcomes.filter((o) => o.retried).length} kept-alive ones retried on a closed idle connection; new certificate from request ${switched + 1} of ${fresh.length} new connections`,
    );
    expect(failed).toEqual([]);
    expect(outcomes.filter((o) => o.client === 'keep-alive').length).toBeGreaterThan(20);
    expect(switched).toBeGreaterThan(0);
    expect(fresh.slice(switched).filter((outcome) => outcome.certificate !== renewed)).toEqual([]);
    expect(changes.filter((change) => change.address.startsWith('docker_container.')).map((change) => [change.address, change.action])).toEqual([
      [stack().addressOf('changes-agent'), 'replace'],
    ]);
    expect(await processes(stack())).toEqual(before);
  }, 120_000);

  test('a scrape job added: Prometheus keeps its container and process, the new target is scraped within two scrape intervals, the existing job misses no scrape', async () => {
    // GIVEN
    const before = await processes(stack());
    const started = Number((await query('process_start_time_seconds{job="prometheus"}'))[0].value[1]);
    // WHEN
    const { changes } = await stack().deploy(synthesize(line, { prometheus: { scrapeInterval: `${SCRAPE_INTERVAL_S}s`, scrapeConfigs: [{ jobName: 'node', targets: ['changes-node:9100'] }] } }));
    const deployed = Date.now();
    // THEN
    let up: { value: [number, string] }[] = [];
    await poll('the new job to be scraped', 2 * SCRAPE_INTERVAL_S * 1000 + 1000, async () => (up = await query('up{job="node"}')).length === 1 && up[0].value[1] === '1', 100);
    console.log(`scrape job added: scraped ${Date.now() - deployed} ms after the deploy returned; the plan: ${changes.map((c) => `${c.action} ${c.address}`).join(', ')}`);
    expect(await processes(stack())).toEqual(before);
    expect(Number((await query('process_start_time_seconds{job="prometheus"}'))[0].value[1])).toBe(started);
    // The self-scrape's raw samples over the change: no gap longer than one and a half intervals.
    const samples = (await query('up{job="prometheus"}[30s]'))[0].values as [number, string][];
    const gaps = samples.slice(1).map(([at], i) => at - samples[i][0]);
    expect(Math.max(...gaps)).toBeLessThan(1.5 * SCRAPE_INTERVAL_S);
  }, 60_000);

  test("a config nginx rejects (a provided key that is not the certificate's): the deploy fails saying why, and the old config keeps serving", async () => {
    // GIVEN the certificate served now, and a redeploy with a provided certificate whose key is another's:
    // Terraform values, which synthesis cannot compare, so only nginx -t can refuse them
    const served = (await stack().exec(['sh', '-c', `openssl s_client -connect ${DOMAIN}:8443 -servername ${DOMAIN} </dev/null 2>/dev/null | openssl x509 -fingerprint -sha256 -noout`])).stdout;
    const broken = synthesizeProxies('changes', line, {}, (scope) => {
      const keys = [1, 2].map((i) => new PrivateKey(scope, `key-${i}`, { algorithm: 'ECDSA', ecdsaCurve: 'P256' }));
      const certificate = new SelfSignedCert(scope, 'certificate', {
        privateKeyPem: keys[0].privateKeyPem,
        subject: [{ commonName: DOMAIN }],
        dnsNames: [DOMAIN],
        validityPeriodHours: 24,
        allowedUses: ['digital_signature', 'server_auth'],
      });
      const proxy = new PrometheusTlsProxy(scope, 'prometheus', {
        ...line.images,
        domainName: DOMAIN,
        httpsPort: 8443,
        namePrefix: 'changes',
        prometheus: { scrapeInterval: `${SCRAPE_INTERVAL_S}s` },
        limits: { requestsPerSecondPerClient: 100 },
        tls: { certificateMode: CertificateMode.PROVIDED, certificatePem: certificate.certPem, privateKeyPem: keys[1].privateKeyPem },
      });
      new Container(scope, 'node', { name: 'changes-node', image: TOOL_IMAGES.nodeExporter, networksAdvanced: [{ name: proxy.pod.networkName }] });
    });
    const before = await processes(stack());
    // WHEN
    const failure = await stack().deploy(broken).then(() => undefined, (error: Error) => error);
    // THEN
    expect(failure?.message).toMatch(/container failed to be in healthy state/);
    const agentLog = await stack().host.logsOf('changes-agent');
    expect(agentLog).toMatch(/changes-nginx rejects revision/);
    expect(agentLog).toMatch(/key values mismatch/);
    const response = await curl(stack(), `${instance().url}-/healthy`, { cacert: instance().trustAnchor });
    expect(response.status).toBe(200);
    expect((await stack().exec(['sh', '-c', `openssl s_client -connect ${DOMAIN}:8443 -servername ${DOMAIN} </dev/null 2>/dev/null | openssl x509 -fingerprint -sha256 -noout`])).stdout).toBe(served);
    expect(await processes(stack())).toEqual(before);
  }, 120_000);
}, ['current', 'debian12']);
