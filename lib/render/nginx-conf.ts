import type { NginxFeatures } from './image-versions';
import { regexLiteral } from './regex';
import { portSuffix } from './urls';

/**
 * One location nginx proxies to an upstream. The renderer knows nothing of Prometheus: every route
 * gets the same TLS, headers, limits and authentication, and says only what sets it apart.
 */
export interface NginxRoute {
  /** Absolute path of the location, e.g. `/prometheus/` or `/prometheus/-/healthy`. */
  readonly path: string;
  /**
   * `prefix`: the path and everything under it; `exact`: the path alone; `preferred-prefix`: a prefix
   * that outranks the refused-path patterns (`^~`), for an opt-in path that is refused in other cases.
   */
  readonly match: 'prefix' | 'exact' | 'preferred-prefix';
  /** Name of an upstream of `NginxConfInput.upstreams`. */
  readonly upstream: string;
  /** What the path becomes at the upstream: the matched part of the URI is replaced by it. */
  readonly upstreamPath: string;
  /** Methods allowed (GET allows HEAD too); any other gets 403. */
  readonly methods: readonly string[];
  /** Open to anyone who reaches the port: no basic auth, no client certificate (health probes). */
  readonly open?: boolean;
  /** Request body limit in nginx's units. @default the server's limit */
  readonly maxBodySize?: string;
  /** Passes request bodies to the upstream as they arrive instead of buffering them whole first. */
  readonly streamRequestBody?: boolean;
  /** Passes responses through unbuffered (server-sent events). */
  readonly streamResponse?: boolean;
  /** @default the server's read timeout */
  readonly readTimeoutSeconds?: number;
  /**
   * The per-client request rate it counts against: `clients` (queries, the UI, everything a person or
   * Grafana sends) or `senders` (the receivers' batches, a higher rate). Either also caps password guesses.
   * @default - none
   */
  readonly rateLimit?: 'clients' | 'senders';
  /** Refuses browser requests from other sites (Sec-Fetch-Site, Origin): CSRF on state-changing endpoints. */
  readonly refuseCrossSite?: boolean;
}

/** Per client address: request rates (sustained, and the burst above it) and requests in flight. */
export interface NginxLimits {
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly connections: number;
  /** The rate of routes with `rateLimit: 'senders'`; their burst is twice it. */
  readonly senderRequestsPerSecond: number;
}

/** A location nginx answers itself, before any authentication: it must reveal nothing. */
export interface NginxAnswer {
  readonly path: string;
  readonly match: 'prefix' | 'exact';
  readonly status: 301 | 404;
  /** Redirect target (relative, so the published port survives) for 301. */
  readonly location?: string;
}

/** An origin browsers may send state-changing requests from. */
export interface TrustedOrigin {
  readonly host: string;
  /** Its HTTPS port; any port when the published port is a Terraform value, known only at apply. */
  readonly port?: number;
}

