import type { NginxFeatures } from './image-versions';
import type { ClientCertificateRoles } from './nginx/client-roles';
import { httpBlock } from './nginx/http';
import type { NginxAnswer, NginxLimits, NginxRoute, NginxUpstream, TrustedOrigin } from './nginx/routes';
import { block, safe } from './nginx/syntax';

export { GZIP_MIN_LENGTH, GZIP_TYPES, PROXY_READ_TIMEOUT_SECONDS, TLS12_CIPHERS, TLS_GROUPS } from './nginx/http';
export { HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS } from './nginx/servers';

/** Everything nginx.conf is rendered from: the routes of every service, the server-wide settings, and where nginx keeps its files. */
export interface NginxConfInput {
  /** The URL the config serves, for the header comment. */
  readonly url: string;
  /** Names the TLS server answers to: DNS names, wildcards, IP addresses. The first is canonical. */
  readonly serverNames: readonly string[];
  /** Clients without SNI (those that connect by IP address) are served; otherwise their handshake is refused. */
  readonly serveWithoutSni: boolean;
  readonly features: NginxFeatures;
  /** nginx's listeners in the pod (container-layout.ts): HTTPS, and plain HTTP when it redirects. */
  readonly listen: { readonly https: number; readonly http: number };
  /** Where nginx keeps its pid file and the temp files of bodies that outgrow their buffers (container-layout.ts). */
  readonly runtimePaths: { readonly pidFile: string; readonly tempDir: string };
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  /**
   * Client certificates are verified against `caPath` when sent; `required` refuses requests without
   * one; `roles` says where a verified one's role comes from, which routes with roles check.
   */
  readonly clientCertificates?: { readonly caPath: string; readonly required: boolean; readonly roles?: ClientCertificateRoles };
  /** The loopback port of the receivers' gate (container-layout.ts), used when a route is a receiver. */
  readonly receiverGatePort: number;
  /** Path of the htpasswd file; basic auth is on when given. */
  readonly htpasswdPath?: string;
  readonly hsts: boolean;
  /** The published HTTPS port, when a plain-HTTP listener should redirect to HTTPS. */
  readonly httpRedirectToPort?: number;
  readonly workerProcesses: number;
  readonly limits: NginxLimits;
  /** Origins allowed to send requests to routes with `refuseCrossSite`. */
  readonly trustedOrigins: readonly TrustedOrigin[];
  readonly upstreams: readonly NginxUpstream[];
  readonly routes: readonly NginxRoute[];
  readonly answers: readonly NginxAnswer[];
  /**
   * Path prefixes refused with 403 whatever their case or encoding; only exact and preferred-prefix
   * routes outrank them (an opt-in path in the exact case its upstream serves).
   */
  readonly refusedPaths: readonly string[];
  /** A loopback-only listener for the container's health check: `path` is proxied to `upstreamPath`. */
  readonly healthCheck: { readonly port: number; readonly path: string; readonly upstream: string; readonly upstreamPath: string };
}

/**
 * Connections per worker. Each proxied request holds two (client and upstream); 4096 leaves room for
 * thousands of idle or half-open clients, which the 1024 default did not (a red-team finding).
 */
export const WORKER_CONNECTIONS = 4096;

/**
 * nginx.conf for the proxy: TLS termination in front of loopback upstreams, one location per route.
 * Unlike the guide's `location /prometheus { proxy_pass http://localhost:9090/; }`, a prefix route
 * ends in a slash, so `/prometheus/api/v1/...` reaches `/api/v1/...` rather than `//api/v1/...`.
 */
export function renderNginxConf(input: NginxConfInput): string {
  if (input.serverNames.length === 0) throw new Error('nginx.conf: refusing to render a server without a name');
  return [
    `# Rendered by prometheus-tls-proxy for ${safe('url', input.url)}; changes here are replaced on the next deploy.`,
    'user nginx;',
    // A fixed count, not `auto`: each busy worker holds tens of MB (validation budgets 32), and `auto` counts the host's cores, not
    // the container's memory limit.
    `worker_processes ${safe('workerProcesses', input.workerProcesses)};`,
    `worker_rlimit_nofile ${2 * WORKER_CONNECTIONS + 64};`,
    `pid ${safe('pidFile', input.runtimePaths.pidFile)};`,
    'error_log /dev/stderr warn;',
    '',
    ...block('events', [`worker_connections ${WORKER_CONNECTIONS};`]),
    '',
    ...httpBlock(input),
    '',
  ].join('\n');
}
