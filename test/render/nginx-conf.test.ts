import { HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS, NginxConfInput, TLS12_CIPHERS, nginxImageVersion, renderNginxConf, sessionTicketsSafe } from '../../lib/render/nginx-conf';

const base: NginxConfInput = {
  domainName: 'example.com',
  pathPrefix: '/prometheus',
  upstreamHost: 'stack-prometheus-prometheus',
  upstreamPort: 9090,
  certificatePath: '/etc/nginx/tls/server.crt',
  privateKeyPath: '/etc/nginx/tls/server.key',
  healthCheckWithoutAuth: true,
  allowAdminApi: false,
  allowLifecycle: false,
  hsts: false,
  sessionTickets: true,
  healthCheckPort: 8081,
};

/** The server block that listens on `listen`, from the renderer's fixed indentation. */
function server(conf: string, listen: string): string {
  const found = conf.split(/^ {4}server \{$/m).find((body) => body.includes(`listen ${listen}`));
  expect(found).toBeDefined();
  return found!.split(/^ {4}\}$/m)[0];
}

/** Location header → its body, in the HTTPS server. */
function locations(conf: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of server(conf, '443 ssl').matchAll(/^ {8}location ([^\n{]+) \{\n([\s\S]*?)\n {8}\}$/gm)) {
    found.set(match[1], match[2]);
  }
  return found;
}

