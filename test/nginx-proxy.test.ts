import { posix } from 'node:path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformVariable } from 'cdktf';
import { NginxProxy, NginxProxyProps, RouteList, RouteMatch } from '../lib';
import { NGINX_PATHS } from '../lib/container-layout';
import { HASH, at, manifestOf, podAgent, ref, staged, synth } from './support';

/** Two services in the pod, each its own route list. */
const APP: RouteList = {
  upstreams: [{ name: 'app', address: '127.0.0.1:9090' }],
  routes: [{ path: '/app/', match: RouteMatch.PREFIX, upstream: 'app', upstreamPath: '/', methods: ['GET'] }],
  answers: [{ path: '/', match: RouteMatch.PREFIX, status: 404 }],
  refusedPaths: ['/app/admin/'],
};
const ALERTS: RouteList = {
  upstreams: [{ name: 'alerts', address: '127.0.0.1:9093' }],
  routes: [{ path: '/alerts/', match: RouteMatch.PREFIX, upstream: 'alerts', upstreamPath: '/', methods: ['GET', 'POST'] }],
};

const props: Omit<NginxProxyProps, 'agent'> = {
  name: 'n-nginx',
  configVolumeName: 'n-nginx-config',
  image: 'nginx:1.30.6-alpine',
  networkMode: 'container:pod',
  url: 'https://example.com/app/',
  serverNames: ['example.com'],
  routes: [APP],
  healthCheck: { upstream: 'app', upstreamPath: '/-/healthy' },
  certificatePem: 'CERTIFICATE',
  privateKeyPem: 'KEY',
  workerProcesses: 2,
  limits: { requestsPerSecond: 20, burst: 100, connections: 100, senderRequestsPerSecond: 200 },
  trustedOrigins: [],
  memoryMb: 256,
  logMaxSize: '10m',
  logMaxFiles: 3,
};

/** An NginxProxy `nginx` with `overrides`, delivered by a PodAgent `agent`, synthesized. */
function synthNginx(overrides: Partial<NginxProxyProps> = {}) {
  let nginx!: NginxProxy;
  const result = synth((scope) => {
    nginx = new NginxProxy(scope, 'nginx', { ...props, agent: podAgent(scope), ...overrides });
  });
  const agent = at(result.resources, 'docker_container', 'agent/container');
  return { ...result, nginx, agent, files: staged(agent, 'nginx') };
}

