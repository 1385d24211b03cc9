import { Container } from '@cdktf/provider-docker/lib/container';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { ConfigFiles, ConfigFilesProps } from '../lib';
import { configMount } from '../lib/config-files';
import { ref, staged, synth } from './support';

const props: ConfigFilesProps = {
  name: 'x-config',
  imageId: 'busybox:1.37',
  files: [{ path: 'app.conf', content: 'a = 1\n', permissions: '0644' }],
};

describe('ConfigFiles', () => {
  test('declares a volume and a one-shot writer that replaces its content with the uploads', () => {
    // WHEN
    const { json, resources } = synth((scope) => new ConfigFiles(scope, 'config', props));
    // THEN
    expect(json).toHaveResourceWithProperties(Volume, { name: 'x-config' });
    const writer = resources.docker_container[Object.keys(resources.docker_container)[0]];
    expect(writer).toMatchObject({
      name: 'x-config',
      image: 'busybox:1.37',
      entrypoint: ['/bin/sh', '-c', 'set -e; find /config -mindepth 1 -maxdepth 1 -exec rm -rf {} +; cp -a /staging/. /config/; rm -rf /staging'],
      user: '0:0',
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'] },
      network_mode: 'none',
      volumes: [{ volume_name: ref(resources, 'docker_volume', 'config/volume', 'name'), container_path: '/config' }],
    });
    expect(staged(writer)).toEqual({ 'app.conf': { content: 'a = 1\n', permissions: '0644' } });
  });

  test('runs once per change, and fails the apply unless the writer exited 0', () => {
    expect(defaultJson()).toHaveResourceWithProperties(Container, {
      attach: true,
      must_run: false,
      restart: 'no',
      lifecycle: { postcondition: [{ condition: '${self.exit_code == 0}', error_message: 'writing the config volume x-config failed: see docker logs x-config' }] },
    });
  });

  test('hands the files to their owner when one is given', () => {
    const { resources } = synth((scope) => new ConfigFiles(scope, 'config', { ...props, owner: { uid: 65534, gid: 65534 } }));
    expect(Object.values(resources.docker_container)[0].entrypoint[2]).toContain('chown -R 65534:65534 /config;');
  });

  test('addFile uploads one more file with the others, and refuses a path twice', () => {
    // GIVEN
    let config!: ConfigFiles;
    const { resources } = synth((scope) => {
      config = new ConfigFiles(scope, 'config', props);
      // WHEN
      config.addFile({ path: 'tls/key.pem', content: 'KEY', permissions: '0600' });
    });
    // THEN
    expect(Object.keys(staged(Object.values(resources.docker_container)[0]))).toEqual(['app.conf', 'tls/key.pem']);
    expect(() => config.addFile({ path: 'app.conf', content: '', permissions: '0644' })).toThrow('config volume: app.conf is already written');
  });

  test('configMount gives a consumer the volume read-only, the revision label that replaces it, and the writer to wait for', () => {
    // WHEN
    const { resources } = synth((scope) => {
      const config = new ConfigFiles(scope, 'config', props);
      const mount = configMount(config, '/etc/app');
      new Container(scope, 'app', { name: 'app', image: 'app:1', volumes: [mount.volume], labels: [mount.label], dependsOn: mount.dependsOn });
    });
    // THEN
    const app = resources.docker_container.app;
    expect(app.volumes).toEqual([{ volume_name: ref(resources, 'docker_volume', 'config/volume', 'name'), container_path: '/etc/app', read_only: true }]);
    expect(app.labels).toEqual([{ label: 'prometheus-tls-proxy.config-revision', value: ref(resources, 'docker_container', 'config/writer', 'id') }]);
    expect(app.depends_on).toEqual([ref(resources, 'docker_container', 'config/writer', 'id').slice(2, -4)]);
  });
});

/** The JSON of the default ConfigFiles. */
function defaultJson(): string {
  return synth((scope) => new ConfigFiles(scope, 'config', props)).json;
}
