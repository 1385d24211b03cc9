import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { CertificateMode, ClientAuth, PrometheusTlsProxy, PrometheusTlsProxyProps, Reach } from '../lib';
import { Resource, at, manifestOf, ref, stackWithProviders, staged, synth, synthProxy } from './support';

/** How instances work together (lib/peering/): client certificates, remote write, federation, Grafana. */

const privateCa = (domainName: string, props: Partial<PrometheusTlsProxyProps> = {}): PrometheusTlsProxyProps => ({
  domainName,
  certificateMode: CertificateMode.PRIVATE_CA,
  clientAuth: ClientAuth.REQUIRED,
  ...props,
});

describe('instances working together', () => {
  test('clientCertificates issues client_auth-only certificates from the CA, exposed by name', () => {
    const { json, proxy } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, clientCertificates: ['grafana', 'edge-eu'] });
    expect(Object.keys(proxy.clientCertificates)).toEqual(['grafana', 'edge-eu']);
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'grafana', organizational_unit: 'reader' }] });
    expect(json).toHaveResourceWithProperties(LocallySignedCert, { allowed_uses: ['digital_signature', 'client_auth'] });
    expect(proxy.clientCertificates.grafana.commonName).toBe('grafana');
  });

  test('clientAuth REQUIRED uploads the CA to nginx and refuses requests without a certificate, health excepted', () => {
    const { resources, proxy } = synthProxy({ certificateMode: CertificateMode.PRIVATE_CA, clientAuth: 'required' as never });
    expect(staged(at(resources, 'docker_container', 'agent/container'), 'nginx')['tls/client-ca.crt'].content).toBe(ref(resources, 'tls_self_signed_cert', 'ca/certificate', 'cert_pem'));
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
    const agent = at(resources, 'docker_container', 'edge/agent/container');
    const files = staged(agent, 'prometheus');
    const config = parse(files['prometheus.yml'].content);
    expect(config.global).toEqual({ scrape_interval: '15s', external_labels: { site: 'eu' } });
    expect(config.remote_write).toEqual([
      {
        url: 'https://central.example.com/prometheus/api/v1/write',
        name: 'central',
        tls_config: {
          ca_file: 'remote-write/0/ca.crt',
          cert_file: 'remote-write/0/client.crt',
          key_file: 'remote-write/0/client.key',
        },
        queue_config: { max_samples_per_send: 5000 },
      },
    ]);
    expect(files['remote-write/0/client.key']).toEqual({ content: expect.stringMatching(/^\$\{sensitive\(tls_private_key\.edge_client-edgeexamplecom-remote-write-central_key_\w+\.private_key_pem\)\}$/), permissions: '0600' });
    expect(files['remote-write/0/ca.crt'].content).toMatch(/^\$\{tls_self_signed_cert\.central_ca_certificate_\w+\.cert_pem\}$/);
    expect(manifestOf(agent).prometheus_owner).toBe('65534:65534');
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
    ).toThrow(/^httpsPort of .*central must be literal .*\(got "\$\{var\.port\}"\)$/);
  });

  test('federate adds a /federate job through the source\'s proxy, honouring its labels, with its CA and a client certificate', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 9443, pathPrefix: '/ops/prom', certificateMode: CertificateMode.PRIVATE_CA, clientAuth: 'required' as never });
      new PrometheusTlsProxy(scope, 'central', { domainName: 'central.example.com' }).federate(edge, { match: ['{job="node"}'], scrapeInterval: '30s' });
    });
    // THEN
    const agent = at(resources, 'docker_container', 'central/agent/container');
    expect(parse(staged(agent, 'prometheus')['prometheus.yml'].content).scrape_configs[1]).toEqual({
      job_name: 'federate-edge',
      honor_labels: true,
      scheme: 'https',
      metrics_path: '/ops/prom/federate',
      params: { 'match[]': ['{job="node"}'] },
      scrape_interval: '30s',
      tls_config: { ca_file: 'scrape/0/ca.crt', cert_file: 'scrape/0/client.crt', key_file: 'scrape/0/client.key' },
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

describe('wiring methods return what they created', () => {
  test('remoteWriteTo returns the target it added and the client certificate the receiver issued', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'stack');
    const central = new PrometheusTlsProxy(stack, 'central', privateCa('c.example.com', { enableRemoteWriteReceiver: true }));
    const edge = new PrometheusTlsProxy(stack, 'edge', { domainName: 'e.example.com', httpsPort: 8443, agentMode: true });
    // WHEN
    const connection = edge.remoteWriteTo(central, { name: 'hq' });
    // THEN
    expect(connection.target).toMatchObject({ url: 'https://c.example.com/prometheus/api/v1/write', name: 'hq', caCertificatePem: central.trustAnchorPem });
    expect(connection.clientCertificate?.commonName).toBe('e.example.com-remote-write-central');
    expect(connection.target.clientCertificatePem).toBe(connection.clientCertificate!.certificatePem);
    expect(parse(edge.prometheusConfig).remote_write.map((target: { name: string }) => target.name)).toEqual(['hq']);
  });

  test('federate returns the job it added; a second job to the same source presents the same certificate', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'stack');
    const edge = new PrometheusTlsProxy(stack, 'edge', privateCa('e.example.com', { httpsPort: 9443 }));
    const central = new PrometheusTlsProxy(stack, 'central', { domainName: 'c.example.com' });
    // WHEN
    const first = central.federate(edge, { match: ['up'], jobName: 'one' });
    const second = central.federate(edge, { match: ['{job="node"}'], jobName: 'two' });
    // THEN
    expect(first.job).toMatchObject({ jobName: 'one', targets: ['e.example.com:9443'], metricsPath: '/prometheus/federate', honorLabels: true });
    expect(second.clientCertificate).toBe(first.clientCertificate);
  });

  test('without client certificates at the peer, no certificate is created', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const central = new PrometheusTlsProxy(stack, 'central', { domainName: 'c.example.com', basicAuthUsers: [{ username: 'u', passwordHash: '$2y$08$' + 'x'.repeat(53) }], enableRemoteWriteReceiver: true });
    const edge = new PrometheusTlsProxy(stack, 'edge', { domainName: 'e.example.com', httpsPort: 8443 });
    expect(edge.remoteWriteTo(central, { basicAuthUsername: 'u', basicAuthPassword: 'p' }).clientCertificate).toBeUndefined();
  });
});

