import { Image } from '@cdktf/provider-docker/lib/image';
import { Construct } from 'constructs';
import { ConfigFiles, ConfigFilesProps, PodAgent, PodAgentProps } from '../lib';
import { AGENT_PERIOD_SECONDS } from '../lib/pod-agent';
import { AGENT_SCRIPT, renderAgentManifest } from '../lib/render/agent-script';
import { renderAgentProxyConf } from '../lib/render/agent-proxy';
import { escapeTerraformTemplate } from '../lib/render/terraform-escape';
import { AGENT_PROPS, Resource, at, manifestOf, podAgent, ref, staged, synth, unescaped } from './support';

/** ConfigFiles `id` of the consumer `key` (container `p-<key>`), delivered by `agent`. */
function consumer(scope: Construct, agent: PodAgent, key: string, overrides: Partial<ConfigFilesProps> = {}): ConfigFiles {
  return new ConfigFiles(scope, `${key}-config`, {
    name: `p-${key}-config`,
    files: [{ path: `${key}.conf`, content: `${key} = 1\n`, permissions: '0644' }],
    agent,
    consumer: { key, container: `p-${key}`, mountPath: `/etc/${key}`, check: [key, '-t', `{revision}/${key}.conf`], verify: 'workers' },
    ...overrides,
  });
}

/** A PodAgent `agent` with `overrides`, and what `extend` declares with it, synthesized. */
function synthAgent(overrides: Partial<PodAgentProps> = {}, extend: (scope: Construct, agent: PodAgent) => void = () => undefined) {
  let agent!: PodAgent;
  const result = synth((scope) => {
    agent = podAgent(scope, overrides);
    extend(scope, agent);
  });
  return { ...result, agent, container: at(result.resources, 'docker_container', 'agent/container') };
}

/** The container's uploads, by file. */
function uploads(container: Resource): Record<string, { content: string; permissions: string }> {
  return Object.fromEntries(container.upload.map((u: Resource) => [u.file, { content: u.content, permissions: u.permissions }]));
}

