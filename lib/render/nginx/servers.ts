import type { NginxConfInput } from '../nginx-conf';
import { renderGateLocation, renderLocations } from './locations';
import { RouteConcurrency } from './routes';
import { block, safe, safePortSuffix } from './syntax';

/** How long the health listener waits for the upstream: well inside the container health check's timeout. */
export const HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS = 2;

/** The upstream of the loopback gate the receivers' bodies pass through. */
export const RECEIVER_GATE_UPSTREAM = 'receiver_gate';

/**
 * Headers on every response of the TLS server, sent `always` so that error pages carry them too. What
 * clients authenticate for is theirs alone: no cache, the browser's or one on the way, keeps a copy.
 */
function securityHeaders(hsts: boolean, authenticated: boolean): string[] {
  return [
    ...(authenticated ? ['add_header Cache-Control "no-store" always;'] : []),
    'add_header X-Content-Type-Options "nosniff" always;',
    'add_header X-Frame-Options "DENY" always;',
    `add_header Content-Security-Policy "frame-ancestors 'none'" always;`,
    'add_header Referrer-Policy "no-referrer" always;',
    ...(hsts ? ['add_header Strict-Transport-Security "max-age=31536000" always;'] : []),
  ];
}

/**
 * The request headers the upstreams get: the client as nginx saw it, never as the client says
 * (`X-Forwarded-For` replaced, not appended to). The loopback gate passes on what the TLS server set.
 */
export function forwardedHeaders(from: 'client' | 'gate'): string[] {
  const [address, scheme] = from === 'client' ? ['$remote_addr', '$scheme'] : ['$http_x_real_ip', '$http_x_forwarded_proto'];
  return [
    'proxy_set_header Connection "";',
    'proxy_set_header Host $host;',
    `proxy_set_header X-Real-IP ${address};`,
    `proxy_set_header X-Forwarded-For ${address};`,
    `proxy_set_header X-Forwarded-Proto ${scheme};`,
  ];
}

/** `listen` of a TLS server on the pod's HTTPS port, HTTP/2 as the nginx version spells it. */
function tlsListen(input: NginxConfInput, defaultServer: boolean): string {
  const http2 = input.features.http2Directive ? '' : ' http2';
  return `listen ${safe('httpsPort', input.listen.https)} ssl${http2}${defaultServer ? ' default_server' : ''};`;
}

/** The server that serves the names: TLS, client certificates, headers, basic auth and the locations. */
export function tlsServer(input: NginxConfInput): string[] {
  const basicAuth = input.htpasswdPath !== undefined;
  const headers = securityHeaders(input.hsts, basicAuth || input.clientCertificates !== undefined);
  const clientCertificates = input.clientCertificates
    ? [
        `ssl_client_certificate ${safe('clientCaPath', input.clientCertificates.caPath)};`,
        // Verified when sent, refused (495) when invalid; routes refuse a missing one (496) where required.
        'ssl_verify_client optional;',
        'ssl_verify_depth 2;',
        '',
      ]
    : [];
  return block('server', [
    tlsListen(input, input.serveWithoutSni),
    ...(input.features.http2Directive ? ['http2 on;'] : []),
    `server_name ${input.serverNames.map((name) => safe('serverName', name)).join(' ')};`,
    '',
    `ssl_certificate ${safe('certificatePath', input.certificatePath)};`,
    `ssl_certificate_key ${safe('privateKeyPath', input.privateKeyPath)};`,
    ...clientCertificates,
    '',
    'absolute_redirect off;',
    `limit_conn connections ${safe('connections', input.limits.connections)};`,
    '',
    ...headers,
    // nginx's value replaces any copy from upstream (Go's http.Error sends nosniff too): each arrives once.
    ...headers.map((line) => `proxy_hide_header ${line.split(' ')[1]};`),
    '',
    ...(basicAuth ? ['auth_basic "Prometheus";', `auth_basic_user_file ${safe('htpasswdPath', input.htpasswdPath!)};`, ''] : []),
    ...renderLocations(input.answers, input.routes, input.refusedPaths, {
      clientCertificateRequired: input.clientCertificates?.required === true,
      clientCertificateRoles: input.clientCertificates?.roles !== undefined,
      htpasswdPath: input.htpasswdPath,
      limits: input.limits,
      receiverGate: RECEIVER_GATE_UPSTREAM,
    }),
  ]);
}

/**
 * SNI that names none of the certificate's names (and, unless clients connect by address, no SNI at
 * all) ends the handshake with unrecognized_name; a Host naming none of them gets 421.
 */
export function unknownNameServer(input: NginxConfInput): string[] {
  return block('server', [tlsListen(input, !input.serveWithoutSni), 'server_name ~.;', 'ssl_reject_handshake on;', 'return 421;']);
}

/** A loopback-only listener for the container's health check: one path, proxied; nothing else. */
export function healthServer(input: NginxConfInput): string[] {
  const { healthCheck } = input;
  return block('server', [
    `listen 127.0.0.1:${safe('healthCheckPort', healthCheck.port)};`,
    'access_log off;',
    `proxy_connect_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    `proxy_read_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`,
    '',
    ...block(`location = ${safe('healthCheckPath', healthCheck.path)}`, [
      `proxy_pass http://${safe('upstream', healthCheck.upstream)}${safe('upstreamPath', healthCheck.upstreamPath)};`,
    ]),
    '',
    ...block('location /', ['return 404;']),
  ]);
}

/** The plain-HTTP listener, when there is one: every request redirected to HTTPS on the published port. */
export function redirectServer(input: NginxConfInput): string[] {
  if (input.httpRedirectToPort === undefined) return [];
  const [canonical] = input.serverNames;
  return [
    ...block('server', [
      `listen ${safe('httpPort', input.listen.http)};`,
      `server_name ${safe('serverName', canonical)};`,
      `return 301 https://${canonical}${safePortSuffix('httpsPort', input.httpRedirectToPort)}$request_uri;`,
    ]),
    '',
  ];
}

/**
 * The receivers' gate, on the pod's loopback: the TLS server passes it a receiver request once its body
 * has arrived whole, and the gate gives Prometheus at most `receiverRequests` at once, from all
 * senders, so that what they decode at once fits Prometheus's memory and a slow sender holds none of it.
 */
export function receiverGateServer(input: NginxConfInput): string[] {
  const routes = input.routes.filter((route) => route.concurrency === RouteConcurrency.RECEIVERS);
  if (routes.length === 0) return [];
  return [
    '',
    ...block('server', [
      `listen 127.0.0.1:${safe('receiverGatePort', input.receiverGatePort)};`,
      // The TLS server logged the request.
      'access_log off;',
      ...forwardedHeaders('gate'),
      'proxy_set_header Accept-Encoding "";',
      '',
      ...routes.flatMap((route) => [...renderGateLocation(route, input.limits), '']),
      ...block('location /', ['return 404;']),
    ]),
  ];
}
