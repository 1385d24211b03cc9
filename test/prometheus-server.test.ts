import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { PrometheusServer, PrometheusServerProps } from '../lib';
import { at, ref, stackWithProviders, staged, synth } from './support';

const props: PrometheusServerProps = {
  name: 'p-prometheus',
  configVolumeName: 'p-prometheus-config',
  dataVolumeName: 'p-data',
  image: 'prom/prometheus:v3.13.4',
  networkMode: 'container:pod',
  externalUrl: 'https://example.com/prometheus',
  corsOrigin: 'https://example\\.com',
  scrapeInterval: '15s',
  retentionTime: '15d',
  memoryMb: 2048,
  logMaxSize: '10m',
  logMaxFiles: 3,
};

/** A PrometheusServer `prometheus` with `overrides`, and what `extend` does to it, synthesized. */
function synthServer(overrides: Partial<PrometheusServerProps> = {}, extend: (server: PrometheusServer) => void = () => undefined) {
  let server!: PrometheusServer;
  const result = synth((scope) => {
    server = new PrometheusServer(scope, 'prometheus', { ...props, ...overrides });
    extend(server);
  });
  return { ...result, server, writer: at(result.resources, 'docker_container', 'prometheus/config/writer') };
}

describe('PrometheusServer', () => {
  test('starts Prometheus on the pod\'s loopback, under the external URL, with route prefix / and the CORS origins given', () => {
    const { resources, server } = synthServer();
    expect(server.args).toEqual([
      '--config.file=/etc/prometheus/rendered/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--web.listen-address=127.0.0.1:9090',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
      '--web.cors.origin=https://example\\.com',
    ]);
    expect(at(resources, 'docker_container', 'prometheus/container').command).toEqual(server.args);
  });

  test('runs as nobody with no capability on a read-only root, checks its health, and gives it 60 s to close the TSDB', () => {
    const container = at(synthServer().resources, 'docker_container', 'prometheus/container');
    expect(container).toMatchObject({
      entrypoint: ['/bin/prometheus'],
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      read_only: true,
      restart: 'unless-stopped',
      memory: 2048,
      memory_swap: 2048,
      destroy_grace_seconds: 60,
      stop_timeout: 60,
    });
    expect(container.healthcheck).toMatchObject({ test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/healthy'], interval: '30s', start_period: '1m0s' });
  });

  test('keeps the TSDB on a named volume and reads prometheus.yml from its config volume, owned by nobody, replaced with it', () => {
    // WHEN
    const { json, resources, server, writer } = synthServer();
    // THEN
    expect(json).toHaveResourceWithProperties(Volume, { name: 'p-data' });
    const container = at(resources, 'docker_container', 'prometheus/container');
    expect(container.volumes).toEqual([
      { volume_name: ref(resources, 'docker_volume', 'prometheus/data', 'name'), container_path: '/prometheus' },
      { volume_name: ref(resources, 'docker_volume', 'prometheus/config/volume', 'name'), container_path: '/etc/prometheus/rendered', read_only: true },
    ]);
    expect(container.labels).toEqual([{ label: 'prometheus-tls-proxy.config-revision', value: ref(resources, 'docker_container', 'prometheus/config/writer', 'id') }]);
    expect(writer.entrypoint[2]).toContain('chown -R 65534:65534 /config');
    expect(staged(writer)['prometheus.yml']).toEqual({ content: server.configYaml, permissions: '0644' });
    expect(parse(server.configYaml).scrape_configs).toEqual([{ job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] }]);
  });

  test('addScrapeJob renders the job and writes its certificates, key and password beside prometheus.yml, the secrets sensitive', () => {
    // WHEN a job is added whose PEMs come from Terraform
    let server!: PrometheusServer;
    const { resources } = synth((scope) => {
      const pem = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
      server = new PrometheusServer(scope, 'prometheus', props);
      server.addScrapeJob({ jobName: 'node', targets: ['node:9100'], caCertificatePem: pem('ca'), clientCertificatePem: pem('cert'), clientPrivateKeyPem: pem('key'), basicAuthUsername: 'u', basicAuthPassword: 'p' });
    });
    // THEN
    expect(parse(server.configYaml).scrape_configs[1]).toEqual({
      job_name: 'node',
      basic_auth: { username: 'u', password_file: '/etc/prometheus/rendered/scrape/0/password' },
      tls_config: { ca_file: '/etc/prometheus/rendered/scrape/0/ca.crt', cert_file: '/etc/prometheus/rendered/scrape/0/client.crt', key_file: '/etc/prometheus/rendered/scrape/0/client.key' },
      static_configs: [{ targets: ['node:9100'] }],
    });
    const files = staged(at(resources, 'docker_container', 'prometheus/config/writer'));
    expect(files['scrape/0/ca.crt']).toEqual({ content: '${var.ca}', permissions: '0644' });
    expect(files['scrape/0/client.key']).toEqual({ content: '${sensitive(var.key)}', permissions: '0600' });
    expect(files['scrape/0/password']).toEqual({ content: '${sensitive("p")}', permissions: '0600' });
    expect(files['prometheus.yml'].content).toBe(server.configYaml);
  });

  test('addRemoteWrite renders the target with its secrets as files, the bearer token among them', () => {
    // WHEN
    const { server, writer } = synthServer({}, (s) => s.addRemoteWrite({ url: 'https://mimir.example.com/api/v1/push', name: 'mimir', bearerToken: 't' }));
    // THEN
    expect(parse(server.configYaml).remote_write).toEqual([
      { url: 'https://mimir.example.com/api/v1/push', name: 'mimir', authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/rendered/remote-write/0/token' } },
    ]);
    expect(staged(writer)['remote-write/0/token']).toEqual({ content: '${sensitive("t")}', permissions: '0600' });
  });

  test('checks the jobs and targets it is given and those added later, each against those before it', () => {
    expect(() => synthServer({ scrapeConfigs: [{ jobName: 'prometheus', targets: ['a:1'] }] })).toThrow(/^scrapeConfigs\[0\]\.jobName must be unique/);
    expect(() => synthServer({ scrapeConfigs: [{ jobName: 'a', targets: ['a:1'] }] }, (s) => s.addScrapeJob({ jobName: 'a', targets: ['b:1'] }))).toThrow(/^scrapeConfigs\[1\]\.jobName must be unique/);
    expect(() => synthServer({ remoteWrite: [{ url: 'https://a.example.com/', name: 'a' }] }, (s) => s.addRemoteWrite({ url: 'https://b.example.com/', name: 'a' }))).toThrow(
      /^remoteWrite\[1\]\.name must be unique/,
    );
  });

  test('refuses a scrape target taken from a container token, saying to write the container\'s name', () => {
    expect(() =>
      synth((scope) => {
        const name = new TerraformVariable(scope, 'exporter', { type: 'string' });
        new PrometheusServer(scope, 'prometheus', { ...props, scrapeConfigs: [{ jobName: 'node', targets: [`${name.stringValue}:9100`] }] });
      }),
    ).toThrow(/^scrapeConfigs\[0\]\.targets\[0\] is rendered into prometheus\.yml at synth time and cannot be a token: write the container's name itself, e\.g\. "node-exporter:9100" .*\(got "\$\{var\.exporter\}:9100"\)$/);
  });

  test('an agent stores samples in the agent\'s WAL and has no retention', () => {
    const { server } = synthServer({ agentMode: true, remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push' }] });
    expect(server.args).toEqual(expect.arrayContaining(['--agent', '--storage.agent.path=/prometheus']));
    expect(server.args.some((arg) => arg.startsWith('--storage.tsdb'))).toBe(false);
  });

  test('an agent without a remote-write target is refused when its stack is synthesized', () => {
    // GIVEN
    const stack = stackWithProviders();
    new PrometheusServer(stack, 'prometheus', { ...props, agentMode: true });
    // WHEN / THEN
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/prometheus\] agentMode needs a remote-write target/);
  });
});
