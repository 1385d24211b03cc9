import { NGINX_PATHS } from '../../lib/container-layout';
import { hostAddress } from './harness/engine/host-view';
import { ALL_NON_AEAD_TLS12, BASIC_AUTH, SECURITY_HEADERS } from './fixtures';
import { HttpResponse, curl, handshake, pageLinks } from './harness/probes';
import { poll } from './harness/processes';
import type { ImageLine } from './harness/image-lines';
import type { RunningInstance, RunningStack } from './harness/running-stack';

/** What a test expects of one running instance beyond what the harness reads from the synthesized stack. */
export interface Expectations {
  /** The URL the construct promises, `https://DOMAIN[:PORT]/PREFIX/`. */
  readonly url: string;
  /** Published port of the HTTP listener that redirects to HTTPS. */
  readonly httpPort?: number;
  /** Jobs Prometheus scrapes (the self-scrape job `prometheus` included). */
  readonly jobs: string[];
  /** Basic auth is on: requests carry the fixture's credentials. */
  readonly basicAuth?: { readonly healthOpen: boolean };
  /** Issuer CN of a private-CA certificate. */
  readonly caCommonName?: string;
  /** The instance answers clients that send no SNI (it has `ipAddresses`). */
  readonly servesWithoutSni?: boolean;
  /** HSTS is sent. */
  readonly hsts?: boolean;
  /** The admin API is on (behind basic auth): its lower-case paths pass. */
  readonly adminApi?: boolean;
  /** The lifecycle endpoints are on: `-/quit` and `-/reload` pass (and are never sent here). */
  readonly lifecycle?: boolean;
}

const FIRST_SCRAPE_TIMEOUT_MS = 45_000;

/** Debian's Prometheus 3 serves this page where the upstream image serves its React UI. */
const DEBIAN_NO_UI = 'This Debian package of Prometheus does not include the modern React web UI';

/**
 * Registers every live behaviour of one PrometheusTlsProxy instance on `line`: the guide's checks,
 * the prefix and its redirects, the pages Prometheus serves, TLS and HTTP/2, the hardened headers,
 * refused names, paths and methods, and the optional listeners.
 */
