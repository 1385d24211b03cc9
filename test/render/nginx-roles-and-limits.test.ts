import { ClientRole } from '../../lib/options';
import { renderNginxConf } from '../../lib/render/nginx-conf';
import { ClientCertificateRoles } from '../../lib/render/nginx/client-roles';
import { RouteConcurrency, RouteMatch } from '../../lib/render/nginx/routes';
import { base, block, httpLevel, route, server, tlsServer } from './nginx-conf-fixtures';

const CA = '/etc/nginx/tls/ca.crt';
const ALL_ROLES = Object.values(ClientRole);
const OWN_CA: ClientCertificateRoles = { fromOrganizationalUnit: true, byCommonName: {}, defaultRole: 'reader', roles: ALL_ROLES };

/** The role map's entries, `[pattern, role]`, in order. */
function roleMap(conf: string): [string, string][] {
  return block(conf, 'map "$ssl_client_verify:$ssl_client_s_dn" $client_role').map((line) => {
    const match = /^(".*"|\S+) (\S+);$/.exec(line)!;
    return [match[1], match[2]];
  });
}

/** The role nginx's map gives `verify:subject`, reading its regular expressions as JavaScript's (the same for these: no PCRE-only syntax). */
function roleOf(conf: string, verified: string, subject: string): string {
  for (const [pattern, role] of roleMap(conf)) {
    if (pattern === 'default') continue;
    const regex = new RegExp(pattern.slice(2, -1));
    if (regex.test(`${verified}:${subject}`)) return role;
  }
  return '""';
}

describe('client roles', () => {
  describe('the role of a verified certificate', () => {
    test('with the construct\'s CA, is its OU, one of the roles; any other verified certificate gets the default role; none, no role', () => {
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: CA, required: true, roles: OWN_CA } });
      // THEN
      expect(roleOf(conf, 'SUCCESS', 'CN=edge,OU=sender')).toBe('sender');
      expect(roleOf(conf, 'SUCCESS', 'CN=ops,OU=admin')).toBe('admin');
      expect(roleOf(conf, 'SUCCESS', 'CN=grafana')).toBe('reader');
      expect(roleOf(conf, 'SUCCESS', 'CN=x,OU=superuser')).toBe('reader');
      expect(roleOf(conf, 'NONE', '')).toBe('""');
      expect(roleOf(conf, 'FAILED:unable to get issuer certificate', 'CN=ops,OU=admin')).toBe('""');
    });

    test('reads whole RDNs: a value that names another attribute behind an escaped comma is not one', () => {
      // GIVEN nginx's RFC 4514 subjects, commas inside values escaped
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: CA, required: true, roles: OWN_CA } });
      // THEN
      expect(roleOf(conf, 'SUCCESS', 'CN=evil\\,OU=admin')).toBe('reader');
      expect(roleOf(conf, 'SUCCESS', 'CN=evil\\,OU=admin,OU=sender')).toBe('sender');
      expect(roleOf(conf, 'SUCCESS', 'CN=a,OU=administrator')).toBe('reader');
      expect(roleOf(conf, 'SUCCESS', 'CN=a,OU=admin,O=org')).toBe('admin');
    });

    test('with another CA, is given by CN only (its OUs mean what that CA says), else the default role', () => {
      // GIVEN
      const roles: ClientCertificateRoles = { fromOrganizationalUnit: false, byCommonName: { 'edge-eu': 'sender', ops: 'admin' }, defaultRole: 'federator', roles: ALL_ROLES };
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: CA, required: false, roles } });
      // THEN
      expect(roleOf(conf, 'SUCCESS', 'CN=edge-eu,O=Example')).toBe('sender');
      expect(roleOf(conf, 'SUCCESS', 'CN=ops')).toBe('admin');
      expect(roleOf(conf, 'SUCCESS', 'CN=grafana,OU=admin')).toBe('federator');
      expect(roleOf(conf, 'SUCCESS', 'CN=opsx')).toBe('federator');
      expect(roleOf(conf, 'SUCCESS', 'CN=edge-eu\\,x')).toBe('federator');
    });

    test('a route with roles refuses (403) a certificate of another role, after the 496 for none, before anything else', () => {
      // GIVEN
      const routes = [route({ roles: ['reader', 'admin'] }), route({ path: '/app/-/healthy', match: RouteMatch.EXACT }), route({ path: '/app/-/ready', match: RouteMatch.EXACT, roles: ['admin'], open: true })];
      // WHEN
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: CA, required: true, roles: OWN_CA }, routes });
      // THEN
      expect(block(conf, 'location /app/').slice(0, 6)).toEqual([
        'if ($ssl_client_verify != SUCCESS) {',
        '    return 496;',
        '}',
        'if ($client_role !~ "^(?:reader|admin)?$") {',
        '    return 403;',
        '}',
      ]);
      // Roles: none on health; an open route is everyone's.
      expect(block(conf, 'location = /app/-/healthy').join('\n')).not.toContain('$client_role');
      expect(block(conf, 'location = /app/-/ready').join('\n')).not.toContain('$client_role');
    });

    test('without roles, no map and no check: certificates are not told apart', () => {
      const conf = renderNginxConf({ ...base, clientCertificates: { caPath: CA, required: true }, routes: [route({ roles: ['admin'] })] });
      expect(conf).not.toContain('$client_role');
    });
  });

  describe('basic auth users', () => {
    test('a route with roles reads the password file of its roles\' users; open routes turn auth off; the rest use every user\'s', () => {
      // GIVEN
      const routes = [
        route({ roles: ['reader', 'admin'] }),
        route({ path: '/app/api/v1/admin/', match: RouteMatch.PREFERRED_PREFIX, roles: ['admin'] }),
        route({ path: '/app/-/ready', match: RouteMatch.EXACT, open: true }),
        route({ path: '/app/-/healthy', match: RouteMatch.EXACT }),
      ];
      // WHEN
      const conf = renderNginxConf({ ...base, htpasswdPath: 'htpasswd', routes });
      // THEN
      expect(tlsServer(conf)).toContain('auth_basic_user_file htpasswd;');
      expect(block(conf, 'location /app/')).toContain('auth_basic_user_file htpasswd-reader-admin;');
      expect(block(conf, 'location ^~ /app/api/v1/admin/')).toContain('auth_basic_user_file htpasswd-admin;');
      expect(block(conf, 'location = /app/-/ready')).toContain('auth_basic off;');
      expect(block(conf, 'location = /app/-/healthy').join('\n')).not.toContain('auth_basic');
    });
  });
});

