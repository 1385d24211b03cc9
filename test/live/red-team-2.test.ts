import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertificateMode, ClientAuth, ClientRole, PrometheusTlsProxyProps } from '../../lib';
import { BASIC_AUTH } from './fixtures';
import { InstanceHandle, startInstance } from './harness';
import type { RunningInstance, RunningStack } from './harness/running-stack';
import { HttpResponse, curl, handshake } from './harness/probes';
import { poll } from './harness/processes';
import { remoteWriteBomb, remoteWriteRequest } from './harness/remote-write-bomb';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { START_TIMEOUT_MS, useRunningStack } from './live-stack';

/**
 * The second red team's findings (issue 19), each as the attack that found it: against an instance
 * that requires client certificates of four roles and one with basic auth users of three, both with
 * the admin API and the remote-write receiver on, and an open one with a copy of its nginx in front of
 * an echo server, to see what reaches the upstream.
 */

const MEMORY_MB = 1024;

const GUARDED: PrometheusTlsProxyProps = {
  domainName: 'guarded.example.com',
  httpsPort: 8443,
  tls: { certificateMode: CertificateMode.PRIVATE_CA },
  auth: {
    clientAuth: ClientAuth.REQUIRED,
    clientCertificates: ['reader', 'ops', 'pusher', 'fed'],
    clientCertificateRoles: { ops: ClientRole.ADMIN, pusher: ClientRole.SENDER, fed: ClientRole.FEDERATOR },
  },
  // Eight slow uploads from one sender, to see that none of them holds Prometheus.
  limits: { receiverRequestsInFlightPerSender: 8 },
  prometheus: { memoryMb: MEMORY_MB, scrapeInterval: '1s' },
  enableAdminApi: true,
  enableRemoteWriteReceiver: true,
};

const user = (username: string, role?: ClientRole) => ({ username, passwordHash: BASIC_AUTH.passwordHash, role });
const BASIC: PrometheusTlsProxyProps = {
  domainName: 'basic.example.com',
  httpsPort: 8444,
  auth: { basicAuthUsers: [user('grafana'), user('ops', ClientRole.ADMIN), user('edge', ClientRole.SENDER)] },
  prometheus: { scrapeInterval: '1s' },
  enableAdminApi: true,
  enableRemoteWriteReceiver: true,
};

/** Queries of the finding's kind: each asks for tens of millions of points, which Prometheus loads before it can refuse them. */
const QUERY_BOMBS = [
  'count_over_time(vector(1)[45000s:1ms])',
  'quantile_over_time(0.9, vector(1)[20000s:1ms])',
  'sum_over_time(timestamp(vector(1))[30000s:1ms])',
  'count_over_time(count_over_time(vector(1)[300s:1ms])[1000s:1s])',
];

