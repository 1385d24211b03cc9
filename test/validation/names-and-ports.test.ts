import { checkNamesAndPorts } from '../../lib/validation/names-and-ports';
import { NUMBER_TOKEN, NUMBER_TOKEN_EXPRESSION, TOKEN, TOKENS, checkOf, expectNamesProp, inputOf, refusalOf, testAcceptances, testRefusals } from './support';

const check = checkOf(checkNamesAndPorts);

describe('checkNamesAndPorts accepts', () => {
  testAcceptances(
    [
      ['the defaults', {}],
      ['distinct ports', { httpsPort: 8443, httpPort: 8080 }],
      ['a network alias', { networkAlias: 'prom' }],
      ['a network alias of 63 characters', { networkAlias: 'a'.repeat(63) }],
      ['an existing network and more networks', { network: 'monitoring', additionalNetworks: ['grafana', 'apps'] }],
      ['no additional networks', { additionalNetworks: [] }],
      ['an additional network as a token', { network: 'monitoring', additionalNetworks: [TOKEN, 'grafana'] }],

      ["the engine's default socket", { dockerSocketPath: '/var/run/docker.sock' }],
      ["rootless Docker's socket", { dockerSocketPath: '/run/user/1000/docker.sock' }],
      ['a socket path with dots, dashes and underscores in its names', { dockerSocketPath: '/srv/.docker/my_engine-1.sock' }],
      ['a socket path as a token', { dockerSocketPath: TOKEN }],
    ],
    check,
  );
});

describe('checkNamesAndPorts refuses, naming the prop and showing the value', () => {
  testRefusals(
    [
      ['a missing domainName', { domainName: undefined as never }, 'domainName', /required/],
      ['an HTTP port equal to the default HTTPS port', { httpPort: 443 }, 'httpPort', /differ from httpsPort \(443\)/],
      ['an HTTP port equal to the HTTPS port', { httpsPort: 8443, httpPort: 8443 }, 'httpPort', /differ/],
      ['an HTTP redirect to a token HTTPS port', { httpsPort: NUMBER_TOKEN, httpPort: 80 }, 'httpPort', /literal httpsPort/],

      ['a name prefix with capitals', { namePrefix: 'Prom' }, 'namePrefix'],
      ['a name prefix of 41 characters', { namePrefix: 'a'.repeat(41) }, 'namePrefix', /40/],
      ['a name prefix with an underscore', { namePrefix: 'a_b' }, 'namePrefix'],
      ['an empty name prefix', { namePrefix: '' }, 'namePrefix'],
      ['a predefined network as name prefix', { namePrefix: 'none' }, 'namePrefix', /predefined/],
      ['a network alias with capitals', { networkAlias: 'Prom' }, 'networkAlias', /DNS label/],
      ['a network alias with an underscore', { networkAlias: 'a_b' }, 'networkAlias'],
      ['a network alias with dots', { networkAlias: 'prom.internal' }, 'networkAlias'],
      ['a network alias of 64 characters', { networkAlias: 'a'.repeat(64) }, 'networkAlias'],
      ['a network alias with a leading hyphen', { networkAlias: '-prom' }, 'networkAlias'],
      ['an empty network alias', { networkAlias: '' }, 'networkAlias'],

      ['additional networks that are no list', { additionalNetworks: 'grafana' as never }, 'additionalNetworks', /list of network names/],
      ['additional networks as a list token: each network is its own block', { additionalNetworks: TOKEN as never }, 'additionalNetworks', /each may be a token/],
      ['an additional network listed twice', { additionalNetworks: ['a', 'a'] }, 'additionalNetworks[1]', /listed once/],
      ['the pod network again as an additional one', { network: 'a', additionalNetworks: ['b', 'a'] }, 'additionalNetworks[1]', /not be the pod's first network/],
      ['the private network again as an additional one', { namePrefix: 'mon', additionalNetworks: ['mon'] }, 'additionalNetworks[0]', /first network/],
      ['the same token twice', { additionalNetworks: [TOKEN, TOKEN] }, 'additionalNetworks[1]', /listed once/],

      ['a relative socket path', { dockerSocketPath: 'docker.sock' }, 'dockerSocketPath', /absolute path/],
      ['a socket path relative to the working directory', { dockerSocketPath: './var/run/docker.sock' }, 'dockerSocketPath', /absolute path/],
      ['a socket path under the home directory, which the engine does not expand', { dockerSocketPath: '~/docker.sock' }, 'dockerSocketPath', /absolute path/],
      ['an empty socket path', { dockerSocketPath: '' }, 'dockerSocketPath', /absolute path/],
      ['a socket path with ":", which ends the bind mount\'s source', { dockerSocketPath: '/var/run/docker.sock:/etc' }, 'dockerSocketPath', /without ":"/],
      ['a socket path with a ".." segment', { dockerSocketPath: '/var/run/../../etc/docker.sock' }, 'dockerSocketPath', /"\.\."/],
      ['a socket path ending in ".."', { dockerSocketPath: '/var/..' }, 'dockerSocketPath', /"\.\."/],
      ['a socket path with a space', { dockerSocketPath: '/var/run/docker engine.sock' }, 'dockerSocketPath', /spaces/],
      ['a socket path with a newline', { dockerSocketPath: '/var/run/docker.sock\n/etc' }, 'dockerSocketPath'],
    ],
    check,
  );

  test('a network given as a token of its resource and again by its name, which the tokens say is the same network', () => {
    // GIVEN tokens that know TOKEN names the network "monitoring"
    const tokens = { ...TOKENS, networkKey: (name: string) => (name === TOKEN ? 'monitoring' : name) };
    const input = inputOf({ network: TOKEN, additionalNetworks: ['monitoring'] });
    // WHEN
    const error = refusalOf(() => checkNamesAndPorts({ ...input, tokens }));
    // THEN
    expectNamesProp(error, 'additionalNetworks[0]', /first network \(got "monitoring"\)/);
  });

  test('shows a number token as the expression it stands for', () => {
    // WHEN
    const error = refusalOf(() => check({ httpPort: NUMBER_TOKEN }));
    // THEN
    expect(error.message).toBe(`httpPort is rendered into a config file at synth time and cannot be an unresolved token (got "${NUMBER_TOKEN_EXPRESSION}")`);
  });
});