describe('authenticated responses', () => {
  test.each([
    ['basic auth', { htpasswdPath: 'htpasswd' }],
    ['client certificates', { clientCertificates: { caPath: CA, required: false } }],
  ])('with %s, every response says no-store (always: error pages too), replacing the upstream\'s Cache-Control', (_, auth) => {
    // WHEN
    const tls = tlsServer(renderNginxConf({ ...base, ...auth }));
    // THEN
    expect(tls).toContain('add_header Cache-Control "no-store" always;');
    expect(tls).toContain('proxy_hide_header Cache-Control;');
  });

  test('without authentication, caches may keep what anyone may read', () => {
    expect(renderNginxConf(base)).not.toContain('Cache-Control');
  });
});

describe('redirects', () => {
  /** The Location nginx's proxy_redirect makes of `location`, reading its regular expression as JavaScript's. */
  function redirected(line: string, location: string): string {
    const [, pattern, replacement] = /^proxy_redirect "~(.*)" "(.*)";$/.exec(line)!;
    const match = new RegExp(pattern).exec(location);
    return match ? replacement.replace('$1', match[1]) : location;
  }

  test('keeps the upstream\'s path-only redirects under the prefix; those already under it, and relative ones, pass as sent', () => {
    // WHEN
    const body = block(renderNginxConf({ ...base, routes: [route({ redirectsUnder: '/app' })] }), 'location /app/');
    const line = body.find((l) => l.startsWith('proxy_redirect'))!;
    // THEN
    expect(redirected(line, '/graph')).toBe('/app/graph');
    expect(redirected(line, '/status/config')).toBe('/app/status/config');
    expect(redirected(line, '/')).toBe('/app/');
    expect(redirected(line, '/app/query')).toBe('/app/query');
    expect(redirected(line, '/app')).toBe('/app');
    expect(redirected(line, '/apps')).toBe('/app/apps');
    expect(redirected(line, 'graph')).toBe('graph');
  });

  test('a nested prefix is matched whole; prefix "/" needs nothing', () => {
    const nested = block(renderNginxConf({ ...base, routes: [route({ redirectsUnder: '/ops/prom' })] }), 'location /app/');
    expect(nested).toContain('proxy_redirect "~^/(?!ops/prom(?:/|$))(.*)$" "/ops/prom/$1";');
    const root = renderNginxConf({ ...base, routes: [route({ redirectsUnder: '/' })] });
    expect(root).not.toContain('proxy_redirect');
  });
});

