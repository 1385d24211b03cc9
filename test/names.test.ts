import { MAX_NAME_PREFIX_LENGTH, dockerNames, namePrefixFromPath } from '../lib/names';

describe('namePrefixFromPath', () => {
  test('is a readable slug of the path plus a hash', () => {
    expect(namePrefixFromPath('example/prometheus')).toMatch(/^example-prometheus-[0-9a-f]{8}$/);
  });

  test('differs for paths whose slugs collide', () => {
    expect(namePrefixFromPath('a/b')).not.toBe(namePrefixFromPath('a-b'));
  });

  test('is a DNS label that fits the longest container name', () => {
    for (const path of ['x'.repeat(300), 'Stack/With Spaces/UPPER', '---/___', 'a']) {
      const prefix = namePrefixFromPath(path);
      expect(prefix.length).toBeLessThanOrEqual(MAX_NAME_PREFIX_LENGTH);
      expect(prefix).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
      expect(dockerNames(prefix).prometheusContainer.length).toBeLessThanOrEqual(63);
    }
  });
});

describe('dockerNames', () => {
  test('suffixes each object', () => {
    expect(dockerNames('p')).toEqual({
      network: 'p',
      dataVolume: 'p-data',
      nginxContainer: 'p-nginx',
      prometheusContainer: 'p-prometheus',
    });
  });
});
