import { PROMETHEUS_LISTEN_ADDRESS } from '../container-layout';
import { ClientRole } from '../options/enums';
import { HealthCheckTarget, NginxAnswer, NginxRoute, RouteConcurrency, RouteList, RouteMatch, RouteRateLimit } from './nginx/routes';

/** The nginx upstream of the Prometheus in the pod. */
export const PROMETHEUS_UPSTREAM = 'prometheus';

/** What nginx's health check reaches: Prometheus's own health endpoint. */
export const PROMETHEUS_HEALTH_CHECK: HealthCheckTarget = { upstream: PROMETHEUS_UPSTREAM, upstreamPath: '/-/healthy' };

/**
 * Who may use which of Prometheus's routes: people and Grafana read, edges send, federating instances
 * pull `/federate`, operators do all of it and the admin endpoints besides. Health is every role's.
 */
export const PROMETHEUS_ROUTE_ROLES = {
  read: [ClientRole.READER, ClientRole.ADMIN],
  federate: [ClientRole.READER, ClientRole.FEDERATOR, ClientRole.ADMIN],
  receive: [ClientRole.SENDER, ClientRole.ADMIN],
  admin: [ClientRole.ADMIN],
} as const;

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
  /** Largest body the receivers accept, in MB. */
  readonly receiverBodyLimitMb: number;
}

/** `PREFIX/`, or `/` for prefix `/`: what every proxied path starts with. */
export function basePath(pathPrefix: string): string {
  return pathPrefix === '/' ? '/' : `${pathPrefix}/`;
}

/**
 * A route to Prometheus: `path` under the prefix, proxied to `/path`, GET and POST at the clients' rate,
 * for readers, its redirects kept under the prefix, unless `rest` says otherwise.
 */
type Proxied = (path: string, match: RouteMatch, rest?: Partial<NginxRoute>) => NginxRoute;

function proxiedUnder(input: PrometheusRoutesInput, base: string): Proxied {
  return (path, match, rest = {}) => ({
    path: `${base}${path}`,
    match,
    upstream: PROMETHEUS_UPSTREAM,
    upstreamPath: `/${path}`,
    methods: ['GET', 'POST'],
    rateLimit: RouteRateLimit.CLIENTS,
    roles: [...PROMETHEUS_ROUTE_ROLES.read],
    redirectsUnder: input.pathPrefix,
    ...rest,
  });
}

/** Health and readiness, open to probes where clients must otherwise authenticate (and healthCheckWithoutAuth says so). */
function healthRoutes(input: PrometheusRoutesInput, proxied: Proxied): NginxRoute[] {
  return ['healthy', 'ready'].map((endpoint) =>
    proxied(`-/${endpoint}`, RouteMatch.EXACT, { methods: ['GET'], open: input.authenticated && input.healthCheckWithoutAuth, roles: undefined }),
  );
}

/**
 * The receivers take machine clients' batches, for senders: a body limit that fits them and bounds
 * what one takes of Prometheus's memory once decoded, read whole before Prometheus sees it, a few in
 * flight per sender and a few in all (RouteConcurrency.RECEIVERS), and the senders' rate (a busy sender
 * makes hundreds of requests a second), which still caps password guesses. Browsers' cross-site
 * requests are refused: Prometheus takes a body without a Content-Type, which a page can send without a
 * CORS preflight, with a browser's cached credentials.
 */
function receiverRoutes(input: PrometheusRoutesInput, proxied: Proxied): NginxRoute[] {
  return [...(input.enableRemoteWriteReceiver ? ['api/v1/write'] : []), ...(input.enableOtlpReceiver ? ['api/v1/otlp/v1/metrics'] : [])].map((path) =>
    proxied(path, RouteMatch.EXACT, {
      methods: ['POST'],
      maxBodySize: `${input.receiverBodyLimitMb}m`,
      rateLimit: RouteRateLimit.SENDERS,
      concurrency: RouteConcurrency.RECEIVERS,
      refuseCrossSite: true,
      roles: [...PROMETHEUS_ROUTE_ROLES.receive],
    }),
  );
}

