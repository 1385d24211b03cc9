import { createHash } from 'node:crypto';

/** Names of the Docker objects of one instance. */
export interface DockerNames {
  /** The private network (unused when the pod joins an existing one). */
  readonly network: string;
  /** The pause container that owns the pod's network namespace: its name resolves on the pod's networks. */
  readonly podContainer: string;
  /** Name of the nginx container, which has no DNS name of its own on the networks (it shares the pod's). */
  readonly nginxContainer: string;
  /** Name of the Prometheus container, which like nginx's has no DNS name of its own on the networks. */
  readonly prometheusContainer: string;
  /** Volume of Prometheus's TSDB: it outlives the containers, and a new name prefix means a new, empty one. */
  readonly dataVolume: string;
  /** Volume holding nginx's config, certificate and key, which the pod agent writes. */
  readonly nginxConfigVolume: string;
  /** Volume holding prometheus.yml and the files it points to, which the pod agent writes. */
  readonly prometheusConfigVolume: string;
  /** The pod agent, which delivers config and keeps the pod's members running. */
  readonly agentContainer: string;
}

/** Longest name prefix: leaves room for `-prometheus-config` inside a 63-character DNS label. */
export const MAX_NAME_PREFIX_LENGTH = 40;

const HASH_LENGTH = 8;

/**
 * A name prefix derived from a construct path: a readable slug of the path plus a hash of the
 * whole path, so that two instances never collide even when their slugs do ("a/b" and "a-b").
 */
export function namePrefixFromPath(constructPath: string): string {
  const hash = createHash('sha256').update(constructPath).digest('hex').slice(0, HASH_LENGTH);
  const slug = constructPath
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_NAME_PREFIX_LENGTH - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  return slug ? `${slug}-${hash}` : `prometheus-${hash}`;
}

export function dockerNames(namePrefix: string): DockerNames {
  return {
    network: namePrefix,
    podContainer: `${namePrefix}-pod`,
    nginxContainer: `${namePrefix}-nginx`,
    prometheusContainer: `${namePrefix}-prometheus`,
    dataVolume: `${namePrefix}-data`,
    nginxConfigVolume: `${namePrefix}-nginx-config`,
    prometheusConfigVolume: `${namePrefix}-prometheus-config`,
    agentContainer: `${namePrefix}-agent`,
  };
}
