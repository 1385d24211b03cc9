export interface NginxConfInput {
  readonly domainName: string;
  /** `/` or `/segment[/segment...]`, no trailing slash. */
  readonly pathPrefix: string;
  /** Host name of the Prometheus container on the Docker network. */
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  /** Path of the htpasswd file; basic auth is on when given. */
  readonly htpasswdPath?: string;
  /** Leave `-/healthy` and `-/ready` open when basic auth is on. */
  readonly healthCheckWithoutAuth: boolean;
  readonly allowAdminApi: boolean;
  readonly allowLifecycle: boolean;
  readonly hsts: boolean;
  /** Session tickets are only forward-secret where nginx rotates their keys (1.23.2 and later). */
  readonly sessionTickets: boolean;
  /** The published HTTPS port, when a plain-HTTP listener should redirect to HTTPS. */
  readonly httpRedirectToPort?: number;
  /** Loopback port of the container-local health listener that the nginx health check uses. */
  readonly healthCheckPort: number;
}

/** Path of the health listener: Prometheus's `/-/healthy`, through the address nginx resolved. */
export const HEALTH_CHECK_PATH = '/healthz';

/** How long the health listener waits for Prometheus: less than the container health check's timeout. */
export const HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS = 2;

/** Mozilla's "intermediate" TLS 1.2 suites without DHE: ECDHE key exchange, AEAD ciphers only. */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/**
 * What nginx compresses: the API's JSON, the UI's scripts, styles and icons, the text of /metrics and
 * /federate (text/html always). Not text/event-stream: the UI's live notifications must not wait for a buffer.
 */
export const GZIP_TYPES = ['application/json', 'application/javascript', 'text/javascript', 'text/css', 'text/plain', 'image/svg+xml'];

/** Smaller bodies gain little from compression and cost a compressor each. */
export const GZIP_MIN_LENGTH = 1024;

/** Longer than Prometheus's default 2-minute query timeout, so Prometheus reports a slow query itself. */
export const PROXY_READ_TIMEOUT_SECONDS = 150;

/**
 * Characters any value rendered into the config may hold. The validator is stricter; this guard
 * keeps the renderer safe on its own: no `$` (variable expansion), quotes, `;`, braces or spaces.
 */
const SAFE_VALUE = /^[A-Za-z0-9._~/:-]+$/;

function safe(name: string, value: string | number): string {
  const text = String(value);
  if (!SAFE_VALUE.test(text)) throw new Error(`nginx.conf: refusing to render ${name} ${JSON.stringify(text)}`);
  return text;
}

function block(header: string, body: string[]): string[] {
  return [`${header} {`, ...body.map((line) => (line ? `    ${line}` : line)), '}'];
}

