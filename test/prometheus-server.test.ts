import { posix } from 'node:path';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformVariable, Testing } from 'cdktf';
import { parse } from 'yaml';
import { PrometheusServer, PrometheusServerProps } from '../lib';
import { PROMETHEUS_PATHS } from '../lib/container-layout';
import { at, manifestOf, podAgent, ref, stackWithProviders, staged, synth } from './support';

const props: Omit<PrometheusServerProps, 'agent'> = {
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

/** A PrometheusServer `prometheus` with `overrides`, delivered by a PodAgent `agent`, and what `extend` does to it, synthesized. */
function synthServer(overrides: Partial<PrometheusServerProps> = {}, extend: (server: PrometheusServer) => void = () => undefined) {
  let server!: PrometheusServer;
  const result = synth((scope) => {
    server = new PrometheusServer(scope, 'prometheus', { ...props, agent: podAgent(scope), ...overrides });
    extend(server);
  });
  const agent = at(result.resources, 'docker_container', 'agent/container');
  return { ...result, server, agent, files: staged(agent, 'prometheus') };
}

describe('PrometheusServer', () => {
  test('starts Prometheus on the pod\'s loopback, under the external URL, with route prefix / and the CORS origins given', () => {
    const { resources, server } = synthServer();
    expect(server.args).toEqual([
      '--config.file=/etc/prometheus/rendered/current/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--query.max-concurrency=4',
      '--query.max-samples=2684354',
      '--query.timeout=2m',
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

  test('keeps the TSDB on a named volume and reads prometheus.yml from its config volume, after the agent wrote it', () => {
    // WHEN
    const { json, resources, server, files } = synthServer();
    // THEN
    expect(json).toHaveResourceWithProperties(Volume, { name: 'p-data' });
    const container = at(resources, 'docker_container', 'prometheus/container');
    expect(container.volumes).toEqual([
      { volume_name: ref(resources, 'docker_volume', 'prometheus/data', 'name'), container_path: '/prometheus' },
      { volume_name: ref(resources, 'docker_volume', 'prometheus/config/volume', 'name'), container_path: '/etc/prometheus/rendered', read_only: true },
    ]);
    expect(container.depends_on).toEqual([ref(resources, 'docker_container', 'agent/container', 'id').slice(2, -4)]);
    expect(container.labels).toBeUndefined();
    expect(files['prometheus.yml']).toEqual({ content: server.configYaml, permissions: '0644' });
    expect(parse(server.configYaml).scrape_configs).toEqual([{ job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] }]);
  });

  test('has the agent hand the files to nobody, check them with promtool in the Prometheus container, and reload it until its metrics say so', () => {
    // WHEN
    const { server, agent } = synthServer();
    // THEN
    expect(server.config.owner).toEqual({ uid: 65534, gid: 65534 });
    expect(server.config.consumer).toEqual({
      key: 'prometheus',
      container: 'p-prometheus',
      mountPath: '/etc/prometheus/rendered',
      check: ['promtool', 'check', 'config', '{revision}/prometheus.yml'],
      verify: 'metrics:http://127.0.0.1:9090/metrics prometheus_config_last_reload',
    });
    expect(manifestOf(agent)).toMatchObject({ CONSUMERS: 'prometheus', prometheus_container: 'p-prometheus', prometheus_owner: '65534:65534' });
  });

  test('addScrapeJob renders the job and writes its certificates, key and password beside prometheus.yml, the secrets sensitive', () => {
    // WHEN a job is added whose PEMs come from Terraform
    let server!: PrometheusServer;
    const { resources } = synth((scope) => {
      const pem = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
      server = new PrometheusServer(scope, 'prometheus', { ...props, agent: podAgent(scope) });
      server.addScrapeJob({ jobName: 'node', targets: ['node:9100'], caCertificatePem: pem('ca'), clientCertificatePem: pem('cert'), clientPrivateKeyPem: pem('key'), basicAuthUsername: 'u', basicAuthPassword: 'p' });
    });
    // THEN
    expect(parse(server.configYaml).scrape_configs[1]).toEqual({
      job_name: 'node',
      basic_auth: { username: 'u', password_file: 'scrape/0/password' },
      tls_config: { ca_file: 'scrape/0/ca.crt', cert_file: 'scrape/0/client.crt', key_file: 'scrape/0/client.key' },
      static_configs: [{ targets: ['node:9100'] }],
    });
    const files = staged(at(resources, 'docker_container', 'agent/container'), 'prometheus');
    expect(files['scrape/0/ca.crt']).toEqual({ content: '${var.ca}', permissions: '0644' });
    expect(files['scrape/0/client.key']).toEqual({ content: '${sensitive(var.key)}', permissions: '0600' });
    expect(files['scrape/0/password']).toEqual({ content: '${sensitive("p")}', permissions: '0600' });
    expect(files['prometheus.yml'].content).toBe(server.configYaml);
  });

  test("names the files prometheus.yml points to relative to it, so that Prometheus reads them from the revision it reads prometheus.yml from", () => {
    // WHEN
    const { resources, server, files } = synthServer({}, (s) => s.addScrapeJob({ jobName: 'node', targets: ['node:9100'], basicAuthUsername: 'u', basicAuthPassword: 'p' }));
    // THEN Prometheus resolves a relative path against the directory of its --config.file
    const configFile = at(resources, 'docker_container', 'prometheus/container').command[0].replace(/^--config\.file=/, '');
    expect(configFile).toBe(PROMETHEUS_PATHS.config);
    const passwordFile = parse(server.configYaml).scrape_configs[1].basic_auth.password_file;
    expect(posix.join(posix.dirname(configFile), passwordFile)).toBe('/etc/prometheus/rendered/current/scrape/0/password');
    expect(Object.keys(files)).toEqual(['prometheus.yml', passwordFile]);
  });

  test('addRemoteWrite renders the target with its secrets as files, the bearer token among them', () => {
    // WHEN
    const { server, files } = synthServer({}, (s) => s.addRemoteWrite({ url: 'https://mimir.example.com/api/v1/push', name: 'mimir', bearerToken: 't' }));
    // THEN
    expect(parse(server.configYaml).remote_write).toEqual([
      { url: 'https://mimir.example.com/api/v1/push', name: 'mimir', authorization: { type: 'Bearer', credentials_file: 'remote-write/0/token' } },
    ]);
    expect(files['remote-write/0/token']).toEqual({ content: '${sensitive("t")}', permissions: '0600' });
  });

  test('carries nothing of its config: a new scrape job changes the agent, and leaves the Prometheus container as it is', () => {
    // WHEN
    const before = synthServer();
    const after = synthServer({ scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'] }] });
    // THEN
    expect(at(after.resources, 'docker_container', 'prometheus/container')).toEqual(at(before.resources, 'docker_container', 'prometheus/container'));
    expect(after.files['prometheus.yml']).not.toEqual(before.files['prometheus.yml']);
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
        new PrometheusServer(scope, 'prometheus', { ...props, agent: podAgent(scope), scrapeConfigs: [{ jobName: 'node', targets: [`${name.stringValue}:9100`] }] });
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
    new PrometheusServer(stack, 'prometheus', { ...props, agent: podAgent(stack), agentMode: true });
    // WHEN / THEN
    expect(() => Testing.synth(stack, true)).toThrow(/\[stack\/prometheus\] agentMode needs a remote-write target/);
  });
});
