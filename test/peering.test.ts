import { Container } from '@cdktf/provider-docker/lib/container';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { CertificateMode, ClientAuth, PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';

/** A stack that declares the providers, as validations require. */
function stackWithProviders(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new DockerProvider(stack, 'docker', {});
  new TlsProvider(stack, 'tls', {});
  return stack;
}

const privateCa = (domainName: string, props: Partial<PrometheusTlsProxyProps> = {}): PrometheusTlsProxyProps => ({
  domainName,
  certificateMode: CertificateMode.PRIVATE_CA,
  clientAuth: ClientAuth.REQUIRED,
  ...props,
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