describe('requests in flight', () => {
  const limits = { ...base.limits, queriesPerClient: 7, receiverRequestsPerSender: 3, receiverRequests: 5 };

  test('a query route bounds a client\'s queries, repeating the server\'s per-address bound that nginx would otherwise drop there', () => {
    // WHEN
    const conf = renderNginxConf({ ...base, limits, routes: [route({ concurrency: RouteConcurrency.QUERIES })] });
    // THEN
    expect(httpLevel(conf)).toContain('limit_conn_zone $binary_remote_addr zone=queries:2m;');
    expect(block(conf, 'location /app/')).toEqual(expect.arrayContaining([`limit_conn connections ${base.limits.connections};`, 'limit_conn queries 7;']));
  });

  test('with client certificates, a verified one is the client, whatever address it shares; otherwise the address', () => {
    // WHEN
    const conf = renderNginxConf({ ...base, limits, clientCertificates: { caPath: CA, required: false }, routes: [route({ concurrency: RouteConcurrency.QUERIES })] });
    // THEN
    expect(httpLevel(conf)).toContain('limit_conn_zone $client_key zone=queries:2m;');
    expect(block(conf, 'map $ssl_client_verify $client_key')).toEqual(['default $remote_addr;', 'SUCCESS $ssl_client_s_dn;']);
  });

  describe('a receiver route', () => {
    const receiver = route({ path: '/app/api/v1/write', match: RouteMatch.EXACT, upstreamPath: '/api/v1/write', methods: ['POST'], maxBodySize: '1m', concurrency: RouteConcurrency.RECEIVERS });
    const conf = renderNginxConf({ ...base, limits, routes: [route(), receiver] });

    test('reads the body whole (no streaming), bounds each sender\'s requests, answers 503 over, and passes the request to the gate', () => {
      const body = block(tlsServer(conf).join('\n'), 'location = /app/api/v1/write');
      expect(body).toEqual(expect.arrayContaining([`limit_conn connections ${base.limits.connections};`, 'limit_conn receiver_senders 3;', 'limit_conn_status 503;', 'client_max_body_size 1m;']));
      expect(body).not.toContain('proxy_request_buffering off;');
      expect(body[body.length - 1]).toBe('proxy_pass http://receiver_gate/app/api/v1/write;');
      expect(block(conf, 'upstream receiver_gate')).toEqual(['server 127.0.0.1:8082;', 'keepalive 32;']);
    });

    test('the gate, on loopback only, gives the upstream at most receiverRequests at once from all senders, and passes on who sent them', () => {
      const gate = server(conf, '127.0.0.1:8082');
      expect(gate).toEqual(
        expect.arrayContaining([
          'access_log off;',
          'proxy_set_header X-Forwarded-For $http_x_real_ip;',
          'proxy_set_header X-Real-IP $http_x_real_ip;',
          'proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;',
          'proxy_set_header Host $host;',
          'proxy_set_header Connection "";',
        ]),
      );
      const gateLocation = block(gate.join('\n'), 'location = /app/api/v1/write');
      expect(gateLocation).toEqual(['limit_conn receivers 5;', 'limit_conn_status 503;', 'client_max_body_size 1m;', 'proxy_request_buffering off;', 'proxy_pass http://backend/api/v1/write;']);
      expect(httpLevel(conf)).toContain('limit_conn_zone $server_port zone=receivers:64k;');
      expect(block(gate.join('\n'), 'location /')).toEqual(['return 404;']);
    });

    test('without receivers, no gate', () => {
      const plain = renderNginxConf(base);
      expect(plain).not.toContain('receiver_gate');
      expect(plain).not.toContain('8082');
    });
  });
});