describe('grafanaDatasource', () => {
  test('returns the files in the shape of a Container upload, ready to pass to it', () => {
    // GIVEN
    let paths: string[] = [];
    const json = Testing.synthScope((scope) => {
      const central = new PrometheusTlsProxy(scope, 'central', privateCa('c.example.com', { namePrefix: 'central' }));
      const datasource = central.grafanaDatasource({ clientCertificate: central.issueClientCertificate(scope, 'grafana') });
      paths = datasource.files.map((file) => file.path);
      // WHEN one Grafana takes `upload` as it is, another the files remapped by hand
      new Container(scope, 'grafana', { name: 'grafana', image: 'grafana/grafana:12.0.0', upload: datasource.upload });
      const remapped = datasource.files.map((file) => ({ file: file.path, content: file.content, permissions: file.permissions }));
      new Container(scope, 'by-hand', { name: 'by-hand', image: 'grafana/grafana:12.0.0', upload: remapped });
    });
    // THEN
    const containers = JSON.parse(json).resource.docker_container;
    expect(containers.grafana.upload.map((upload: { file: string }) => upload.file)).toEqual(paths);
    expect(paths).toHaveLength(4);
    expect(containers.grafana.upload).toEqual(containers['by-hand'].upload);
  });

  test('refuses an agent, which answers no queries', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new PrometheusTlsProxy(scope, 'edge', { domainName: 'e.example.com', agentMode: true, remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push' }] }).grafanaDatasource();
      }),
    ).toThrow(/^agentMode of stack\/edge leaves Grafana nothing to query/);
  });
});

describe('an agent without a remote-write target', () => {
  test('is refused when its stack is synthesized, naming agentMode', () => {
    // GIVEN
    const stack = stackWithProviders();
    new PrometheusTlsProxy(stack, 'edge', { domainName: 'e.example.com', agentMode: true });
    // WHEN / THEN
    expect(() => Testing.synth(stack, true)).toThrow(/agentMode needs a remote-write target/);
  });

  test('is accepted once remoteWriteTo gives it one after construction', () => {
    // GIVEN
    const stack = stackWithProviders();
    const central = new PrometheusTlsProxy(stack, 'central', privateCa('c.example.com', { enableRemoteWriteReceiver: true }));
    const edge = new PrometheusTlsProxy(stack, 'edge', { domainName: 'e.example.com', httpsPort: 8443, agentMode: true });
    // WHEN
    edge.remoteWriteTo(central);
    // THEN
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });
});

describe('clientCertificate', () => {
  test('returns a certificate issued by name', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const proxy = new PrometheusTlsProxy(stack, 'proxy', privateCa('example.com', { clientCertificates: ['grafana'] }));
    expect(proxy.clientCertificate('grafana')).toBe(proxy.clientCertificates.grafana);
  });

  test('names the certificates there are for a name never issued, instead of a TypeError', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const proxy = new PrometheusTlsProxy(stack, 'proxy', privateCa('example.com', { clientCertificates: ['grafana', 'edge'] }));
    expect(() => proxy.clientCertificate('grafna')).toThrow(/^clientCertificates names no certificate of stack\/proxy: it has "grafana", "edge" .*\(got "grafna"\)$/);
    expect(PrometheusTlsProxy.propOf((() => { try { proxy.clientCertificate('x'); } catch (e) { return e; } return undefined; })())).toBe('clientCertificates');
  });
});
