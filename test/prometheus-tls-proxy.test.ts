import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { TerraformOutput, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';

type Resources = Record<string, Record<string, Record<string, any>>>;

function synth(build: (scope: Construct) => void): { json: string; resources: Resources } {
  const json = Testing.synthScope(build);
  return { json, resources: JSON.parse(json).resource };
}

function synthProxy(props: Partial<PrometheusTlsProxyProps> = {}): { json: string; resources: Resources; proxy: PrometheusTlsProxy } {
  let proxy!: PrometheusTlsProxy;
  const result = synth((scope) => {
    proxy = new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', ...props });
  });
  return { ...result, proxy };
}

/** The only resource of a type, or the one whose logical id contains `id`. */
function only(resources: Resources, type: string, id = ''): Record<string, any> {
  const matches = Object.entries(resources[type] ?? {}).filter(([name]) => name.includes(id));
  expect(matches).toHaveLength(1);
  return matches[0][1];
}

function uploads(container: Record<string, any>): Record<string, { content: string; permissions: string }> {
  return Object.fromEntries(container.upload.map((u: any) => [u.file, { content: u.content, permissions: u.permissions }]));
}

describe('PrometheusTlsProxy with defaults', () => {
  const { json, resources, proxy } = synthProxy();
  const prometheus = only(resources, 'docker_container', 'prometheus');
  const nginx = only(resources, 'docker_container', 'nginx');

  test('generates an RSA 4096 key and a self-signed certificate with CN and SAN', () => {
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'RSA', rsa_bits: 4096 });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, {
      subject: [{ common_name: 'example.com' }],
      dns_names: ['example.com'],
      allowed_uses: ['key_encipherment', 'digital_signature', 'server_auth'],
      validity_period_hours: 8760,
      early_renewal_hours: 720,
    });
  });

  test('pins both images and keeps them on the host', () => {
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.30.1-alpine', keep_locally: true });
    expect(json).toHaveResourceWithProperties(Image, { name: 'prom/prometheus:v3.13.3', keep_locally: true });
    expect(prometheus.image).toMatch(/^\$\{docker_image\.[^.]+prometheus-image[^.]+\.image_id\}$/);
    expect(nginx.image).toMatch(/^\$\{docker_image\.[^.]+nginx-image[^.]+\.image_id\}$/);
  });

  test('creates a private network that both containers join', () => {
    expect(json).toHaveResourceWithProperties(Network, { name: proxy.dockerNames.network, driver: 'bridge' });
    const ref = `\${docker_network.${Object.keys(resources.docker_network)[0]}.name}`;
    expect(prometheus.networks_advanced).toEqual([{ name: ref }]);
    expect(nginx.networks_advanced).toEqual([{ name: ref }]);
  });

  test('keeps the TSDB on a named volume at the TSDB path', () => {
    expect(json).toHaveResourceWithProperties(Volume, { name: proxy.dockerNames.dataVolume });
    expect(prometheus.volumes).toEqual([
      { volume_name: `\${docker_volume.${Object.keys(resources.docker_volume)[0]}.name}`, container_path: '/prometheus' },
    ]);
    expect(prometheus.command).toContain('--storage.tsdb.path=/prometheus');
  });

  test('never publishes a Prometheus port', () => {
    expect(prometheus.ports).toBeUndefined();
    expect(prometheus.network_mode).toBeUndefined();
  });

  test('starts Prometheus with an https external URL and route prefix /', () => {
    expect(prometheus.entrypoint).toEqual(['/bin/prometheus']);
    expect(prometheus.command).toEqual([
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
    ]);
    expect(proxy.url).toBe('https://example.com/prometheus/');
    expect(proxy.externalUrl).toBe('https://example.com/prometheus');
  });

  test('uploads the rendered prometheus.yml', () => {
    expect(uploads(prometheus)['/etc/prometheus/prometheus.yml']).toEqual({ content: proxy.prometheusConfig, permissions: '0644' });
    expect(proxy.prometheusConfig).toContain('job_name: prometheus');
  });

  test('runs Prometheus as nobody with no capability, restarts it and checks its health', () => {
    expect(prometheus).toMatchObject({
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      security_opts: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      memory: 2048,
      log_driver: 'json-file',
      log_opts: { 'max-size': '10m', 'max-file': '3' },
    });
    expect(prometheus.healthcheck.test.join(' ')).toContain('http://127.0.0.1:9090/-/healthy');
  });

  test('gives Prometheus at least 60 seconds to close the TSDB', () => {
    expect(prometheus.destroy_grace_seconds).toBeGreaterThanOrEqual(60);
    expect(prometheus.stop_timeout).toBeGreaterThanOrEqual(60);
  });

  test('publishes nginx on 443 and uploads config, certificate and a private key', () => {
    expect(nginx.ports).toEqual([{ internal: 443, external: 443 }]);
    const files = uploads(nginx);
    expect(files['/etc/nginx/nginx.conf']).toEqual({ content: proxy.nginxConfig, permissions: '0644' });
    expect(files['/etc/nginx/tls/server.crt'].content).toMatch(/^\$\{tls_self_signed_cert\.[^}]+\.cert_pem\}$/);
    expect(files['/etc/nginx/tls/server.key']).toEqual({
      content: expect.stringMatching(/^\$\{tls_private_key\.[^}]+\.private_key_pem\}$/),
      permissions: '0600',
    });
    expect(files['/etc/nginx/htpasswd']).toBeUndefined();
  });

  test('proxies to the Prometheus container by name', () => {
    expect(proxy.nginxConfig).toContain(`server ${prometheus.name}:9090;`);
    expect(proxy.nginxConfig).toContain('location /prometheus/ {');
  });

  test('runs nginx with the three capabilities its master needs, named as Docker reports them', () => {
    expect(nginx).toMatchObject({
      entrypoint: ['nginx', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      security_opts: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      memory: 256,
      memory_swap: 256,
    });
  });

  test('starts nginx after Prometheus and reloads it when Prometheus moves', () => {
    // GIVEN
    const address = `docker_container.${Object.keys(resources.docker_container).find((id) => id.includes('prometheus'))}`;
    // THEN
    expect(nginx.depends_on).toEqual([address]);
    expect(nginx.healthcheck.test).toEqual([
      'CMD-SHELL',
      'wget -q -O /dev/null http://127.0.0.1:8081/healthz || { nginx -s reload; exit 1; }',
    ]);
    expect(proxy.nginxConfig).toContain('listen 127.0.0.1:8081;');
  });

  test('spells durations and limits as Docker reports them back, so plans see no drift', () => {
    expect(prometheus.healthcheck).toMatchObject({ interval: '30s', timeout: '5s', start_period: '1m0s' });
    expect(nginx.healthcheck).toMatchObject({ interval: '10s', timeout: '5s', start_period: '10s' });
    expect(prometheus.memory_swap).toBe(prometheus.memory);
  });

  test('declares no provider', () => {
    expect(JSON.parse(json).provider).toBeUndefined();
  });
});

