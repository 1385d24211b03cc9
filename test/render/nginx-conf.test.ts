import { NginxConfInput, TLS12_CIPHERS, renderNginxConf } from '../../lib/render/nginx-conf';
import { NginxRoute, RouteMatch, RouteRateLimit } from '../../lib/render/nginx/routes';
import { DEFAULT_ROUTE_BODY, base, block, blocks, httpLevel, route, server, tlsServer } from './nginx-conf-fixtures';
import { NGINX_FILES, NGINX_HEALTH_CHECK_PORT } from '../../lib/container-layout';
import { prometheusRoutes } from '../../lib/render/prometheus-routes';

describe('renderNginxConf', () => {
  describe('routes', () => {
    test('a prefix route proxies its path and everything under it, the path replaced by upstreamPath', () => {
      // WHEN
      const conf = renderNginxConf(base);
      // THEN
      expect(block(conf, 'location /app/')).toEqual(DEFAULT_ROUTE_BODY);
    });

    test('an exact route matches its path alone', () => {
      // GIVEN
      const exact = route({ path: '/app/-/healthy', match: RouteMatch.EXACT, upstreamPath: '/-/healthy', methods: ['GET'] });
      // WHEN
      const conf = renderNginxConf({ ...base, routes: [exact] });
      // THEN
      expect(block(conf, 'location = /app/-/healthy')).toEqual(['limit_except GET {', '    deny all;', '}', 'proxy_pass http://backend/-/healthy;']);
      expect(blocks(conf, 'location /app/-/healthy')).toEqual([]);
    });

    test('a preferred-prefix route outranks the refused-path pattern (^~), so that its exact case passes and the others are refused', () => {
      // GIVEN
      const admin = route({ path: '/app/admin/', match: RouteMatch.PREFERRED_PREFIX, upstreamPath: '/admin/' });
      // WHEN
      const conf = renderNginxConf({ ...base, routes: [route(), admin], refusedPaths: ['/app/admin/'] });
      // THEN
      expect(block(conf, 'location ^~ /app/admin/')).toContain('proxy_pass http://backend/admin/;');
      expect(block(conf, 'location ~* ^(?:/app/admin/)')).toEqual(['deny all;']);
    });

    test('proxies to the named upstream with the upstream path', () => {
      // GIVEN
      const upstreams = [...base.upstreams, { name: 'other', address: '127.0.0.1:9091' }];
      // WHEN
      const conf = renderNginxConf({ ...base, upstreams, routes: [route({ path: '/app/api/', upstream: 'other', upstreamPath: '/v2/api/' })] });
      // THEN
      expect(block(conf, 'location /app/api/')).toContain('proxy_pass http://other/v2/api/;');
    });

    test('denies every method but those listed', () => {
      const conf = renderNginxConf({ ...base, routes: [route({ methods: ['POST'] })] });
      expect(block(conf, 'location /app/')).toEqual(['limit_except POST {', '    deny all;', '}', 'proxy_pass http://backend/;']);
    });

    test.each<[string, Partial<NginxRoute>, string]>([
      ['rateLimit clients counts requests against the per-client rate, with the burst', { rateLimit: RouteRateLimit.CLIENTS }, 'limit_req zone=clients burst=40 nodelay;'],
      ['rateLimit senders counts requests against the senders\' rate, with twice it as the burst', { rateLimit: RouteRateLimit.SENDERS }, 'limit_req zone=senders burst=400 nodelay;'],
      ['maxBodySize sets the request body limit', { maxBodySize: '16m' }, 'client_max_body_size 16m;'],
      ['streamRequestBody passes request bodies on as they arrive', { streamRequestBody: true }, 'proxy_request_buffering off;'],
      ['streamResponse passes responses through unbuffered', { streamResponse: true }, 'proxy_buffering off;'],
      ['readTimeoutSeconds sets the read timeout', { readTimeoutSeconds: 3600 }, 'proxy_read_timeout 3600s;'],
    ])('%s, and nothing else', (_, overrides, line) => {
      // WHEN
      const conf = renderNginxConf({ ...base, routes: [route(overrides)] });
      // THEN
      expect(block(conf, 'location /app/')).toEqual(['limit_except GET POST {', '    deny all;', '}', line, 'proxy_pass http://backend/;']);
    });

    test('route options set to false render nothing', () => {
      const conf = renderNginxConf({ ...base, routes: [route({ streamRequestBody: false, streamResponse: false, refuseCrossSite: false, open: false })] });
      expect(block(conf, 'location /app/')).toEqual(DEFAULT_ROUTE_BODY);
    });

    test('renders refusals first, then access, limits and buffering, then proxy_pass', () => {
      // GIVEN
      const everything = route({ refuseCrossSite: true, rateLimit: RouteRateLimit.CLIENTS, maxBodySize: '16m', streamRequestBody: true, streamResponse: true, readTimeoutSeconds: 60 });
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: '/etc/nginx/tls/ca.crt', required: true }, routes: [everything] });
      // THEN
      expect(block(conf, 'location /app/')).toEqual([
        'if ($ssl_client_verify != SUCCESS) {',
        '    return 496;',
        '}',
        'if ($cross_site_request) {',
        '    return 403;',
        '}',
        'limit_except GET POST {',
        '    deny all;',
        '}',
        'limit_req zone=clients burst=40 nodelay;',
        'client_max_body_size 16m;',
        'proxy_request_buffering off;',
        'proxy_buffering off;',
        'proxy_read_timeout 60s;',
        'proxy_pass http://backend/;',
      ]);
    });
  });

  describe('basic auth', () => {
    const htpasswdPath = '/etc/nginx/htpasswd';

    test('with an htpasswd file, guards the TLS server and strips credentials before the upstream', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, htpasswdPath });
      // THEN
      const tls = tlsServer(conf);
      expect(tls.filter((line) => line.startsWith('auth_basic'))).toEqual(['auth_basic "Prometheus";', 'auth_basic_user_file /etc/nginx/htpasswd;']);
      expect(httpLevel(conf)).toContain('proxy_set_header Authorization "";');
    });

    test('an open route turns basic auth off; the others inherit it', () => {
      // GIVEN
      const routes = [route(), route({ path: '/app/-/ready', match: RouteMatch.EXACT, upstreamPath: '/-/ready', methods: ['GET'], open: true })];
      // WHEN
      const conf = renderNginxConf({ ...base, htpasswdPath, routes });
      // THEN
      expect(block(conf, 'location = /app/-/ready')).toEqual(['auth_basic off;', 'limit_except GET {', '    deny all;', '}', 'proxy_pass http://backend/-/ready;']);
      expect(block(conf, 'location /app/')).toEqual(DEFAULT_ROUTE_BODY);
    });

    test('without an htpasswd file, renders no auth directive at all, open routes included', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, routes: [route({ open: true })] });
      // THEN
      expect(conf).not.toContain('auth_basic');
      expect(conf).not.toContain('Authorization');
    });
  });

  describe('client certificates', () => {
    test('verifies a client certificate against the CA when one is sent', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: '/etc/nginx/tls/ca.crt', required: false } });
      // THEN
      const tls = tlsServer(conf);
      expect(tls.slice(tls.indexOf('ssl_client_certificate /etc/nginx/tls/ca.crt;'), tls.indexOf('ssl_verify_depth 2;') + 1)).toEqual([
        'ssl_client_certificate /etc/nginx/tls/ca.crt;',
        'ssl_verify_client optional;',
        'ssl_verify_depth 2;',
      ]);
    });

    test('when required, every route but the open ones answers 496 without a verified certificate', () => {
      // GIVEN
      const routes = [route(), route({ path: '/app/-/healthy', match: RouteMatch.EXACT, open: true })];
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: '/etc/nginx/tls/ca.crt', required: true }, routes });
      // THEN
      expect(block(conf, 'location /app/')).toEqual(['if ($ssl_client_verify != SUCCESS) {', '    return 496;', '}', ...DEFAULT_ROUTE_BODY]);
      expect(block(conf, 'location = /app/-/healthy')).toEqual(DEFAULT_ROUTE_BODY);
      expect(conf.match(/return 496;/g)).toHaveLength(1);
      expect(tlsServer(conf)).toContain('ssl_verify_client optional;');
    });

    test('when optional, no route refuses a request without one', () => {
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: '/etc/nginx/tls/ca.crt', required: false } });
      expect(conf).not.toContain('496');
      expect(conf).not.toContain('if ($ssl_client_verify');
    });

    test('logs the subject of a verified certificate only: another CA\'s could name anyone', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: '/etc/nginx/tls/ca.crt', required: true } });
      // THEN
      expect(httpLevel(conf).find((line) => line.startsWith('log_format'))).toMatch(/ client="\$verified_client"';$/);
      expect(conf).toMatch(/map_hash_bucket_size 512;\n\s+map \$ssl_client_verify \$verified_client \{\n\s+default "-";\n\s+SUCCESS \$ssl_client_s_dn;\n\s+\}/);
    });

    test('without client certificates, renders no verification', () => {
      const conf = renderNginxConf(base);
      expect(conf).not.toContain('ssl_client_certificate');
      expect(conf).not.toContain('ssl_verify_client');
    });
  });

  describe('cross-site requests', () => {
    const trustedOrigins = [{ host: 'example.com', port: 443 }, { host: 'example.com', port: 8443 }, { host: 'prom.example.org' }];

    test('a route refusing them answers 403 when the browser says the request is cross-site', () => {
      const conf = renderNginxConf({ ...base, trustedOrigins, routes: [route({ refuseCrossSite: true })] });
      expect(block(conf, 'location /app/')).toEqual(['if ($cross_site_request) {', '    return 403;', '}', ...DEFAULT_ROUTE_BODY]);
    });

    test('tells cross-site requests apart by Sec-Fetch-Site and Origin, trusting the given origins (any port where none is given)', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, trustedOrigins, routes: [route({ refuseCrossSite: true })] });
      // THEN
      expect(block(conf, 'map $http_sec_fetch_site $foreign_fetch')).toEqual(['default 1;', '"" 0;', 'same-origin 0;', 'none 0;']);
      expect(block(conf, 'map $http_origin $foreign_origin')).toEqual([
        'default 1;',
        '"" 0;',
        '"https://example.com" 0;',
        '"https://example.com:8443" 0;',
        '"~^https://prom\\.example\\.org(:[0-9]+)?$" 0;',
      ]);
      expect(block(conf, 'map $foreign_fetch$foreign_origin $cross_site_request')).toEqual(['default 1;', '00 0;']);
    });

    test('without a route that refuses them, renders none of the maps', () => {
      const conf = renderNginxConf({ ...base, trustedOrigins });
      expect(conf).not.toContain('map ');
      expect(conf).not.toContain('$cross_site_request');
    });
  });

  describe('answers and refused paths', () => {
    test('redirects with 301 to a relative location, keeping the query string', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, answers: [{ path: '/app', match: RouteMatch.EXACT, status: 301, location: '/app/' }] });
      // THEN
      expect(block(conf, 'location = /app')).toEqual(['return 301 /app/$is_args$args;']);
      expect(tlsServer(conf)).toContain('absolute_redirect off;');
    });

    test('answers 404 itself, with no proxying', () => {
      const conf = renderNginxConf({ ...base, answers: [{ path: '/', match: RouteMatch.PREFIX, status: 404 }] });
      expect(block(tlsServer(conf).join('\n'), 'location /')).toEqual(['return 404;']);
    });

    test('refuses the refused paths in one case-insensitive regular expression location, dots escaped', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, refusedPaths: ['/app/api/v1/admin/', '/app/-/quit', '/app/v1.0/'] });
      // THEN
      expect(block(conf, 'location ~* ^(?:/app/api/v1/admin/|/app/-/quit|/app/v1\\.0/)')).toEqual(['deny all;']);
    });

    test('without refused paths, renders no regular expression location', () => {
      expect(renderNginxConf(base)).not.toContain('location ~');
    });
  });

  describe('servers', () => {
    test('serves every server name over TLS with the certificate and key', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, serverNames: ['example.com', 'prom.internal', '10.0.0.5', '[2001:db8::1]'] });
      // THEN
      const tls = tlsServer(conf);
      expect(tls.slice(0, 6)).toEqual([
        'listen 443 ssl;',
        'http2 on;',
        'server_name example.com prom.internal 10.0.0.5 [2001:db8::1];',
        '',
        'ssl_certificate /etc/nginx/tls/server.crt;',
        'ssl_certificate_key /etc/nginx/tls/server.key;',
      ]);
    });

    test('refuses the handshake for unknown names and SNI-less clients, and 421s unknown Host headers', () => {
      // WHEN
      const conf = renderNginxConf(base);
      // THEN
      expect(server(conf, '443 ssl default_server')).toEqual(['listen 443 ssl default_server;', 'server_name ~.;', 'ssl_reject_handshake on;', 'return 421;']);
      expect(tlsServer(conf)[0]).toBe('listen 443 ssl;');
    });

    test('serving clients without SNI makes the TLS server the default instead', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, serveWithoutSni: true });
      // THEN
      expect(server(conf, '443 ssl default_server')).toContain('server_name example.com;');
      expect(server(conf, '443 ssl')).toEqual(['listen 443 ssl;', 'server_name ~.;', 'ssl_reject_handshake on;', 'return 421;']);
    });

    test('turns HTTP/2 on with the http2 directive where nginx has it', () => {
      // WHEN
      const conf = renderNginxConf(base);
      // THEN
      expect(conf.match(/^ *http2 on;$/gm)).toEqual(['        http2 on;']);
      expect(conf).not.toContain('ssl http2');
    });

    test('turns HTTP/2 on with the listen parameter on older nginx, in both TLS servers', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, features: { http2Directive: false }, serveWithoutSni: true });
      // THEN
      expect(server(conf, '443 ssl http2 default_server')).toContain('server_name example.com;');
      expect(server(conf, '443 ssl http2')).toContain('server_name ~.;');
      expect(conf).not.toContain('http2 on;');
    });

    test('with httpRedirectToPort, a plain-HTTP server redirects to the canonical name on that port', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, serverNames: ['example.com', 'prom.internal'], httpRedirectToPort: 8443 });
      // THEN
      expect(server(conf, '80')).toEqual(['listen 80;', 'server_name example.com;', 'return 301 https://example.com:8443$request_uri;']);
    });

    test('the HTTP redirect to port 443 leaves the port out', () => {
      const conf = renderNginxConf({ ...base, httpRedirectToPort: 443 });
      expect(server(conf, '80')).toEqual(['listen 80;', 'server_name example.com;', 'return 301 https://example.com$request_uri;']);
    });

    test('listens on the ports and keeps its files where the layout it is given says', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, listen: { https: 8443, http: 8080 }, runtimePaths: { pidFile: '/tmp/n.pid', tempDir: '/tmp/cache' }, httpRedirectToPort: 443 });
      // THEN
      expect(server(conf, '8443 ssl')).toContain('server_name example.com;');
      expect(server(conf, '8443 ssl default_server')).toContain('ssl_reject_handshake on;');
      expect(server(conf, '8080')).toContain('return 301 https://example.com$request_uri;');
      expect(conf).toContain('\npid /tmp/n.pid;\n');
      expect(httpLevel(conf)).toContain('proxy_temp_path /tmp/cache/proxy_temp;');
    });

    test('without httpRedirectToPort, nothing listens for plain HTTP', () => {
      expect(renderNginxConf(base)).not.toContain('listen 80');
    });

    test('a loopback-only health server proxies the health path alone, failing fast', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, htpasswdPath: '/etc/nginx/htpasswd' });
      // THEN
      expect(server(conf, '127.0.0.1:8081')).toEqual([
        'listen 127.0.0.1:8081;',
        'access_log off;',
        'proxy_connect_timeout 2s;',
        'proxy_read_timeout 2s;',
        '',
        'location = /healthz {',
        '    proxy_pass http://backend/-/healthy;',
        '}',
        '',
        'location / {',
        '    return 404;',
        '}',
      ]);
    });

    test('renders one upstream block per upstream, each keeping connections alive', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, upstreams: [...base.upstreams, { name: 'other', address: '[::1]:9091' }] });
      // THEN
      expect(block(conf, 'upstream backend')).toEqual(['server 127.0.0.1:9090;', 'keepalive 32;']);
      expect(block(conf, 'upstream other')).toEqual(['server [::1]:9091;', 'keepalive 32;']);
    });
  });

  describe('TLS', () => {
    test('speaks TLS 1.2 and 1.3 with ECDHE AEAD suites and the intermediate groups only', () => {
      // WHEN
      const http = httpLevel(renderNginxConf(base));
      // THEN
      expect(http.slice(http.indexOf('ssl_protocols TLSv1.2 TLSv1.3;'), http.indexOf('ssl_session_tickets off;') + 1)).toEqual([
        'ssl_protocols TLSv1.2 TLSv1.3;',
        'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
        'ssl_ecdh_curve X25519:prime256v1:secp384r1;',
        'ssl_prefer_server_ciphers off;',
        'ssl_session_cache shared:TLS:10m;',
        'ssl_session_timeout 1d;',
        'ssl_session_tickets off;',
      ]);
      for (const suite of TLS12_CIPHERS.split(':')) expect(suite).toMatch(/^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
    });

    test('turns session tickets off on every nginx: a ticket key outlives the sessions it can decrypt, which resume from the cache instead', () => {
      for (const http2Directive of [true, false]) {
        const conf = renderNginxConf({ ...base, features: { http2Directive } });
        expect(httpLevel(conf)).toContain('ssl_session_tickets off;');
        expect(httpLevel(conf)).toContain('ssl_session_cache shared:TLS:10m;');
        expect(conf).not.toContain('ssl_session_tickets on;');
      }
    });
  });

  describe('headers', () => {
    const SECURITY_HEADERS = [
      'add_header X-Content-Type-Options "nosniff" always;',
      'add_header X-Frame-Options "DENY" always;',
      `add_header Content-Security-Policy "frame-ancestors 'none'" always;`,
      'add_header Referrer-Policy "no-referrer" always;',
    ];
    const HIDDEN = ['X-Content-Type-Options', 'X-Frame-Options', 'Content-Security-Policy', 'Referrer-Policy'].map((name) => `proxy_hide_header ${name};`);

    test("sends the security headers always, from the TLS server only, hiding the upstream's copies", () => {
      // WHEN
      const conf = renderNginxConf({ ...base, answers: [{ path: '/', match: RouteMatch.PREFIX, status: 404 }] });
      // THEN
      const tls = tlsServer(conf);
      expect(tls.filter((line) => line.startsWith('add_header'))).toEqual(SECURITY_HEADERS);
      expect(tls.filter((line) => line.startsWith('proxy_hide_header'))).toEqual(HIDDEN);
      // any add_header elsewhere (a location, another server) would drop or duplicate the server's
      expect(conf.match(/add_header/g)).toHaveLength(4);
      expect(conf.match(/proxy_hide_header/g)).toHaveLength(4);
    });

    test('sends HSTS, and hides the upstream copy, only when asked', () => {
      // WHEN
      const withHsts = tlsServer(renderNginxConf({ ...base, hsts: true }));
      // THEN
      expect(withHsts.filter((line) => line.startsWith('add_header'))).toEqual([...SECURITY_HEADERS, 'add_header Strict-Transport-Security "max-age=31536000" always;']);
      expect(withHsts.filter((line) => line.startsWith('proxy_hide_header'))).toEqual([...HIDDEN, 'proxy_hide_header Strict-Transport-Security;']);
      expect(renderNginxConf(base)).not.toContain('Strict-Transport-Security');
    });

    test('sets the proxy headers and timeouts once, at http level, so that no server or location drops them', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, httpRedirectToPort: 8443 });
      // THEN
      const http = httpLevel(conf);
      expect(http.slice(http.indexOf('proxy_http_version 1.1;'), http.indexOf('proxy_read_timeout 150s;') + 1)).toEqual([
        'proxy_http_version 1.1;',
        'proxy_set_header Connection "";',
        'proxy_set_header Host $host;',
        'proxy_set_header X-Real-IP $remote_addr;',
        // The address nginx saw, never what the client says it is forwarded for.
        'proxy_set_header X-Forwarded-For $remote_addr;',
        'proxy_set_header X-Forwarded-Proto $scheme;',
        'proxy_set_header Accept-Encoding "";',
        'proxy_connect_timeout 5s;',
        'proxy_send_timeout 60s;',
        'proxy_read_timeout 150s;',
      ]);
      for (const body of blocks(conf, 'server')) expect(body.filter((line) => line.includes('proxy_set_header'))).toEqual([]);
      expect(conf.match(/proxy_set_header/g)).toHaveLength(6);
    });

    test('compresses in nginx, for every client, bodies worth it, never the event stream', () => {
      // WHEN
      const http = httpLevel(renderNginxConf(base));
      // THEN
      expect(http.slice(http.indexOf('gzip on;'), http.indexOf('gzip_vary on;') + 1)).toEqual([
        'gzip on;',
        'gzip_types application/json application/javascript text/javascript text/css text/plain image/svg+xml;',
        'gzip_min_length 1024;',
        'gzip_proxied any;',
        'gzip_vary on;',
      ]);
      expect(renderNginxConf(base).match(/gzip on;/g)).toHaveLength(1);
    });
  });

  describe('process and limits', () => {
    test('runs a fixed number of workers, with file descriptors for all their connections', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, workerProcesses: 3 });
      // THEN
      expect(conf.split('\n').slice(0, 9)).toEqual([
        '# Rendered by prometheus-tls-proxy for https://example.com/app/; changes here are replaced on the next deploy.',
        'user nginx;',
        'worker_processes 3;',
        'worker_rlimit_nofile 8256;',
        'pid /run/nginx.pid;',
        'error_log /dev/stderr warn;',
        '',
        'events {',
        '    worker_connections 4096;',
      ]);
    });

    test('limits requests and connections per client address, answering 429 over either, logged once', () => {
      // WHEN
      const conf = renderNginxConf(base);
      // THEN
      const http = httpLevel(conf);
      expect(http.slice(http.indexOf('limit_req_zone $binary_remote_addr zone=clients:2m rate=20r/s;'), http.indexOf('limit_conn_log_level info;') + 1)).toEqual([
        'limit_req_zone $binary_remote_addr zone=clients:2m rate=20r/s;',
        'limit_conn_zone $binary_remote_addr zone=connections:2m;',
        'limit_req_status 429;',
        'limit_conn_status 429;',
        'limit_req_log_level info;',
        'limit_conn_log_level info;',
      ]);
      expect(tlsServer(conf)).toContain('limit_conn connections 30;');
    });

    test('renders the senders\' zone only for a route that counts against it', () => {
      const zone = 'limit_req_zone $binary_remote_addr zone=senders:2m rate=200r/s;';
      expect(httpLevel(renderNginxConf(base))).not.toContain(zone);
      expect(httpLevel(renderNginxConf({ ...base, routes: [route({ rateLimit: RouteRateLimit.SENDERS })] }))).toContain(zone);
    });

    test('puts every temp path on /var/cache/nginx', () => {
      expect(httpLevel(renderNginxConf(base)).filter((line) => line.includes('_temp_path'))).toEqual([
        'client_body_temp_path /var/cache/nginx/client_body_temp;',
        'proxy_temp_path /var/cache/nginx/proxy_temp;',
        'fastcgi_temp_path /var/cache/nginx/fastcgi_temp;',
        'uwsgi_temp_path /var/cache/nginx/uwsgi_temp;',
        'scgi_temp_path /var/cache/nginx/scgi_temp;',
      ]);
    });

    test('logs each request in 64 KiB batches written within a second (without client certificates, no subject), hiding the server version', () => {
      expect(httpLevel(renderNginxConf(base)).slice(0, 4)).toEqual([
        'server_tokens off;',
        `log_format proxy '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" client="-"';`,
        'access_log /dev/stdout proxy buffer=64k flush=1s;',
        'server_names_hash_bucket_size 512;',
      ]);
    });

    test('bounds client bodies, headers and timeouts, and keeps client connections for 10000 requests', () => {
      const http = httpLevel(renderNginxConf(base));
      expect(http.slice(http.indexOf('client_max_body_size 1m;'), http.indexOf('send_timeout 60s;') + 1)).toEqual([
        'client_max_body_size 1m;',
        'client_header_timeout 15s;',
        'client_body_timeout 15s;',
        'large_client_header_buffers 4 16k;',
        'keepalive_timeout 65s;',
        'keepalive_requests 10000;',
        'send_timeout 60s;',
      ]);
    });
  });

  describe('unsafe values', () => {
    test.each<[string, Partial<NginxConfInput>, string]>([
      ['serverName', { serverNames: ['example.com; include /etc/passwd'] }, 'example.com; include /etc/passwd'],
      ['serverName', { serverNames: ['example.com', 'a b'] }, 'a b'],
      ['path', { routes: [route({ path: '/app/$host' })] }, '/app/$host'],
      ['upstreamPath', { routes: [route({ upstreamPath: '/"x' })] }, '/"x'],
      ['method', { routes: [route({ methods: ['GET', "POST'"] })] }, "POST'"],
      ['maxBodySize', { routes: [route({ maxBodySize: '1m}' })] }, '1m}'],
      ['certificatePath', { certificatePath: '/etc/nginx/{x}' }, '/etc/nginx/{x}'],
      ['htpasswdPath', { htpasswdPath: '/etc/nginx/htpasswd;' }, '/etc/nginx/htpasswd;'],
      ['clientCaPath', { clientCertificates: { caPath: '/ca crt', required: true } }, '/ca crt'],
      ['origin', { trustedOrigins: [{ host: 'evil.com"' }], routes: [route({ refuseCrossSite: true })] }, 'evil.com"'],
      ['upstreamAddress', { upstreams: [{ name: 'backend', address: '127.0.0.1:9090;' }] }, '127.0.0.1:9090;'],
      ['location', { answers: [{ path: '/app', match: RouteMatch.EXACT, status: 301, location: '/app/$host' }] }, '/app/$host'],
      ['path', { refusedPaths: ['/app/{admin}'] }, '/app/{admin}'],
      ['healthCheckPath', { healthCheck: { ...base.healthCheck, path: '/healthz;' } }, '/healthz;'],
    ])('refuses to render an unsafe %s', (name, overrides, value) => {
      expect(() => renderNginxConf({ ...base, ...overrides })).toThrow(`nginx.conf: refusing to render ${name} ${JSON.stringify(value)}`);
    });
  });

  test('renders the default Prometheus routes', () => {
    // GIVEN the construct's defaults: prefix /prometheus, no authentication, nothing opted into, its default limits
    const routes = prometheusRoutes({
      pathPrefix: '/prometheus',
      healthCheckWithoutAuth: true,
      authenticated: false,
      enableAdminApi: false,
      enableLifecycle: false,
      enableDebugEndpoints: false,
      enableRemoteWriteReceiver: false,
      enableOtlpReceiver: false,
      agentMode: false,
      receiverBodyLimitMb: 1,
    });
    // WHEN
    const conf = renderNginxConf({
      ...base,
      url: 'https://example.com/prometheus/',
      serverNames: ['example.com', 'prometheus'],
      certificatePath: NGINX_FILES.certificate,
      privateKeyPath: NGINX_FILES.privateKey,
      limits: { requestsPerSecond: 20, burst: 100, connections: 100, senderRequestsPerSecond: 200 },
      trustedOrigins: [{ host: 'example.com', port: 443 }, { host: 'prometheus', port: 443 }],
      healthCheck: { port: NGINX_HEALTH_CHECK_PORT, path: '/healthz', upstream: 'prometheus', upstreamPath: '/-/healthy' },
      ...routes,
    });
    // THEN
    expect(conf).toMatchSnapshot();
  });
});
