import { regexLiteral } from '../regex';
import { certificateRoleCheck, htpasswdFileFor } from './client-roles';
import { NginxAnswer, NginxLimits, NginxRoute, RouteConcurrency, RouteRateLimit } from './routes';
import { block, locationHeader, safe } from './syntax';

/** What a location needs to know of the server it is in. */
export interface LocationContext {
  /** Routes that are not open refuse requests without a verified client certificate. */
  readonly clientCertificateRequired: boolean;
  /** Verified client certificates have roles that routes check (`$client_role`). */
  readonly clientCertificateRoles: boolean;
  /** The password file of every basic auth user, when basic auth is on for the server: open routes turn it off, routes with roles name their own. */
  readonly htpasswdPath?: string;
  readonly limits: NginxLimits;
  /** The loopback gate upstream that receiver routes pass their bodies through, once read whole. */
  readonly receiverGate?: string;
}

/** The limits' defaults where a caller of NginxProxy gives none. */
export const ROUTE_CONCURRENCY_DEFAULTS = { queriesPerClient: 32, receiverRequestsPerSender: 2, receiverRequests: 2 } as const;

/** The limit_conn zones: per client, of queries, of receivers per sender and of receivers in all (the gate's). */
export const LIMIT_CONN_ZONES = { connections: 'connections', queries: 'queries', senders: 'receiver_senders', receivers: 'receivers' } as const;

/**
 * The TLS server's locations: answers first, then the routes, then one regular expression for the
 * refused paths, which outranks every prefix location that is not `^~`. nginx matches it against the
 * decoded, normalised path: `%61dmin`, `//`, `/./`, `/../` and `ADMIN` all land there.
 */
export function renderLocations(answers: readonly NginxAnswer[], routes: readonly NginxRoute[], refusedPaths: readonly string[], context: LocationContext): string[] {
  const refusedPattern = refusedPaths.map((path) => regexLiteral(safe('path', path))).join('|');
  return [
    ...answers.flatMap((answer) => [...renderAnswer(answer), '']),
    ...routes.flatMap((route) => [...renderRoute(route, context), '']),
    ...(refusedPattern ? block(`location ~* ^(?:${refusedPattern})`, ['deny all;']) : []),
  ];
}

function renderRoute(route: NginxRoute, context: LocationContext): string[] {
  const clientCertificateRequired = context.clientCertificateRequired && !route.open;
  const gated = route.concurrency === RouteConcurrency.RECEIVERS && context.receiverGate !== undefined;
  return block(locationHeader(route.path, route.match), [
    // `return` runs before the access phase: these refusals come before basic auth asks for a password.
    ...(clientCertificateRequired ? block('if ($ssl_client_verify != SUCCESS)', ['return 496;']) : []),
    ...(context.clientCertificateRoles && !route.open ? certificateRoleCheck(route) : []),
    ...(route.refuseCrossSite ? block('if ($cross_site_request)', ['return 403;']) : []),
    ...basicAuth(route, context),
    ...block(`limit_except ${route.methods.map((method) => safe('method', method)).join(' ')}`, ['deny all;']),
    ...(route.rateLimit === undefined ? [] : [limitReq(route.rateLimit, context.limits)]),
    ...limitConn(route, context.limits),
    ...(route.maxBodySize === undefined ? [] : [`client_max_body_size ${safe('maxBodySize', route.maxBodySize)};`]),
    // A gated route reads the body whole first: a slow sender holds an nginx connection, never one of Prometheus's.
    ...(route.streamRequestBody && !gated ? ['proxy_request_buffering off;'] : []),
    ...(route.streamResponse ? ['proxy_buffering off;'] : []),
    ...(route.readTimeoutSeconds === undefined ? [] : [`proxy_read_timeout ${safe('readTimeout', route.readTimeoutSeconds)}s;`]),
    ...redirectsUnder(route),
    gated
      ? `proxy_pass http://${safe('upstream', context.receiverGate)}${safe('path', route.path)};`
      : `proxy_pass http://${safe('upstream', route.upstream)}${safe('upstreamPath', route.upstreamPath)};`,
  ]);
}