/**
 * Opt-in endpoints, refused to other sites' pages, which could otherwise use a browser's cached
 * credentials (CSRF): the admin API and lifecycle change state, and a profile costs CPU for as long as it
 * asks. Prometheus serves them in lower case only: their routes outrank the refused paths, which refuse
 * every other case, and every one of them when off.
 */
function optInRoutes(input: PrometheusRoutesInput, proxied: Proxied): NginxRoute[] {
  const admin = [...PROMETHEUS_ROUTE_ROLES.admin];
  return [
    ...(input.enableAdminApi ? [proxied('api/v1/admin/', RouteMatch.PREFERRED_PREFIX, { refuseCrossSite: true, roles: admin })] : []),
    ...(input.enableLifecycle ? ['-/reload', '-/quit'].map((path) => proxied(path, RouteMatch.EXACT, { methods: ['POST'], refuseCrossSite: true, roles: admin })) : []),
    ...(input.enableDebugEndpoints ? [proxied('debug/', RouteMatch.PREFERRED_PREFIX, { methods: ['GET'], refuseCrossSite: true, roles: admin })] : []),
  ];
}

/**
 * What nginx answers itself: the bare prefix redirected (relative, absolute_redirect off, so that the
 * scheme, host and published port are kept) and nothing outside the prefix, nor nginx's default page.
 */
function answers(input: PrometheusRoutesInput, base: string): NginxAnswer[] {
  if (input.pathPrefix === '/') return [];
  return [
    { path: input.pathPrefix, match: RouteMatch.EXACT, status: 301, location: base },
    { path: '/', match: RouteMatch.PREFIX, status: 404 },
  ];
}

/** What nginx serves of Prometheus: its upstream in the pod, its routes, and what nginx answers or refuses for it. */
export function prometheusRoutes(input: PrometheusRoutesInput): Required<RouteList> {
  const base = basePath(input.pathPrefix);
  const proxied = proxiedUnder(input, base);
  const list = {
    upstreams: [{ name: PROMETHEUS_UPSTREAM, address: PROMETHEUS_LISTEN_ADDRESS }],
    refusedPaths: [`${base}api/v1/admin/`, `${base}-/quit`, `${base}-/reload`, `${base}debug/`],
  };
  if (input.agentMode) {
    // An agent has no query engine, UI or TSDB (validation keeps the admin API and the receivers off).
    const [redirect, ...outside] = answers(input, base);
    return {
      ...list,
      routes: [...healthRoutes(input, proxied), proxied('metrics', RouteMatch.EXACT, { methods: ['GET'] }), ...optInRoutes(input, proxied)],
      answers: [...(redirect ? [redirect] : []), { path: base, match: RouteMatch.PREFIX, status: 404 }, ...outside],
    };
  }
  return {
    ...list,
    routes: [
      // Queries, the UI and /federate: a dashboard sends its panels' queries at once, and each waits for
      // Prometheus's query engine, so a client's in flight are bounded (RouteConcurrency.QUERIES).
      proxied('', RouteMatch.PREFIX, { concurrency: RouteConcurrency.QUERIES }),
      proxied('federate', RouteMatch.EXACT, { methods: ['GET'], concurrency: RouteConcurrency.QUERIES, roles: [...PROMETHEUS_ROUTE_ROLES.federate] }),
      proxied('api/v1/notifications/live', RouteMatch.EXACT, { methods: ['GET'], streamResponse: true, readTimeoutSeconds: NOTIFICATIONS_READ_TIMEOUT_SECONDS }),
      ...healthRoutes(input, proxied),
      ...receiverRoutes(input, proxied),
      ...optInRoutes(input, proxied),
    ],
    answers: answers(input, base),
  };
}
