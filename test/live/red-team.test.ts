import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { CertificateMode, ClientRole } from '../../lib';
import { BASIC_AUTH, PROVIDED_TLS } from './fixtures';
import { TestsslResult, curl, testssl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

const CREDENTIALS = `${BASIC_AUTH.username}:${BASIC_AUTH.password}`;
const ORIGIN = 'https://example.com:8443';

/** Status codes of `count` requests of `url` sent at once (at most `parallel` at a time) over separate HTTP/1.1 connections, counted. */
async function burst(
  run: (argv: string[]) => Promise<{ stdout: string }>,
  url: string,
  count: number,
  extra: string[] = [],
  parallel = count,
): Promise<Record<string, number>> {
  const argv = ['curl', '-s', '--http1.1', '--parallel', '--parallel-immediate', '--parallel-max', String(parallel), ...extra];
  for (let i = 0; i < count; i++) argv.push('-o', '/dev/null', '-w', '%{http_code}\\n', url);
  const { stdout } = await run(argv);
  const counts: Record<string, number> = {};
  for (const code of stdout.trim().split('\n')) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

describeLive('the red team\'s findings, on an instance with the admin and lifecycle APIs behind basic auth and a provided certificate, live', (line) => {
  // GIVEN everything a red team would attack at once: state-changing endpoints (behind basic auth),
  // a certificate the user provides (HSTS on), the default limits
  const stack = useRunningStack(line, () =>
    synthesizeProxies('redteam', line, {
      prometheus: {
        domainName: 'example.com',
        httpsPort: 8443,
        certificateMode: CertificateMode.PROVIDED,
        ...PROVIDED_TLS,
        // An admin: the admin and lifecycle endpoints are an admin's only (the second red team's finding 3).
        basicAuthUsers: [{ username: BASIC_AUTH.username, passwordHash: BASIC_AUTH.passwordHash, role: ClientRole.ADMIN }],
        enableAdminApi: true,
        enableLifecycle: true,
        scrapeInterval: '1s',
      },
    }),
  );
  const instance = () => stack().instances[0];
  const request = (path: string, extra: Parameters<typeof curl>[2] = {}) =>
    curl(stack(), `${instance().url}${path}`, { cacert: instance().trustAnchor, credentials: CREDENTIALS, ...extra });
  let rating: Promise<TestsslResult>;
  beforeAll(() => {
    rating = testssl(stack(), 'example.com', 8443, { caFile: instance().trustAnchor, rating: true });
    rating.catch(() => undefined);
  });

  describeProxyBehaviour(line, stack, 0, {
    url: 'https://example.com:8443/prometheus/',
    jobs: ['prometheus'],
    basicAuth: { healthOpen: true },
    hsts: true,
    adminApi: true,
    lifecycle: true,
  });

  describe('CSRF on the admin and lifecycle endpoints', () => {
    test.each([
      ['Sec-Fetch-Site: cross-site'],
      ['Sec-Fetch-Site: same-site'],
      ['Origin: https://evil.example'],
      ['Origin: null'],
      ['Origin: https://example.com'],
    ])('a browser request with %s is refused with 403, the series stay', async (header) => {
      const response = await request('api/v1/admin/tsdb/delete_series?match[]=up', { method: 'POST', headers: [header] });
      expect(response.status).toBe(403);
      const up = JSON.parse((await request('api/v1/query?query=up')).body).data.result;
      expect(up).toHaveLength(1);
    });

    test("the proxy's own pages (same origin) and clients that send no Origin (curl, scripts) may use them", async () => {
      const sameOrigin = await request('api/v1/admin/tsdb/snapshot', { method: 'POST', headers: [`Origin: ${ORIGIN}`, 'Sec-Fetch-Site: same-origin'] });
      const curlLike = await request('api/v1/admin/tsdb/clean_tombstones', { method: 'POST' });
      const reload = await request('-/reload', { method: 'POST' });
      expect([sameOrigin.status, curlLike.status, reload.status]).toEqual([200, 204, 200]);
    });

    test('a cross-site reload is refused too', async () => {
      expect((await request('-/reload', { method: 'POST', headers: ['Sec-Fetch-Site: cross-site'] })).status).toBe(403);
    });

    test('with the admin API on, its lower-case paths pass and every other case is refused, whatever the encoding', async () => {
      const statuses = await Promise.all(
        ['api/v1/admin/tsdb/snapshot', 'api/v1/ADMIN/tsdb/snapshot', 'api/v1/Admin/tsdb/snapshot', 'api/v1/%41dmin/tsdb/snapshot', '-/RELOAD', '-/Quit'].map(
          async (path) => [path, (await request(path, { method: 'POST', pathAsIs: true })).status],
        ),
      );
      expect(Object.fromEntries(statuses)).toEqual({
        'api/v1/admin/tsdb/snapshot': 200,
        'api/v1/ADMIN/tsdb/snapshot': 403,
        'api/v1/Admin/tsdb/snapshot': 403,
        'api/v1/%41dmin/tsdb/snapshot': 403,
        '-/RELOAD': 403,
        '-/Quit': 403,
      });
      await stack().host.assertRunning(instance().prometheusContainer);
    });
  });

  describe('per-client limits', () => {
    // testssl.sh's requests come from the same address: the limits are measured without it.
    beforeAll(async () => {
      await rating.catch(() => undefined);
    }, 240_000);

    test('a Grafana dashboard of 30 panels refreshing every 5 s from one address is never throttled', async () => {
      // WHEN three refreshes of 30 queries each, all at once, 5 s apart
      const rounds: Record<string, number>[] = [];
      for (let round = 0; round < 3; round++) {
        const started = Date.now();
        rounds.push(await burst((argv) => stack().exec(argv, { timeoutMs: 30_000 }), `${instance().url}api/v1/query?query=up`, 30, ['--cacert', instance().trustAnchor, '-u', CREDENTIALS]));
        if (round < 2) await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5000 - (Date.now() - started))));
      }
      // THEN
      expect(rounds).toEqual([{ 200: 30 }, { 200: 30 }, { 200: 30 }]);
    }, 60_000);

    test('a password guesser gets 429 instead of 401 once past the burst: about the rate, not 300 a second per core', async () => {
      // GIVEN a quiet client address (the dashboard test above has drained)
      await new Promise((resolve) => setTimeout(resolve, 5000));
      // WHEN 300 wrong passwords as fast as 50 connections send them (under the connection limit)
      const codes = await burst(
        (argv) => stack().exec(argv, { timeoutMs: 60_000 }),
        `${instance().url}api/v1/query?query=up`,
        300,
        ['--cacert', instance().trustAnchor, '-u', `${BASIC_AUTH.username}:guess`],
        50,
      );
      // THEN the burst (100) and what the rate (20/s) adds while they arrive are checked, the rest refused unchecked
      expect(Object.keys(codes).sort()).toEqual(['401', '429']);
      expect(codes[401]).toBeGreaterThanOrEqual(100);
      expect(codes[401]).toBeLessThan(160);
    }, 60_000);

    test('more than 100 requests in flight from one address get 429, and the others are served', async () => {
      // GIVEN requests that stay in flight, their bodies trickling in: 60 held for 8 s (on an admin endpoint:
      // queries have a lower bound of their own, 32 per client)
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const pod = await stack().host.ipOf(instance().podContainer);
      const authorization = `Basic ${Buffer.from(CREDENTIALS).toString('base64')}`;
      const slow = (name: string, count: number, seconds: number) =>
        stack().host.spawn(name, [process.execPath, '-r', 'sucrase/register', `${__dirname}/harness/slow-requests.ts`,
          pod, '443', 'example.com', String(count), `${instance().base}api/v1/admin/tsdb/clean_tombstones`, authorization, String(seconds)]);
      const statuses = (output: string) =>
        [...output.matchAll(/^status (\S+)$/gm)].reduce<Record<string, number>>((counts, [, code]) => ({ ...counts, [code]: (counts[code] ?? 0) + 1 }), {});
      const first = slow('held', 60, 8);
      // WHEN 60 more arrive 3 s later, the rate limiter's bucket drained by then (20/s), so that only the connection limit refuses
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const second = slow('late', 60, 3);
      try {
        await poll('both batches to be answered', 20_000, async () => first.output.includes('done') && second.output.includes('done'), 200);
        // THEN 100 were served; the 20 over the limit were refused at once, before their bodies
        expect(statuses(first.output)).toEqual({ 204: 60 });
        expect(statuses(second.output)).toEqual({ 204: 40, 429: 20 });
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
    }, 60_000);

    test('2000 half-open TLS connections from one client do not keep a legitimate request from being served', async () => {
      // GIVEN a slow-loris client holding 2000 connections to nginx, each with a ClientHello that never completes
      const pod = await stack().host.ipOf(instance().podContainer);
      const loris = stack().host.spawn('half-open', [process.execPath, '-r', 'sucrase/register', `${__dirname}/harness/half-open.ts`, pod, '443', '2000']);
      try {
        await poll('2000 connections open', 20_000, async () => loris.output.includes('open 2000') || !loris.alive);
        expect(loris.output).toContain('open 2000');
        // WHEN a legitimate client asks
        const started = Date.now();
        const response = await request('api/v1/query?query=up');
        // THEN
        expect(response.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        await loris.stop();
      }
    }, 60_000);
  });

  test('nginx runs the two workers it was given, whatever the host has', async () => {
    // GIVEN nginx's processes: those in the pod's network namespace whose command line is nginx's
    const netns = readlinkSync(`/proc/${await stack().host.pidOf(instance().nginxContainer)}/ns/net`);
    const inPod = readdirSync('/proc')
      .filter((pid) => /^\d+$/.test(pid))
      .filter((pid) => {
        try {
          return readlinkSync(`/proc/${pid}/ns/net`) === netns;
        } catch {
          return false;
        }
      })
      .map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim());
    // THEN
    expect(inPod.filter((cmd) => cmd.startsWith('nginx: worker process'))).toHaveLength(2);
    expect(inPod.filter((cmd) => cmd.startsWith('nginx: master process'))).toHaveLength(1);
  });

  test('testssl.sh rates the provided-certificate mode, with its issuer trusted, A+', async () => {
    const scan = await rating;
    expect({ grade: scan.grade, caps: scan.gradeCaps }).toEqual({ grade: 'A+', caps: undefined });
  }, 240_000);
});