describe('renderNginxConf', () => {
  test('proxies PREFIX/ to Prometheus at / (the guide without its // bug)', () => {
    // WHEN
    const conf = renderNginxConf(base);
    // THEN
    expect(locations(conf).get('/prometheus/')).toContain('proxy_pass http://prometheus/;');
    expect(conf).toContain('server stack-prometheus-prometheus:9090;');
    expect(conf).not.toMatch(/location \/prometheus \{/);
  });

  test('redirects the bare prefix relatively, so the published port survives', () => {
    const conf = renderNginxConf(base);
    expect(locations(conf).get('= /prometheus')).toContain('return 301 /prometheus/$is_args$args;');
    expect(conf).toContain('absolute_redirect off;');
  });

  test('answers 404 outside the prefix instead of serving nginx pages or Prometheus', () => {
    expect(locations(renderNginxConf(base)).get('/')).toContain('return 404;');
  });

  test('serves Prometheus at the root for prefix "/"', () => {
    // WHEN
    const found = locations(renderNginxConf({ ...base, pathPrefix: '/' }));
    // THEN
    expect(found.get('/')).toContain('proxy_pass http://prometheus/;');
    expect([...found.values()].filter((body) => body.includes('return'))).toEqual([]);
    expect(found.get('^~ /api/v1/admin/')).toContain('deny all;');
  });

  test('handles nested prefixes', () => {
    const found = locations(renderNginxConf({ ...base, pathPrefix: '/ops/prom' }));
    expect(found.get('/ops/prom/')).toContain('proxy_pass http://prometheus/;');
    expect(found.get('= /ops/prom')).toContain('return 301 /ops/prom/$is_args$args;');
    expect(found.get('^~ /ops/prom/-/quit')).toContain('deny all;');
  });

  test('refuses the admin API and lifecycle endpoints unless allowed', () => {
    // GIVEN
    const refused = ['^~ /prometheus/api/v1/admin/', '^~ /prometheus/-/quit', '^~ /prometheus/-/reload'];
    // WHEN
    const closed = locations(renderNginxConf(base));
    const open = locations(renderNginxConf({ ...base, allowAdminApi: true, allowLifecycle: true }));
    // THEN
    for (const header of refused) expect(closed.get(header)).toBe('            deny all;');
    for (const header of refused) expect(open.has(header)).toBe(false);
  });

  test('limits methods to GET, HEAD and POST', () => {
    expect(locations(renderNginxConf(base)).get('/prometheus/')).toMatch(/limit_except GET POST \{\n\s+deny all;\n\s+\}/);
  });

  test('sends security headers with always, at server level only', () => {
    // WHEN
    const conf = renderNginxConf(base);
    // THEN
    for (const header of ['X-Content-Type-Options "nosniff"', 'X-Frame-Options "DENY"', `Content-Security-Policy "frame-ancestors 'none'"`, 'Referrer-Policy "no-referrer"']) {
      expect(conf).toContain(`add_header ${header} always;`);
    }
    // an add_header inside a location would drop every inherited one
    for (const body of locations(conf).values()) expect(body).not.toContain('add_header');
    expect(conf).toContain('server_tokens off;');
  });

  test("hides Prometheus's own copy of each security header, so each arrives once", () => {
    // WHEN
    const conf = renderNginxConf({ ...base, hsts: true });
    // THEN
    const added = [...conf.matchAll(/add_header (\S+) /g)].map((m) => m[1]);
    const hidden = [...conf.matchAll(/proxy_hide_header (\S+);/g)].map((m) => m[1]);
    expect(added).toHaveLength(5);
    expect(hidden).toEqual(added);
  });

  test('sends HSTS only when asked', () => {
    expect(renderNginxConf(base)).not.toContain('Strict-Transport-Security');
    expect(renderNginxConf({ ...base, hsts: true })).toContain('add_header Strict-Transport-Security "max-age=31536000" always;');
  });

  test('speaks TLS 1.2 and 1.3 with ECDHE AEAD suites only', () => {
    const conf = renderNginxConf(base);
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toContain(`ssl_ciphers ${TLS12_CIPHERS};`);
    for (const suite of TLS12_CIPHERS.split(':')) expect(suite).toMatch(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
  });

  test('turns session tickets off where nginx does not rotate their keys', () => {
    expect(renderNginxConf(base)).toContain('ssl_session_tickets on;');
    expect(renderNginxConf({ ...base, sessionTickets: false })).toContain('ssl_session_tickets off;');
  });

  test('keeps client connections alive for 10000 requests, sparing busy clients a full handshake every 1000', () => {
    expect(renderNginxConf(base)).toMatch(/^ {4}keepalive_requests 10000;$/m);
  });

  test('keeps upstream connections alive', () => {
    const conf = renderNginxConf(base);
    expect(conf).toMatch(/upstream prometheus \{\n\s+server [^;]+;\n\s+keepalive \d+;/);
    expect(conf).toContain('proxy_http_version 1.1;');
    expect(conf).toContain('proxy_set_header Connection "";');
  });

  test('compresses JSON and the UI in nginx and asks Prometheus for uncompressed bodies', () => {
    // WHEN
    const conf = renderNginxConf(base);
    const http = conf.slice(conf.indexOf('http {'), conf.indexOf('    server {'));
    // THEN
    expect(http).toContain('proxy_set_header Accept-Encoding "";');
    expect(http).toContain('gzip on;');
    const types = /gzip_types ([^;]+);/.exec(http)![1].split(' ');
    expect(types).toEqual(expect.arrayContaining(['application/json', 'application/javascript', 'text/css', 'text/plain']));
    expect(types).not.toContain('text/event-stream');
    expect(http).toContain('gzip_min_length 1024;');
    expect(http).toContain('gzip_proxied any;');
    expect(http).toContain('gzip_vary on;');
    // A proxy_set_header in the server or a location would drop the inherited Accept-Encoding one.
    expect(server(conf, '443 ssl')).not.toContain('proxy_set_header');
  });

  test('reads past Prometheus query timeout of 2 minutes', () => {
    const seconds = Number(/proxy_read_timeout (\d+)s;/.exec(renderNginxConf(base))![1]);
    expect(seconds).toBeGreaterThan(120);
  });

  test('with basic auth, guards the server, strips credentials and leaves health open', () => {
    // WHEN
    const conf = renderNginxConf({ ...base, htpasswdPath: '/etc/nginx/htpasswd' });
    const found = locations(conf);
    // THEN
    expect(conf).toContain('auth_basic "Prometheus";\n        auth_basic_user_file /etc/nginx/htpasswd;');
    expect(conf).toContain('proxy_set_header Authorization "";');
    expect(found.get('= /prometheus/-/healthy')).toContain('auth_basic off;');
    expect(found.get('= /prometheus/-/healthy')).toContain('proxy_pass http://prometheus/-/healthy;');
    expect(found.get('= /prometheus/-/ready')).toContain('auth_basic off;');
  });

  test('with basic auth and no open health check, no location turns auth off', () => {
    const conf = renderNginxConf({ ...base, htpasswdPath: '/etc/nginx/htpasswd', healthCheckWithoutAuth: false });
    expect(conf).not.toContain('auth_basic off');
  });

  test('without basic auth, renders no auth directive', () => {
    expect(renderNginxConf(base)).not.toContain('auth_basic');
  });

  test('adds an HTTP listener that redirects to the published HTTPS port', () => {
    expect(renderNginxConf({ ...base, httpRedirectToPort: 8443 })).toContain(
      'listen 80;\n        server_name example.com;\n        return 301 https://example.com:8443$request_uri;',
    );
    expect(renderNginxConf({ ...base, httpRedirectToPort: 443 })).toContain('return 301 https://example.com$request_uri;');
    expect(renderNginxConf(base)).not.toContain('listen 80');
  });

  test.each([
    ['domainName', 'example.com; include /etc/passwd'],
    ['domainName', 'example.com$host'],
    ['pathPrefix', '/a b'],
    ['pathPrefix', '/a"b'],
    ['upstreamHost', 'x{'],
  ])('refuses to render an unsafe %s %j', (key, value) => {
    expect(() => renderNginxConf({ ...base, [key]: value })).toThrow(new RegExp(`refusing to render ${key}`));
  });

  test('streams live notifications unbuffered for the Prometheus 3 UI', () => {
    const body = locations(renderNginxConf(base)).get('= /prometheus/api/v1/notifications/live');
    expect(body).toContain('proxy_buffering off;');
    expect(body).toContain('proxy_pass http://prometheus/api/v1/notifications/live;');
    expect(body).toMatch(/proxy_read_timeout \d+h;/);
  });

  test('offers a loopback-only health listener that checks Prometheus through the resolved upstream', () => {
    // WHEN
    const health = server(renderNginxConf({ ...base, htpasswdPath: '/etc/nginx/htpasswd' }), '127.0.0.1:8081');
    // THEN
    expect(health).toContain('location = /healthz {\n            proxy_pass http://prometheus/-/healthy;');
    expect(health).not.toContain('auth_basic');
    expect(health).not.toContain('ssl');
  });

  test('the health listener gives up on a dead Prometheus address within the health check timeout', () => {
    // WHEN
    const health = server(renderNginxConf(base), '127.0.0.1:8081');
    // THEN it fails fast instead of inheriting the 5 s connect timeout of the proxy
    expect(health).toContain(`proxy_connect_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`);
    expect(health).toContain(`proxy_read_timeout ${HEALTH_CHECK_UPSTREAM_TIMEOUT_SECONDS}s;`);
  });

  test('sets proxy headers once, for every server', () => {
    const conf = renderNginxConf(base);
    expect(conf.match(/proxy_set_header X-Forwarded-Proto \$scheme;/g)).toHaveLength(1);
    expect(conf.indexOf('proxy_set_header')).toBeLessThan(conf.indexOf('server {'));
  });

  test('renders the default config', () => {
    expect(renderNginxConf(base)).toMatchSnapshot();
  });
});

describe('sessionTicketsSafe', () => {
  test.each([
    ['nginx:1.30.1-alpine', true],
    ['nginx:1.23.2', true],
    ['nginx:1.23.1-alpine', false],
    ['nginx:1.22.1', false],
    ['registry.local:5000/nginx:2.0.0', true],
    ['nginx:stable-alpine', false],
    ['nginx@sha256:' + 'a'.repeat(64), false],
  ])('%s → %s', (image, expected) => {
    expect(sessionTicketsSafe(image)).toBe(expected);
  });

  test('reads the version from a tag with a digest', () => {
    expect(nginxImageVersion(`nginx:1.30.1-alpine@sha256:${'b'.repeat(64)}`)).toEqual([1, 30, 1]);
  });
});
