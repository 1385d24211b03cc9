import { fail } from './errors';

/** What one instance knows of another it sends to, pulls from or provisions a client for. */
export interface PeerFacts {
  /** Construct path, to name the instance in a message. */
  readonly path: string;
  /** Path of its stack. */
  readonly stack: string;
  /** The Docker host within the stack: the provider's alias, '' for the stack's default provider. */
  readonly host: string;
  /** Names of the networks its pod joins, tokens resolved to their Terraform expressions. */
  readonly networks: readonly string[];
  /** Its nginx asks for basic auth. */
  readonly basicAuth: boolean;
}

/**
 * `from` can reach `to` by its network alias: both pods on one Docker network. Two instances of one
 * stack with different Docker providers are on different hosts; across stacks only a network name
 * both join tells.
 */
export function checkInternalReach(at: string, from: PeerFacts, to: PeerFacts): void {
  if (from.stack === to.stack && from.host !== to.host) {
    fail(`${at}.via`, 'internal', `needs ${from.path} and ${to.path} on one Docker host (their dockerProvider differs): use Reach.EXTERNAL`);
  }
  if (!to.networks.some((network) => from.networks.includes(network))) {
    fail(`${at}.via`, 'internal', `needs ${from.path} and ${to.path} on a shared Docker network (network or additionalNetworks): use Reach.EXTERNAL or join one`);
  }
}

/** An instance does not send to, or pull from, itself. */
export function checkNotSelf(at: string, from: PeerFacts, to: PeerFacts): void {
  if (from.path === to.path) fail(at, to.path, 'must name another instance than this one');
}

/** Credentials for a peer that asks for basic auth. */
export function checkPeerCredentials(at: string, to: PeerFacts, auth: { readonly basicAuthUsername?: string }): void {
  if (to.basicAuth && auth.basicAuthUsername === undefined) {
    fail(`${at}.basicAuthUsername`, undefined, `is required: ${to.path} asks for basic auth (with basicAuthPassword)`);
  }
}

/** Grafana refuses two default datasources in one organization: one per provisioning directory. */
export function checkOneDefaultDatasource(directory: string, claimant: string, current: string | undefined): void {
  if (current !== undefined && current !== claimant) {
    fail('grafanaDatasource.isDefault', true, `is already true for ${current} in ${directory}: Grafana allows one default datasource per organization`);
  }
}
