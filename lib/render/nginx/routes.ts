/**
 * What the proxy serves, as data: each service in the pod (Prometheus now; Alertmanager or a query
 * cache later) is one RouteList, and every route gets the same TLS, headers, limits and authentication.
 */

/** How a location matches the request path. */
export enum RouteMatch {
  /** The path and everything under it. */
  PREFIX = 'prefix',
  /** The path alone. */
  EXACT = 'exact',
  /** A prefix that outranks the refused paths (`^~`), for an opt-in path that is refused in other cases. */
  PREFERRED_PREFIX = 'preferred-prefix',
}

/** The per-client request rate a route counts against, which also caps password guesses. */
export enum RouteRateLimit {
  /** Queries, the UI, everything a person or Grafana sends. */
  CLIENTS = 'clients',
  /** Receivers' batches from remote-write senders: a higher rate, with bursts of twice it. */
  SENDERS = 'senders',
}

/** A bound on a route's requests in flight, besides the server's per-client one (`connections`). */
export enum RouteConcurrency {
  /** Queries: `queriesPerClient` in flight per client, 429 beyond. */
  QUERIES = 'queries',
  /**
   * Receivers: `receiverRequestsPerSender` in flight per sender, and `receiverRequests` in all, counted
   * only once the body has arrived (through the loopback gate), 503 beyond either, which senders retry.
   */
  RECEIVERS = 'receivers',
}

/** One location nginx proxies to a loopback upstream, and what sets it apart from the others. */
export interface NginxRoute {
  /** Absolute path of the location, e.g. `/prometheus/` or `/prometheus/-/healthy`. */
  readonly path: string;
  /** How the location matches the path. */
  readonly match: RouteMatch;
  /** Name of one of the RouteList's upstreams. */
  readonly upstream: string;
  /** What the matched part of the path becomes at the upstream, e.g. `/`. */
  readonly upstreamPath: string;
  /** Methods allowed (GET allows HEAD too), any other getting 403. */
  readonly methods: string[];
  /** Open to anyone who reaches the port, without basic auth or a client certificate (health probes). @default false */
  readonly open?: boolean;
  /** Request body limit in nginx's units, e.g. `16m`. @default - the server's, 1m */
  readonly maxBodySize?: string;
  /** Pass request bodies on as they arrive instead of buffering them whole first. @default false */
  readonly streamRequestBody?: boolean;
  /** Pass responses through unbuffered (server-sent events). @default false */
  readonly streamResponse?: boolean;
  /** How long nginx waits for the upstream's response, in seconds. @default - the server's, 150 */
  readonly readTimeoutSeconds?: number;
  /** The per-client request rate the route counts against. @default - none */
  readonly rateLimit?: RouteRateLimit;
  /** Refuse browser requests from other sites (Sec-Fetch-Site, Origin), against CSRF on state-changing endpoints. @default false */
  readonly refuseCrossSite?: boolean;
  /**
   * The roles whose identities may use the route: a client certificate or basic auth user of another role is refused.
   * @default - every role (open routes, health)
   */
  readonly roles?: string[];
  /** A bound on the route's requests in flight. @default - the server's per-client one only */
  readonly concurrency?: RouteConcurrency;
  /**
   * The path prefix the upstream's redirects belong under: a path-only `Location` outside it (Prometheus
   * 3 redirects `graph/` to `/graph`) is put under it. @default - redirects as the upstream sends them
   */
  readonly redirectsUnder?: string;
}

/** A location nginx answers itself, before any authentication: it must reveal nothing. */
export interface NginxAnswer {
  /** Absolute path of the location. */
  readonly path: string;
  /** How the location matches the path (prefix or exact). */
  readonly match: RouteMatch;
  /** The status nginx answers with: 301 (with `location`) or 404. */
  readonly status: number;
  /** Where a 301 sends the client, relative so that the published port survives. @default - none (a 404) */
  readonly location?: string;
}

/** A loopback address nginx proxies to, by name. */
export interface NginxUpstream {
  /** Name routes refer to. */
  readonly name: string;
  /** Its `host:port` in the pod, e.g. `127.0.0.1:9090`. */
  readonly address: string;
}

/** One service's part of the proxy: its upstreams, its routes, and the paths nginx answers or refuses for it. */
export interface RouteList {
  /** The service's loopback addresses. */
  readonly upstreams: NginxUpstream[];
  /** The locations proxied to them. */
  readonly routes: NginxRoute[];
  /** Locations nginx answers itself (redirects, 404s). @default - none */
  readonly answers?: NginxAnswer[];
  /**
   * Path prefixes refused with 403 whatever their case or encoding.
   *
   * Only exact and preferred-prefix routes outrank them.
   * @default - none
   */
  readonly refusedPaths?: string[];
}

/** What the container's health check reaches through nginx's loopback listener. */
export interface HealthCheckTarget {
  /** Name of the upstream, one of a RouteList's. */
  readonly upstream: string;
  /** Path of its health endpoint, e.g. `/-/healthy`. */
  readonly upstreamPath: string;
}

/** Per client: request rates (sustained, and the burst above it) and requests in flight. */
export interface NginxLimits {
  /** Sustained requests per second of routes that count against the clients' rate. */
  readonly requestsPerSecond: number;
  /** Requests above that rate accepted at once, without delay. */
  readonly burst: number;
  /** Requests in flight at once. */
  readonly connections: number;
  /** Sustained requests per second of routes that count against the senders' rate, with bursts of twice it. */
  readonly senderRequestsPerSecond: number;
  /** Requests one client (a verified certificate, or an address) may have in flight on query routes. @default 32 */
  readonly queriesPerClient?: number;
  /** Requests one sender (a verified certificate, or an address) may have in flight on receiver routes, bodies still arriving included. @default 2 */
  readonly receiverRequestsPerSender?: number;
  /** Receiver requests the upstream is given at once, from all senders. @default 2 */
  readonly receiverRequests?: number;
}

/** An origin browsers may send state-changing requests from (routes with `refuseCrossSite`). */
export interface TrustedOrigin {
  /** Its host name. */
  readonly host: string;
  /** Its HTTPS port. @default - any port (for a published port that is a Terraform value) */
  readonly port?: number;
}