describe('PrometheusTlsProxy props', () => {
  test('a custom port and nested prefix reach the URL, the external URL and the port mapping', () => {
    // WHEN
    const { resources, proxy } = synthProxy({ domainName: 'prom.example.org', httpsPort: 8443, pathPrefix: '/ops/prom' });
    // THEN
    expect(proxy.url).toBe('https://prom.example.org:8443/ops/prom/');
    expect(only(resources, 'docker_container', 'prometheus').command).toContain('--web.external-url=https://prom.example.org:8443/ops/prom');
    expect(only(resources, 'docker_container', 'nginx').ports).toEqual([{ internal: 443, external: 8443 }]);
    expect(proxy.nginxConfig).toContain('location /ops/prom/ {');
  });

  test('prefix "/" serves Prometheus at the root', () => {
    const { proxy } = synthProxy({ pathPrefix: '/' });
    expect(proxy.url).toBe('https://example.com/');
    expect(proxy.externalUrl).toBe('https://example.com');
  });

  test('a Terraform variable as httpsPort reaches Terraform and the URL', () => {
    // GIVEN
    const { json, resources } = synth((scope) => {
      const port = new TerraformVariable(scope, 'port', { type: 'number' });
      const proxy = new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', httpsPort: port.numberValue });
      new TerraformOutput(scope, 'url', { value: proxy.url });
    });
    // THEN
    expect(only(resources, 'docker_container', 'nginx').ports).toEqual([{ internal: 443, external: '${var.port}' }]);
    expect(only(resources, 'docker_container', 'prometheus').command).toContain('--web.external-url=https://example.com:${var.port}/prometheus');
    expect(JSON.parse(json).output.url.value).toBe('https://example.com:${var.port}/prometheus/');
  });

  test('a Terraform variable as domainName is refused: it is rendered into nginx.conf', () => {
    expect(() =>
      synth((scope) => {
        const domain = new TerraformVariable(scope, 'domain', { type: 'string' });
        new PrometheusTlsProxy(scope, 'proxy', { domainName: domain.stringValue });
      }),
    ).toThrow(/^domainName is rendered into a config file at synth time/);
  });

  test('ECDSA keys use the pinned curve and no key_encipherment', () => {
    const { json } = synthProxy({ keyAlgorithm: 'ECDSA' });
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { allowed_uses: ['digital_signature', 'server_auth'] });
    expect(synthProxy({ keyAlgorithm: 'ECDSA', ecdsaCurve: 'P384' }).json).toHaveResourceWithProperties(PrivateKey, { ecdsa_curve: 'P384' });
  });

  test('extra SANs, IPs, validity and renewal reach the certificate', () => {
    const { json } = synthProxy({
      subjectAlternativeNames: ['prom.internal'],
      ipAddresses: ['10.0.0.5'],
      validityPeriodHours: 2160,
      earlyRenewalHours: 360,
      rsaBits: 2048,
    });
    expect(json).toHaveResourceWithProperties(PrivateKey, { rsa_bits: 2048 });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, {
      dns_names: ['example.com', 'prom.internal'],
      ip_addresses: ['10.0.0.5'],
      validity_period_hours: 2160,
      early_renewal_hours: 360,
    });
  });

  test('private-ca mode signs the served certificate with a CA that it exposes', () => {
    // WHEN
    const { json, resources, proxy } = synthProxy({ certificateMode: 'private-ca', caValidityPeriodHours: 43800 });
    // THEN
    const caCert = only(resources, 'tls_self_signed_cert', 'ca-certificate');
    expect(caCert).toMatchObject({
      is_ca_certificate: true,
      validity_period_hours: 43800,
      allowed_uses: ['cert_signing', 'crl_signing', 'digital_signature'],
    });
    expect(Object.keys(resources.tls_private_key)).toHaveLength(2);
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'example.com' }], dns_names: ['example.com'] });
    expect(json).toHaveResourceWithProperties(LocallySignedCert, { allowed_uses: ['key_encipherment', 'digital_signature', 'server_auth'] });
    const served = uploads(only(resources, 'docker_container', 'nginx'))['/etc/nginx/tls/server.crt'].content;
    expect(served).toMatch(/^\$\{tls_locally_signed_cert\.[^}]+\.cert_pem\}$/);
    expect(proxy.caCertificatePem).toBeDefined();
    expect(proxy.caCertificate).toBeInstanceOf(SelfSignedCert);
  });

  describe('provided certificate', () => {
    let dir: string;
    let certificatePem: string;
    let privateKeyPem: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'provided-'));
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
        '-subj', '/CN=example.com', '-addext', 'subjectAltName=DNS:example.com',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      ], { stdio: 'ignore' });
      certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
      privateKeyPem = readFileSync(join(dir, 'key.pem'), 'utf8');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('uploads the given PEMs and declares no TLS resource', () => {
      // WHEN
      const { resources, proxy } = synthProxy({ certificateMode: 'provided', certificatePem, privateKeyPem });
      // THEN
      expect(resources.tls_private_key).toBeUndefined();
      expect(resources.tls_self_signed_cert).toBeUndefined();
      const files = uploads(only(resources, 'docker_container', 'nginx'));
      expect(files['/etc/nginx/tls/server.crt'].content).toBe(certificatePem);
      expect(files['/etc/nginx/tls/server.key']).toEqual({ content: privateKeyPem, permissions: '0600' });
      // a certificate you provide is presumably trusted, so HSTS is on by default
      expect(proxy.nginxConfig).toContain('Strict-Transport-Security');
    });

    test('uploads a literal PEM escaped for Terraform, and refuses text around it', () => {
      expect(() => synthProxy({ certificateMode: 'provided', certificatePem: `\${file("x")}\n${certificatePem}`, privateKeyPem })).toThrow(
        /^certificatePem must hold PEM certificate blocks and nothing else/,
      );
    });

    test("refuses a key that is not the certificate's, without showing it", () => {
      // GIVEN
      const other = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], { encoding: 'utf8' });
      // THEN
      expect(() => synthProxy({ certificateMode: 'provided', certificatePem, privateKeyPem: other })).toThrow(
        /^privateKeyPem must be the key of certificatePem \(got "<redacted>"\)$/,
      );
    });

    test('refuses a PEM-shaped key that does not parse', () => {
      const garbage = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
      expect(() => synthProxy({ certificateMode: 'provided', certificatePem, privateKeyPem: garbage })).toThrow(/^privateKeyPem must be an unencrypted PEM private key/);
    });

    test('refuses a certificate for another domain', () => {
      expect(() => synthProxy({ domainName: 'other.example.com', certificateMode: 'provided', certificatePem, privateKeyPem })).toThrow(
        /^certificatePem must be valid for domainName "other.example.com"/,
      );
    });
  });

  test('an existing network replaces the private one', () => {
    const { resources } = synthProxy({ network: 'monitoring' });
    expect(resources.docker_network).toBeUndefined();
    expect(only(resources, 'docker_container', 'nginx').networks_advanced).toEqual([{ name: 'monitoring' }]);
    expect(only(resources, 'docker_container', 'prometheus').networks_advanced).toEqual([{ name: 'monitoring' }]);
  });

  test('namePrefix names every Docker object', () => {
    const { json } = synthProxy({ namePrefix: 'mon' });
    expect(json).toHaveResourceWithProperties(Network, { name: 'mon' });
    expect(json).toHaveResourceWithProperties(Volume, { name: 'mon-data' });
    expect(json).toHaveResourceWithProperties(Container, { name: 'mon-nginx' });
    expect(json).toHaveResourceWithProperties(Container, { name: 'mon-prometheus' });
  });

  test('images, retention, limits and logs are settable', () => {
    // WHEN
    const { resources } = synthProxy({
      nginxImage: 'nginx:1.28.0-alpine',
      prometheusImage: 'prom/prometheus:v3.5.0',
      retentionTime: '90d',
      retentionSize: '50GB',
      nginxMemoryMb: 64,
      prometheusMemoryMb: 8192,
      logMaxSize: '50m',
      logMaxFiles: 5,
    });
    const prometheus = only(resources, 'docker_container', 'prometheus');
    // THEN
    expect(Object.values(resources.docker_image).map((image) => image.name).sort()).toEqual(['nginx:1.28.0-alpine', 'prom/prometheus:v3.5.0']);
    expect(prometheus.command).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=90d', '--storage.tsdb.retention.size=50GB']));
    expect(prometheus.memory).toBe(8192);
    expect(prometheus.log_opts).toEqual({ 'max-size': '50m', 'max-file': '5' });
    expect(only(resources, 'docker_container', 'nginx').memory).toBe(64);
  });

  test('scrape configs and interval reach prometheus.yml', () => {
    const { proxy } = synthProxy({ scrapeInterval: '30s', scrapeConfigs: [{ jobName: 'node', targets: ['node-exporter:9100'] }] });
    expect(proxy.prometheusConfig).toContain('scrape_interval: 30s');
    expect(proxy.prometheusConfig).toContain('job_name: node');
  });

  test('a password hash from a Terraform variable reaches the htpasswd file with $2b$ rewritten', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const hash = new TerraformVariable(scope, 'hash', { type: 'string', sensitive: true });
      new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', basicAuthUsers: [{ username: 'grafana', passwordHash: hash.stringValue }] });
    });
    // THEN
    expect(uploads(only(resources, 'docker_container', 'nginx'))['/etc/nginx/htpasswd'].content).toBe(
      'grafana:${replace(var.hash, "$2b$", "$2y$")}\n',
    );
  });

  test('rendered text reaches Terraform escaped, so it lands in the files verbatim', () => {
    // GIVEN
    const labels = { note: 'a ${b} %{c}' };
    // WHEN
    const { resources, proxy } = synthProxy({
      scrapeConfigs: [{ jobName: 'j', targets: ['h:1'], labels }],
      basicAuthUsers: [{ username: 'us${er}', passwordHash: '$2y$08$' + 'x'.repeat(53) }],
    });
    // THEN
    expect(proxy.prometheusConfig).toContain('a ${b} %{c}');
    expect(uploads(only(resources, 'docker_container', 'prometheus'))['/etc/prometheus/prometheus.yml'].content).toContain('a $${b} %%{c}');
    expect(uploads(only(resources, 'docker_container', 'nginx'))['/etc/nginx/htpasswd'].content).toMatch(/^us\$\$\{er\}:/);
  });

  test('a domain longer than a CN may be stays in the SAN only', () => {
    const domainName = `${'a'.repeat(60)}.example.com`;
    const { json } = synthProxy({ domainName });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { subject: [{}], dns_names: [domainName] });
  });

  test('a short-lived certificate gets a renewal window of half its validity', () => {
    const { json } = synthProxy({ validityPeriodHours: 240 });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { validity_period_hours: 240, early_renewal_hours: 120 });
  });

  test('healthCheckWithoutAuth: false keeps the health endpoints behind basic auth', () => {
    const basicAuthUsers = [{ username: 'grafana', passwordHash: '$2y$08$' + 'x'.repeat(53) }];
    expect(synthProxy({ basicAuthUsers }).proxy.nginxConfig).toContain('location = /prometheus/-/healthy');
    expect(synthProxy({ basicAuthUsers, healthCheckWithoutAuth: false }).proxy.nginxConfig).not.toContain('auth_basic off');
  });

  test('hsts overrides the per-mode default', () => {
    expect(synthProxy().proxy.nginxConfig).not.toContain('Strict-Transport-Security');
    expect(synthProxy({ hsts: true }).proxy.nginxConfig).toContain('Strict-Transport-Security');
  });

  test('session tickets follow the nginx image: off before 1.23.2 rotates their keys', () => {
    expect(synthProxy().proxy.nginxConfig).toContain('ssl_session_tickets on;');
    expect(synthProxy({ nginxImage: 'nginx:1.22.1-alpine' }).proxy.nginxConfig).toContain('ssl_session_tickets off;');
    expect(synthProxy({ nginxImage: 'registry.local/nginx:stable' }).proxy.nginxConfig).toContain('ssl_session_tickets off;');
  });

  test("the health listener gives up on Prometheus before Docker kills nginx's health check", () => {
    // GIVEN
    const { resources, proxy } = synthProxy();
    const checkTimeout = Number(/^(\d+)s$/.exec(only(resources, 'docker_container', 'nginx').healthcheck.timeout)![1]);
    const healthServer = proxy.nginxConfig.slice(proxy.nginxConfig.indexOf('listen 127.0.0.1:8081'));
    // THEN
    const connect = Number(/proxy_connect_timeout (\d+)s;/.exec(healthServer)![1]);
    expect(connect).toBeLessThan(checkTimeout);
  });

  test('basic auth uploads an htpasswd file and guards nginx', () => {
    // GIVEN
    const passwordHash = '$2y$08$' + 'x'.repeat(53);
    // WHEN
    const { resources, proxy } = synthProxy({ basicAuthUsers: [{ username: 'grafana', passwordHash }] });
    // THEN
    expect(uploads(only(resources, 'docker_container', 'nginx'))['/etc/nginx/htpasswd']).toEqual({
      content: `grafana:${passwordHash}\n`,
      permissions: '0644',
    });
    expect(proxy.nginxConfig).toContain('auth_basic_user_file /etc/nginx/htpasswd;');
  });

  test('the admin and lifecycle APIs turn on in Prometheus and in the proxy together, behind basic auth', () => {
    const basicAuthUsers = [{ username: 'admin', passwordHash: '$2y$08$' + 'x'.repeat(53) }];
    expect(() => synthProxy({ enableAdminApi: true })).toThrow(/^enableAdminApi needs basicAuthUsers/);
    const { resources, proxy } = synthProxy({ enableAdminApi: true, enableLifecycle: true, basicAuthUsers });
    expect(only(resources, 'docker_container', 'prometheus').command).toEqual(
      expect.arrayContaining(['--web.enable-admin-api', '--web.enable-lifecycle']),
    );
    expect(proxy.nginxConfig).not.toContain('api/v1/admin');
    expect(synthProxy().proxy.nginxConfig).toContain('location ^~ /prometheus/api/v1/admin/');
  });

  test('httpPort publishes a redirecting HTTP listener', () => {
    const { resources, proxy } = synthProxy({ httpsPort: 8443, httpPort: 8080 });
    expect(only(resources, 'docker_container', 'nginx').ports).toEqual([
      { internal: 443, external: 8443 },
      { internal: 80, external: 8080 },
    ]);
    expect(proxy.nginxConfig).toContain('return 301 https://example.com:8443$request_uri;');
  });

  test('bad props throw at construction, naming the prop', () => {
    expect(() => synthProxy({ pathPrefix: 'prometheus' })).toThrow(/^pathPrefix must start with "\/" \(got "prometheus"\)/);
    expect(() => synthProxy({ httpsPort: 70000 })).toThrow(/^httpsPort /);
    expect(() => synthProxy({ domainName: 'https://example.com' })).toThrow(/^domainName /);
  });
});