describe('PodAgent', () => {
  test('runs the nginx image of its own, as root with only the capabilities that write files for other owners, on no network', () => {
    // WHEN
    const { json, resources, container } = synthAgent();
    // THEN
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.30.6-alpine', keep_locally: true });
    expect(container).toMatchObject({
      name: 'p-agent',
      image: ref(resources, 'docker_image', 'agent/image', 'image_id'),
      entrypoint: ['/bin/sh', '/agent/agent.sh'],
      user: '0:0',
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'] },
      security_opts: ['no-new-privileges:true'],
      network_mode: 'none',
      restart: 'unless-stopped',
      memory: 32,
      memory_swap: 32,
      log_driver: 'json-file',
      log_opts: { 'max-size': '10m', 'max-file': '3' },
      destroy_grace_seconds: 5,
    });
    expect(container.ports).toBeUndefined();
    expect(container.networks_advanced).toBeUndefined();
  });

  test('is healthy once every delivery is made, and the deploy waits for it', () => {
    const { container } = synthAgent();
    expect(container.healthcheck).toEqual({ test: ['CMD', 'test', '-f', '/agent/state/healthy'], interval: '5s', timeout: '2s', retries: 1 });
    expect(container).toMatchObject({ wait: true, wait_timeout: 30 });
  });

  test('mounts the Docker socket from where the host has it at the path the agent reads', () => {
    expect(synthAgent().container.volumes).toEqual([{ host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' }]);
    expect(synthAgent({ dockerSocketPath: '/run/user/1000/docker.sock' }).container.volumes).toEqual([{ host_path: '/run/user/1000/docker.sock', container_path: '/var/run/docker.sock' }]);
  });

  test('uploads its script (executable), its manifest and its proxy config, escaped for Terraform, and nothing else without consumers', () => {
    // WHEN
    const { container } = synthAgent();
    // THEN
    const manifest = renderAgentManifest({ consumers: [], pod: 'p-pod', members: ['p-nginx', 'p-prometheus'], graceSeconds: 60, periodSeconds: AGENT_PERIOD_SECONDS });
    expect(uploads(container)).toEqual({
      '/agent/agent.sh': { content: escapeTerraformTemplate(AGENT_SCRIPT), permissions: '0755' },
      '/agent/manifest': { content: escapeTerraformTemplate(manifest), permissions: '0644' },
      '/agent/proxy.conf': { content: escapeTerraformTemplate(renderAgentProxyConf({ supervised: ['p-pod', 'p-nginx', 'p-prometheus'], consumers: [] })), permissions: '0644' },
    });
    expect(unescaped(uploads(container)['/agent/agent.sh'].content)).toBe(AGENT_SCRIPT);
    expect(uploads(container)['/agent/agent.sh'].content).not.toMatch(/(^|[^$])\$\{/);
  });

  test("uploads each consumer's files under its own staging directory, those added later too", () => {
    // WHEN two consumers are delivered, and one gains a file after construction
    const { container } = synthAgent({}, (scope, agent) => {
      consumer(scope, agent, 'nginx');
      consumer(scope, agent, 'prometheus').addFile({ path: 'scrape/0/password', content: 'p', permissions: '0600' });
    });
    // THEN
    expect(staged(container, 'nginx')).toEqual({ 'nginx.conf': { content: 'nginx = 1\n', permissions: '0644' } });
    expect(staged(container, 'prometheus')).toEqual({
      'prometheus.conf': { content: 'prometheus = 1\n', permissions: '0644' },
      'scrape/0/password': { content: 'p', permissions: '0600' },
    });
    expect(container.upload.map((u: Resource) => u.file).slice(0, 3)).toEqual(['/agent/agent.sh', '/agent/manifest', '/agent/proxy.conf']);
  });

  test("mounts each consumer's config volume at the path its manifest names", () => {
    // WHEN
    const { resources, container } = synthAgent({}, (scope, agent) => {
      consumer(scope, agent, 'nginx');
      consumer(scope, agent, 'prometheus', { owner: { uid: 65534, gid: 65534 } });
    });
    // THEN
    expect(container.volumes).toEqual([
      { host_path: '/var/run/docker.sock', container_path: '/var/run/docker.sock' },
      { volume_name: ref(resources, 'docker_volume', 'nginx-config/volume', 'name'), container_path: '/agent/volumes/nginx' },
      { volume_name: ref(resources, 'docker_volume', 'prometheus-config/volume', 'name'), container_path: '/agent/volumes/prometheus' },
    ]);
    const manifest = manifestOf(container);
    expect([manifest.nginx_volume, manifest.prometheus_volume]).toEqual(['/agent/volumes/nginx', '/agent/volumes/prometheus']);
    expect(manifest).toMatchObject({ CONSUMERS: 'nginx prometheus', nginx_owner: '0:0', prometheus_owner: '65534:65534', prometheus_mount: '/etc/prometheus' });
  });

  test('keeps the pod and its members, and may signal and check only the consumers', () => {
    // WHEN
    const { container } = synthAgent({ pod: 'x-pod', members: ['x-nginx', 'x-prometheus'], graceSeconds: 90 }, (scope, agent) => consumer(scope, agent, 'nginx', { consumer: { key: 'nginx', container: 'x-nginx', mountPath: '/etc/nginx', check: ['nginx', '-t'], verify: 'workers' } }));
    // THEN
    expect(manifestOf(container)).toMatchObject({ POD: 'x-pod', MEMBERS: 'x-nginx x-prometheus', GRACE_SECONDS: '90', PERIOD_SECONDS: String(AGENT_PERIOD_SECONDS) });
    expect(unescaped(uploads(container)['/agent/proxy.conf'].content)).toBe(renderAgentProxyConf({ supervised: ['x-pod', 'x-nginx', 'x-prometheus'], consumers: ['x-nginx'] }));
  });

  test('refuses a second config volume for a consumer', () => {
    expect(() =>
      synthAgent({}, (scope, agent) => {
        consumer(scope, agent, 'nginx');
        consumer(new Construct(scope, 'other'), agent, 'nginx');
      }),
    ).toThrow('pod agent: nginx has a config volume already');
  });

  test('the parts it is given reach it as props: name, image, logs', () => {
    const { container, json } = synthAgent({ name: 'q-agent', image: 'nginx:1.28.0-alpine', logMaxSize: '1m', logMaxFiles: 2 });
    expect(container).toMatchObject({ name: 'q-agent', log_opts: { 'max-size': '1m', 'max-file': '2' } });
    expect(json).toHaveResourceWithProperties(Image, { name: 'nginx:1.28.0-alpine' });
    expect(AGENT_PROPS.image).not.toBe('nginx:1.28.0-alpine');
  });
});
