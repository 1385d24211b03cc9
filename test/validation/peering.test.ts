import { PeerFacts, checkInternalReach, checkNotSelf, checkOneDefaultDatasource, checkPeerCredentials } from '../../lib/validation/peering';
import { expectNamesProp, refusalOf } from './support';

/** An instance of stack `s` on the default Docker host, on the networks given. */
function peer(path: string, extra: Partial<PeerFacts> = {}): PeerFacts {
  return { path, stack: 's', host: '', networks: [], basicAuth: false, ...extra };
}

describe('checkInternalReach', () => {
  test('accepts two instances of one host on a shared network', () => {
    expect(() => checkInternalReach('remoteWriteTo', peer('s/a', { networks: ['mon', 'a'] }), peer('s/b', { networks: ['mon'] }))).not.toThrow();
  });

  test('accepts instances of two stacks that share a network name, whatever their providers', () => {
    expect(() => checkInternalReach('federate', peer('s/a', { host: 'x', networks: ['mon'] }), peer('t/b', { stack: 't', networks: ['mon'] }))).not.toThrow();
  });

  test('refuses instances of one stack on two Docker hosts', () => {
    const error = refusalOf(() => checkInternalReach('remoteWriteTo', peer('s/a', { host: 'east', networks: ['mon'] }), peer('s/b', { host: 'west', networks: ['mon'] })));
    expectNamesProp(error, 'remoteWriteTo.via', /one Docker host \(their dockerProvider differs\): use Reach.EXTERNAL/);
  });

  test('refuses instances with no network in common', () => {
    const error = refusalOf(() => checkInternalReach('federate', peer('s/a', { networks: ['a'] }), peer('s/b', { networks: ['b'] })));
    expectNamesProp(error, 'federate.via', /shared Docker network/);
  });
});

describe('checkNotSelf', () => {
  test('refuses the instance itself and accepts another', () => {
    expectNamesProp(refusalOf(() => checkNotSelf('federate', peer('s/a'), peer('s/a'))), 'federate', /another instance/);
    expect(() => checkNotSelf('federate', peer('s/a'), peer('s/b'))).not.toThrow();
  });
});

describe('checkPeerCredentials', () => {
  test('asks for a user where the peer has basic auth, and for nothing where it has none', () => {
    expectNamesProp(refusalOf(() => checkPeerCredentials('remoteWriteTo', peer('s/b', { basicAuth: true }), {})), 'remoteWriteTo.basicAuthUsername', /s\/b asks for basic auth/);
    expect(() => checkPeerCredentials('remoteWriteTo', peer('s/b', { basicAuth: true }), { basicAuthUsername: 'u' })).not.toThrow();
    expect(() => checkPeerCredentials('remoteWriteTo', peer('s/b'), {})).not.toThrow();
  });
});

describe('checkOneDefaultDatasource', () => {
  test('takes the first default of a directory, and the same instance again', () => {
    expect(() => checkOneDefaultDatasource('/d', 's/a', undefined)).not.toThrow();
    expect(() => checkOneDefaultDatasource('/d', 's/a', 's/a')).not.toThrow();
  });

  test('refuses a second instance\'s default in the same directory', () => {
    expectNamesProp(refusalOf(() => checkOneDefaultDatasource('/d', 's/b', 's/a')), 'grafanaDatasource.isDefault', /already true for s\/a in \/d/);
  });
});