describe('NginxProxy', () => {
  test('renders nginx.conf from every route list: their upstreams, routes, answers and refused paths', () => {
    // WHEN
    const { nginx } = synthNginx({ routes: [APP, ALERTS] });
    // THEN
    for (const line of ['upstream app {', 'upstream alerts {', 'location /app/ {', 'location /alerts/ {', 'location / {', 'location ~* ^(?:/app/admin/) {']) {
      expect(nginx.nginxConfig).toContain(line);
    }
  });

  test("listens, and keeps its files, where the container's layout says: named relative to nginx.conf, so in the revision it is read from", () => {
    // WHEN
    const { nginx, resources } = synthNginx({ httpRedirectPort: 8443, clientCaCertificatePem: 'CA', basicAuthUsers: [{ username: 'ops', passwordHash: HASH }] });
    // THEN
    for (const line of ['listen 443 ssl;', 'listen 80;', 'pid /run/nginx.pid;', 'proxy_temp_path /var/cache/nginx/proxy_temp;', 'listen 127.0.0.1:8081;']) {
      expect(nginx.nginxConfig).toContain(line);
    }
    const named = (directive: string) => nginx.nginxConfig.match(new RegExp(`^\\s*${directive} (\\S+);$`, 'm'))![1];
    const entrypoint = at(resources, 'docker_container', 'nginx/container').entrypoint;
    // nginx resolves a relative path against the directory of the nginx.conf it was started with
    const resolved = (directive: string) => posix.join(posix.dirname(entrypoint[2]), named(directive));
    expect([resolved('ssl_certificate'), resolved('ssl_certificate_key'), resolved('ssl_client_certificate'), resolved('auth_basic_user_file')]).toEqual([
      NGINX_PATHS.certificate,
      NGINX_PATHS.privateKey,
      NGINX_PATHS.clientCa,
      NGINX_PATHS.htpasswd,
    ]);
    expect(entrypoint[2]).toBe(NGINX_PATHS.config);
    expect(NGINX_PATHS.config).toBe('/etc/nginx/rendered/current/nginx.conf');
  });

  test('uploads nginx.conf, the certificate and the key (0600) to the agent, escaped for Terraform, at the paths nginx.conf names', () => {
    // WHEN
    const { nginx, files } = synthNginx({ url: 'https://example.com/app/' });
    // THEN
    expect(files).toEqual({
      'nginx.conf': { content: nginx.nginxConfig, permissions: '0644' },
      'tls/server.crt': { content: 'CERTIFICATE', permissions: '0644' },
      'tls/server.key': { content: 'KEY', permissions: '0600' },
    });
    expect(nginx.nginxConfig).toContain('ssl_certificate tls/server.crt;');
    expect(nginx.nginxConfig).toContain('ssl_certificate_key tls/server.key;');
  });

  test('writes the basic auth users to a sensitive htpasswd, rewriting the $2b$ prefix musl refuses', () => {
    // WHEN
    const { nginx, files } = synthNginx({ basicAuthUsers: [{ username: 'grafana', passwordHash: HASH.replace('$2y$', '$2b$') }, { username: 'ops', passwordHash: HASH }] });
    // THEN
    expect(files.htpasswd).toEqual({ content: `\${sensitive("grafana:${HASH.replace(/\$\{/g, '$${')}\\nops:${HASH}\\n")}`, permissions: '0644' });
    expect(nginx.nginxConfig).toContain('auth_basic_user_file htpasswd;');
  });

  test('rewrites the prefix of a hash from a Terraform variable in Terraform', () => {
    const { resources } = synth((scope) => {
      const hash = new TerraformVariable(scope, 'hash', { type: 'string', sensitive: true });
      new NginxProxy(scope, 'nginx', { ...props, agent: podAgent(scope), basicAuthUsers: [{ username: 'grafana', passwordHash: hash.stringValue }] });
    });
    expect(staged(at(resources, 'docker_container', 'agent/container'), 'nginx').htpasswd.content).toBe('${sensitive("grafana:${replace(var.hash, "$2b$", "$2y$")}\\n")}');
  });

  test('uploads the client CA and verifies client certificates against it, refusing requests without one where required', () => {
    // WHEN
    const { nginx, files } = synthNginx({ clientCaCertificatePem: 'CA', requireClientCertificate: true });
    // THEN
    expect(files['tls/client-ca.crt']).toEqual({ content: 'CA', permissions: '0644' });
    expect(nginx.nginxConfig).toContain('ssl_client_certificate tls/client-ca.crt;');
    expect(nginx.nginxConfig).toContain('return 496;');
    expect(synthNginx({ clientCaCertificatePem: 'CA' }).nginx.nginxConfig).not.toContain('return 496;');
  });

  test('has the agent check a new revision with nginx -t in the nginx container, and reload it until new workers run', () => {
    // WHEN
    const { nginx, agent } = synthNginx();
    // THEN
    expect(nginx.config.consumer).toEqual({
      key: 'nginx',
      container: 'n-nginx',
      mountPath: '/etc/nginx/rendered',
      check: ['nginx', '-t', '-q', '-c', '{revision}/nginx.conf'],
      verify: 'workers',
    });
    expect(nginx.config.owner).toBeUndefined();
    expect(manifestOf(agent)).toMatchObject({ CONSUMERS: 'nginx', nginx_container: 'n-nginx', nginx_owner: '0:0', nginx_verify: 'workers' });
  });

  test('runs nginx on a read-only root, with tmpfs where it writes and its config volume read-only, after the agent wrote it', () => {
    // WHEN
    const { json, resources } = synthNginx();
    // THEN
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.30.6-alpine', keep_locally: true });
    const container = at(resources, 'docker_container', 'nginx/container');
    expect(container).toMatchObject({
      name: 'n-nginx',
      entrypoint: ['nginx', '-c', '/etc/nginx/rendered/current/nginx.conf', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      security_opts: ['no-new-privileges:true'],
      read_only: true,
      network_mode: 'container:pod',
      memory: 256,
      memory_swap: 256,
      volumes: [{ volume_name: ref(resources, 'docker_volume', 'nginx/config/volume', 'name'), container_path: '/etc/nginx/rendered', read_only: true }],
      depends_on: [ref(resources, 'docker_container', 'agent/container', 'id').slice(2, -4)],
      destroy_grace_seconds: 10,
    });
    expect(container.mounts.map((m: { type: string; target: string }) => [m.type, m.target])).toEqual([
      ['tmpfs', '/var/cache/nginx'],
      ['tmpfs', '/run'],
    ]);
  });

  test('carries nothing of its files: a change to them changes the agent, and leaves the nginx container as it is', () => {
    // WHEN the certificate, the routes and the limits change
    const before = synthNginx();
    const after = synthNginx({ certificatePem: 'RENEWED', routes: [APP, ALERTS], limits: { ...props.limits, requestsPerSecond: 50 } });
    // THEN
    expect(at(after.resources, 'docker_container', 'nginx/container')).toEqual(at(before.resources, 'docker_container', 'nginx/container'));
    expect(after.files).not.toEqual(before.files);
    expect(at(before.resources, 'docker_container', 'nginx/container').labels).toBeUndefined();
  });

  test("checks its health through the loopback listener, which proxies the health check target's endpoint, and is unhealthy without the pod's network", () => {
    // WHEN
    const { json, nginx } = synthNginx();
    // THEN
    expect(json).toHaveResourceWithProperties(Container, {
      name: 'n-nginx',
      healthcheck: expect.objectContaining({ test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8081/healthz && grep -q eth0: /proc/net/dev'], interval: '10s', timeout: '5s' }),
    });
    expect(nginx.nginxConfig).toMatch(/location = \/healthz \{\n\s+proxy_pass http:\/\/app\/-\/healthy;/);
  });
});
