import { fail } from './errors';

/** What one instance claims on its Docker host, checked against the instances declared before it. */
export interface HostClaims {
  /** Construct path, to name the other instance in a message. */
  readonly path: string;
  /** The Docker host: the provider's alias, '' for the stack's default provider (given or not). */
  readonly host: string;
  readonly namePrefix: string;
  /** Literal published ports, by prop. */
  readonly ports: ReadonlyArray<{ readonly prop: 'httpsPort' | 'httpPort'; readonly port: number }>;
  /** Names of the networks the pod joins, with its alias on them; a token as the Terraform expression it stands for. */
  readonly networks: readonly string[];
  readonly networkAlias: string;
}

/** Two instances on one Docker host cannot publish the same port, share Docker object names, or an alias on a network. */
export function checkNoCollision(mine: HostClaims, others: HostClaims[]): void {
  for (const other of others.filter((o) => o.host === mine.host)) {
    if (other.namePrefix === mine.namePrefix) {
      fail('namePrefix', mine.namePrefix, `must differ from that of ${other.path} on the same Docker host`);
    }
    for (const { prop, port } of mine.ports) {
      if (other.ports.some((claim) => claim.port === port)) fail(prop, port, `is already published by ${other.path} on the same Docker host`);
    }
    const shared = mine.networks.find((network) => other.networks.includes(network));
    if (shared !== undefined && other.networkAlias === mine.networkAlias) {
      fail('networkAlias', mine.networkAlias, `is already the alias of ${other.path} on network ${shared}`);
    }
  }
}
