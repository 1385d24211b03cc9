import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { CertificateMode, EcdsaCurve, KeyAlgorithm, PodAgent, PrometheusTlsProxy } from '../lib';
import { Resources, at, dependents, isAt, manifestOf, ref, staged, synth, synthProxy } from './support';

/** The composition: how the props reach each part (the parts have tests of their own), and what it exposes. */

describe('PrometheusTlsProxy with defaults', () => {
  const { json, resources, proxy } = synthProxy();
  const pod = at(resources, 'docker_container', 'pod/container');
  const nginx = at(resources, 'docker_container', 'nginx/container');
  const prometheus = at(resources, 'docker_container', 'prometheus/container');
  const agent = at(resources, 'docker_container', 'agent/container');

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
      '--config.file=/etc/prometheus/rendered/current/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--query.max-concurrency=4',
      '--query.max-samples=2684354',
      '--query.timeout=2m',
      '--web.listen-address=127.0.0.1:9090',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
      `--web.cors.origin=https://example\\.com|https://${proxy.networkAlias}`,
    ]);
    expect(proxy.url).toBe('https://example.com/prometheus/');
    expect(proxy.externalUrl).toBe('https://example.com/prometheus');
    expect(proxy.internalUrl).toBe(`https://${proxy.networkAlias}/prometheus/`);
  });

  test("uploads nginx's config, certificate and key to the agent, the key 0600", () => {
    const files = staged(agent, 'nginx');
    expect(Object.keys(files).sort()).toEqual(['nginx.conf', 'tls/server.crt', 'tls/server.key']);
    expect(files['nginx.conf']).toEqual({ content: proxy.nginxConfig, permissions: '0644' });
    expect(files['tls/server.crt'].content).toBe(ref(resources, 'tls_self_signed_cert', 'tls/certificate', 'cert_pem'));
    expect(files['tls/server.key']).toEqual({ content: ref(resources, 'tls_private_key', 'tls/key', 'private_key_pem'), permissions: '0600' });
  });

  test('renders HSTS off for a self-signed certificate, and no HTTP listener', () => {
    expect(proxy.nginxConfig).not.toContain('Strict-Transport-Security');
    expect(proxy.nginxConfig).not.toContain('listen 80');
  });

  test("uploads prometheus.yml to the agent, for Prometheus's config volume", () => {
    expect(staged(agent, 'prometheus')).toEqual({ 'prometheus.yml': { content: proxy.prometheusConfig, permissions: '0644' } });
  });

  test('runs the pod agent outside the pod, on no network, with the Docker socket and both config volumes, keeping the pod and its members', () => {
    expect(agent).toMatchObject({ name: proxy.dockerNames.agentContainer, network_mode: 'none', image: ref(resources, 'docker_image', 'agent/image', 'image_id') });
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.30.6-alpine', keep_locally: true });
    expect(agent.volumes).toEqual([
      { host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' },
      { volume_name: ref(resources, 'docker_volume', 'nginx/config/volume', 'name'), container_path: '/agent/volumes/nginx' },
      { volume_name: ref(resources, 'docker_volume', 'prometheus/config/volume', 'name'), container_path: '/agent/volumes/prometheus' },
    ]);
    expect(manifestOf(agent)).toMatchObject({
      CONSUMERS: 'nginx prometheus',
      POD: proxy.dockerNames.podContainer,
      MEMBERS: `${proxy.dockerNames.nginxContainer} ${proxy.dockerNames.prometheusContainer}`,
      GRACE_SECONDS: '60',
      nginx_container: proxy.dockerNames.nginxContainer,
      prometheus_container: proxy.dockerNames.prometheusContainer,
    });
    for (const container of [nginx, prometheus]) expect(container.depends_on).toEqual([ref(resources, 'docker_container', 'agent/container', 'id').slice(2, -4)]);
    expect(pod.depends_on).toBeUndefined();
  });

  test('limits nginx and Prometheus to their default memory, and rotates every log', () => {
    expect(nginx).toMatchObject({ memory: 256, memory_swap: 256 });
    expect(prometheus).toMatchObject({ memory: 2048, memory_swap: 2048 });
    for (const container of [pod, agent, nginx, prometheus]) expect(container.log_opts).toEqual({ 'max-size': '10m', 'max-file': '3' });
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
    expect(proxy.nginxContainer).toBe(proxy.nginx.container);
    expect(proxy.nginxImage).toBe(proxy.nginx.image);
    expect(proxy.nginxConfig).toBe(proxy.nginx.nginxConfig);
    expect(proxy.prometheusConfig).toBe(proxy.server.configYaml);
    expect(proxy.prometheusArgs).toBe(proxy.server.args);
    // the deprecated name of the nginx part
    expect(proxy.proxy).toBe(proxy.nginx);
    expect(proxy.prometheusContainer).toBe(proxy.server.container);
    expect(proxy.podContainer).toBe(proxy.pod.container);
    expect(proxy.dataVolume).toBe(proxy.server.dataVolume);
    expect(proxy.network).toBe(proxy.pod.network);
    expect(proxy.agent).toBeInstanceOf(PodAgent);
    expect(proxy.agent.node.id).toBe('agent');
  });
});