/** `Location: /graph` becomes `/PREFIX/graph`; one already under the prefix, relative or absolute, passes as sent. */
function redirectsUnder(route: NginxRoute): string[] {
  if (route.redirectsUnder === undefined || route.redirectsUnder === '/') return [];
  const prefix = safe('redirectsUnder', route.redirectsUnder).replace(/^\/|\/$/g, '');
  return [`proxy_redirect "~^/(?!${regexLiteral(prefix)}(?:/|$))(.*)$" "/${prefix}/$1";`];
}

/** Open routes turn basic auth off; a route with roles reads the password file of its roles' users. */
function basicAuth(route: NginxRoute, context: LocationContext): string[] {
  if (context.htpasswdPath === undefined) return [];
  if (route.open) return ['auth_basic off;'];
  return route.roles === undefined ? [] : [`auth_basic_user_file ${safe('htpasswdPath', htpasswdFileFor(context.htpasswdPath, route.roles))};`];
}

/**
 * A route's bounds on requests in flight. nginx inherits limit_conn from the server only where a
 * location has none, so a route with its own repeats the server's per-client one.
 */
function limitConn(route: NginxRoute, limits: NginxLimits): string[] {
  if (route.concurrency === undefined) return [];
  const perClient = `limit_conn ${LIMIT_CONN_ZONES.connections} ${safe('connections', limits.connections)};`;
  if (route.concurrency === RouteConcurrency.QUERIES) {
    return [perClient, `limit_conn ${LIMIT_CONN_ZONES.queries} ${safe('queriesPerClient', limits.queriesPerClient ?? ROUTE_CONCURRENCY_DEFAULTS.queriesPerClient)};`];
  }
  const perSender = limits.receiverRequestsPerSender ?? ROUTE_CONCURRENCY_DEFAULTS.receiverRequestsPerSender;
  // Senders retry a 503 with backoff (a 429 only when told to): over any of these limits, they wait and resend.
  return [perClient, `limit_conn ${LIMIT_CONN_ZONES.senders} ${safe('receiverRequestsPerSender', perSender)};`, 'limit_conn_status 503;'];
}

/** The route's limit_req: its zone, and the burst allowed above the zone's rate without delay. */
function limitReq(rateLimit: RouteRateLimit, limits: NginxLimits): string {
  const burst = rateLimit === RouteRateLimit.CLIENTS ? limits.burst : 2 * limits.senderRequestsPerSecond;
  return `limit_req zone=${rateLimit}${burst > 0 ? ` burst=${safe('burst', burst)} nodelay` : ''};`;
}

function renderAnswer(answer: NginxAnswer): string[] {
  const target = answer.status === 301 ? ` ${safe('location', answer.location!)}$is_args$args` : '';
  return block(locationHeader(answer.path, answer.match), [`return ${safe('status', answer.status)}${target};`]);
}

/**
 * The loopback gate's location for a receiver route: the body arrives whole and fast from the TLS
 * server, and Prometheus is given at most `receiverRequests` of them at once.
 */
export function renderGateLocation(route: NginxRoute, limits: NginxLimits): string[] {
  return block(locationHeader(route.path, route.match), [
    `limit_conn ${LIMIT_CONN_ZONES.receivers} ${safe('receiverRequests', limits.receiverRequests ?? ROUTE_CONCURRENCY_DEFAULTS.receiverRequests)};`,
    'limit_conn_status 503;',
    ...(route.maxBodySize === undefined ? [] : [`client_max_body_size ${safe('maxBodySize', route.maxBodySize)};`]),
    'proxy_request_buffering off;',
    `proxy_pass http://${safe('upstream', route.upstream)}${safe('upstreamPath', route.upstreamPath)};`,
  ]);
}
