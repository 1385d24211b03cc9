import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateMode, ClientAuth, ClientRole, PrometheusTlsProxy } from '../../lib';
import { HttpResponse, curl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { resolvesOnHost, synthesizeProxies } from './harness/stacks';
import { referenceOf } from './harness/terraform';
import { useRunningStack } from './live-stack';

const SITE = { site: 'edge-1' };
const NO_CERTIFICATE = 'No required SSL certificate was sent';
const CERTIFICATE_ERROR = 'The SSL certificate error';

/**
 * central receives from edge (an agent, on its own network: another host) and is federated by
 * federator. Not here: the OTLP receiver, which Debian's Prometheus 3 build leaves out (its
 * `--help` has no `--web.enable-otlp-receiver`); its route is proven by the renderer's tests only.
 */
function synthesize(line: Parameters<typeof synthesizeProxies>[1]) {
  return synthesizeProxies('hosts', line, {}, (scope) => {
    const central = new PrometheusTlsProxy(scope, 'central', {
      domainName: 'central.example.com',
      httpsPort: 8443,
      namePrefix: 'central',
      certificateMode: CertificateMode.PRIVATE_CA,
      auth: {
        clientAuth: ClientAuth.REQUIRED,
        clientCertificates: ['tester'],
        // The tester reads and writes: an admin (a reader could not write, nor a sender read).
        clientCertificateRoles: { tester: ClientRole.ADMIN },
      },
      enableRemoteWriteReceiver: true,
      scrapeInterval: '1s',
    });
    const edge = new PrometheusTlsProxy(scope, 'edge', {
      domainName: 'edge.example.com',
      httpsPort: 9443,
      namePrefix: 'edge',
      agentMode: true,
      externalLabels: SITE,
      scrapeInterval: '1s',
    });
    edge.remoteWriteTo(central, { queue: { batchSendDeadline: '1s' } });
    const federator = new PrometheusTlsProxy(scope, 'federator', { domainName: 'federator.example.com', httpsPort: 10443, namePrefix: 'federator', scrapeInterval: '1s' });
    federator.federate(central, { match: ['{site="edge-1"}'], scrapeInterval: '1s' });
    resolvesOnHost(edge, 'central.example.com');
    resolvesOnHost(federator, 'central.example.com');
  });
}

describeLive('beyond one host: remote write and federation over mTLS through the proxies, live', (line) => {
  const synthesized = synthesize(line);
  const stack = useRunningStack(line, () => synthesized);
  const byName = (name: string) => stack().instances.find((i) => i.podContainer === `${name}-pod`)!;
  let tester: { certificate: string; key: string };
  let work: string;
  beforeAll(() => {
    tester = stack().tls.clientCertificate('tester');
    work = mkdtempSync(join(tmpdir(), 'ptp-hosts-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** A request to `instance`'s proxy, trusting its certificate, with the tester's client certificate unless told otherwise. */
  const request = (name: string, path: string, extra: Parameters<typeof curl>[2] = {}): Promise<HttpResponse> =>
    curl(stack(), `${byName(name).url}${path}`, { cacert: byName(name).trustAnchor, clientCertificate: tester, ...extra });
  const query = async (name: string, promql: string) => JSON.parse((await request(name, `api/v1/query?query=${encodeURIComponent(promql)}`)).body).data.result;

  test("the central instance answers up{...} with the edge agent's series and external labels, received through its proxy with a client certificate", async () => {
    let series: { metric: Record<string, string>; value: [number, string] }[] = [];
    await poll("the edge's samples to arrive", 45_000, async () => (series = await query('central', 'up{site="edge-1"}')).length > 0, 500);
    expect(series.map((s) => [s.metric, s.value[1]])).toEqual([[{ __name__: 'up', instance: '127.0.0.1:9090', job: 'prometheus', ...SITE }, '1']]);
    // AND the central nginx logged the edge's client certificate for the writes
    const logs = await stack().host.logsWhen(byName('central').nginxContainer, (text) => text.includes('api/v1/write'));
    expect(logs).toMatch(/"POST \/prometheus\/api\/v1\/write HTTP\/[\d.]+" 204 .* client="CN=edge\.example\.com-remote-write-central,OU=sender"/);
  }, 60_000);

  test("the federating instance pulls the edge's series from the central one through its proxy, labels kept", async () => {
    let series: { metric: Record<string, string> }[] = [];
    await poll('the federated series', 45_000, async () => (series = JSON.parse((await request('federator', 'api/v1/query?query=up%7Bsite%3D%22edge-1%22%7D', { clientCertificate: undefined })).body).data.result).length > 0, 500);
    expect(series.map((s) => s.metric)).toEqual([{ __name__: 'up', instance: '127.0.0.1:9090', job: 'prometheus', ...SITE }]);
    const federation = await query('federator', 'up{job="federate-central"}');
    expect(federation.map((s: { value: [number, string] }) => s.value[1])).toEqual(['1']);
  }, 60_000);

  test('the agent serves only what an agent has: health, readiness and its metrics', async () => {
    const edge = (path: string) => curl(stack(), `${byName('edge').url}${path}`, { cacert: byName('edge').trustAnchor });
    const statuses = Object.fromEntries(
      await Promise.all(['-/healthy', '-/ready', 'metrics', 'api/v1/query?query=up', 'api/v1/status/config', 'federate', ''].map(async (path) => [path, (await edge(path)).status])),
    );
    expect(statuses).toEqual({ '-/healthy': 200, '-/ready': 200, metrics: 200, 'api/v1/query?query=up': 404, 'api/v1/status/config': 404, federate: 404, '': 404 });
  });

  describe('the central instance refuses', () => {
    test('a request without a client certificate, with 400 "No required SSL certificate was sent"; health stays open for probes', async () => {
      const api = await request('central', 'api/v1/query?query=up', { clientCertificate: undefined });
      const health = await request('central', '-/healthy', { clientCertificate: undefined });
      expect([api.status, api.body]).toEqual([400, expect.stringContaining(NO_CERTIFICATE)]);
      expect(health.status).toBe(200);
    });

    test('a certificate from another CA, and an expired one from its own, with 400 "The SSL certificate error"', async () => {
      // GIVEN a foreign CA's client certificate, and one the central CA signed but that expired
      const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
      openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=Foreign CA', '-keyout', 'foreign-ca.key', '-out', 'foreign-ca.crt');
      openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=intruder', '-keyout', 'intruder.key', '-out', 'intruder.csr');
      openssl('x509', '-req', '-in', 'intruder.csr', '-CA', 'foreign-ca.crt', '-CAkey', 'foreign-ca.key', '-days', '1', '-out', 'intruder.crt');
      const caKey = referenceOf(Object.values(synthesized.resources.tls_self_signed_cert).find((c) => c.is_ca_certificate === true && String(c.private_key_pem).includes('central_ca'))!.private_key_pem)!;
      const caCert = byName('central').trustAnchor;
      writeFileSync(
        join(work, 'ca.cnf'),
        '[ca]\ndefault_ca=central\n[central]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=any\n[any]\ncommonName=supplied\n[ext]\nextendedKeyUsage=clientAuth\n',
      );
      writeFileSync(join(work, 'index.txt'), '');
      writeFileSync(join(work, 'serial'), '01\n');
      openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=expired', '-keyout', 'expired.key', '-out', 'expired.csr');
      openssl('ca', '-batch', '-config', 'ca.cnf', '-name', 'central', '-cert', caCert, '-keyfile', stack().tls.file(caKey), '-in', 'expired.csr', '-out', 'expired.crt',
        '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-extensions', 'ext', '-notext');
      // WHEN
      const foreign = await request('central', 'api/v1/query?query=up', { clientCertificate: { certificate: join(work, 'intruder.crt'), key: join(work, 'intruder.key') } });
      const expired = await request('central', 'api/v1/query?query=up', { clientCertificate: { certificate: join(work, 'expired.crt'), key: join(work, 'expired.key') } });
      // THEN
      expect([foreign.status, foreign.body]).toEqual([400, expect.stringContaining(CERTIFICATE_ERROR)]);
      expect([expired.status, expired.body]).toEqual([400, expect.stringContaining(CERTIFICATE_ERROR)]);
    });

    test('a body over the receiver\'s 1 MB with 413 (what decodes to more than Prometheus may hold); one under it reaches Prometheus', async () => {
      const body = (name: string, bytes: number) => {
        const file = join(work, name);
        writeFileSync(file, Buffer.alloc(bytes, 0x61));
        return file;
      };
      const headers = ['Content-Type: application/x-protobuf', 'Content-Encoding: snappy'];
      const tooLarge = await request('central', 'api/v1/write', { method: 'POST', dataFile: body('2m', 2 * 1024 * 1024), headers });
      const large = await request('central', 'api/v1/write', { method: 'POST', dataFile: body('900k', 900 * 1024), headers });
      const api = await request('central', 'api/v1/query', { method: 'POST', dataFile: body('2m', 2 * 1024 * 1024) });
      expect(tooLarge.status).toBe(413);
      // Prometheus reads the 900 KB and refuses them as the garbage they are (400): nginx let them through.
      expect(large.status).toBe(400);
      expect(api.status).toBe(413);
    }, 60_000);

    test('the receiver takes POST only', async () => {
      expect((await request('central', 'api/v1/write')).status).toBe(403);
    });

    test('a cross-site POST to the receiver (a page using a browser\'s credentials), with 403; the same POST from a sender reaches Prometheus', async () => {
      // Prometheus takes a body without a Content-Type: a page can send one without a CORS preflight.
      const crossSite = await request('central', 'api/v1/write', { method: 'POST', data: 'x', headers: ['Content-Type:', 'Origin: https://evil.example', 'Sec-Fetch-Site: cross-site'] });
      const sender = await request('central', 'api/v1/write', { method: 'POST', data: 'x', headers: ['Content-Type:'] });
      expect(crossSite.status).toBe(403);
      // Prometheus refuses the garbage it was given (400): nginx let it through.
      expect(sender.status).toBe(400);
    });

    test("the log names a verified client certificate's subject, and never that of a certificate it refused", async () => {
      // GIVEN a client certificate of another CA whose CN names a client the central CA issued
      const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
      openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=tester', '-keyout', 'impostor.key', '-out', 'impostor.crt');
      // WHEN
      await request('central', 'api/v1/query?query=impostor', { clientCertificate: { certificate: join(work, 'impostor.crt'), key: join(work, 'impostor.key') } });
      await request('central', 'api/v1/query?query=genuine');
      // THEN
      const log = (await stack().host.logsWhen('central-nginx', (logs) => logs.includes('query=impostor') && logs.includes('query=genuine'))).split('\n');
      expect(log.find((line) => line.includes('query=impostor'))).toMatch(/ 400 .* client="-"$/);
      expect(log.find((line) => line.includes('query=genuine'))).toMatch(/ 200 .* client="CN=tester,OU=admin"$/);
      // The certificate remoteWriteTo issued the edge is a sender's.
      expect(log.some((line) => line.includes('api/v1/write') && line.endsWith('client="CN=edge.example.com-remote-write-central,OU=sender"'))).toBe(true);
    });

    test('a flood of requests to the receiver from one sender gets 429 past the senders\' burst (400) and rate (200/s), 503 past its 2 in flight', async () => {
      // WHEN one curl sends 3000 POSTs, 64 at a time: at 200 a second after the burst, that would take 13 s
      const { trustAnchor, url } = byName('central');
      const flood = await stack().exec(
        ['curl', '-s', '--cacert', trustAnchor, '--cert', tester.certificate, '--key', tester.key, '--parallel', '--parallel-max', '64', '-w', '%{http_code}\\n',
          '-X', 'POST', '-H', 'Content-Type: application/x-protobuf', '--data-binary', 'x', ...Array.from({ length: 3000 }, () => ['-o', '/dev/null', `${url}api/v1/write`]).flat()],
        { timeoutMs: 60_000 },
      );
      // THEN
      const statuses = flood.stdout.trim().split('\n').reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
      // THEN some reach Prometheus (which refuses the garbage: 400), the rest are refused: past the rate (429),
      // or past the sender's 2 in flight (503) when Prometheus is slower than curl
      expect(Object.keys(statuses).filter((status) => !['400', '429', '503'].includes(status))).toEqual([]);
      expect(statuses['400']).toBeGreaterThanOrEqual(10);
      expect(statuses['429']).toBeGreaterThanOrEqual(1000);
    }, 60_000);
  });
}, ['current']);
