import { HostClaims, checkNoCollision } from '../../lib/validation';
import { expectNamesProp, refusalOf } from './support';

/** An instance on the stack's default Docker host, on its own private network, its alias its name prefix. */
function claims(path: string, extra: Omit<Partial<HostClaims>, 'ports'> & { ports?: number[] } = {}): HostClaims {
  const { ports = [443], ...rest } = extra;
  return {
    path,
    host: '',
    namePrefix: path,
    networks: [],
    networkAlias: path,
    ...rest,
    ports: ports.map((port, i) => ({ prop: i === 0 ? 'httpsPort' : 'httpPort', port })),
  };
}

describe('checkNoCollision accepts', () => {
  test('the first instance on a host', () => {
    expect(() => checkNoCollision(claims('a'), [])).not.toThrow();
  });

  test('instances with their own ports and names', () => {
    // GIVEN
    const declared = [claims('a', { ports: [443, 80] })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { ports: [8443, 8080] }), declared)).not.toThrow();
  });

  test('the same ports and name prefix on another Docker host (provider alias)', () => {
    // GIVEN an instance on the default provider's host
    const declared = [claims('a', { namePrefix: 'mon', ports: [443, 80] })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { host: 'remote', namePrefix: 'mon', ports: [443, 80] }), declared)).not.toThrow();
  });

  test('the same alias on networks that are not shared', () => {
    // GIVEN
    const declared = [claims('a', { networks: ['team-a'], networkAlias: 'prom' })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { ports: [8443], networks: ['team-b'], networkAlias: 'prom' }), declared)).not.toThrow();
  });

  test('different aliases on a shared network', () => {
    // GIVEN
    const declared = [claims('a', { networks: ['monitoring'], networkAlias: 'prom-a' })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { ports: [8443], networks: ['monitoring'], networkAlias: 'prom-b' }), declared)).not.toThrow();
  });

  test('the same alias on a shared network of another host', () => {
    // GIVEN
    const declared = [claims('a', { networks: ['monitoring'], networkAlias: 'prom' })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { host: 'remote', networks: ['monitoring'], networkAlias: 'prom' }), declared)).not.toThrow();
  });
});

describe('checkNoCollision refuses, naming the prop and the other instance', () => {
  test('an HTTPS port another instance on the host already publishes', () => {
    // GIVEN
    const declared = [claims('a')];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b'), declared)).toThrow(/^httpsPort is already published by a on the same Docker host \(got 443\)$/);
  });

  test('an HTTP port another instance on the host already publishes', () => {
    // GIVEN
    const declared = [claims('a', { ports: [443, 80] })];
    // WHEN
    const error = refusalOf(() => checkNoCollision(claims('b', { ports: [8443, 80] }), declared));
    // THEN
    expectNamesProp(error, 'httpPort', /already published by a/);
  });

  test('a port another instance publishes under the other prop', () => {
    // GIVEN an instance that redirects from 8080
    const declared = [claims('a', { ports: [443, 8080] })];
    // WHEN
    const error = refusalOf(() => checkNoCollision(claims('b', { ports: [8080] }), declared));
    // THEN
    expectNamesProp(error, 'httpsPort', /already published by a on the same Docker host \(got 8080\)/);
  });

  test('a name prefix another instance on the host already has', () => {
    // GIVEN
    const declared = [claims('a', { namePrefix: 'mon' })];
    // WHEN / THEN
    expect(() => checkNoCollision(claims('b', { namePrefix: 'mon', ports: [8443] }), declared)).toThrow(/^namePrefix must differ from that of a on the same Docker host \(got "mon"\)$/);
  });

  test('a port another instance publishes through the same aliased provider', () => {
    // GIVEN an instance on the host of provider "remote"
    const declared = [claims('a', { host: 'remote' })];
    // WHEN
    const error = refusalOf(() => checkNoCollision(claims('b', { host: 'remote' }), declared));
    // THEN
    expectNamesProp(error, 'httpsPort', /published by a/);
  });

  test('an alias another instance already has on a shared network', () => {
    // GIVEN
    const declared = [claims('a', { networks: ['monitoring', 'grafana'], networkAlias: 'prom' })];
    // WHEN
    const error = refusalOf(() => checkNoCollision(claims('b', { ports: [8443], networks: ['apps', 'grafana'], networkAlias: 'prom' }), declared));
    // THEN
    expect(error.message).toBe('networkAlias is already the alias of a on network grafana (got "prom")');
  });

  test('a clash with any instance declared before, not only the first', () => {
    // GIVEN
    const declared = [claims('a'), claims('c', { ports: [9443] })];
    // WHEN
    const error = refusalOf(() => checkNoCollision(claims('b', { ports: [9443] }), declared));
    // THEN
    expectNamesProp(error, 'httpsPort', /published by c/);
  });
});