export function describeProxyBehaviour(line: ImageLine, running: () => RunningStack, index: number, expected: Expectations): void {
  const prometheus3 = Number(line.prometheusVersion.split('.')[0]) >= 3;
  const stack = (): RunningStack => running();
  const instance = (): RunningInstance => running().instances[index];
  const origin = (): string => `https://${instance().domain}${instance().httpsPort === 443 ? '' : `:${instance().httpsPort}`}`;
  const credentials = expected.basicAuth ? `${BASIC_AUTH.username}:${BASIC_AUTH.password}` : undefined;
  /** A request as an authorised user who trusts the certificate. */
  const get = (path: string, extra: Parameters<typeof curl>[2] = {}): Promise<HttpResponse> =>
    curl(stack(), `${origin()}${path}`, { cacert: instance().trustAnchor, credentials, ...extra });

  const rootPrefix = new URL(expected.url).pathname === '/';

  test('runs at the URL the construct promises', () => {
    expect(instance().url).toBe(expected.url);
    expect(instance().httpPort).toBe(expected.httpPort);
  });

  test('proxies to its own Prometheus, started with the synthesized flags', async () => {
    const flags = JSON.parse((await get(`${instance().base}api/v1/status/flags`)).body).data;
    expect(flags['web.external-url']).toBe(expected.url.replace(/\/$/, ''));
    expect(flags['web.route-prefix']).toBe('/');
  });

  describe("the guide's checks", () => {
    test('curl --cacert lists the scraped jobs once the first scrape is in', async () => {
      // GIVEN the certificate the stack outputs, WHEN the guide's check runs until Prometheus has scraped
      let response!: HttpResponse;
      await poll('the first scrape', FIRST_SCRAPE_TIMEOUT_MS, async () => {
        response = await curl(stack(), `${instance().url}api/v1/label/job/values`, { cacert: instance().trustAnchor, credentials });
        return response.status !== 200 || JSON.parse(response.body).data.length >= expected.jobs.length;
      }, 250);
      // THEN
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toEqual({ status: 'success', data: [...expected.jobs].sort() });
    }, FIRST_SCRAPE_TIMEOUT_MS + 15_000);

    test('curl -k gives the same answer without the certificate', async () => {
      const response = await curl(stack(), `${instance().url}api/v1/label/job/values`, { insecure: true, credentials });
      expect(JSON.parse(response.body)).toEqual({ status: 'success', data: [...expected.jobs].sort() });
    });

    test('without the certificate or -k, curl refuses the server', async () => {
      const response = await curl(stack(), `${instance().url}api/v1/label/job/values`, { credentials });
      expect(response.status).toBe(0);
      expect(response.error).toMatch(/certificate/i);
    });

    test('query=up is 1 for every scraped target', async () => {
      const response = await get(`${instance().base}api/v1/query?query=up`);
      const body = JSON.parse(response.body);
      expect(body.status).toBe('success');
      expect(body.data.result.map((r: { metric: { job: string } }) => r.metric.job).sort()).toEqual([...expected.jobs].sort());
      for (const result of body.data.result) expect(result.value[1]).toBe('1');
    });
  });

  describe('the path prefix', () => {
    if (!rootPrefix) test('the prefix without slash redirects to PREFIX/ on the same scheme, host and published port', async () => {
      // WHEN
      const requested = `${origin()}${instance().pathPrefix}?x=1`;
      const response = await get(`${instance().pathPrefix}?x=1`);
      const followed = await get(instance().pathPrefix, { followRedirects: true });
      // THEN
      expect(response.status).toBe(301);
      expect(new URL(response.headers.location, requested).href).toBe(`${instance().url}?x=1`);
      expect(followed.status).toBe(200);
      expect(followed.effectiveUrl.startsWith(instance().url)).toBe(true);
    });

    if (prometheus3) {
      test('PREFIX/ redirects to PREFIX/query on the same scheme, host and published port (Prometheus 3)', async () => {
        const response = await get(instance().base);
        expect(response.status).toBe(302);
        expect(new URL(response.headers.location, `${origin()}${instance().base}`).href).toBe(`${instance().url}query`);
      });

      test("PREFIX/query is Debian's page in place of the React UI, and its own links stay under PREFIX/ and answer", async () => {
        // WHEN a browser opens PREFIX/
        const page = await get(instance().base, { followRedirects: true });
        // THEN
        expect(page.status).toBe(200);
        expect(page.effectiveUrl).toBe(`${instance().url}query`);
        expect(page.body).toContain(DEBIAN_NO_UI);
        const links = [...new Set(pageLinks(page.body).navigation.map((link) => new URL(link, page.effectiveUrl).href))];
        expect(links.filter((url) => !url.startsWith(instance().url))).toEqual([]);
        const statuses = Object.fromEntries(await Promise.all(links.map(async (url) => [url.slice(instance().url.length), (await curl(stack(), url, { cacert: instance().trustAnchor, credentials })).status])));
        // The endpoints answer; the classic UI is gone in 3.x (Prometheus's 404); the reload endpoint is the proxy's to refuse.
        expect(statuses).toEqual({ metrics: 200, '-/healthy': 200, '-/ready': 200, 'classic/graph': 404, '-/reload': 403 });
      });
    } else {
      test('PREFIX/ ends on a 200 page under PREFIX/ whose assets and own links all stay under PREFIX/', async () => {
        // WHEN a browser opens PREFIX/
        const page = await get(instance().base, { followRedirects: true });
        // THEN
        expect(page.status).toBe(200);
        expect(page.effectiveUrl.startsWith(instance().url)).toBe(true);
        const resolve = (links: string[]): string[] => [...new Set(links.map((link) => new URL(link, page.effectiveUrl).href))];
        const { assets, navigation } = pageLinks(page.body);
        const assetUrls = resolve(assets);
        const ownPages = resolve(navigation).filter((url) => new URL(url).origin === new URL(instance().url).origin);
        expect(assetUrls.length).toBeGreaterThan(0);
        expect(ownPages.length).toBeGreaterThan(0);
        expect([...assetUrls, ...ownPages].filter((url) => !url.startsWith(instance().url))).toEqual([]);
        // AND every asset loads through the proxy
        const statuses = await Promise.all(assetUrls.map(async (url) => [url, (await curl(stack(), url, { cacert: instance().trustAnchor, credentials })).status]));
        expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
      });
    }

    test('PREFIX/-/ready is 200, and buildinfo reports the Prometheus under test', async () => {
      expect((await get(`${instance().base}-/ready`)).status).toBe(200);
      const buildinfo = JSON.parse((await get(`${instance().base}api/v1/status/buildinfo`)).body);
      expect(buildinfo.data.version).toMatch(new RegExp(`^${line.prometheusVersion.replace(/\./g, '\\.')}\\b`));
    });

    test('PREFIX/-/healthy is 200', async () => {
      expect((await get(`${instance().base}-/healthy`)).status).toBe(200);
    });

    if (!rootPrefix) test('paths outside the prefix never reach Prometheus', async () => {
      // GIVEN paths that only look like the prefix, and the root
      const outside = [`${instance().pathPrefix}xyz/api/v1/query?query=up`, `${instance().pathPrefix}xyz`, '/', '/api/v1/query?query=up', '/-/healthy'];
      // WHEN / THEN nginx answers 404 itself
      for (const path of outside) {
        const response = await get(path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.body).toContain('<center>nginx</center>');
      }
    });
  });

  describe('TLS', () => {
    test('the certificate verifies for the domain by name, and not for another name', async () => {
      const good = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor);
      const other = await stack().exec(['openssl', 's_client', '-connect', `${instance().domain}:${instance().httpsPort}`, '-servername', instance().domain, '-verify_hostname', 'other.invalid', '-CAfile', instance().trustAnchor]);
      expect(good.verifyCode).toBe(0);
      expect(other.stdout).toMatch(/Verify return code: 62 \(hostname mismatch\)/);
    });

    test.each([['-tls1'], ['-tls1_1']])('%s is refused by the server with a protocol_version alert', async (protocol) => {
      // GIVEN a client that allows the old protocol and any cipher, so only the server can refuse
      const result = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, [protocol, '-cipher', 'DEFAULT:@SECLEVEL=0']);
      // THEN
      expect(result.connected).toBe(false);
      expect(result.output).toMatch(/alert protocol version|SSL alert number 70/);
    });

    test.each([['-tls1_2', 'TLSv1.2'], ['-tls1_3', 'TLSv1.3']])('%s is accepted and verifies', async (option, protocol) => {
      const result = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, [option]);
      expect(result).toMatchObject({ connected: true, protocol, verifyCode: 0 });
    });

    test('key exchange offers X25519 and refuses every finite-field group (DHEat)', async () => {
      // GIVEN clients that offer one group only
      const x25519 = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-tls1_3', '-groups', 'X25519']);
      const ffdhe = await Promise.all(
        ['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'].map((group) =>
          handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-tls1_3', '-groups', group]),
        ),
      );
      // THEN
      expect(x25519).toMatchObject({ connected: true, protocol: 'TLSv1.3' });
      expect(x25519.output).toMatch(/(Server Temp Key|Negotiated TLS1.3 group): X25519/);
      expect(ffdhe.map((result) => result.connected)).toEqual([false, false, false, false, false]);
    });

    test('a handshake for a name the certificate does not carry is refused (unrecognized_name)', async () => {
      const result = await stack().exec(['openssl', 's_client', '-connect', `${instance().domain}:${instance().httpsPort}`, '-servername', 'unknown.example.org'], { timeoutMs: 15_000 });
      expect(result.stdout + result.stderr).toMatch(/unrecognized name|alert number 112/);
      expect(result.stdout).not.toContain('BEGIN CERTIFICATE');
    });

    test(expected.servesWithoutSni ? 'a client that sends no SNI (it connects by address) is served' : 'a client that sends no SNI is refused', async () => {
      const result = await stack().exec(['openssl', 's_client', '-connect', `${hostAddress()}:${instance().httpsPort}`, '-noservername', '-CAfile', instance().trustAnchor], { timeoutMs: 15_000 });
      const connected = /^New, \S+, Cipher is (?!\(NONE\))/m.test(result.stdout);
      expect(connected).toBe(expected.servesWithoutSni === true);
    });

    test('a request for a host name the server does not serve gets 421', async () => {
      const response = await get(`${instance().base}-/healthy`, { headers: ['Host: unknown.example.org'] });
      expect(response.status).toBe(421);
    });

    test('ALPN negotiates HTTP/2, and queries work over HTTP/2 and HTTP/1.1 alike', async () => {
      const alpn = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-alpn', 'h2,http/1.1']);
      const h2 = await get(`${instance().base}api/v1/query?query=up`, { http: '2' });
      const h1 = await get(`${instance().base}api/v1/query?query=up`, { http: '1.1' });
      expect(alpn.output).toContain('ALPN protocol: h2');
      expect([h2.httpVersion, h2.status, JSON.parse(h2.body).status]).toEqual(['2', 200, 'success']);
      expect([h1.httpVersion, h1.status, JSON.parse(h1.body).status]).toEqual(['1.1', 200, 'success']);
    });

    test('TLS 1.2 refuses every non-AEAD cipher and accepts an AEAD one', async () => {
      // GIVEN the certificate's key type decides which ECDHE suites apply
      const kind = instance().keyAlgorithm === 'ECDSA' ? 'ECDSA' : 'RSA';
      // WHEN
      const cbc = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-tls1_2', '-cipher', `ECDHE-${kind}-AES128-SHA256`]);
      const allCbc = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-tls1_2', '-cipher', `${ALL_NON_AEAD_TLS12}:@SECLEVEL=0`]);
      const gcm = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor, ['-tls1_2', '-cipher', `ECDHE-${kind}-AES128-GCM-SHA256`]);
      // THEN
      expect(cbc.connected).toBe(false);
      expect(cbc.output).toMatch(/alert handshake failure|SSL alert number 40/);
      expect(allCbc.connected).toBe(false);
      expect(gcm).toMatchObject({ connected: true, cipher: `ECDHE-${kind}-AES128-GCM-SHA256` });
    });
  });

  describe('hardened responses', () => {
    test('security headers come with a 200, a 404 and a 403, and Server names no version', async () => {
      // WHEN
      const responses = [
        await get(`${instance().base}api/v1/status/buildinfo`),
        await get(instance().pathPrefix === '/' ? '/no-such-page' : '/'),
        await get(`${instance().base}debug/pprof/heap`),
      ];
      // THEN
      expect(responses.map((r) => r.status)).toEqual([200, 404, 403]);
      for (const response of responses) {
        expect(response.headers).toMatchObject(SECURITY_HEADERS);
        expect(response.headers.server).toBe('nginx');
        expect(response.headers['strict-transport-security']).toBe(expected.hsts ? 'max-age=31536000' : undefined);
      }
    });

    test.each([
      ...(expected.adminApi
        ? []
        : [
            ['POST', 'api/v1/admin/tsdb/snapshot'],
            ['POST', 'api/v1/admin/tsdb/delete_series?match[]=up'],
            ['POST', '/api/v1/admin/tsdb/snapshot'],
            ['POST', 'api/v1/%61dmin/tsdb/snapshot'],
            ['POST', 'api/v1/x/../admin/tsdb/snapshot'],
            ['POST', './api/v1/admin/tsdb/snapshot'],
            ['GET', 'api/v1/admin/tsdb/snapshot'],
          ]),
      ...(expected.lifecycle
        ? []
        : [
            ['POST', '-/quit'],
            ['POST', '-/reload'],
            ['PUT', '-/quit'],
            ['POST', '-/%71uit'],
            ['POST', '%2D/quit'],
            ['POST', '%2d/reload'],
          ]),
      ['POST', 'api/v1/ADMIN/tsdb/snapshot'],
      ['POST', 'api/v1/Admin/tsdb/delete_series?match[]=up'],
      ['POST', '-/QUIT'],
      ['POST', '-/Reload'],
      ['POST', '%2D/QUIT'],
      ['GET', 'debug/pprof/cmdline'],
      ['GET', 'debug/pprof/goroutine?debug=2'],
      ['GET', 'debug/pprof/heap'],
      ['GET', 'debug/pprof/profile?seconds=1'],
      ['GET', 'debug/pprof/trace?seconds=1'],
      ['GET', 'DEBUG/pprof/heap'],
    ])('%s PREFIX/%s is refused with 403', async (method, path) => {
      // WHEN an authorised client sends the admin or lifecycle request exactly as written
      const response = await get(`${instance().base}${path}`, { method, pathAsIs: true });
      // THEN the proxy refuses it, and Prometheus is still running
      expect(response.status).toBe(403);
      await running().host.assertRunning(instance().prometheusContainer);
    });

    test.each([['PUT'], ['DELETE'], ['PATCH'], ['OPTIONS']])('%s is refused with 403', async (method) => {
      expect((await get(`${instance().base}api/v1/query?query=up`, { method })).status).toBe(403);
    });

    test('GET, HEAD and POST reach the API', async () => {
      const post = await get(`${instance().base}api/v1/query`, { data: 'query=up' });
      const head = await get(`${instance().base}-/healthy`, { method: 'HEAD' });
      expect(JSON.parse(post.body).status).toBe('success');
      expect(head.status).toBe(200);
    });

    test("both containers' synthesized health checks pass", async () => {
      const nginx = await running().host.healthCheck(instance().nginxContainer);
      const prometheus = await running().host.healthCheck(instance().prometheusContainer);
      expect([nginx.code, prometheus.code]).toEqual([0, 0]);
    });

    test('nginx -t accepts the config in the container', async () => {
      const result = await running().host.execIn(instance().nginxContainer, ['/usr/sbin/nginx', '-t', '-c', NGINX_PATHS.config]);
      expect(result.stderr).toMatch(/syntax is ok[\s\S]*test is successful/);
      expect(result.code).toBe(0);
    });
  });

  if (expected.basicAuth) {
    const { healthOpen } = expected.basicAuth;
    describe('basic auth', () => {
      test('refuses a request without credentials or with a wrong password, and admits the right one', async () => {
        // WHEN
        const url = `${instance().url}api/v1/status/buildinfo`;
        const none = await curl(stack(), url, { cacert: instance().trustAnchor });
        const wrong = await curl(stack(), url, { cacert: instance().trustAnchor, credentials: `${BASIC_AUTH.username}:wrong-password` });
        const stranger = await curl(stack(), url, { cacert: instance().trustAnchor, credentials: `stranger:${BASIC_AUTH.password}` });
        const right = await curl(stack(), url, { cacert: instance().trustAnchor, credentials });
        // THEN
        expect([none.status, wrong.status, stranger.status, right.status]).toEqual([401, 401, 401, 200]);
        expect(none.headers['www-authenticate']).toBe('Basic realm="Prometheus"');
        expect(none.headers).toMatchObject(SECURITY_HEADERS);
      });

      test(`leaves the health endpoints ${healthOpen ? 'open' : 'closed'} without credentials`, async () => {
        for (const endpoint of ['healthy', 'ready']) {
          const response = await curl(stack(), `${instance().url}-/${endpoint}`, { cacert: instance().trustAnchor });
          expect([endpoint, response.status]).toEqual([endpoint, healthOpen ? 200 : 401]);
        }
      });

      test('a health endpoint left open still refuses other methods', async () => {
        const response = await curl(stack(), `${instance().url}-/healthy`, { cacert: instance().trustAnchor, credentials, method: 'DELETE' });
        expect(response.status).toBe(403);
      });
    });
  }

  test('CORS: the API never tells a browser that another origin may read it', async () => {
    // WHEN a page of another origin, and the proxy's own origin, call the API
    const foreign = await get(`${instance().base}api/v1/query?query=up`, { headers: ['Origin: https://evil.example'] });
    const own = await get(`${instance().base}api/v1/query?query=up`, { headers: [`Origin: ${origin()}`] });
    // THEN
    expect(foreign.status).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(own.headers['access-control-allow-origin']).toBe(origin());
  });

  if (expected.caCommonName) {
    const caCommonName = expected.caCommonName;
    test('the private CA alone is enough to trust the served chain', async () => {
      const result = await handshake(stack(), instance().domain, instance().httpsPort, instance().trustAnchor);
      expect(result.verifyCode).toBe(0);
      expect(result.output).toContain(`issuer=CN = ${caCommonName}`);
      expect(result.output).toContain(`subject=CN = ${instance().domain}`);
    });
  }

  if (expected.httpPort !== undefined) {
    test('the HTTP listener redirects to HTTPS on the published HTTPS port, keeping path and query', async () => {
      // WHEN
      const path = `${instance().base}api/v1/query?query=up`;
      const url = `http://${instance().domain}:${expected.httpPort}${path}`;
      const response = await curl(stack(), url);
      const followed = await curl(stack(), url, { cacert: instance().trustAnchor, credentials, followRedirects: true });
      // THEN
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe(`${origin()}${path}`);
      expect(response.headers.server).toBe('nginx');
      expect(followed.status).toBe(200);
      expect(followed.effectiveUrl).toBe(`${origin()}${path}`);
    });
  }
}