export interface NginxConfInput {
  /** The URL the config serves, for the header comment. */
  readonly url: string;
  /** Names the TLS server answers to: DNS names, wildcards, IP addresses. The first is canonical. */
  readonly serverNames: readonly string[];
  /** Clients without SNI (those that connect by IP address) are served; otherwise their handshake is refused. */
  readonly serveWithoutSni: boolean;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  readonly features: NginxFeatures;
  /** Client certificates are verified against `caPath` when sent; `required` refuses requests without one. */
  readonly clientCertificates?: { readonly caPath: string; readonly required: boolean };
  /** Path of the htpasswd file; basic auth is on when given. */
  readonly htpasswdPath?: string;
  readonly hsts: boolean;
  /** The published HTTPS port, when a plain-HTTP listener should redirect to HTTPS. */
  readonly httpRedirectToPort?: number;
  readonly workerProcesses: number;
  readonly limits: NginxLimits;
  /** Origins allowed to send requests to routes with `refuseCrossSite`. */
  readonly trustedOrigins: readonly TrustedOrigin[];
  readonly upstreams: readonly { readonly name: string; readonly address: string }[];
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

/** How long the health listener waits for the upstream: well inside the container health check's timeout. */
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
 * Key exchange groups, Mozilla's intermediate list. Naming them keeps out the finite-field groups
 * (ffdhe2048 to ffdhe8192) that OpenSSL otherwise offers in TLS 1.3: a client choosing ffdhe8192 makes
 * nginx spend ~190 ms of CPU per handshake (DHEat, CVE-2002-20001).
 */
export const TLS_GROUPS = 'X25519:prime256v1:secp384r1';

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
 * Connections per worker. Each proxied request holds two (client and upstream); 4096 leaves room for
 * thousands of idle or half-open clients, which the 1024 default did not (a red-team finding).
 */
export const WORKER_CONNECTIONS = 4096;

/**
 * Characters any value rendered into the config may hold. The validator is stricter; this guard
 * keeps the renderer safe on its own: no `$` (variable expansion), quotes, `;`, braces or spaces.
 */
const SAFE_VALUE = /^[A-Za-z0-9._~/:*[\]-]+$/;

function safe(name: string, value: string | number | undefined): string {
  const text = String(value);
  if (value === undefined || !SAFE_VALUE.test(text)) throw new Error(`nginx.conf: refusing to render ${name} ${JSON.stringify(value)}`);
  return text;
}

/** `:PORT` of an https URL (nothing for 443), the port checked like any rendered value. */
function safePortSuffix(name: string, port: number): string {
  safe(name, port);
  return portSuffix(port);
}

function block(header: string, body: string[]): string[] {
  return [`${header} {`, ...body.map((line) => (line ? `    ${line}` : line)), '}'];
}

/** A location by path: a path starting with `~` or `=` would be read as a regular expression or an exact match. */
function locationHeader(path: string, match: NginxRoute['match']): string {
  if (!path.startsWith('/')) throw new Error(`nginx.conf: refusing to render location path ${JSON.stringify(path)}`);
  const modifier = { exact: '= ', 'preferred-prefix': '^~ ', prefix: '' }[match];
  return `location ${modifier}${safe('path', path)}`;
}

function originEntry(origin: TrustedOrigin): string {
  const host = safe('origin', origin.host);
  if (origin.port === undefined) return `"~^https://${regexLiteral(host)}(:[0-9]+)?$" 0;`;
  return `"https://${host}${safePortSuffix('port', origin.port)}" 0;`;
}

/** Headers on every response of the TLS server, sent `always` so that error pages carry them too. */
function securityHeaders(hsts: boolean): string[] {
  return [
    'add_header X-Content-Type-Options "nosniff" always;',
    'add_header X-Frame-Options "DENY" always;',
    `add_header Content-Security-Policy "frame-ancestors 'none'" always;`,
    'add_header Referrer-Policy "no-referrer" always;',
    ...(hsts ? ['add_header Strict-Transport-Security "max-age=31536000" always;'] : []),
  ];
}

function renderRoute(route: NginxRoute, input: NginxConfInput): string[] {
  const clientCertificateRequired = input.clientCertificates?.required === true && !route.open;
  return block(locationHeader(route.path, route.match), [
    // `return` runs before the access phase: these refusals come before basic auth asks for a password.
    ...(clientCertificateRequired ? block('if ($ssl_client_verify != SUCCESS)', ['return 496;']) : []),
    ...(route.refuseCrossSite ? block('if ($cross_site_request)', ['return 403;']) : []),
    ...(route.open && input.htpasswdPath !== undefined ? ['auth_basic off;'] : []),
    ...block(`limit_except ${route.methods.map((method) => safe('method', method)).join(' ')}`, ['deny all;']),
    ...(route.rateLimit === undefined ? [] : [limitReq(route.rateLimit, input.limits)]),
    ...(route.maxBodySize === undefined ? [] : [`client_max_body_size ${safe('maxBodySize', route.maxBodySize)};`]),
    ...(route.streamRequestBody ? ['proxy_request_buffering off;'] : []),
    ...(route.streamResponse ? ['proxy_buffering off;'] : []),
    ...(route.readTimeoutSeconds === undefined ? [] : [`proxy_read_timeout ${safe('readTimeout', route.readTimeoutSeconds)}s;`]),
    `proxy_pass http://${safe('upstream', route.upstream)}${safe('upstreamPath', route.upstreamPath)};`,
  ]);
}

/** The route's limit_req: its zone, and the burst allowed above the zone's rate without delay. */
function limitReq(rateLimit: 'clients' | 'senders', limits: NginxLimits): string {
  const burst = rateLimit === 'clients' ? limits.burst : 2 * limits.senderRequestsPerSecond;
  return `limit_req zone=${rateLimit}${burst > 0 ? ` burst=${safe('burst', burst)} nodelay` : ''};`;
}

function renderAnswer(answer: NginxAnswer): string[] {
  const target = answer.status === 301 ? ` ${safe('location', answer.location!)}$is_args$args` : '';
  return block(locationHeader(answer.path, answer.match), [`return ${answer.status}${target};`]);
}

/**
 * nginx.conf for the proxy: TLS termination on 443 in front of loopback upstreams, one location per
 * route. Unlike the guide's `location /prometheus { proxy_pass http://localhost:9090/; }`, a prefix
 * route ends in a slash, so `/prometheus/api/v1/...` reaches `/api/v1/...` rather than `//api/v1/...`.
 */
export function renderNginxConf(input: NginxConfInput): string {
  const [canonical] = input.serverNames;
  if (canonical === undefined) throw new Error('nginx.conf: refusing to render a server without a name');
  const auth = input.htpasswdPath !== undefined;
  const limits = input.limits;
  const headers = securityHeaders(input.hsts);
  const http2 = input.features.http2Directive;
  const tlsListen = `listen 443 ssl${http2 ? '' : ' http2'}`;

  const proxyHeaders = [
    'proxy_http_version 1.1;',
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Real-IP $remote_addr;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    // nginx compresses instead (see the gzip directives), so Prometheus never spends its CPU on it.
    'proxy_set_header Accept-Encoding "";',
    // Credentials stop at the proxy: the upstream has no use for them.
    ...(auth ? ['proxy_set_header Authorization "";'] : []),
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 60s;',
    `proxy_read_timeout ${PROXY_READ_TIMEOUT_SECONDS}s;`,
  ];

  const refusedPattern = input.refusedPaths.map((path) => regexLiteral(safe('path', path))).join('|');
  const locations = [
    ...input.answers.flatMap((answer) => [...renderAnswer(answer), '']),
    ...input.routes.flatMap((route) => [...renderRoute(route, input), '']),
    // A regular expression outranks every prefix location that is not `^~`, and nginx matches it
    // against the decoded, normalised path: `%61dmin`, `//`, `/./`, `/../` and `ADMIN` all land here.
    ...(refusedPattern ? block(`location ~* ^(?:${refusedPattern})`, ['deny all;']) : []),
  ];

  const clientCertificates = input.clientCertificates
    ? [
        `ssl_client_certificate ${safe('clientCaPath', input.clientCertificates.caPath)};`,
        // Verified when sent, refused (495) when invalid; routes refuse a missing one (496) where required.
        'ssl_verify_client optional;',
        'ssl_verify_depth 2;',
        '',
      ]
    : [];

  const tlsServer = block('server', [
    `${tlsListen}${input.serveWithoutSni ? ' default_server' : ''};`,
    ...(http2 ? ['http2 on;'] : []),
    `server_name ${input.serverNames.map((name) => safe('serverName', name)).join(' ')};`,
    '',
    `ssl_certificate ${safe('certificatePath', input.certificatePath)};`,
    `ssl_certificate_key ${safe('privateKeyPath', input.privateKeyPath)};`,
    ...clientCertificates,
    '',
    'absolute_redirect off;',
    `limit_conn connections ${safe('connections', limits.connections)};`,
    '',
    ...headers,
    // nginx's value replaces any copy from upstream (Go's http.Error sends nosniff too): each arrives once.
    ...headers.map((line) => `proxy_hide_header ${line.split(' ')[1]};`),
    '',
    ...(auth ? ['auth_basic "Prometheus";', `auth_basic_user_file ${safe('htpasswdPath', input.htpasswdPath!)};`, ''] : []),
    ...locations,
  ]);

  // SNI that names none of the certificate's names (and, unless clients connect by address, no SNI at
  // all) ends the handshake with unrecognized_name; a Host naming none of them gets 421.
  const unknownNameServer = block('server', [
    `${tlsListen}${input.serveWithoutSni ? '' : ' default_server'};`,
    'server_name ~.;',
    'ssl_reject_handshake on;',
    'return 421;',
  ]);

  const healthServer = block('server', [
    `listen 127.0.0.1:${safe('healthCheckPort', input.healthCheck.port)};`,
    'access_log off;',
    `proxy_connect_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    `proxy_read_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    '',
    ...block(`location = ${safe('healthCheckPath', input.healthCheck.path)}`, [
      `proxy_pass http://${safe('upstream', input.healthCheck.upstream)}${safe('upstreamPath', input.healthCheck.upstreamPath)};`,
    ]),
    '',
    ...block('location /', ['return 404;']),
  ]);

  const redirectServer =
    input.httpRedirectToPort === undefined
      ? []
      : [
          ...block('server', [
            'listen 80;',
            `server_name ${safe('serverName', canonical)};`,
            `return 301 https://${canonical}${safePortSuffix('httpsPort', input.httpRedirectToPort)}$request_uri;`,
          ]),
          '',
        ];

  const crossSite = input.routes.some((route) => route.refuseCrossSite)
    ? [
        // Browsers say where a request comes from; curl and machine clients send neither header.
        ...block('map $http_sec_fetch_site $foreign_fetch', ['default 1;', '"" 0;', 'same-origin 0;', 'none 0;']),
        ...block('map $http_origin $foreign_origin', ['default 1;', '"" 0;', ...input.trustedOrigins.map(originEntry)]),
        ...block('map $foreign_fetch$foreign_origin $cross_site_request', ['default 1;', '00 0;']),
      ]
    : [];
  // The subject of a verified client certificate tells machine clients apart in the log; an unverified
  // one (another CA's, refused with 400) would name whoever its maker chose, so it shows as "-".
  const verifiedClient = input.clientCertificates ? block('map $ssl_client_verify $verified_client', ['default "-";', 'SUCCESS $ssl_client_s_dn;']) : [];
  const maps = [...verifiedClient, ...crossSite];

  const http = block('http', [
    'server_tokens off;',
    `log_format proxy '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" client="${
      input.clientCertificates ? '$verified_client' : '-'
    }"';`,
    'access_log /dev/stdout proxy;',
    // Room for the longest valid domainName (253 characters).
    'server_names_hash_bucket_size 512;',
    '',
    'client_max_body_size 1m;',
    'client_header_timeout 15s;',
    'client_body_timeout 15s;',
    'large_client_header_buffers 4 16k;',
    'keepalive_timeout 65s;',
    // nginx closes a client's connection after 1000 requests by default, and the client's next one pays a
    // full handshake: at a busy client's rate that was 10% of nginx's CPU (BENCHMARKS.md, tuning log).
    'keepalive_requests 10000;',
    'send_timeout 60s;',
    // Every temp path on the tmpfs, named: the root filesystem is read-only, and builds compile in other defaults.
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path /var/cache/nginx/${kind}_temp;`),
    '',
    'ssl_protocols TLSv1.2 TLSv1.3;',
    `ssl_ciphers ${TLS12_CIPHERS};`,
    `ssl_ecdh_curve ${TLS_GROUPS};`,
    'ssl_prefer_server_ciphers off;',
    'ssl_session_cache shared:TLS:10m;',
    'ssl_session_timeout 1d;',
    `ssl_session_tickets ${input.features.sessionTickets ? 'on' : 'off'};`,
    '',
    // Per client address: a sustained request rate with room for a dashboard's burst (password guessing
    // included), a higher one for remote-write senders' batches, and concurrent requests. Over any, 429,
    // logged once in the access log: not again in the error log, which a flood would otherwise double.
    `limit_req_zone $binary_remote_addr zone=clients:2m rate=${safe('requestsPerSecond', limits.requestsPerSecond)}r/s;`,
    ...(input.routes.some((route) => route.rateLimit === 'senders')
      ? [`limit_req_zone $binary_remote_addr zone=senders:2m rate=${safe('senderRequestsPerSecond', limits.senderRequestsPerSecond)}r/s;`]
      : []),
    'limit_conn_zone $binary_remote_addr zone=connections:2m;',
    'limit_req_status 429;',
    'limit_conn_status 429;',
    'limit_req_log_level info;',
    'limit_conn_log_level info;',
    '',
    // Room for the longest origin (a 253-character domain with a port): set before any map.
    ...(maps.length > 0 ? ['map_hash_bucket_size 512;', ...maps, ''] : []),
    ...input.upstreams.flatMap((upstream) => [
      ...block(`upstream ${safe('upstream', upstream.name)}`, [`server ${safe('upstreamAddress', upstream.address)};`, 'keepalive 32;']),
      '',
    ]),
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
    ...unknownNameServer,
    '',
    ...tlsServer,
    '',
    ...healthServer,
  ]);

  return [
    `# Rendered by prometheus-tls-proxy for ${safe('url', input.url)}; changes here are replaced on the next deploy.`,
    'user nginx;',
    // A fixed count, not `auto`: each busy worker holds tens of MB (validation budgets 32), and `auto` counts the host's cores, not
    // the container's memory limit.
    `worker_processes ${safe('workerProcesses', input.workerProcesses)};`,
    `worker_rlimit_nofile ${2 * WORKER_CONNECTIONS + 64};`,
    'pid /run/nginx.pid;',
    'error_log /dev/stderr warn;',
    '',
    ...block('events', [`worker_connections ${WORKER_CONNECTIONS};`]),
    '',
    ...http,
    '',
  ].join('\n');
}
