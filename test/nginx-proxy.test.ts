import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformVariable } from 'cdktf';
import { NginxProxy, NginxProxyProps, RouteList, RouteMatch } from '../lib';
import { HASH, at, ref, staged, synth } from './support';

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

const props: NginxProxyProps = {
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

/** An NginxProxy `nginx` with `overrides`, synthesized. */
function synthNginx(overrides: Partial<NginxProxyProps> = {}) {
  let nginx!: NginxProxy;
  const result = synth((scope) => {
    nginx = new NginxProxy(scope, 'nginx', { ...props, ...overrides });
  });
  return { ...result, nginx, writer: at(result.resources, 'docker_container', 'nginx/config/writer') };
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

  test("listens, and keeps its files, where the container's layout says", () => {
    const { nginx } = synthNginx({ httpRedirectPort: 8443 });
    for (const line of ['listen 443 ssl;', 'listen 80;', 'pid /run/nginx.pid;', 'ssl_certificate /etc/nginx/rendered/tls/server.crt;', 'proxy_temp_path /var/cache/nginx/proxy_temp;', 'listen 127.0.0.1:8081;']) {
      expect(nginx.nginxConfig).toContain(line);
    }
  });

  test('uploads nginx.conf, the certificate and the key (0600) to its config writer, escaped for Terraform', () => {
    // WHEN
    const { nginx, writer } = synthNginx({ url: 'https://example.com/app/' });
    // THEN
    expect(staged(writer)).toEqual({
      'nginx.conf': { content: nginx.nginxConfig, permissions: '0644' },
      'tls/server.crt': { content: 'CERTIFICATE', permissions: '0644' },
      'tls/server.key': { content: 'KEY', permissions: '0600' },
    });
  });

  test('writes the basic auth users to a sensitive htpasswd, rewriting the $2b$ prefix musl refuses', () => {
    // WHEN
    const { nginx, writer } = synthNginx({ basicAuthUsers: [{ username: 'grafana', passwordHash: HASH.replace('$2y$', '$2b$') }, { username: 'ops', passwordHash: HASH }] });
    // THEN
    expect(staged(writer).htpasswd).toEqual({ content: `\${sensitive("grafana:${HASH.replace(/\$\{/g, '$${')}\\nops:${HASH}\\n")}`, permissions: '0644' });
    expect(nginx.nginxConfig).toContain('auth_basic_user_file /etc/nginx/rendered/htpasswd;');
  });

  test('rewrites the prefix of a hash from a Terraform variable in Terraform', () => {
    const { resources } = synth((scope) => {
      const hash = new TerraformVariable(scope, 'hash', { type: 'string', sensitive: true });
      new NginxProxy(scope, 'nginx', { ...props, basicAuthUsers: [{ username: 'grafana', passwordHash: hash.stringValue }] });
    });
    expect(staged(at(resources, 'docker_container', 'nginx/config/writer')).htpasswd.content).toBe('${sensitive("grafana:${replace(var.hash, "$2b$", "$2y$")}\\n")}');
  });

  test('uploads the client CA and verifies client certificates against it, refusing requests without one where required', () => {
    // WHEN
    const { nginx, writer } = synthNginx({ clientCaCertificatePem: 'CA', requireClientCertificate: true });
    // THEN
    expect(staged(writer)['tls/client-ca.crt']).toEqual({ content: 'CA', permissions: '0644' });
    expect(nginx.nginxConfig).toContain('ssl_client_certificate /etc/nginx/rendered/tls/client-ca.crt;');
    expect(nginx.nginxConfig).toContain('return 496;');
    expect(synthNginx({ clientCaCertificatePem: 'CA' }).nginx.nginxConfig).not.toContain('return 496;');
  });

  test('runs nginx on a read-only root, with tmpfs where it writes and its config volume read-only, replaced with its files', () => {
    // WHEN
    const { json, resources } = synthNginx();
    // THEN
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.30.6-alpine', keep_locally: true });
    const container = at(resources, 'docker_container', 'nginx/container');
    expect(container).toMatchObject({
      name: 'n-nginx',
      entrypoint: ['nginx', '-c', '/etc/nginx/rendered/nginx.conf', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      security_opts: ['no-new-privileges:true'],
      read_only: true,
      network_mode: 'container:pod',
      memory: 256,
      memory_swap: 256,
      volumes: [{ volume_name: ref(resources, 'docker_volume', 'nginx/config/volume', 'name'), container_path: '/etc/nginx/rendered', read_only: true }],
      labels: [{ label: 'prometheus-tls-proxy.config-revision', value: ref(resources, 'docker_container', 'nginx/config/writer', 'id') }],
      destroy_grace_seconds: 10,
    });
    expect(container.mounts.map((m: { type: string; target: string }) => [m.type, m.target])).toEqual([
      ['tmpfs', '/var/cache/nginx'],
      ['tmpfs', '/run'],
    ]);
  });

  test("checks its health through the loopback listener, which proxies the health check target's endpoint", () => {
    // WHEN
    const { json, nginx } = synthNginx();
    // THEN
    expect(json).toHaveResourceWithProperties(Container, {
      name: 'n-nginx',
      healthcheck: expect.objectContaining({ test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8081/healthz'], interval: '10s', timeout: '5s' }),
    });
    expect(nginx.nginxConfig).toMatch(/location = \/healthz \{\n\s+proxy_pass http:\/\/app\/-\/healthy;/);
  });
});