describe('what a change replaces', () => {
  const props = { certificateMode: CertificateMode.PRIVATE_CA, basicAuthUsers: [{ username: 'a', passwordHash: '$2y$08$' + 'x'.repeat(53) }] };
  const { resources } = synthProxy(props);
  const address = (type: string, path: string): string => ref(resources, type, path, 'id').slice(2, -4);
  const paths = ['pod/container', 'agent/container', 'nginx/container', 'prometheus/container'];
  const containers = (set: Set<string>): string[] =>
    [...set].filter((a) => a.startsWith('docker_container.')).map((a) => paths.find((path) => isAt(a.split('.')[1], path))!).sort();
  /** The resources, by type and construct path, that differ between two syntheses. */
  const changed = (before: Resources, after: Resources): string[] =>
    Object.entries(after).flatMap(([type, byId]) => Object.keys(byId).filter((id) => JSON.stringify(byId[id]) !== JSON.stringify(before[type]?.[id])).map((id) => `${type}.${id}`));

  test('a renewed server certificate changes only the agent (its uploads), never nginx, Prometheus or the pod', () => {
    expect(containers(dependents(resources, address('tls_locally_signed_cert', 'tls/signed/certificate')))).toEqual(['agent/container']);
  });

  test('nginx and Prometheus refer to neither the agent nor a config revision: replacing the agent replaces neither', () => {
    expect(containers(dependents(resources, address('docker_container', 'agent/container')))).toEqual([]);
  });

  test('a new nginx config changes only the agent', () => {
    const after = synthProxy({ ...props, hsts: false, requestsPerSecondPerClient: 50 }).resources;
    expect(changed(resources, after).map((a) => paths.find((path) => isAt(a.split('.')[1], path)) ?? a)).toEqual(['agent/container']);
  });

  test('a new scrape job changes only the agent', () => {
    const after = synthProxy({ ...props, scrapeConfigs: [{ jobName: 'node', targets: ['node-exporter:9100'] }] }).resources;
    expect(changed(resources, after).map((a) => paths.find((path) => isAt(a.split('.')[1], path)) ?? a)).toEqual(['agent/container']);
  });

  test('only a change to the pod (ports, networks, aliases) replaces nginx and Prometheus, which join it by its id; the agent keeps it by name', () => {
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
    expect(staged(at(resources, 'docker_container', 'agent/container'), 'nginx')['tls/server.crt'].content).toBe(
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
      const files = staged(at(resources, 'docker_container', 'agent/container'), 'nginx');
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
      expect(staged(at(resources, 'docker_container', 'agent/container'), 'nginx')['tls/server.key'].content).toBe('${sensitive(var.key)}');
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

  test('refuses the pod\'s network again in additionalNetworks, however each is given: by name or as its resource\'s token', () => {
    const joined = (additionalNetworks: (network: Network) => string[]) => () =>
      synth((scope) => {
        const network = new Network(scope, 'monitoring', { name: 'monitoring' });
        new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', network: network.name, additionalNetworks: additionalNetworks(network) });
      });
    expect(joined((network) => [network.name])).toThrow(/^additionalNetworks\[0\] must be listed once, and not be the pod's first network \(got "\$\{docker_network\.monitoring\.name\}"\)$/);
    expect(joined(() => ['monitoring'])).toThrow(/^additionalNetworks\[0\] must be listed once/);
    expect(joined(() => ['targets'])).not.toThrow();
  });

  test('namePrefix names every Docker object', () => {
    const { resources, proxy } = synthProxy({ namePrefix: 'mon' });
    const names = ['docker_container', 'docker_network', 'docker_volume'].flatMap((type) => Object.values(resources[type]).map((r) => r.name)).sort();
    expect(names).toEqual(['mon', 'mon-agent', 'mon-data', 'mon-nginx', 'mon-nginx-config', 'mon-pod', 'mon-prometheus', 'mon-prometheus-config'].sort());
    expect(proxy.networkAlias).toBe('mon');
  });

  test("dockerSocketPath is the engine's socket the agent mounts, e.g. rootless Docker's; a relative one is refused at construction", () => {
    // WHEN
    const { resources } = synthProxy({ dockerSocketPath: '/run/user/1000/docker.sock' });
    // THEN
    expect(at(resources, 'docker_container', 'agent/container').volumes[0]).toEqual({ host_path: '/run/user/1000/docker.sock', container_path: '/var/run/docker.sock' });
    expect(() => synthProxy({ dockerSocketPath: 'docker.sock' })).toThrow(/^dockerSocketPath must be an absolute path on the Docker host .*\(got "docker\.sock"\)$/);
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
    // nginx's image twice: nginx's, and the agent's own
    expect(Object.values(resources.docker_image).map((image) => image.name).sort()).toEqual(['nginx:1.28.0-alpine', 'nginx:1.28.0-alpine', 'prom/prometheus:v3.5.0', 'registry.local/pause:3.10']);
    expect(prometheus.command).toEqual(expect.arrayContaining(['--storage.tsdb.retention.time=90d', '--storage.tsdb.retention.size=50GB']));
    expect(prometheus.memory).toBe(8192);
    expect(prometheus.log_opts).toEqual({ 'max-size': '50m', 'max-file': '5' });
    expect(at(resources, 'docker_container', 'agent/container').log_opts).toEqual({ 'max-size': '50m', 'max-file': '5' });
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
    const agent = at(resources, 'docker_container', 'agent/container');
    expect(staged(agent, 'prometheus')['prometheus.yml'].content).toContain('a $${b} %%{c}');
    // Secrets go through sensitive(), whose string argument cdktf escapes for `${`: Terraform reads `us${er}%{x}` and `p${a}%{b}"\\`.
    expect(staged(agent, 'nginx').htpasswd.content).toMatch(/^\$\{sensitive\("us\$\$\{er\}%%\{x\}:/);
    expect(staged(agent, 'prometheus')['remote-write/0/password'].content).toBe('${sensitive("p$${a}%%{b}\\"\\\\")}');
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

describe('Docker hosts', () => {
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
