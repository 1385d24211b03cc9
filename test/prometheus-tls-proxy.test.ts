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
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { CertificateMode, ClientAuth, KeyAlgorithm, EcdsaCurve, PrometheusTlsProxy, PrometheusTlsProxyProps, Reach } from '../lib';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';

type Resource = Record<string, any>;
type Resources = Record<string, Record<string, Resource>>;

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

/** Whether a logical id is that of the construct at `path` (below the instance), e.g. `nginx/container`. */
function isAt(id: string, path: string): boolean {
  return new RegExp(`(^|_)${path.replace(/\//g, '_')}_[0-9A-F]{8}$`).test(id);
}

/** The resource of `type` at `path` (e.g. `nginx/container`). */
function at(resources: Resources, type: string, path: string): Resource {
  const matches = Object.entries(resources[type] ?? {}).filter(([id]) => isAt(id, path));
  expect(matches).toHaveLength(1);
  return matches[0][1];
}

/** `${type.id.attribute}` of the resource of `type` at `path`. */
function ref(resources: Resources, type: string, path: string, attribute: string): string {
  const [id] = Object.keys(resources[type]).filter((id) => isAt(id, path));
  return `\${${type}.${id}.${attribute}}`;
}

/** Uploads of a config writer, by path inside the volume. */
function staged(writer: Resource): Record<string, { content: string; permissions: string }> {
  return Object.fromEntries(writer.upload.map((u: Resource) => [u.file.replace(/^\/staging\//, ''), { content: u.content, permissions: u.permissions }]));
}

describe('PrometheusTlsProxy with defaults', () => {
  const { json, resources, proxy } = synthProxy();
  const pod = at(resources, 'docker_container', 'pod/container');
  const nginx = at(resources, 'docker_container', 'nginx/container');
  const prometheus = at(resources, 'docker_container', 'prometheus/container');
  const nginxWriter = at(resources, 'docker_container', 'nginx/config/writer');
  const prometheusWriter = at(resources, 'docker_container', 'prometheus/config/writer');

  test('generates an ECDSA P-256 key and a self-signed certificate for the domain and the network alias', () => {
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, {
      subject: [{ common_name: 'example.com' }],
      dns_names: ['example.com', proxy.networkAlias],
      allowed_uses: ['digital_signature', 'server_auth'],
      validity_period_hours: 8760,
      early_renewal_hours: 720,
    });
  });

  test('pins the nginx, Prometheus and pause images and keeps them on the host', () => {
    for (const name of ['nginx:1.30.6-alpine', 'prom/prometheus:v3.13.4', 'registry.k8s.io/pause:3.10']) {
      expect(json).toHaveResourceWithProperties(Image, { name, keep_locally: true });
    }
  });

  test('puts the pod on a private network, with an alias on it, and publishes 443 from the pod only', () => {
    expect(json).toHaveResourceWithProperties(Network, { name: proxy.dockerNames.network, driver: 'bridge' });
    expect(pod.networks_advanced).toEqual([{ name: ref(resources, 'docker_network', 'pod/network', 'name'), aliases: [proxy.networkAlias] }]);
    expect(pod.ports).toEqual([{ internal: 443, external: 443 }]);
    expect(pod.sysctls).toEqual({ 'net.ipv4.ip_unprivileged_port_start': '0' });
    expect(pod).toMatchObject({ user: '65535:65535', capabilities: { drop: ['ALL'] }, read_only: true, restart: 'unless-stopped' });
    expect(pod.entrypoint).toBeUndefined();
  });

  test('runs nginx and Prometheus in the pod\'s network namespace, by its full id, with no network or port of their own', () => {
    const podId = ref(resources, 'docker_container', 'pod/container', 'id');
    for (const container of [nginx, prometheus]) {
      expect(container.network_mode).toBe(`container:${podId}`);
      expect(container.networks_advanced).toBeUndefined();
      expect(container.ports).toBeUndefined();
      expect(container.sysctls).toBeUndefined();
    }
  });

  test('starts Prometheus on the pod\'s loopback, with an https external URL, route prefix / and CORS pinned to its origins', () => {
    expect(prometheus.entrypoint).toEqual(['/bin/prometheus']);
    expect(prometheus.command).toEqual([
      '--config.file=/etc/prometheus/rendered/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--web.listen-address=127.0.0.1:9090',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
      `--web.cors.origin=https://example\\.com|https://${proxy.networkAlias}`,
    ]);
    expect(proxy.url).toBe('https://example.com/prometheus/');
    expect(proxy.externalUrl).toBe('https://example.com/prometheus');
    expect(proxy.internalUrl).toBe(`https://${proxy.networkAlias}/prometheus/`);
  });

  test('keeps the TSDB on a named volume and reads its config from a volume of its own, read-only, on a read-only root', () => {
    expect(json).toHaveResourceWithProperties(Volume, { name: proxy.dockerNames.dataVolume });
    expect(prometheus.volumes).toEqual([
      { volume_name: ref(resources, 'docker_volume', 'prometheus/data', 'name'), container_path: '/prometheus' },
      { volume_name: ref(resources, 'docker_volume', 'prometheus/config/volume', 'name'), container_path: '/etc/prometheus/rendered', read_only: true },
    ]);
    expect(prometheus.read_only).toBe(true);
  });

  test('runs Prometheus as nobody with no capability, restarts it, checks its health and gives it 60 s to close the TSDB', () => {
    expect(prometheus).toMatchObject({
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      security_opts: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      memory: 2048,
      memory_swap: 2048,
      log_driver: 'json-file',
      log_opts: { 'max-size': '10m', 'max-file': '3' },
      destroy_grace_seconds: 60,
      stop_timeout: 60,
    });
    expect(prometheus.healthcheck).toMatchObject({
      test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/healthy'],
      interval: '30s',
      timeout: '5s',
      start_period: '1m0s',
    });
  });

  test('runs nginx on a read-only root with tmpfs where it writes and its files on a read-only volume', () => {
    expect(nginx).toMatchObject({
      entrypoint: ['nginx', '-c', '/etc/nginx/rendered/nginx.conf', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      security_opts: ['no-new-privileges:true'],
      read_only: true,
      memory: 256,
      memory_swap: 256,
      volumes: [{ volume_name: ref(resources, 'docker_volume', 'nginx/config/volume', 'name'), container_path: '/etc/nginx/rendered', read_only: true }],
    });
    expect(nginx.mounts.map((m: Resource) => [m.type, m.target])).toEqual([
      ['tmpfs', '/var/cache/nginx'],
      ['tmpfs', '/run'],
    ]);
  });

  test("checks nginx's health through its loopback listener, without reloading it", () => {
    expect(nginx.healthcheck).toMatchObject({ test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8081/healthz'], interval: '10s', timeout: '5s' });
    expect(proxy.nginxConfig).toContain('listen 127.0.0.1:8081;');
    expect(proxy.nginxConfig).toContain('server 127.0.0.1:9090;');
  });

  test('writes each config volume with a one-shot container that Terraform waits for and checks', () => {
    for (const writer of [nginxWriter, prometheusWriter]) {
      expect(writer).toMatchObject({
        entrypoint: ['/bin/sh', '-c', expect.stringMatching(/^set -e; find \/config -mindepth 1 -maxdepth 1 -exec rm -rf \{\} \+; cp -a \/staging\/\. \/config\/;/)],
        attach: true,
        must_run: false,
        restart: 'no',
        network_mode: 'none',
        security_opts: ['no-new-privileges:true'],
        lifecycle: { postcondition: [{ condition: '${self.exit_code == 0}', error_message: expect.stringContaining('docker logs') }] },
      });
      expect(writer.read_only).toBeUndefined();
    }
    expect(prometheusWriter.entrypoint[2]).toContain('chown -R 65534:65534 /config');
    expect(nginxWriter.entrypoint[2]).not.toContain('chown');
  });

  test("uploads nginx's config, certificate and key to its writer, the key 0600", () => {
    const files = staged(nginxWriter);
    expect(Object.keys(files).sort()).toEqual(['nginx.conf', 'tls/server.crt', 'tls/server.key']);
    expect(files['nginx.conf']).toEqual({ content: proxy.nginxConfig, permissions: '0644' });
    expect(files['tls/server.crt'].content).toBe(ref(resources, 'tls_self_signed_cert', 'tls/certificate', 'cert_pem'));
    expect(files['tls/server.key']).toEqual({ content: ref(resources, 'tls_private_key', 'tls/key', 'private_key_pem'), permissions: '0600' });
  });

  test('uploads the rendered prometheus.yml to its writer, the self-scrape job on the loopback', () => {
    expect(staged(prometheusWriter)['prometheus.yml']).toEqual({ content: proxy.prometheusConfig, permissions: '0644' });
    expect(parse(proxy.prometheusConfig).scrape_configs).toEqual([{ job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] }]);
  });

  test('replaces nginx and Prometheus with their files: each carries its writer\'s id in a label', () => {
    expect(nginx.labels).toEqual([{ label: 'prometheus-tls-proxy.config-revision', value: ref(resources, 'docker_container', 'nginx/config/writer', 'id') }]);
    expect(prometheus.labels).toEqual([{ label: 'prometheus-tls-proxy.config-revision', value: ref(resources, 'docker_container', 'prometheus/config/writer', 'id') }]);
  });

  test('renders HSTS off for a self-signed certificate, and no HTTP listener', () => {
    expect(proxy.nginxConfig).not.toContain('Strict-Transport-Security');
    expect(proxy.nginxConfig).not.toContain('listen 80');
  });

  test('declares no provider', () => {
    expect(JSON.parse(json).provider).toBeUndefined();
  });

  test('exposes its parts and the values composition needs', () => {
    expect(proxy.pathPrefix).toBe('/prometheus');
    expect(proxy.domainName).toBe('example.com');
    expect(proxy.httpsPort).toBe(443);
    expect(proxy.internalHttpsPort).toBe(443);
    expect(proxy.trustAnchorPem).toBe(proxy.certificatePem);
    expect(proxy.caCertificatePem).toBeUndefined();
    expect(proxy.nginxContainer).toBe(proxy.proxy.container);
    expect(proxy.prometheusContainer).toBe(proxy.server.container);
    expect(proxy.podContainer).toBe(proxy.pod.container);
    expect(proxy.dataVolume).toBe(proxy.server.dataVolume);
    expect(proxy.network).toBe(proxy.pod.network);
  });
});

/** Every resource address that refers, directly or through others, to `address`. */
function dependents(resources: Resources, address: string): Set<string> {
  const found = new Set<string>();
  let frontier = [address];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const [type, byId] of Object.entries(resources)) {
      for (const [id, resource] of Object.entries(byId)) {
        const self = `${type}.${id}`;
        const body = JSON.stringify(resource);
        if (!found.has(self) && frontier.some((a) => body.includes(`\${${a}.`) || (resource.depends_on ?? []).includes(a))) {
          found.add(self);
          next.push(self);
        }
      }
    }
    frontier = next;
  }
  return found;
}

describe('what a change replaces', () => {
  const { resources } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, basicAuthUsers: [{ username: 'a', passwordHash: '$2y$08$' + 'x'.repeat(53) }] });
  const address = (type: string, path: string): string => ref(resources, type, path, 'id').slice(2, -4);
  const paths = ['pod/container', 'nginx/config/writer', 'nginx/container', 'prometheus/config/writer', 'prometheus/container'];
  const containers = (set: Set<string>): string[] =>
    [...set].filter((a) => a.startsWith('docker_container.')).map((a) => paths.find((path) => isAt(a.split('.')[1], path))!).sort();

  test('a renewed server certificate replaces nginx and its config writer, never Prometheus or the pod', () => {
    expect(containers(dependents(resources, address('tls_locally_signed_cert', 'tls/signed/certificate')))).toEqual(['nginx/config/writer', 'nginx/container']);
  });

  test('a new nginx config replaces only nginx (through its writer)', () => {
    expect(containers(dependents(resources, address('docker_container', 'nginx/config/writer')))).toEqual(['nginx/container']);
  });

  test('a new Prometheus config replaces only Prometheus (through its writer)', () => {
    expect(containers(dependents(resources, address('docker_container', 'prometheus/config/writer')))).toEqual(['prometheus/container']);
  });

  test('only a change to the pod (ports, networks, aliases) replaces both', () => {
    expect(containers(dependents(resources, address('docker_container', 'pod/container')))).toEqual(['nginx/container', 'prometheus/container']);
  });
});

describe('PrometheusTlsProxy props', () => {
  test('a custom port and nested prefix reach the URLs, the external URL and the pod\'s port mapping', () => {
    // WHEN
    const { resources, proxy } = synthProxy({ domainName: 'prom.example.org', httpsPort: 8443, pathPrefix: '/ops/prom' });
    // THEN
    expect(proxy.url).toBe('https://prom.example.org:8443/ops/prom/');
    expect(proxy.internalUrl).toBe(`https://${proxy.networkAlias}/ops/prom/`);
    expect(at(resources, 'docker_container', 'prometheus/container').command).toContain('--web.external-url=https://prom.example.org:8443/ops/prom');
    expect(at(resources, 'docker_container', 'pod/container').ports).toEqual([{ internal: 443, external: 8443 }]);
    expect(proxy.nginxConfig).toContain('location /ops/prom/ {');
  });

  test('prefix "/" serves Prometheus at the root', () => {
    const { proxy } = synthProxy({ pathPrefix: '/' });
    expect(proxy.url).toBe('https://example.com/');
    expect(proxy.externalUrl).toBe('https://example.com');
  });

  test('a Terraform variable as httpsPort reaches Terraform, the URL and the CORS origin', () => {
    // GIVEN
    const { json, resources } = synth((scope) => {
      const port = new TerraformVariable(scope, 'port', { type: 'number' });
      const proxy = new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', httpsPort: port.numberValue });
      new TerraformOutput(scope, 'url', { value: proxy.url });
    });
    // THEN
    expect(at(resources, 'docker_container', 'pod/container').ports).toEqual([{ internal: 443, external: '${var.port}' }]);
    const command = at(resources, 'docker_container', 'prometheus/container').command;
    expect(command).toContain('--web.external-url=https://example.com:${var.port}/prometheus');
    expect(command.find((arg: string) => arg.startsWith('--web.cors.origin'))).toMatch(/^--web\.cors\.origin=https:\/\/example\\\.com:\$\{var\.port\}\|/);
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

  test('RSA is one prop away, with key_encipherment; ECDSA P-384 too', () => {
    expect(synthProxy({ keyAlgorithm: KeyAlgorithm.RSA }).json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'RSA', rsa_bits: 4096 });
    expect(synthProxy({ keyAlgorithm: KeyAlgorithm.RSA }).json).toHaveResourceWithProperties(SelfSignedCert, {
      allowed_uses: ['key_encipherment', 'digital_signature', 'server_auth'],
    });
    expect(synthProxy({ ecdsaCurve: EcdsaCurve.P384 }).json).toHaveResourceWithProperties(PrivateKey, { ecdsa_curve: 'P384' });
  });

  test('extra SANs, IPs, validity and renewal reach the certificate and nginx\'s server names', () => {
    const { json, proxy } = synthProxy({
      subjectAlternativeNames: ['prom.internal', '*.example.net'],
      ipAddresses: ['10.0.0.5', '2001:db8::1'],
      validityPeriodHours: 2160,
      earlyRenewalHours: 360,
      networkAlias: 'prom',
    });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, {
      dns_names: ['example.com', 'prom', 'prom.internal', '*.example.net'],
      ip_addresses: ['10.0.0.5', '2001:db8::1'],
      validity_period_hours: 2160,
      early_renewal_hours: 360,
    });
    expect(proxy.nginxConfig).toContain('server_name example.com prom prom.internal *.example.net 10.0.0.5 [2001:db8::1];');
    // Clients of an address send no SNI: the real server answers them.
    expect(proxy.nginxConfig).toContain('listen 443 ssl default_server;');
  });

  test('private-ca mode signs the served certificate with a CA that it exposes as the trust anchor, and turns HSTS on', () => {
    // WHEN
    const { json, resources, proxy } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, caValidityPeriodHours: 43800 });
    // THEN
    expect(at(resources, 'tls_self_signed_cert', 'ca/certificate')).toMatchObject({
      is_ca_certificate: true,
      validity_period_hours: 43800,
      allowed_uses: ['cert_signing', 'crl_signing', 'digital_signature'],
      subject: [{ common_name: 'example.com Prometheus CA' }],
    });
    expect(Object.keys(resources.tls_private_key)).toHaveLength(2);
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'example.com' }], dns_names: ['example.com', proxy.networkAlias] });
    expect(json).toHaveResourceWithProperties(LocallySignedCert, { allowed_uses: ['digital_signature', 'server_auth'] });
    expect(staged(at(resources, 'docker_container', 'nginx/config/writer'))['tls/server.crt'].content).toBe(
      ref(resources, 'tls_locally_signed_cert', 'tls/signed/certificate', 'cert_pem'),
    );
    expect(proxy.caCertificatePem).toBe(proxy.authority!.certificatePem);
    expect(proxy.trustAnchorPem).toBe(proxy.caCertificatePem);
    expect(proxy.authority?.certificate).toBeInstanceOf(SelfSignedCert);
    expect(proxy.nginxConfig).toContain('add_header Strict-Transport-Security "max-age=31536000" always;');
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

    test('uploads the given certificate, the key wrapped in sensitive(), and declares no TLS resource', () => {
      // WHEN
      const { resources, proxy } = synthProxy({ certificateMode: CertificateMode.PROVIDED, certificatePem, privateKeyPem });
      // THEN
      expect(resources.tls_private_key).toBeUndefined();
      expect(resources.tls_self_signed_cert).toBeUndefined();
      const files = staged(at(resources, 'docker_container', 'nginx/config/writer'));
      expect(files['tls/server.crt'].content).toBe(certificatePem);
      expect(files['tls/server.key']).toEqual({ content: `\${sensitive(${JSON.stringify(privateKeyPem)})}`, permissions: '0600' });
      expect(proxy.trustAnchorPem).toBeUndefined();
      // a certificate you provide is presumably trusted, so HSTS is on by default
      expect(proxy.nginxConfig).toContain('Strict-Transport-Security');
    });

    test('a provided key from a Terraform variable is wrapped in sensitive() too', () => {
      const { resources } = synth((scope) => {
        const key = new TerraformVariable(scope, 'key', { type: 'string' });
        new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', certificateMode: CertificateMode.PROVIDED, certificatePem, privateKeyPem: key.stringValue });
      });
      expect(staged(at(resources, 'docker_container', 'nginx/config/writer'))['tls/server.key'].content).toBe('${sensitive(var.key)}');
    });

    test("refuses a key that is not the certificate's, without showing it", () => {
      // GIVEN
      const other = execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], { encoding: 'utf8' });
      // THEN
      expect(() => synthProxy({ certificateMode: CertificateMode.PROVIDED, certificatePem, privateKeyPem: other })).toThrow(
        /^privateKeyPem must be the key of certificatePem \(got "<redacted>"\)$/,
      );
    });

    test('refuses a certificate for another domain', () => {
      expect(() => synthProxy({ domainName: 'other.example.com', certificateMode: CertificateMode.PROVIDED, certificatePem, privateKeyPem })).toThrow(
        /^certificatePem must be valid for domainName "other.example.com"/,
      );
    });
  });

  test('an existing network and additional networks carry the pod and its alias', () => {
    const { resources } = synthProxy({ network: 'monitoring', additionalNetworks: ['targets'], networkAlias: 'prom' });
    expect(resources.docker_network).toBeUndefined();
    expect(at(resources, 'docker_container', 'pod/container').networks_advanced).toEqual([
      { name: 'monitoring', aliases: ['prom'] },
      { name: 'targets', aliases: ['prom'] },
    ]);
  });

  test('namePrefix names every Docker object', () => {
    const { resources, proxy } = synthProxy({ namePrefix: 'mon' });
    const names = ['docker_container', 'docker_network', 'docker_volume'].flatMap((type) => Object.values(resources[type]).map((r) => r.name)).sort();
    expect(names).toEqual(['mon', 'mon-data', 'mon-nginx', 'mon-nginx-config', 'mon-nginx-config', 'mon-pod', 'mon-prometheus', 'mon-prometheus-config', 'mon-prometheus-config'].sort());
    expect(proxy.networkAlias).toBe('mon');
  });

  test('images, retention, limits, workers and logs are settable', () => {
    // WHEN
    const { resources, proxy } = synthProxy({
      nginxImage: 'nginx:1.28.0-alpine',
      prometheusImage: 'prom/prometheus:v3.5.0',
      pauseImage: 'registry.local/pause:3.10',
      retentionTime: '90d',
      retentionSize: '50GB',
      nginxWorkerProcesses: 4,
      nginxMemoryMb: 512,
      prometheusMemoryMb: 8192,
      logMaxSize: '50m',
      logMaxFiles: 5,
      requestsPerSecondPerClient: 50,
      requestBurstPerClient: 200,
      connectionsPerClient: 300,
      receiverRequestsPerSecondPerClient: 1000,
      enableRemoteWriteReceiver: true,
      basicAuthUsers: [{ username: 'edge', passwordHash: '$2y$05$' + 'x'.repeat(53) }],
    });
    const prometheus = at(resources, 'docker_container', 'prometheus/container');
    // THEN
    expect(Object.values(resources.docker_image).map((image) => image.name).sort()).toEqual(['nginx:1.28.0-alpine', 'prom/prometheus:v3.5.0', 'registry.local/pause:3.10']);
    expect(prometheus.command).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=90d', '--storage.tsdb.retention.size=50GB']));
    expect(prometheus.memory).toBe(8192);
    expect(prometheus.log_opts).toEqual({ 'max-size': '50m', 'max-file': '5' });
    expect(at(resources, 'docker_container', 'nginx/container').memory).toBe(512);
    expect(proxy.nginxConfig).toContain('worker_processes 4;');
    expect(proxy.nginxConfig).toContain('rate=50r/s;');
    expect(proxy.nginxConfig).toContain('burst=200 nodelay;');
    expect(proxy.nginxConfig).toContain('limit_conn connections 300;');
    expect(proxy.nginxConfig).toContain('zone=senders:2m rate=1000r/s;');
    expect(proxy.nginxConfig).toContain('limit_req zone=senders burst=2000 nodelay;');
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
    expect(staged(at(resources, 'docker_container', 'nginx/config/writer')).htpasswd.content).toBe('${sensitive("grafana:${replace(var.hash, "$2b$", "$2y$")}\\n")}');
  });

  test('rendered text reaches Terraform escaped, so it lands in the files verbatim', () => {
    // GIVEN
    const labels = { note: 'a ${b} %{c}' };
    // WHEN
    const { resources, proxy } = synthProxy({
      scrapeConfigs: [{ jobName: 'j', targets: ['h:1'], labels }],
      basicAuthUsers: [{ username: 'us${er}%{x}', passwordHash: '$2y$08$' + 'x'.repeat(53) }],
      remoteWrite: [{ url: 'https://r.example.com/api/v1/write', basicAuthUsername: 'u', basicAuthPassword: 'p${a}%{b}"\\' }],
    });
    // THEN
    expect(proxy.prometheusConfig).toContain('a ${b} %{c}');
    expect(staged(at(resources, 'docker_container', 'prometheus/config/writer'))['prometheus.yml'].content).toContain('a $${b} %%{c}');
    // Secrets go through sensitive(), whose string argument cdktf escapes for `${`: Terraform reads `us${er}%{x}` and `p${a}%{b}"\\`.
    expect(staged(at(resources, 'docker_container', 'nginx/config/writer')).htpasswd.content).toMatch(/^\$\{sensitive\("us\$\$\{er\}%%\{x\}:/);
    expect(staged(at(resources, 'docker_container', 'prometheus/config/writer'))['remote-write/0/password'].content).toBe('${sensitive("p$${a}%%{b}\\"\\\\")}');
  });

  test('a domain longer than a CN may be stays in the SAN only', () => {
    const domainName = `${'a'.repeat(60)}.example.com`;
    const { json } = synthProxy({ domainName });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { subject: [{}], dns_names: [domainName, expect.any(String)] });
  });

  test('a short-lived certificate gets a renewal window of half its validity', () => {
    const { json } = synthProxy({ validityPeriodHours: 240 });
    expect(json).toHaveResourceWithProperties(SelfSignedCert, { validity_period_hours: 240, early_renewal_hours: 120 });
  });

  test('the admin and lifecycle APIs turn on in Prometheus and in the proxy together, behind authentication and same-site checks', () => {
    const basicAuthUsers = [{ username: 'admin', passwordHash: '$2y$08$' + 'x'.repeat(53) }];
    const { resources, proxy } = synthProxy({ enableAdminApi: true, enableLifecycle: true, basicAuthUsers });
    expect(at(resources, 'docker_container', 'prometheus/container').command).toEqual(expect.arrayContaining(['--web.enable-admin-api', '--web.enable-lifecycle']));
    expect(proxy.nginxConfig).toContain("location ^~ /prometheus/api/v1/admin/ {");
    expect(proxy.nginxConfig).toContain('if ($cross_site_request) {');
    expect(synthProxy().proxy.nginxConfig).toMatch(/location ~\* \^\(\?:\/prometheus\/api\/v1\/admin\/\|/);
  });

  test('httpPort publishes a redirecting HTTP listener from the pod', () => {
    const { resources, proxy } = synthProxy({ httpsPort: 8443, httpPort: 8080 });
    expect(at(resources, 'docker_container', 'pod/container').ports).toEqual([
      { internal: 443, external: 8443 },
      { internal: 80, external: 8080 },
    ]);
    expect(proxy.nginxConfig).toContain('return 301 https://example.com:8443$request_uri;');
  });

  test('bad props throw at construction, naming the prop, and can be told apart', () => {
    expect(() => synthProxy({ pathPrefix: 'prometheus' })).toThrow(/^pathPrefix must start with "\/" \(got "prometheus"\)/);
    expect(() => synthProxy({ httpsPort: 70000 })).toThrow(/^httpsPort /);
    let error: unknown;
    try {
      synthProxy({ domainName: 'https://example.com' });
    } catch (e) {
      error = e;
    }
    expect(PrometheusTlsProxy.isPropValidationError(error)).toBe(true);
    expect(PrometheusTlsProxy.propOf(error)).toBe('domainName');
    expect(PrometheusTlsProxy.isPropValidationError(new Error('other'))).toBe(false);
    expect(PrometheusTlsProxy.propOf(new Error('other'))).toBeUndefined();
  });

  test('a bad password hash is refused without showing it', () => {
    expect(() => synthProxy({ basicAuthUsers: [{ username: 'a', passwordHash: 'hunter2' }] })).toThrow(/^basicAuthUsers\[0\]\.passwordHash .*\(got "<redacted>"\)$/);
    expect(() => synthProxy({ basicAuthUsers: [{ username: 'a', passwordHash: 'hunter2' }] })).not.toThrow(/hunter2/);
  });
});

describe('composition', () => {
  test('two instances in one stack share no Docker name', () => {
    // WHEN
    const { resources } = synth((scope) => {
      new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
      new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', httpsPort: 8443 });
    });
    // THEN: containers and volumes of the same name are the config writers and their volumes, a pair each
    const names = ['docker_container', 'docker_network', 'docker_volume'].flatMap((type) => Object.values(resources[type]).map((resource) => `${type}:${resource.name}`));
    expect(new Set(names).size).toBe(names.length);
  });

  test('two instances on one Docker host cannot publish the same port', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com' });
      }),
    ).toThrow(/^httpsPort is already published by .*\/a on the same Docker host \(got 443\)/);
  });

  test("an omitted dockerProvider and the stack's default provider given explicitly are the same host", () => {
    expect(() =>
      synth((scope) => {
        const docker = new DockerProvider(scope, 'docker', {});
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', dockerProvider: docker });
      }),
    ).toThrow(/^httpsPort is already published by .*\/a on the same Docker host/);
  });

  test('two instances on one Docker host cannot share a namePrefix, nor an alias on a shared network', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', namePrefix: 'mon' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', namePrefix: 'mon', httpsPort: 8443 });
      }),
    ).toThrow(/^namePrefix must differ from that of .*\/a/);
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: 'shared', networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: 'shared', networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network shared/);
  });

  test('two instances cannot share an alias on a network given as a token, which is compared as the network it names', () => {
    expect(() =>
      synth((scope) => {
        const network = new Network(scope, 'monitoring', { name: 'monitoring' });
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: network.name, networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: 'monitoring', networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network monitoring/);
    expect(() =>
      synth((scope) => {
        const name = new TerraformVariable(scope, 'network', { type: 'string' });
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: name.stringValue, networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: name.stringValue, networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network \$\{var\.network\}/);
  });

  test('dockerProvider must be a Docker provider of the instance\'s own stack', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', dockerProvider: new TlsProvider(scope, 'tls', { alias: 'x' }) as never });
      }),
    ).toThrow(/^dockerProvider must be a Docker provider .*\(got "tls"\)/);
    const app = Testing.app();
    const other = new TerraformStack(app, 'other');
    const docker = new DockerProvider(other, 'docker', { alias: 'remote' });
    expect(() => new PrometheusTlsProxy(new TerraformStack(app, 'mine'), 'a', { domainName: 'a.example.com', dockerProvider: docker })).toThrow(
      /^dockerProvider must be declared in the stack of mine\/a/,
    );
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

describe('instances working together', () => {
  test('clientCertificates issues client_auth-only certificates from the CA, exposed by name', () => {
    const { json, proxy } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, clientCertificates: ['grafana', 'edge-eu'] });
    expect(Object.keys(proxy.clientCertificates)).toEqual(['grafana', 'edge-eu']);
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'grafana' }] });
    expect(json).toHaveResourceWithProperties(LocallySignedCert, { allowed_uses: ['digital_signature', 'client_auth'] });
    expect(proxy.clientCertificates.grafana.commonName).toBe('grafana');
  });

  test('clientAuth REQUIRED uploads the CA to nginx and refuses requests without a certificate, health excepted', () => {
    const { resources, proxy } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, clientAuth: 'required' as never });
    expect(staged(at(resources, 'docker_container', 'nginx/config/writer'))['tls/client-ca.crt'].content).toBe(ref(resources, 'tls_self_signed_cert', 'ca/certificate', 'cert_pem'));
    expect(proxy.nginxConfig).toContain('ssl_verify_client optional;');
    expect(proxy.nginxConfig.match(/return 496;/g)!.length).toBeGreaterThan(0);
    expect(proxy.nginxConfig).toMatch(/location = \/prometheus\/-\/healthy \{\n(?:(?!return 496)[^}])*\}/);
  });

  test('issueClientCertificate needs a CA, and refuses a name twice', () => {
    const selfSigned = synthProxy().proxy;
    expect(() => selfSigned.issueClientCertificate(selfSigned, 'a')).toThrow(/^tls\.certificateMode must be "private-ca"/);
    const withCa = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, clientCertificates: ['a'] }).proxy;
    expect(() => withCa.issueClientCertificate(withCa, 'a')).toThrow(/^clientCertificates already has a certificate of that name/);
  });

  test('remoteWriteTo wires the edge to the receiver: URL, CA, a client certificate its CA issues, secrets as sensitive files', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const central = new PrometheusTlsProxy(scope, 'central', {
        domainName: 'central.example.com',
        certificateMode: CertificateMode.PRIVATE_CA,
        clientAuth: 'required' as never,
        enableRemoteWriteReceiver: true,
      });
      const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 8443, agentMode: true, externalLabels: { site: 'eu' } });
      edge.remoteWriteTo(central, { queue: { maxSamplesPerSend: 5000 } });
    });
    // THEN
    const writer = Object.values(resources.docker_container).find((c) => c.name.endsWith('-prometheus-config') && c.name.includes('edge'))!;
    const files = staged(writer);
    const config = parse(files['prometheus.yml'].content);
    expect(config.global).toEqual({ scrape_interval: '15s', external_labels: { site: 'eu' } });
    expect(config.remote_write).toEqual([
      {
        url: 'https://central.example.com/prometheus/api/v1/write',
        name: 'central',
        tls_config: {
          ca_file: '/etc/prometheus/rendered/remote-write/0/ca.crt',
          cert_file: '/etc/prometheus/rendered/remote-write/0/client.crt',
          key_file: '/etc/prometheus/rendered/remote-write/0/client.key',
        },
        queue_config: { max_samples_per_send: 5000 },
      },
    ]);
    expect(files['remote-write/0/client.key']).toEqual({ content: expect.stringMatching(/^\$\{sensitive\(tls_private_key\.edge_client-edgeexamplecom-remote-write-central_key_\w+\.private_key_pem\)\}$/), permissions: '0600' });
    expect(files['remote-write/0/ca.crt'].content).toMatch(/^\$\{tls_self_signed_cert\.central_ca_certificate_\w+\.cert_pem\}$/);
    expect(writer.entrypoint[2]).toContain('chown -R 65534:65534');
    const edgePrometheus = Object.values(resources.docker_container).find((c) => c.name.endsWith('-prometheus') && c.name.includes('edge'))!;
    expect(edgePrometheus.command).toEqual(expect.arrayContaining(['--agent', '--storage.agent.path=/prometheus']));
  });

  test('remoteWriteTo needs a receiver, and a literal port to reach it by', () => {
    expect(() =>
      synth((scope) => {
        const central = new PrometheusTlsProxy(scope, 'central', { domainName: 'central.example.com' });
        new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 8443 }).remoteWriteTo(central);
      }),
    ).toThrow(/^prometheus\.enableRemoteWriteReceiver must be true on .*central/);
    expect(() =>
      synth((scope) => {
        const port = new TerraformVariable(scope, 'port', { type: 'number' });
        const central = new PrometheusTlsProxy(scope, 'central', { domainName: 'central.example.com', httpsPort: port.numberValue, basicAuthUsers: [{ username: 'a', passwordHash: '$2y$08$' + 'x'.repeat(53) }], enableRemoteWriteReceiver: true });
        new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 8443 }).remoteWriteTo(central, { basicAuthUsername: 'a', basicAuthPassword: 'p' });
      }),
    ).toThrow(/^httpsPort of .*central must be literal/);
  });

  test('federate adds a /federate job through the source\'s proxy, honouring its labels, with its CA and a client certificate', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 9443, pathPrefix: '/ops/prom', certificateMode: CertificateMode.PRIVATE_CA, clientAuth: 'required' as never });
      new PrometheusTlsProxy(scope, 'central', { domainName: 'central.example.com' }).federate(edge, { match: ['{job="node"}'], scrapeInterval: '30s' });
    });
    // THEN
    const writer = Object.values(resources.docker_container).find((c) => c.name.endsWith('-prometheus-config') && c.name.includes('central'))!;
    expect(parse(staged(writer)['prometheus.yml'].content).scrape_configs[1]).toEqual({
      job_name: 'federate-edge',
      honor_labels: true,
      scheme: 'https',
      metrics_path: '/ops/prom/federate',
      params: { 'match[]': ['{job="node"}'] },
      scrape_interval: '30s',
      tls_config: { ca_file: '/etc/prometheus/rendered/scrape/0/ca.crt', cert_file: '/etc/prometheus/rendered/scrape/0/client.crt', key_file: '/etc/prometheus/rendered/scrape/0/client.key' },
      static_configs: [{ targets: ['edge.example.com:9443'] }],
    });
  });

  test('federate refuses an agent, which has no /federate', () => {
    expect(() =>
      synth((scope) => {
        const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 9443, agentMode: true });
        new PrometheusTlsProxy(scope, 'central', { domainName: 'central.example.com' }).federate(edge, { match: ['up'] });
      }),
    ).toThrow(/^agentMode of .*edge leaves it no \/federate/);
  });

  test('grafanaDatasource provisions a datasource at the internal URL, trusting the CA, with a client certificate or basic auth', () => {
    // WHEN a Grafana container takes the files of two datasources
    let url = '';
    const { resources } = synth((scope) => {
      const proxy = new PrometheusTlsProxy(scope, 'proxy', {
        domainName: 'example.com',
        certificateMode: CertificateMode.PRIVATE_CA,
        clientAuth: ClientAuth.OPTIONAL,
        namePrefix: 'prom',
      });
      const viaCertificate = proxy.grafanaDatasource({ clientCertificate: proxy.issueClientCertificate(scope, 'grafana') });
      const viaPassword = proxy.grafanaDatasource({ basicAuthUsername: 'grafana', basicAuthPassword: 'secret', name: 'Prometheus', isDefault: false, directory: '/provisioning' });
      url = viaCertificate.url;
      new Container(scope, 'grafana', {
        name: 'grafana',
        image: 'grafana/grafana:12.0.0',
        upload: [...viaCertificate.files, ...viaPassword.files].map((f) => ({ file: f.path, content: f.content, permissions: f.permissions })),
      });
    });
    // THEN
    const uploads = Object.fromEntries(resources.docker_container.grafana.upload.map((u: Resource) => [u.file, u]));
    expect(url).toBe('https://prom/prometheus/');
    expect(Object.values(uploads).map((u: Resource) => [u.file, u.permissions])).toEqual([
      ['/etc/grafana/provisioning/datasources/prom.yaml', '0644'],
      ['/etc/grafana/provisioning/datasources/prom-ca.crt', '0644'],
      ['/etc/grafana/provisioning/datasources/prom-client.crt', '0644'],
      ['/etc/grafana/provisioning/datasources/prom-client.key', '0640'],
      ['/provisioning/prom.yaml', '0644'],
      ['/provisioning/prom-ca.crt', '0644'],
      ['/provisioning/prom-password', '0640'],
    ]);
    expect(parse(uploads['/etc/grafana/provisioning/datasources/prom.yaml'].content).datasources[0]).toMatchObject({
      jsonData: { tlsAuthWithCACert: true, tlsAuth: true },
      secureJsonData: {
        tlsCACert: '$__file{/etc/grafana/provisioning/datasources/prom-ca.crt}',
        tlsClientCert: '$__file{/etc/grafana/provisioning/datasources/prom-client.crt}',
        tlsClientKey: '$__file{/etc/grafana/provisioning/datasources/prom-client.key}',
      },
    });
    expect(parse(uploads['/provisioning/prom.yaml'].content).datasources[0]).toEqual({
      name: 'Prometheus',
      type: 'prometheus',
      access: 'proxy',
      url: 'https://prom/prometheus/',
      isDefault: false,
      basicAuth: true,
      basicAuthUser: 'grafana',
      jsonData: { httpMethod: 'POST', tlsAuthWithCACert: true, tlsAuth: false, prometheusType: 'Prometheus' },
      secureJsonData: { tlsCACert: '$__file{/provisioning/prom-ca.crt}', basicAuthPassword: '$__file{/provisioning/prom-password}' },
    });
    expect(uploads['/provisioning/prom-ca.crt'].content).toBe(ref(resources, 'tls_self_signed_cert', 'ca/certificate', 'cert_pem'));
    expect(uploads['/provisioning/prom-password'].content).toBe('${sensitive("secret")}');
    expect(uploads['/etc/grafana/provisioning/datasources/prom-client.key'].content).toMatch(/^\$\{tls_private_key\.client-grafana_key_\w+\.private_key_pem\}$/);
  });
});

