import { createHash } from 'node:crypto';

/** Names of the Docker objects of one instance. */
export interface DockerNames {
  readonly network: string;
  readonly dataVolume: string;
  readonly nginxContainer: string;
  /** Also the host name nginx proxies to on the Docker network. */
  readonly prometheusContainer: string;
}

/** Longest name prefix: leaves room for `-prometheus` inside a 63-character DNS label. */
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
    dataVolume: `${namePrefix}-data`,
    nginxContainer: `${namePrefix}-nginx`,
    prometheusContainer: `${namePrefix}-prometheus`,
  };
}
