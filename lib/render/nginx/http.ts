import type { NginxConfInput } from '../nginx-conf';
import { regexLiteral } from '../regex';
import { clientRoleMap } from './client-roles';
import { LIMIT_CONN_ZONES } from './locations';
import { RouteConcurrency, RouteRateLimit, TrustedOrigin } from './routes';
import { RECEIVER_GATE_UPSTREAM, forwardedHeaders, healthServer, receiverGateServer, redirectServer, tlsServer, unknownNameServer } from './servers';
import { block, safe, safePortSuffix } from './syntax';

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

/** The http block: what every server shares, then the servers. */
export function httpBlock(input: NginxConfInput): string[] {
  return block('http', [
    ...logsAndClients(input),
    '',
    ...tlsSettings(),
    '',
    ...limitZones(input),
    '',
    ...maps(input),
    ...upstreams(input),
    ...compression(),
    '',
    ...proxyHeaders(input),
    '',
    ...redirectServer(input),
    ...unknownNameServer(input),
    '',
    ...tlsServer(input),
    '',
    ...healthServer(input),
    ...receiverGateServer(input),
  ]);
}

/** The access log's write buffer, and the longest a line waits in it. */
export const ACCESS_LOG_BUFFER = '64k';
export const ACCESS_LOG_FLUSH = '1s';

