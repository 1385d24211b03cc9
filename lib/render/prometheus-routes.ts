import { PROMETHEUS_LISTEN_ADDRESS } from '../container-layout';
import { HealthCheckTarget, NginxAnswer, NginxRoute, RouteList, RouteMatch, RouteRateLimit } from './nginx/routes';

/** The nginx upstream of the Prometheus in the pod. */
export const PROMETHEUS_UPSTREAM = 'prometheus';

/** What nginx's health check reaches: Prometheus's own health endpoint. */
export const PROMETHEUS_HEALTH_CHECK: HealthCheckTarget = { upstream: PROMETHEUS_UPSTREAM, upstreamPath: '/-/healthy' };

/** Receivers take batches, not queries: remote-write senders batch up to a few MB, and nginx's 1 MB default is a known cause of 413s. */
export const RECEIVER_MAX_BODY_SIZE = '16m';

/** Prometheus 3's UI streams notifications over server-sent events, without a heartbeat. */
const NOTIFICATIONS_READ_TIMEOUT_SECONDS = 3600;

export interface PrometheusRoutesInput {
  /** `/` or `/segment[/segment...]`, no trailing slash. */
  readonly pathPrefix: string;
  /** Leave `-/healthy` and `-/ready` open when clients must otherwise authenticate. */
  readonly healthCheckWithoutAuth: boolean;
  /** Clients authenticate (basic auth or a required client certificate). */
  readonly authenticated: boolean;
  readonly enableAdminApi: boolean;
  readonly enableLifecycle: boolean;
  readonly enableDebugEndpoints: boolean;
  readonly enableRemoteWriteReceiver: boolean;
  readonly enableOtlpReceiver: boolean;
  /** An agent has no query engine, UI or TSDB: only health, readiness and its own metrics are served. */
  readonly agentMode: boolean;
}

/** `PREFIX/`, or `/` for prefix `/`: what every proxied path starts with. */
export function basePath(pathPrefix: string): string {
  return pathPrefix === '/' ? '/' : `${pathPrefix}/`;
}

/** What nginx serves of Prometheus: its upstream in the pod, its routes, and what nginx answers or refuses for it. */
export function prometheusRoutes(input: PrometheusRoutesInput): Required<RouteList> {
  const base = basePath(input.pathPrefix);
  const proxied = (path: string, match: RouteMatch, rest: Partial<NginxRoute> = {}): NginxRoute => ({
    path: `${base}${path}`,
    match,
    upstream: PROMETHEUS_UPSTREAM,
    upstreamPath: `/${path}`,
    methods: ['GET', 'POST'],
    rateLimit: RouteRateLimit.CLIENTS,
    ...rest,
  });
  const upstreams = [{ name: PROMETHEUS_UPSTREAM, address: PROMETHEUS_LISTEN_ADDRESS }];

  const health = ['healthy', 'ready'].map((endpoint) =>
    proxied(`-/${endpoint}`, RouteMatch.EXACT, { methods: ['GET'], open: input.authenticated && input.healthCheckWithoutAuth }),
  );
  const receivers = [
    ...(input.enableRemoteWriteReceiver ? ['api/v1/write'] : []),
    ...(input.enableOtlpReceiver ? ['api/v1/otlp/v1/metrics'] : []),
  ].map((path) =>
    // Machine clients sending batches: a body limit that fits them, streamed, and the senders' rate (a
    // busy sender makes hundreds of requests a second), which still caps password guesses. Browsers'
    // cross-site requests are refused: Prometheus takes a body without a Content-Type, which a page
    // can send without a CORS preflight, with a browser's cached credentials.
    proxied(path, RouteMatch.EXACT, { methods: ['POST'], maxBodySize: RECEIVER_MAX_BODY_SIZE, streamRequestBody: true, rateLimit: RouteRateLimit.SENDERS, refuseCrossSite: true }),
  );
  // Opt-in endpoints that change state: refused to other sites' pages, which could otherwise use a
  // browser's cached credentials (CSRF). Prometheus serves them in lower case only: their routes
  // outrank the refused paths below, which refuse every other case and every one of them when off.
  const stateChanging = [
    ...(input.enableAdminApi ? [proxied('api/v1/admin/', RouteMatch.PREFERRED_PREFIX, { refuseCrossSite: true })] : []),
    ...(input.enableLifecycle ? ['-/reload', '-/quit'].map((path) => proxied(path, RouteMatch.EXACT, { methods: ['POST'], refuseCrossSite: true })) : []),
  ];
  // A profile costs CPU for as long as it asks: no other site's page may start one.
  const debug = input.enableDebugEndpoints ? [proxied('debug/', RouteMatch.PREFERRED_PREFIX, { methods: ['GET'], refuseCrossSite: true })] : [];
  const refusedPaths = [`${base}api/v1/admin/`, `${base}-/quit`, `${base}-/reload`, `${base}debug/`];
  // Relative redirect (absolute_redirect off): keeps the scheme, host and published port.
  const barePrefix: NginxAnswer[] = input.pathPrefix === '/' ? [] : [{ path: input.pathPrefix, match: RouteMatch.EXACT, status: 301, location: base }];
  // Nothing outside the prefix reaches Prometheus (nor nginx's default page).
  const outside: NginxAnswer[] = input.pathPrefix === '/' ? [] : [{ path: '/', match: RouteMatch.PREFIX, status: 404 }];

  if (input.agentMode) {
    // Validation keeps the admin API and the receivers off in agent mode: Prometheus has none there.
    return {
      upstreams,
      routes: [...health, proxied('metrics', RouteMatch.EXACT, { methods: ['GET'] }), ...stateChanging, ...debug],
      answers: [...barePrefix, { path: base, match: RouteMatch.PREFIX, status: 404 }, ...outside],
      refusedPaths,
    };
  }
  return {
    upstreams,
    routes: [
      proxied('', RouteMatch.PREFIX),
      proxied('api/v1/notifications/live', RouteMatch.EXACT, { methods: ['GET'], streamResponse: true, readTimeoutSeconds: NOTIFICATIONS_READ_TIMEOUT_SECONDS }),
      ...health,
      ...receivers,
      ...stateChanging,
      ...debug,
    ],
    answers: [...barePrefix, ...outside],
    refusedPaths,
  };
}
