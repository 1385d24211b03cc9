import { ClientRole } from '../../lib/options';
import { NginxRoute, RouteConcurrency, RouteMatch, RouteRateLimit } from '../../lib/render/nginx/routes';
import { PrometheusRoutesInput, basePath, prometheusRoutes } from '../../lib/render/prometheus-routes';

const defaults: PrometheusRoutesInput = {
  pathPrefix: '/prometheus',
  healthCheckWithoutAuth: true,
  authenticated: false,
  enableAdminApi: false,
  enableLifecycle: false,
  enableDebugEndpoints: false,
  enableRemoteWriteReceiver: false,
  enableOtlpReceiver: false,
  agentMode: false,
  receiverBodyLimitMb: 1,
};

const READ = [ClientRole.READER, ClientRole.ADMIN];
const ADMIN = [ClientRole.ADMIN];

/** A route to the Prometheus upstream as prometheusRoutes builds it before its own settings: for readers, its redirects under the prefix. */
function proxied(path: string, upstreamPath: string, rest: Partial<NginxRoute> = {}): NginxRoute {
  const redirectsUnder = path.startsWith('/prometheus/') ? '/prometheus' : path.startsWith('/ops/prom/') ? '/ops/prom' : '/';
  return { path, match: RouteMatch.EXACT, upstream: 'prometheus', upstreamPath, methods: ['GET', 'POST'], rateLimit: RouteRateLimit.CLIENTS, roles: READ, redirectsUnder, ...rest };
}

/** Health and readiness: every role's. */
function health(path: string, upstreamPath: string, open: boolean): NginxRoute {
  return proxied(path, upstreamPath, { methods: ['GET'], open, roles: undefined });
}

const REFUSED_BY_DEFAULT = ['/prometheus/api/v1/admin/', '/prometheus/-/quit', '/prometheus/-/reload', '/prometheus/debug/'];

function paths(routes: readonly NginxRoute[]): string[] {
  return routes.map((route) => route.path);
}

function routeAt(routes: readonly NginxRoute[], path: string): NginxRoute | undefined {
  return routes.find((route) => route.path === path);
}

describe('basePath', () => {
  test.each([
    ['/prometheus', '/prometheus/'],
    ['/ops/prom', '/ops/prom/'],
    ['/', '/'],
  ])('%s → %s', (prefix, expected) => {
    expect(basePath(prefix)).toBe(expected);
  });
});