describe('composition', () => {
  test('two instances in one stack share no Docker name', () => {
    // WHEN
    const { resources } = synth((scope) => {
      new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
      new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', httpsPort: 8443 });
    });
    // THEN
    const names = ['docker_container', 'docker_network', 'docker_volume'].flatMap((type) =>
      Object.values(resources[type]).map((resource) => resource.name),
    );
    expect(names).toHaveLength(8);
    expect(new Set(names).size).toBe(8);
  });

  test('two instances on one Docker host cannot publish the same port', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com' });
      }),
    ).toThrow(/^httpsPort is already published by .*\/a on the same Docker host \(got 443\)/);
  });

  test('two instances on one Docker host cannot share a namePrefix', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', namePrefix: 'mon' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', namePrefix: 'mon', httpsPort: 8443 });
      }),
    ).toThrow(/^namePrefix must differ from that of .*\/a/);
  });

  test('each instance can target its own Docker host through a provider alias', () => {
    // WHEN
    const { json, resources } = synth((scope) => {
      const hostA = new DockerProvider(scope, 'host-a', { alias: 'a', host: 'ssh://deploy@a.example.com' });
      const hostB = new DockerProvider(scope, 'host-b', { alias: 'b', host: 'ssh://deploy@b.example.com' });
      new PrometheusTlsProxy(scope, 'on-a', { domainName: 'a.example.com', dockerProvider: hostA });
      new PrometheusTlsProxy(scope, 'on-b', { domainName: 'b.example.com', dockerProvider: hostB });
    });
    // THEN
    expect(json).toHaveProviderWithProperties(DockerProvider, { alias: 'a', host: 'ssh://deploy@a.example.com' });
    for (const type of ['docker_container', 'docker_image', 'docker_network', 'docker_volume']) {
      for (const [id, resource] of Object.entries(resources[type])) {
        expect(resource.provider).toBe(id.startsWith('on-a') ? 'docker.a' : 'docker.b');
      }
    }
    // TLS resources stay with the default (local) TLS provider
    for (const resource of Object.values(resources.tls_private_key)) expect(resource.provider).toBeUndefined();
  });
});