describe('wiring that would only fail once deployed is refused', () => {
  const privateCa = (domainName: string, props: Partial<PrometheusTlsProxyProps> = {}): PrometheusTlsProxyProps => ({
    domainName,
    certificateMode: CertificateMode.PRIVATE_CA,
    clientAuth: ClientAuth.REQUIRED,
    ...props,
  });

  test('an instance in another stack gets its client certificate declared in the CA\'s stack: the CA key stays there', () => {
    // GIVEN a central instance and an edge in stacks of their own
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'ptp-stacks-')) });
    const hq = new TerraformStack(app, 'hq');
    const branch = new TerraformStack(app, 'branch');
    for (const stack of [hq, branch]) {
      new DockerProvider(stack, 'docker', {});
      new TlsProvider(stack, 'tls', {});
    }
    const central = new PrometheusTlsProxy(hq, 'central', privateCa('central.example.com', { enableRemoteWriteReceiver: true }));
    const edge = new PrometheusTlsProxy(branch, 'edge', { domainName: 'edge.example.com' });
    // WHEN
    edge.remoteWriteTo(central);
    app.synth();
    // THEN the CA's key is no output of hq and nothing of branch's reads it; the client's key and certificate cross over
    const stackJson = (name: string) => JSON.parse(readFileSync(join(app.outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const outputs = JSON.stringify(Object.keys(stackJson('hq').output ?? {}));
    expect(outputs).not.toMatch(/central_ca_key/);
    expect(outputs).toMatch(/client-edgeexamplecom-remote-write-central_key/);
    expect(Object.keys(stackJson('branch').resource.tls_locally_signed_cert ?? {})).toEqual([]);
    expect(Object.keys(central.clientCertificates)).toEqual(['edge.example.com-remote-write-central']);
    rmSync(app.outdir, { recursive: true, force: true });
  });

  test('remoteWriteTo and federate refuse the instance itself, a receiver twice, and an empty match', () => {
    const refused = (wire: (a: PrometheusTlsProxy, b: PrometheusTlsProxy) => void) => () =>
      synth((scope) => {
        const a = new PrometheusTlsProxy(scope, 'a', privateCa('a.example.com', { enableRemoteWriteReceiver: true }));
        const b = new PrometheusTlsProxy(scope, 'b', privateCa('b.example.com', { httpsPort: 8443, enableRemoteWriteReceiver: true }));
        wire(a, b);
      });
    expect(refused((a) => a.remoteWriteTo(a))).toThrow(/^remoteWriteTo must name another instance than this one \(got ".*\/a"\)/);
    expect(refused((a) => a.federate(a, { match: ['up'] }))).toThrow(/^federate must name another instance/);
    expect(refused((a, b) => [1, 2].forEach(() => a.remoteWriteTo(b)))).toThrow(/^remoteWriteTo already receives this instance's samples \(got ".*\/b"\)/);
    expect(refused((a, b) => a.federate(b, { match: [] }))).toThrow(/^federate\.match must hold at least one series selector/);
    expect(refused((a, b) => [1, 2].forEach((i) => a.federate(b, { match: ['up'], jobName: `f${i}` })))).not.toThrow();
  });

  test('a peer with basic auth needs credentials, from remoteWriteTo, federate and grafanaDatasource', () => {
    const users = [{ username: 'u', passwordHash: '$2y$05$YmVuY2gtYmFzaWMtYXV0a.ocAaJy6HXYeSJY9s2q/W1qfgolW2hm.' }];
    const refused = (wire: (edge: PrometheusTlsProxy, central: PrometheusTlsProxy) => void) => () =>
      synth((scope) => {
        const central = new PrometheusTlsProxy(scope, 'central', { domainName: 'c.example.com', enableRemoteWriteReceiver: true, basicAuthUsers: users });
        wire(new PrometheusTlsProxy(scope, 'edge', { domainName: 'e.example.com', httpsPort: 8443 }), central);
      });
    expect(refused((edge, central) => edge.remoteWriteTo(central))).toThrow(/^remoteWriteTo\.basicAuthUsername is required: .*\/central asks for basic auth/);
    expect(refused((edge, central) => edge.federate(central, { match: ['up'] }))).toThrow(/^federate\.basicAuthUsername is required/);
    expect(refused((_, central) => central.grafanaDatasource())).toThrow(/^grafanaDatasource\.basicAuthUsername is required/);
    expect(refused((edge, central) => edge.remoteWriteTo(central, { basicAuthUsername: 'u', basicAuthPassword: 'p' }))).not.toThrow();
  });

  test('Reach.INTERNAL needs one Docker host and a shared network', () => {
    const wired = (edgeProps: Partial<PrometheusTlsProxyProps>, hosts: 'one' | 'two') => () =>
      synth((scope) => {
        const a = new DockerProvider(scope, 'a', { alias: 'a' });
        const b = hosts === 'one' ? a : new DockerProvider(scope, 'b', { alias: 'b' });
        const central = new PrometheusTlsProxy(scope, 'central', privateCa('c.example.com', { enableRemoteWriteReceiver: true, network: 'mon', dockerProvider: a }));
        const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'e.example.com', httpsPort: 8443, dockerProvider: b, ...edgeProps });
        edge.remoteWriteTo(central, { via: Reach.INTERNAL });
      });
    expect(wired({ network: 'mon' }, 'two')).toThrow(/^remoteWriteTo\.via needs .*\/edge and .*\/central on one Docker host \(their dockerProvider differs\)/);
    expect(wired({}, 'one')).toThrow(/^remoteWriteTo\.via needs .*\/edge and .*\/central on a shared Docker network/);
    expect(wired({ additionalNetworks: ['mon'] }, 'one')).not.toThrow();
  });

  test('client certificates: a second purpose gets its own, a long domain is cut with a hash, and Grafana must present one of this CA where required', () => {
    const long = `${'x'.repeat(40)}.example.com`;
    let names: string[] = [];
    synth((scope) => {
      const central = new PrometheusTlsProxy(scope, 'central', privateCa('c.example.com', { enableRemoteWriteReceiver: true }));
      const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: long, httpsPort: 8443 });
      edge.remoteWriteTo(central);
      edge.federate(central, { match: ['up'], jobName: 'one' });
      edge.federate(central, { match: ['job'], jobName: 'two' });
      names = scope.node.findChild('edge').node.children.map((child) => child.node.id).filter((id) => id.startsWith('client-'));
    });
    expect(names).toHaveLength(2);
    for (const name of names) expect(name.length - 'client-'.length).toBeLessThanOrEqual(64);
    expect(names[0]).toMatch(/^client-x+\.example\.com-re-[0-9a-f]{8}$/);
    expect(names[0]).not.toBe(names[1]);

    const datasource = (certificateFrom: 'none' | 'other') => () =>
      synth((scope) => {
        const central = new PrometheusTlsProxy(scope, 'central', privateCa('c.example.com'));
        const other = new PrometheusTlsProxy(scope, 'other', privateCa('o.example.com', { httpsPort: 8443 }));
        central.grafanaDatasource({ clientCertificate: certificateFrom === 'none' ? undefined : other.issueClientCertificate(scope, 'grafana') });
      });
    expect(datasource('none')).toThrow(/^grafanaDatasource\.clientCertificate is required: .*\/central requires client certificates/);
    expect(datasource('other')).toThrow(/^grafanaDatasource\.clientCertificate must be issued by .*\/central's CA/);
  });

  test('one default Grafana datasource per provisioning directory', () => {
    const provisioned = (secondDirectory?: string) => () =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' }).grafanaDatasource();
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', httpsPort: 8443 }).grafanaDatasource({ directory: secondDirectory });
      });
    expect(provisioned()).toThrow(/^grafanaDatasource\.isDefault is already true for .*\/a in \/etc\/grafana\/provisioning\/datasources/);
    expect(provisioned('/other')).not.toThrow();
  });
});