/** Peak resident memory of a container's main process (VmHWM), in MB: what the kernel's OOM killer would have counted. */
async function peakMemoryMb(stack: RunningStack, container: string): Promise<number> {
  const status = readFileSync(`/proc/${await stack.host.pidOf(container)}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)![1]) / 1024;
}

/** Established connections to Prometheus's port in the pod's network namespace: nginx's, to it. */
async function connectionsToPrometheus(stack: RunningStack, instance: RunningInstance): Promise<number> {
  const table = readFileSync(`/proc/${await stack.host.pidOf(instance.prometheusContainer)}/net/tcp`, 'utf8');
  // local_address 0100007F:2382 (127.0.0.1:9090), st 01 (ESTABLISHED)
  return table.split('\n').filter((line) => / 0100007F:2382 [0-9A-F]{8}:[0-9A-F]{4} 01 /.test(line)).length;
}

/** `curl -w %{http_code}` of one request, with a deadline longer than Prometheus's query timeout. */
async function statusOf(stack: RunningStack, argv: string[]): Promise<string> {
  const { stdout } = await stack.exec(['curl', '-s', '--max-time', '150', '-o', '/dev/null', '-w', '%{http_code}', ...argv], { timeoutMs: 160_000 });
  return stdout;
}

function counted(statuses: string[]): Record<string, number> {
  return statuses.reduce<Record<string, number>>((counts, status) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
}

describeLive('the second red team\'s findings, on instances with client certificate and basic auth roles, live', (line) => {
  const stack = useRunningStack(line, () => synthesizeProxies('redteam2', line, { guarded: GUARDED, basic: BASIC }));
  const guarded = () => stack().instances.find((instance) => instance.domain === 'guarded.example.com')!;
  const basic = () => stack().instances.find((instance) => instance.domain === 'basic.example.com')!;
  const as = (name: string) => ({ clientCertificate: stack().tls.clientCertificate(name) });
  const certArgs = (name: string) => {
    const { certificate, key } = stack().tls.clientCertificate(name);
    return ['--cacert', guarded().trustAnchor, '--cert', certificate, '--key', key];
  };
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ptp-redteam2-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** `count` POSTs to the guarded instance's `path` with the client certificate `name`, their bodies trickled over `seconds` (harness/slow-requests.ts). */
  const slowRequests = async (name: string, count: number, path: string, seconds: number) => {
    const instance = guarded();
    const pod = await stack().host.ipOf(instance.podContainer);
    const { certificate, key } = stack().tls.clientCertificate(name);
    return stack().host.spawn(`slow-${name}`, [
      process.execPath, '-r', 'sucrase/register', `${__dirname}/harness/slow-requests.ts`,
      pod, '443', instance.domain, String(count), `${instance.base}${path}`, '-', String(seconds), certificate, key,
    ]);
  };

  /** A file holding `body`, for curl --data-binary. */
  const bodyFile = (name: string, body: Buffer): string => {
    const path = join(work, name);
    writeFileSync(path, body);
    return path;
  };
  const sample = (labels: Record<string, string>) => bodyFile(`sample-${Date.now()}-${Math.random()}`, remoteWriteRequest([Object.entries(labels)], 1, Date.now()));
  const write = (instance: RunningInstance, file: string, options: Parameters<typeof curl>[2]) =>
    curl(stack(), `${instance.url}api/v1/write`, {
      cacert: instance.trustAnchor,
      method: 'POST',
      dataFile: file,
      headers: ['Content-Encoding: snappy', 'Content-Type: application/x-protobuf', 'X-Prometheus-Remote-Write-Version: 0.1.0'],
      ...options,
    });

  describe('finding 1: one query exhausted Prometheus\'s memory', () => {
    test(`${QUERY_BOMBS.length * 2} such queries at once from a reader are refused, Prometheus stays under its ${MEMORY_MB} MB and answers up throughout`, async () => {
      // GIVEN Prometheus's memory limit, and its memory so far
      const instance = guarded();
      const { HostConfig } = await stack().host.inspect(instance.prometheusContainer);
      expect(HostConfig.Memory).toBe(MEMORY_MB * 2 ** 20);
      // WHEN every bomb twice, at once, with `up` asked all along
      const url = (query: string) => `${instance.url}api/v1/query?query=${encodeURIComponent(query)}`;
      let bombing = true;
      const upStatuses: string[] = [];
      const asking = (async () => {
        while (bombing) {
          upStatuses.push(await statusOf(stack(), [...certArgs('reader'), url('up')]));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      const bombs = await Promise.all([...QUERY_BOMBS, ...QUERY_BOMBS].map((query) => statusOf(stack(), [...certArgs('reader'), url(query)])));
      bombing = false;
      await asking;
      // THEN each is refused for what it would load (422), none kills Prometheus (502)
      expect(counted(bombs)).toEqual({ 422: bombs.length });
      expect(upStatuses.length).toBeGreaterThan(0);
      expect(counted(upStatuses)).toEqual({ 200: upStatuses.length });
      const { State, RestartCount } = await stack().host.inspect(instance.prometheusContainer);
      expect({ running: State.Running, oomKilled: State.OOMKilled, restarts: RestartCount }).toEqual({ running: true, oomKilled: false, restarts: 0 });
      expect(await peakMemoryMb(stack(), instance.prometheusContainer)).toBeLessThan(MEMORY_MB * 0.75);
    }, 180_000);

    test('a client has at most 32 queries in flight: the 8 past them are refused at once (429), the others answered', async () => {
      // WHEN one reader trickles the bodies of 40 queries over 6 s
      const slow = await slowRequests('reader', 40, 'api/v1/query', 6);
      try {
        await poll('the queries to be answered', 30_000, async () => slow.output.includes('done'), 200);
        // THEN
        const statuses = counted([...slow.output.matchAll(/^status (\S+)$/gm)].map(([, status]) => status));
        expect(statuses).toEqual({ 200: 32, 429: 8 });
      } finally {
        await slow.stop();
      }
    }, 60_000);

    test('the query engine\'s limits derive from the memory limit, and GOMEMLIMIT sits below it', async () => {
      const { Args, Config } = await stack().host.inspect(guarded().prometheusContainer);
      expect(Args).toEqual(expect.arrayContaining(['--query.max-concurrency=4', `--query.max-samples=${Math.floor((MEMORY_MB * 2 ** 20 * 0.5) / 400)}`, '--query.timeout=2m']));
      expect(Config.Env).toContain(`GOMEMLIMIT=${Math.floor(MEMORY_MB * 0.9)}MiB`);
    });
  });

  describe('finding 2: 1.5 MB of remote write exhausted it too', () => {
    test('the red team\'s 1.57 MB bodies are refused before Prometheus reads them (413)', async () => {
      const { body } = remoteWriteBomb();
      expect(body.length).toBeGreaterThan(1_500_000);
      const file = bodyFile('bomb-large', body);
      const statuses = await Promise.all(Array.from({ length: 6 }, () => write(guarded(), file, as('pusher'))));
      expect(statuses.map((response) => response.status)).toEqual(Array(6).fill(413));
    });

    test('bodies at the limit that decode to 21 MiB, 8 at once from one sender, reach Prometheus one at a time and never take it past its memory', async () => {
      // GIVEN the largest body the receiver accepts, and what it decodes to
      const { body, decodedBytes } = remoteWriteBomb(21 * 2 ** 20);
      expect(body.length).toBeLessThanOrEqual(2 ** 20);
      expect(decodedBytes).toBeGreaterThan(20 * 2 ** 20);
      const file = bodyFile('bomb-at-limit', body);
      // WHEN
      const statuses = (await Promise.all(Array.from({ length: 8 }, () => write(guarded(), file, as('pusher'))))).map((response) => response.status);
      // THEN each is decoded by Prometheus (which takes or refuses its one repeated sample: 204 or 400) or told to come back (503)
      expect(statuses.filter((status) => ![204, 400, 503].includes(status))).toEqual([]);
      expect(statuses.some((status) => status !== 503)).toBe(true);
      const { State, RestartCount } = await stack().host.inspect(guarded().prometheusContainer);
      expect({ running: State.Running, oomKilled: State.OOMKilled, restarts: RestartCount }).toEqual({ running: true, oomKilled: false, restarts: 0 });
      expect(await peakMemoryMb(stack(), guarded().prometheusContainer)).toBeLessThan(MEMORY_MB * 0.75);
    }, 60_000);

    test('slow uploads hold no connection of Prometheus\'s, and leave the receiver free for other senders', async () => {
      // GIVEN Prometheus's connections from nginx at rest
      const instance = guarded();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const atRest = await connectionsToPrometheus(stack(), instance);
      // WHEN one sender trickles 8 bodies of 8 bytes over 12 s, as the red team did
      const slow = await slowRequests('pusher', 8, 'api/v1/write', 12);
      try {
        await new Promise((resolve) => setTimeout(resolve, 4000));
        const during = await connectionsToPrometheus(stack(), instance);
        const other = await write(instance, sample({ __name__: 'red_team_other_sender', job: 'rt2' }), as('ops'));
        // THEN none of them reached Prometheus, and another sender's batch went through at once
        expect(during).toBeLessThanOrEqual(atRest + 1);
        expect(other.status).toBe(204);
        await poll('the slow uploads to be answered', 30_000, async () => slow.output.includes('done'), 200);
        expect(slow.output).not.toMatch(/status (502|504)/);
      } finally {
        await slow.stop();
      }
    }, 60_000);
  });

  describe('finding 3: every certificate had every right', () => {
    const routes = {
      query: { path: 'api/v1/query?query=up' },
      config: { path: 'api/v1/status/config' },
      targets: { path: 'api/v1/targets' },
      federate: { path: 'federate?match[]=up' },
      snapshot: { path: 'api/v1/admin/tsdb/snapshot', method: 'POST' },
      healthy: { path: '-/healthy' },
    } as const;

    /** The status of each route, and of a write, for one identity. */
    async function rights(instance: RunningInstance, identity: Parameters<typeof curl>[2]): Promise<Record<string, number>> {
      const statuses = await Promise.all(
        Object.entries(routes).map(async ([name, route]) => {
          const response = await curl(stack(), `${instance.url}${route.path}`, { cacert: instance.trustAnchor, method: 'method' in route ? route.method : undefined, ...identity });
          return [name, response.status] as const;
        }),
      );
      const written = await write(instance, sample({ __name__: 'red_team_role_check', job: 'rt2' }), identity);
      return { ...Object.fromEntries(statuses), write: written.status };
    }

    test.each([
      ['reader', { query: 200, config: 200, targets: 200, federate: 200, snapshot: 403, healthy: 200, write: 403 }],
      ['pusher', { query: 403, config: 403, targets: 403, federate: 403, snapshot: 403, healthy: 200, write: 204 }],
      ['fed', { query: 403, config: 403, targets: 403, federate: 200, snapshot: 403, healthy: 200, write: 403 }],
      ['ops', { query: 200, config: 200, targets: 200, federate: 200, snapshot: 200, healthy: 200, write: 204 }],
    ])('the certificate "%s" reaches the routes of its role only', async (name, expected) => {
      expect(await rights(guarded(), as(name))).toEqual(expected);
    });

    test('a request without a certificate is refused everywhere but health (496, which nginx answers as 400)', async () => {
      expect(await rights(guarded(), {})).toEqual({ query: 400, config: 400, targets: 400, federate: 400, snapshot: 400, healthy: 200, write: 400 });
    });

    test.each([
      ['grafana', { query: 200, config: 200, targets: 200, federate: 200, snapshot: 401, healthy: 200, write: 401 }],
      ['edge', { query: 401, config: 401, targets: 401, federate: 401, snapshot: 401, healthy: 200, write: 204 }],
      ['ops', { query: 200, config: 200, targets: 200, federate: 200, snapshot: 200, healthy: 200, write: 204 }],
    ])('the basic auth user "%s" reaches the routes of its role only, refused elsewhere as a wrong password would be', async (name, expected) => {
      expect(await rights(basic(), { credentials: `${name}:${BASIC_AUTH.password}` })).toEqual(expected);
    });

    test('an unknown user and a wrong password get the same 401 as a user of another role', async () => {
      const unknown = await rights(basic(), { credentials: `nobody:${BASIC_AUTH.password}` });
      const wrong = await rights(basic(), { credentials: 'ops:guess' });
      expect(unknown).toEqual({ query: 401, config: 401, targets: 401, federate: 401, snapshot: 401, healthy: 200, write: 401 });
      expect(wrong).toEqual(unknown);
    });

    test('the certificates the construct issues carry their role as their OU', async () => {
      const subject = (name: string) => new X509Certificate(readFileSync(stack().tls.clientCertificate(name).certificate)).subject;
      expect(['reader', 'pusher', 'fed', 'ops'].map(subject)).toEqual(['OU=reader\nCN=reader', 'OU=sender\nCN=pusher', 'OU=federator\nCN=fed', 'OU=admin\nCN=ops']);
    });

    test('not defended, as the README says: a sender writes under any labels it likes (the receiver takes them as sent)', async () => {
      const response = await write(guarded(), sample({ __name__: 'up', site: 'spoofed-site', job: 'rt2' }), as('pusher'));
      expect(response.status).toBe(204);
    });
  });

  describe('finding 4: the rest', () => {
    test('session tickets are off: TLS 1.2 sessions resume from the server\'s cache, with no ticket a stolen key could decrypt', async () => {
      const instance = guarded();
      const session = join(work, 'tls12.session');
      const first = await handshake(stack(), instance.domain, instance.httpsPort, instance.trustAnchor, ['-tls1_2', '-sess_out', session]);
      const second = await handshake(stack(), instance.domain, instance.httpsPort, instance.trustAnchor, ['-tls1_2', '-sess_in', session]);
      expect(first.connected).toBe(true);
      expect(first.output).not.toMatch(/TLS session ticket:/);
      expect(second.output).toMatch(/^Reused, TLSv1\.2/m);
    });

    test.each([
      ['an answer', 'api/v1/query?query=up', 'reader', 200],
      ['a refusal', 'api/v1/query?query=up', 'pusher', 403],
      ['a 404', 'api/v1/nothing-here', 'reader', 404],
    ])('%s to an authenticated client says Cache-Control: no-store, once', async (_, path, name, status) => {
      const response = await curl(stack(), `${guarded().url}${path}`, { cacert: guarded().trustAnchor, ...as(name) });
      expect(response.status).toBe(status);
      expect(response.headers['cache-control']).toBe('no-store');
    });

    test('a basic auth user\'s answers and the 401 say no-store too', async () => {
      const answered = await curl(stack(), `${basic().url}api/v1/query?query=up`, { cacert: basic().trustAnchor, credentials: `grafana:${BASIC_AUTH.password}` });
      const refused = await curl(stack(), `${basic().url}api/v1/query?query=up`, { cacert: basic().trustAnchor });
      expect([answered.status, answered.headers['cache-control'], refused.status, refused.headers['cache-control']]).toEqual([200, 'no-store', 401, 'no-store']);
    });

    test('graph/ and the UI\'s other trailing-slash paths redirect under the prefix, and the pages answer', async () => {
      const instance = guarded();
      for (const page of ['graph/', 'targets/', 'query/']) {
        const response = await curl(stack(), `${instance.url}${page}`, { cacert: instance.trustAnchor, ...as('reader') });
        expect({ page, status: response.status }).toEqual({ page, status: expect.any(Number) });
        if (response.status >= 300 && response.status < 400) expect(response.headers.location).toMatch(/^\/prometheus\//);
        const followed = await curl(stack(), `${instance.url}${page}`, { cacert: instance.trustAnchor, followRedirects: true, ...as('reader') });
        expect({ page, status: followed.status, url: followed.effectiveUrl }).toEqual({ page, status: 200, url: expect.stringMatching(/^https:\/\/guarded\.example\.com:8443\/prometheus\//) });
      }
    });
  });
});

describeLive('the second red team\'s finding on X-Forwarded-For, through a copy of the construct\'s nginx in front of an echo server, live', (line) => {
  let instance: InstanceHandle;
  beforeAll(async () => {
    instance = await startInstance(
      { domainName: 'open.example.com', httpsPort: 8445, scrapeInterval: '1s' },
      {
        name: 'redteam2open',
        line,
        beside: {
          nginx: {
            // The construct's nginx.conf, its Prometheus upstream replaced by a server that answers with the headers it got.
            echo: ({ rendered, upstream }) =>
              rendered
                .replace(`server ${upstream};`, 'server unix:/var/cache/nginx/echo.sock;')
                .replace(/\}\s*$/, '    server {\n        listen unix:/var/cache/nginx/echo.sock;\n        location / { return 200 "xff=$http_x_forwarded_for real=$http_x_real_ip\\n"; }\n    }\n}\n'),
          },
        },
      },
    );
  }, START_TIMEOUT_MS);
  afterAll(async () => instance?.stop(), START_TIMEOUT_MS);

  test('the upstream gets the client\'s address as nginx saw it, never the X-Forwarded-For the client sent', async () => {
    // WHEN a client claims to be forwarding for 6.6.6.6
    const response: HttpResponse = await curl(instance, `${instance.beside.echo.url}api/v1/query?query=up`, { cacert: instance.trustAnchor, headers: ['X-Forwarded-For: 6.6.6.6', 'X-Real-IP: 6.6.6.7'] });
    // THEN
    expect(response.status).toBe(200);
    const [, xff, real] = /^xff=(\S*) real=(\S*)$/.exec(response.body.trim())!;
    expect(xff).toBe(real);
    expect(xff).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(response.body).not.toContain('6.6.6');
  });
});
