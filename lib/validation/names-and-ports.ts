import { MAX_NAME_PREFIX_LENGTH, dockerNames } from '../names';
import { checkRendered, fail, shownValue } from './errors';
import { ValidationInput, isLiteral } from './input';
import { HOST_LABEL, PREDEFINED_NETWORKS, checkDockerNetworkName, checkHostName, checkPathPrefix, checkPort } from './rules';

/** The domain, path, ports, Docker names and networks: where the instance answers, and what it is called. */
export function checkNamesAndPorts(input: ValidationInput): void {
  checkDomainAndPath(input);
  checkPorts(input);
  checkNames(input);
  checkNetworks(input);
  checkDockerSocket(input);
}

/** The socket the pod agent mounts: an absolute path on the Docker host that a bind mount can name (no `:`, which separates its parts). */
function checkDockerSocket(input: ValidationInput): void {
  const path = input.options.dockerSocketPath;
  if (!isLiteral(input, path)) return;
  if (!/^\/[\x21-\x7e]*$/.test(path) || path.includes(':') || path.split('/').includes('..')) {
    fail('dockerSocketPath', path, 'must be an absolute path on the Docker host without ":", ".." or spaces, e.g. /var/run/docker.sock');
  }
}

function checkDomainAndPath({ given, tokens }: ValidationInput): void {
  if (typeof given.domainName !== 'string') fail('domainName', given.domainName, 'is required');
  checkRendered('domainName', given.domainName, tokens);
  checkHostName('domainName', given.domainName, false);
  if (given.pathPrefix !== undefined) {
    checkRendered('pathPrefix', given.pathPrefix, tokens);
    checkPathPrefix(given.pathPrefix);
  }
}

function checkPorts(input: ValidationInput): void {
  const { options, tokens } = input;
  if (isLiteral(input, options.httpsPort)) checkPort('httpsPort', options.httpsPort);
  if (options.httpPort === undefined) return;
  checkRendered('httpPort', options.httpPort, tokens);
  if (tokens.isUnresolved(options.httpsPort)) {
    fail('httpPort', options.httpPort, 'needs a literal httpsPort: the redirect to HTTPS is rendered at synth time');
  }
  checkPort('httpPort', options.httpPort);
  if (options.httpPort === options.httpsPort) fail('httpPort', options.httpPort, `must differ from httpsPort (${options.httpsPort})`);
}

function checkNames(input: ValidationInput): void {
  const { given, tokens } = input;
  if (given.namePrefix !== undefined) {
    checkRendered('namePrefix', given.namePrefix, tokens);
    if (given.namePrefix.length > MAX_NAME_PREFIX_LENGTH || !HOST_LABEL.test(given.namePrefix)) {
      fail(
        'namePrefix',
        given.namePrefix,
        `must be a DNS label of 1 to ${MAX_NAME_PREFIX_LENGTH} characters a-z, 0-9 and inner "-", not all digits (it is the network alias by default)`,
      );
    }
    if (PREDEFINED_NETWORKS.includes(given.namePrefix)) fail('namePrefix', given.namePrefix, "must not be the name of one of Docker's predefined networks");
  }
  if (given.networkAlias !== undefined) {
    checkRendered('networkAlias', given.networkAlias, tokens);
    if (!HOST_LABEL.test(given.networkAlias)) {
      fail('networkAlias', given.networkAlias, 'must be a DNS label of 1 to 63 characters a-z, 0-9 and inner "-", not all digits (URL parsers read those as an address)');
    }
  }
}

/**
 * The pod joins each network once: an additional network may not repeat another or the first network
 * (`network`, or the private one), whether given by name or as a token of the network's resource.
 */
function checkNetworks(input: ValidationInput): void {
  const { options, given, tokens } = input;
  if (isLiteral(input, options.network)) checkDockerNetworkName('network', options.network!);
  if (given.additionalNetworks === undefined) return;
  if (tokens.isUnresolved(given.additionalNetworks) || !Array.isArray(given.additionalNetworks)) {
    fail('additionalNetworks', shownValue(given.additionalNetworks, tokens), 'must be a list of network names (each may be a token)');
  }
  const first = options.network ?? dockerNames(options.namePrefix).network;
  const seen = new Set([tokens.networkKey(first)]);
  given.additionalNetworks.forEach((network, i) => {
    if (!tokens.isUnresolved(network)) checkDockerNetworkName(`additionalNetworks[${i}]`, network);
    const key = tokens.networkKey(network);
    if (seen.has(key)) fail(`additionalNetworks[${i}]`, shownValue(network, tokens), "must be listed once, and not be the pod's first network");
    seen.add(key);
  });
}