function logsAndClients(input: NginxConfInput): string[] {
  return [
    'server_tokens off;',
    `log_format proxy '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" client="${
      input.clientCertificates ? '$verified_client' : '-'
    }"';`,
    // Who reached the API, in `docker logs`: each line through the container's output into Docker's log
    // driver costs more than nginx's proxying itself, one write per request halving the throughput of
    // small queries; written in 64 KiB batches, at most a second late, it costs a fraction (BENCHMARKS.md, access log).
    `access_log /dev/stdout proxy buffer=${ACCESS_LOG_BUFFER} flush=${ACCESS_LOG_FLUSH};`,
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
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${safe('tempDir', input.runtimePaths.tempDir)}/${kind}_temp;`),
  ];
}

function tlsSettings(): string[] {
  return [
    'ssl_protocols TLSv1.2 TLSv1.3;',
    `ssl_ciphers ${TLS12_CIPHERS};`,
    `ssl_ecdh_curve ${TLS_GROUPS};`,
    'ssl_prefer_server_ciphers off;',
    'ssl_session_cache shared:TLS:10m;',
    'ssl_session_timeout 1d;',
    // A ticket key lives as long as nginx, or a session timeout from 1.23.2 on: whoever takes it can decrypt
    // every TLS 1.2 session recorded while it was in use. Sessions resume from the cache instead.
    'ssl_session_tickets off;',
  ];
}

/**
 * Per client address: a sustained request rate with room for a dashboard's burst (password guessing
 * included), a higher one for remote-write senders' batches, and concurrent requests. Per client (a
 * verified certificate, or else an address): queries in flight, and receiver requests in flight, with
 * one bound on the receivers in all. Over any, 429 (503 on receivers, which senders retry), logged once
 * in the access log: not again in the error log, which a flood would otherwise double.
 */
function limitZones(input: NginxConfInput): string[] {
  const { limits } = input;
  const uses = (concurrency: RouteConcurrency) => input.routes.some((route) => route.concurrency === concurrency);
  const client = clientKey(input);
  return [
    `limit_req_zone $binary_remote_addr zone=${RouteRateLimit.CLIENTS}:2m rate=${safe('requestsPerSecond', limits.requestsPerSecond)}r/s;`,
    ...(input.routes.some((route) => route.rateLimit === RouteRateLimit.SENDERS)
      ? [`limit_req_zone $binary_remote_addr zone=${RouteRateLimit.SENDERS}:2m rate=${safe('senderRequestsPerSecond', limits.senderRequestsPerSecond)}r/s;`]
      : []),
    `limit_conn_zone $binary_remote_addr zone=${LIMIT_CONN_ZONES.connections}:2m;`,
    ...(uses(RouteConcurrency.QUERIES) ? [`limit_conn_zone ${client} zone=${LIMIT_CONN_ZONES.queries}:2m;`] : []),
    ...(uses(RouteConcurrency.RECEIVERS)
      ? [`limit_conn_zone ${client} zone=${LIMIT_CONN_ZONES.senders}:2m;`, `limit_conn_zone $server_port zone=${LIMIT_CONN_ZONES.receivers}:64k;`]
      : []),
    'limit_req_status 429;',
    'limit_conn_status 429;',
    'limit_req_log_level info;',
    'limit_conn_log_level info;',
  ];
}

/** What tells clients apart for the in-flight bounds: a verified certificate's subject where there are client certificates, else the address. */
function clientKey(input: NginxConfInput): string {
  return input.clientCertificates ? '$client_key' : '$binary_remote_addr';
}

/** The maps the locations and the log read, with room for the longest origin (a 253-character domain with a port). */
function maps(input: NginxConfInput): string[] {
  const roles = input.clientCertificates?.roles;
  const all = [...verifiedClientMap(input), ...(roles === undefined ? [] : clientRoleMap(roles)), ...crossSiteMaps(input)];
  return all.length > 0 ? ['map_hash_bucket_size 512;', ...all, ''] : [];
}

/**
 * The subject of a verified client certificate tells machine clients apart in the log; an unverified
 * one (another CA's, refused with 400) would name whoever its maker chose, so it shows as "-".
 */
function verifiedClientMap(input: NginxConfInput): string[] {
  if (!input.clientCertificates) return [];
  return [
    ...block('map $ssl_client_verify $verified_client', ['default "-";', 'SUCCESS $ssl_client_s_dn;']),
    // A subject always has an `=`, an address never: the two cannot share a key.
    ...block('map $ssl_client_verify $client_key', ['default $remote_addr;', 'SUCCESS $ssl_client_s_dn;']),
  ];
}

/** Browsers say where a request comes from; curl and machine clients send neither header. */
function crossSiteMaps(input: NginxConfInput): string[] {
  if (!input.routes.some((route) => route.refuseCrossSite)) return [];
  return [
    ...block('map $http_sec_fetch_site $foreign_fetch', ['default 1;', '"" 0;', 'same-origin 0;', 'none 0;']),
    ...block('map $http_origin $foreign_origin', ['default 1;', '"" 0;', ...input.trustedOrigins.map(originEntry)]),
    ...block('map $foreign_fetch$foreign_origin $cross_site_request', ['default 1;', '00 0;']),
  ];
}

function originEntry(origin: TrustedOrigin): string {
  const host = safe('origin', origin.host);
  if (origin.port === undefined) return `"~^https://${regexLiteral(host)}(:[0-9]+)?$" 0;`;
  return `"https://${host}${safePortSuffix('port', origin.port)}" 0;`;
}

function upstreams(input: NginxConfInput): string[] {
  const gate = input.routes.some((route) => route.concurrency === RouteConcurrency.RECEIVERS)
    ? [{ name: RECEIVER_GATE_UPSTREAM, address: `127.0.0.1:${input.receiverGatePort}` }]
    : [];
  return [...input.upstreams, ...gate].flatMap((upstream) => [
    ...block(`upstream ${safe('upstream', upstream.name)}`, [`server ${safe('upstreamAddress', upstream.address)};`, 'keepalive 32;']),
    '',
  ]);
}

/**
 * Prometheus gzips for clients that ask (Grafana always does) with a fresh compressor per response,
 * which costs it several times the work of a small query; nginx compresses for a fraction of that,
 * and only bodies worth it (BENCHMARKS.md, tuning log). For every client, as Prometheus did: `any`, `Vary`.
 */
function compression(): string[] {
  return ['gzip on;', `gzip_types ${GZIP_TYPES.join(' ')};`, `gzip_min_length ${GZIP_MIN_LENGTH};`, 'gzip_proxied any;', 'gzip_vary on;'];
}

function proxyHeaders(input: NginxConfInput): string[] {
  return [
    'proxy_http_version 1.1;',
    ...forwardedHeaders('client'),
    // nginx compresses instead (see the gzip directives), so Prometheus never spends its CPU on it.
    'proxy_set_header Accept-Encoding "";',
    // Credentials stop at the proxy: the upstream has no use for them.
    ...(input.htpasswdPath !== undefined ? ['proxy_set_header Authorization "";'] : []),
    'proxy_connect_timeout 5s;',
    'proxy_send_timeout 60s;',
    `proxy_read_timeout ${PROXY_READ_TIMEOUT_SECONDS}s;`,
  ];
}