/** `nginx:1.30.1-alpine` → [1, 30, 1]; undefined when the tag is not a version. */
export function nginxImageVersion(image: string): number[] | undefined {
  const match = /:(\d+)\.(\d+)\.(\d+)(?:-[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/.exec(image);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

/** nginx rotates session ticket keys itself from 1.23.2 on; before that tickets weaken forward secrecy. */
export function sessionTicketsSafe(image: string): boolean {
  const version = nginxImageVersion(image);
  if (!version) return false;
  const [major, minor, patch] = version;
  return major > 1 || (major === 1 && (minor > 23 || (minor === 23 && patch >= 2)));
}

/**
 * nginx.conf for the proxy: TLS termination on 443 and `PREFIX/` proxied to Prometheus at `/`.
 *
 * Unlike the guide's `location /prometheus { proxy_pass http://localhost:9090/; }`, the location ends
 * in a slash so `/prometheus/api/v1/...` reaches `/api/v1/...` rather than `//api/v1/...`.
 */
export function renderNginxConf(input: NginxConfInput): string {
  const domain = safe('domainName', input.domainName);
  const prefix = safe('pathPrefix', input.pathPrefix);
  const base = prefix === '/' ? '/' : `${prefix}/`;
  const upstream = `${safe('upstreamHost', input.upstreamHost)}:${safe('upstreamPort', input.upstreamPort)}`;
  const auth = input.htpasswdPath !== undefined;

  const securityHeaders = [
    'add_header X-Content-Type-Options "nosniff" always;',
    'add_header X-Frame-Options "DENY" always;',
    `add_header Content-Security-Policy "frame-ancestors 'none'" always;`,
    'add_header Referrer-Policy "no-referrer" always;',
    ...(input.hsts ? ['add_header Strict-Transport-Security "max-age=31536000" always;'] : []),
  ];

  const proxyHeaders = [
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    // nginx compresses instead (see the gzip directives), so Prometheus never spends its CPU on it.
    'proxy_set_header Accept-Encoding "";',
    // Credentials stop at the proxy: Prometheus has no use for them.
    ...(auth ? ['proxy_set_header Authorization "";'] : []),
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 60s;',
    `proxy_read_timeout ${PROXY_READ_TIMEOUT_SECONDS}s;`,
  ];

  const denied = [
    ...(input.allowAdminApi ? [] : [`${base}api/v1/admin/`]),
    ...(input.allowLifecycle ? [] : [`${base}-/quit`, `${base}-/reload`]),
  ];

  const liveNotifications = [
    '',
    // Prometheus 3's UI streams notifications (server-sent events, no heartbeat): no buffering, long reads.
    ...block(`location = ${base}api/v1/notifications/live`, [
      ...block('limit_except GET', ['deny all;']),
      'proxy_buffering off;',
      'proxy_read_timeout 1h;',
      'proxy_pass http://prometheus/api/v1/notifications/live;',
    ]),
  ];

  const healthLocations =
    auth && input.healthCheckWithoutAuth
      ? ['healthy', 'ready'].flatMap((endpoint) => [
          '',
          ...block(`location = ${base}-/${endpoint}`, [
            'auth_basic off;',
            ...block('limit_except GET', ['deny all;']),
            `proxy_pass http://prometheus/-/${endpoint};`,
          ]),
        ])
      : [];

  const locations = [
    // Relative redirect (absolute_redirect off): keeps the scheme, host and published port.
    ...(prefix === '/' ? [] : [...block(`location = ${prefix}`, [`return 301 ${base}$is_args$args;`]), '']),
    ...block(`location ${base}`, [
      // The API and UI use GET (and HEAD) and POST; nothing else reaches Prometheus.
      ...block('limit_except GET POST', ['deny all;']),
      'proxy_pass http://prometheus/;',
    ]),
    ...denied.flatMap((path) => ['', ...block(`location ^~ ${path}`, ['deny all;'])]),
    ...liveNotifications,
    ...healthLocations,
    // Nothing outside the prefix reaches Prometheus (nor nginx's default page).
    ...(prefix === '/' ? [] : ['', ...block('location /', ['return 404;'])]),
  ];

  const httpsServer = block('server', [
    'listen 443 ssl;',
    `server_name ${domain};`,
    '',
    `ssl_certificate ${safe('certificatePath', input.certificatePath)};`,
    `ssl_certificate_key ${safe('privateKeyPath', input.privateKeyPath)};`,
    '',
    'absolute_redirect off;',
    '',
    ...securityHeaders,
    // nginx's value replaces any copy from Prometheus (Go's http.Error sends nosniff too): each arrives once.
    ...securityHeaders.map((line) => `proxy_hide_header ${line.split(' ')[1]};`),
    '',
    ...(auth
      ? ['auth_basic "Prometheus";', `auth_basic_user_file ${safe('htpasswdPath', input.htpasswdPath!)};`, '']
      : []),
    ...locations,
  ]);

  // nginx resolves the Prometheus host name once, at start (re-resolving upstreams needs 1.27.3, which
  // Debian's 1.22 lacks). The container's health check asks this listener and reloads nginx when
  // Prometheus cannot be reached through the address it resolved, e.g. after Docker gave it a new IP.
  const healthServer = block('server', [
    `listen 127.0.0.1:${safe('healthCheckPort', input.healthCheckPort)};`,
    'access_log off;',
    // A dead address must fail the check well inside Docker's 5 s timeout, or Docker kills the check
    // before it reloads nginx (the http-level connect timeout is 5 s).
    `proxy_connect_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    `proxy_read_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    '',
    ...block(`location = ${HEALTH_CHECK_PATH}`, ['proxy_pass http://prometheus/-/healthy;']),
    '',
    ...block('location /', ['return 404;']),
  ]);

  const redirectServer =
    input.httpRedirectToPort === undefined
      ? []
      : [
          ...block('server', [
            'listen 80;',
            `server_name ${domain};`,
            `return 301 https://${domain}${input.httpRedirectToPort === 443 ? '' : `:${safe('httpsPort', input.httpRedirectToPort)}`}$request_uri;`,
          ]),
          '',
        ];

  const http = block('http', [
    'server_tokens off;',
    'access_log /dev/stdout;',
    // Room for the longest valid domainName (253 characters).
    'server_names_hash_bucket_size 512;',
    '',
    'client_max_body_size 1m;',
    'client_header_timeout 15s;',
    'client_body_timeout 15s;',
    'large_client_header_buffers 4 16k;',
    'keepalive_timeout 65s;',
    // nginx closes a client's connection after 1000 requests by default, and the client's next one pays a
    // full handshake (5 ms of CPU with RSA-4096): at a busy client's rate that was 10% of nginx's CPU.
    'keepalive_requests 10000;',
    'send_timeout 60s;',
    'client_body_temp_path /var/cache/nginx/client_temp;',
    'proxy_temp_path /var/cache/nginx/proxy_temp;',
    '',
    'ssl_protocols TLSv1.2 TLSv1.3;',
    `ssl_ciphers ${TLS12_CIPHERS};`,
    'ssl_prefer_server_ciphers off;',
    'ssl_session_cache shared:TLS:10m;',
    'ssl_session_timeout 1d;',
    `ssl_session_tickets ${input.sessionTickets ? 'on' : 'off'};`,
    '',
    ...block('upstream prometheus', [`server ${upstream};`, 'keepalive 32;']),
    '',
    // Prometheus gzips for clients that ask (Grafana always does) with a fresh compressor per response,
    // which costs it several times the work of a small query; nginx compresses for a fraction of that,
    // and only bodies worth it (BENCHMARKS.md, tuning log). For every client, as Prometheus did: `any`, `Vary`.
    'gzip on;',
    `gzip_types ${GZIP_TYPES.join(' ')};`,
    `gzip_min_length ${GZIP_MIN_LENGTH};`,
    'gzip_proxied any;',
    'gzip_vary on;',
    '',
    ...proxyHeaders,
    '',
    ...redirectServer,
    ...httpsServer,
    '',
    ...healthServer,
  ]);

  return [
    `# Rendered by prometheus-tls-proxy for https://${domain}${base}; changes here are replaced on the next deploy.`,
    'user nginx;',
    'worker_processes auto;',
    'pid /var/run/nginx.pid;',
    'error_log /dev/stderr warn;',
    '',
    ...block('events', ['worker_connections 1024;']),
    '',
    ...http,
    '',
  ].join('\n');
}
