import { Container } from '@cdktf/provider-docker/lib/container';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { Construct } from 'constructs';
import { ConfigFiles, ConfigFilesProps, PodAgent } from '../lib';
import { configMount } from '../lib/config-files';
import { at, manifestOf, podAgent, ref, staged, synth } from './support';

/** ConfigFiles `config` for the consumer `app`, delivered by `agent`. */
function configFiles(scope: Construct, agent: PodAgent, overrides: Partial<ConfigFilesProps> = {}): ConfigFiles {
  return new ConfigFiles(scope, 'config', {
    name: 'x-config',
    files: [{ path: 'app.conf', content: 'a = 1\n', permissions: '0644' }],
    agent,
    consumer: { key: 'app', container: 'x-app', mountPath: '/etc/app', check: ['app', '--check', '{revision}/app.conf'], verify: 'workers' },
    ...overrides,
  });
}

describe('ConfigFiles', () => {
  test('declares the volume and no container of its own: the agent uploads the files for its consumer', () => {
    // WHEN
    const { json, resources } = synth((scope) => configFiles(scope, podAgent(scope)));
    // THEN
    expect(json).toHaveResourceWithProperties(Volume, { name: 'x-config' });
    expect(Object.keys(resources.docker_container)).toEqual([expect.stringMatching(/^agent_container_/)]);
    expect(staged(at(resources, 'docker_container', 'agent/container'), 'app')).toEqual({ 'app.conf': { content: 'a = 1\n', permissions: '0644' } });
  });

  test('registers its volume and consumer with the agent, which mounts the volume and checks and reloads the consumer', () => {
    // WHEN
    const { resources } = synth((scope) => configFiles(scope, podAgent(scope)));
    // THEN
    const agent = at(resources, 'docker_container', 'agent/container');
    expect(agent.volumes).toContainEqual({ volume_name: ref(resources, 'docker_volume', 'config/volume', 'name'), container_path: '/agent/volumes/app' });
    expect(manifestOf(agent)).toMatchObject({
      CONSUMERS: 'app',
      app_container: 'x-app',
      app_volume: '/agent/volumes/app',
      app_mount: '/etc/app',
      app_check: '["app","--check","{revision}/app.conf"]',
      app_verify: 'workers',
    });
  });

  test('hands the files to their owner when one is given, and to root otherwise', () => {
    const owner = (given?: { uid: number; gid: number }) =>
      manifestOf(at(synth((scope) => configFiles(scope, podAgent(scope), { owner: given })).resources, 'docker_container', 'agent/container')).app_owner;
    expect(owner({ uid: 65534, gid: 65534 })).toBe('65534:65534');
    expect(owner()).toBe('0:0');
  });

  test('addFile has the agent deliver one more file with the others, and refuses a path twice', () => {
    // GIVEN
    let config!: ConfigFiles;
    const { resources } = synth((scope) => {
      config = configFiles(scope, podAgent(scope));
      // WHEN
      config.addFile({ path: 'tls/key.pem', content: 'KEY', permissions: '0600' });
    });
    // THEN
    expect(staged(at(resources, 'docker_container', 'agent/container'), 'app')).toEqual({
      'app.conf': { content: 'a = 1\n', permissions: '0644' },
      'tls/key.pem': { content: 'KEY', permissions: '0600' },
    });
    expect(config.files.map((file) => file.path)).toEqual(['app.conf', 'tls/key.pem']);
    expect(() => config.addFile({ path: 'app.conf', content: '', permissions: '0644' })).toThrow('config volume: app.conf is already written');
  });

  test('files is a copy: changing it delivers nothing', () => {
    // GIVEN
    const { resources } = synth((scope) => {
      const config = configFiles(scope, podAgent(scope));
      // WHEN
      config.files.push({ path: 'stray', content: 'x', permissions: '0644' });
    });
    // THEN
    expect(Object.keys(staged(at(resources, 'docker_container', 'agent/container'), 'app'))).toEqual(['app.conf']);
  });

  test('configMount gives a consumer the volume read-only and the agent to wait for, and no label or reference that would replace it', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const agent = podAgent(scope);
      const mount = configMount(configFiles(scope, agent), agent, '/etc/app');
      new Container(scope, 'app', { name: 'x-app', image: 'app:1', volumes: [mount.volume], dependsOn: mount.dependsOn });
    });
    // THEN
    const app = resources.docker_container.app;
    expect(app.volumes).toEqual([{ volume_name: ref(resources, 'docker_volume', 'config/volume', 'name'), container_path: '/etc/app', read_only: true }]);
    expect(app.depends_on).toEqual([ref(resources, 'docker_container', 'agent/container', 'id').slice(2, -4)]);
    expect(app.labels).toBeUndefined();
    expect(JSON.stringify(app)).not.toContain(ref(resources, 'docker_container', 'agent/container', 'id').slice(0, -4));
  });
});