describe('prometheusRoutes', () => {
  test('by default, proxies the prefix (queries bounded per client), /federate, the live notifications and health, and refuses every opt-in endpoint', () => {
    // WHEN
    const { routes, answers, refusedPaths } = prometheusRoutes(defaults);
    // THEN
    expect(routes).toEqual([
      proxied('/prometheus/', '/', { match: RouteMatch.PREFIX, concurrency: RouteConcurrency.QUERIES }),
      proxied('/prometheus/federate', '/federate', { methods: ['GET'], concurrency: RouteConcurrency.QUERIES, roles: [ClientRole.READER, ClientRole.FEDERATOR, ClientRole.ADMIN] }),
      proxied('/prometheus/api/v1/notifications/live', '/api/v1/notifications/live', { methods: ['GET'], streamResponse: true, readTimeoutSeconds: 3600 }),
      health('/prometheus/-/healthy', '/-/healthy', false),
      health('/prometheus/-/ready', '/-/ready', false),
    ]);
    expect(answers).toEqual([
      { path: '/prometheus', match: RouteMatch.EXACT, status: 301, location: '/prometheus/' },
      { path: '/', match: RouteMatch.PREFIX, status: 404 },
    ]);
    expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
  });

  test('with prefix "/", proxies the root and answers nothing itself', () => {
    // WHEN
    const { routes, answers, refusedPaths } = prometheusRoutes({ ...defaults, pathPrefix: '/' });
    // THEN
    expect(routes).toEqual([
      proxied('/', '/', { match: RouteMatch.PREFIX, concurrency: RouteConcurrency.QUERIES }),
      proxied('/federate', '/federate', { methods: ['GET'], concurrency: RouteConcurrency.QUERIES, roles: [ClientRole.READER, ClientRole.FEDERATOR, ClientRole.ADMIN] }),
      proxied('/api/v1/notifications/live', '/api/v1/notifications/live', { methods: ['GET'], streamResponse: true, readTimeoutSeconds: 3600 }),
      health('/-/healthy', '/-/healthy', false),
      health('/-/ready', '/-/ready', false),
    ]);
    expect(answers).toEqual([]);
    expect(refusedPaths).toEqual(['/api/v1/admin/', '/-/quit', '/-/reload', '/debug/']);
  });

  test('with a nested prefix, strips the whole prefix and redirects the bare one', () => {
    // WHEN
    const { routes, answers } = prometheusRoutes({ ...defaults, pathPrefix: '/ops/prom' });
    // THEN
    expect(routes[0]).toEqual(proxied('/ops/prom/', '/', { match: RouteMatch.PREFIX, concurrency: RouteConcurrency.QUERIES }));
    expect(answers).toEqual([
      { path: '/ops/prom', match: RouteMatch.EXACT, status: 301, location: '/ops/prom/' },
      { path: '/', match: RouteMatch.PREFIX, status: 404 },
    ]);
  });

  describe('opt-in endpoints', () => {
    test('enableAdminApi proxies the admin API, in lower case, to same-site requests of admins; its other cases stay refused', () => {
      // WHEN
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, enableAdminApi: true });
      // THEN
      expect(routeAt(routes, '/prometheus/api/v1/admin/')).toEqual(
        proxied('/prometheus/api/v1/admin/', '/api/v1/admin/', { match: RouteMatch.PREFERRED_PREFIX, refuseCrossSite: true, roles: ADMIN }),
      );
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });

    test('enableLifecycle proxies admins\' POSTs to reload and quit (exact, in lower case) from same-site requests; other cases stay refused', () => {
      // WHEN
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, enableLifecycle: true });
      // THEN
      expect(routes.filter((route) => route.refuseCrossSite)).toEqual([
        proxied('/prometheus/-/reload', '/-/reload', { methods: ['POST'], refuseCrossSite: true, roles: ADMIN }),
        proxied('/prometheus/-/quit', '/-/quit', { methods: ['POST'], refuseCrossSite: true, roles: ADMIN }),
      ]);
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });

    test('enableDebugEndpoints proxies admins\' GETs under debug/ in lower case, from this site only; other cases stay refused', () => {
      // WHEN
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, enableDebugEndpoints: true });
      // THEN
      expect(routeAt(routes, '/prometheus/debug/')).toEqual(
        proxied('/prometheus/debug/', '/debug/', { match: RouteMatch.PREFERRED_PREFIX, methods: ['GET'], refuseCrossSite: true, roles: ADMIN }),
      );
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });

    test.each([
      ['enableRemoteWriteReceiver', '/prometheus/api/v1/write', '/api/v1/write'],
      ['enableOtlpReceiver', '/prometheus/api/v1/otlp/v1/metrics', '/api/v1/otlp/v1/metrics'],
    ])('%s proxies senders\' POSTs of bodies up to the limit, bounded in flight, at the senders\' rate, refusing cross-site requests', (flag, path, upstreamPath) => {
      // WHEN
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, [flag]: true, receiverBodyLimitMb: 3 });
      // THEN
      expect(routeAt(routes, path)).toEqual(
        proxied(path, upstreamPath, {
          methods: ['POST'],
          maxBodySize: '3m',
          rateLimit: RouteRateLimit.SENDERS,
          concurrency: RouteConcurrency.RECEIVERS,
          refuseCrossSite: true,
          roles: [ClientRole.SENDER, ClientRole.ADMIN],
        }),
      );
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });

    test('with everything enabled, still refuses the other cases, and what changes state or costs CPU refuses cross-site requests', () => {
      // WHEN
      const all = { enableAdminApi: true, enableLifecycle: true, enableDebugEndpoints: true, enableRemoteWriteReceiver: true, enableOtlpReceiver: true };
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, ...all });
      // THEN
      expect(paths(routes)).toEqual([
        '/prometheus/',
        '/prometheus/federate',
        '/prometheus/api/v1/notifications/live',
        '/prometheus/-/healthy',
        '/prometheus/-/ready',
        '/prometheus/api/v1/write',
        '/prometheus/api/v1/otlp/v1/metrics',
        '/prometheus/api/v1/admin/',
        '/prometheus/-/reload',
        '/prometheus/-/quit',
        '/prometheus/debug/',
      ]);
      expect(paths(routes.filter((route) => route.refuseCrossSite))).toEqual([
        '/prometheus/api/v1/write',
        '/prometheus/api/v1/otlp/v1/metrics',
        '/prometheus/api/v1/admin/',
        '/prometheus/-/reload',
        '/prometheus/-/quit',
        '/prometheus/debug/',
      ]);
      expect(paths(routes.filter((route) => route.rateLimit === 'senders'))).toEqual(['/prometheus/api/v1/write', '/prometheus/api/v1/otlp/v1/metrics']);
      expect(routes.every((route) => route.rateLimit !== undefined)).toBe(true);
      // Every route but health says whose it is.
      expect(paths(routes.filter((route) => route.roles === undefined))).toEqual(['/prometheus/-/healthy', '/prometheus/-/ready']);
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });
  });

  describe('health routes', () => {
    test.each([
      [true, true, true],
      [true, false, false],
      [false, true, false],
      [false, false, false],
    ])('authenticated %s, healthCheckWithoutAuth %s → health and readiness open %s', (authenticated, healthCheckWithoutAuth, open) => {
      // WHEN
      const { routes } = prometheusRoutes({ ...defaults, authenticated, healthCheckWithoutAuth });
      // THEN
      expect(routes.filter((route) => route.open !== undefined).map((route) => [route.path, route.open])).toEqual([
        ['/prometheus/-/healthy', open],
        ['/prometheus/-/ready', open],
      ]);
    });
  });

  describe('agent mode', () => {
    test('proxies only health, readiness and metrics, and answers 404 for the rest of the prefix', () => {
      // WHEN
      const { routes, answers, refusedPaths } = prometheusRoutes({ ...defaults, agentMode: true });
      // THEN
      expect(routes).toEqual([
        health('/prometheus/-/healthy', '/-/healthy', false),
        health('/prometheus/-/ready', '/-/ready', false),
        proxied('/prometheus/metrics', '/metrics', { methods: ['GET'] }),
      ]);
      expect(answers).toEqual([
        { path: '/prometheus', match: RouteMatch.EXACT, status: 301, location: '/prometheus/' },
        { path: '/prometheus/', match: RouteMatch.PREFIX, status: 404 },
        { path: '/', match: RouteMatch.PREFIX, status: 404 },
      ]);
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });

    test('with prefix "/", answers 404 for everything but its routes', () => {
      // WHEN
      const { routes, answers } = prometheusRoutes({ ...defaults, pathPrefix: '/', agentMode: true });
      // THEN
      expect(paths(routes)).toEqual(['/-/healthy', '/-/ready', '/metrics']);
      expect(answers).toEqual([{ path: '/', match: RouteMatch.PREFIX, status: 404 }]);
    });

    test('still proxies the lifecycle and debug endpoints when enabled, but no UI or notifications', () => {
      // WHEN
      const { routes, refusedPaths } = prometheusRoutes({ ...defaults, agentMode: true, enableLifecycle: true, enableDebugEndpoints: true });
      // THEN
      expect(paths(routes)).toEqual(['/prometheus/-/healthy', '/prometheus/-/ready', '/prometheus/metrics', '/prometheus/-/reload', '/prometheus/-/quit', '/prometheus/debug/']);
      expect(refusedPaths).toEqual(REFUSED_BY_DEFAULT);
    });
  });

  test('every route and answer has a location of its own, whatever the options', () => {
    // GIVEN every combination of the options, for three prefixes
    const flags = ['healthCheckWithoutAuth', 'authenticated', 'enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints', 'enableRemoteWriteReceiver', 'enableOtlpReceiver', 'agentMode'] as const;
    for (const pathPrefix of ['/prometheus', '/', '/ops/prom']) {
      for (let bits = 0; bits < 1 << flags.length; bits++) {
        const input = { ...defaults, pathPrefix, ...Object.fromEntries(flags.map((flag, i) => [flag, (bits & (1 << i)) !== 0])) };
        // WHEN
        const { routes, answers } = prometheusRoutes(input);
        // THEN nginx would refuse a duplicate location
        const locations = [...routes, ...answers].map((location) => `${location.match} ${location.path}`);
        expect(new Set(locations).size).toBe(locations.length);
      }
    }
  });
});
