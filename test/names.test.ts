import { MAX_NAME_PREFIX_LENGTH, dockerNames, namePrefixFromPath } from '../lib/names';

describe('namePrefixFromPath', () => {
  test('is a readable slug of the path plus a hash', () => {
    expect(namePrefixFromPath('example/prometheus')).toMatch(/^example-prometheus-[0-9a-f]{8}$/);
  });

  test('differs for paths whose slugs collide', () => {
    expect(namePrefixFromPath('a/b')).not.toBe(namePrefixFromPath('a-b'));
  });

  test('is a DNS label that fits the longest Docker name', () => {
    for (const path of ['x'.repeat(300), 'Stack/With Spaces/UPPER', '---/___', 'a']) {
      const prefix = namePrefixFromPath(path);
      expect(prefix.length).toBeLessThanOrEqual(MAX_NAME_PREFIX_LENGTH);
      expect(prefix).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
      for (const name of Object.values(dockerNames(prefix))) expect(name.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('dockerNames', () => {
  test('suffixes each object', () => {
    expect(dockerNames('p')).toEqual({
      network: 'p',
      podContainer: 'p-pod',
      nginxContainer: 'p-nginx',
      prometheusContainer: 'p-prometheus',
      dataVolume: 'p-data',
      nginxConfigVolume: 'p-nginx-config',
      prometheusConfigVolume: 'p-prometheus-config',
      agentContainer: 'p-agent',
    });
  });
});
