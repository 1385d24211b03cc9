import type { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ResolvedOptions } from '../resolve-options';
import { HostClaims, PropValidationError } from '../validation';

/**
 * The Docker host `instance` runs on, within its stack: its provider's alias, '' for the stack's
 * default provider (an omitted provider and the default one given explicitly are the same host). The
 * provider must be a Docker provider (JavaScript callers can pass anything) of the instance's stack.
 */
export function dockerHost(instance: Construct, provider: DockerProvider | undefined): string {
  if (provider === undefined) return '';
  if (provider.terraformResourceType !== 'docker') {
    throw new PropValidationError('dockerProvider', provider.terraformResourceType, 'must be a Docker provider (@cdktf/provider-docker)');
  }
  if (TerraformStack.of(provider) !== TerraformStack.of(instance)) {
    throw new PropValidationError('dockerProvider', provider.node.path, `must be declared in the stack of ${instance.node.path}`);
  }
  return provider.alias ?? '';
}

/**
 * What an instance publishes on its Docker host: its literal ports, its names, and its alias on its
 * networks (keyed as they compare; the private network's name only an instance of the same
 * namePrefix, refused first, could share).
 */
export function hostClaims(path: string, host: string, options: ResolvedOptions, networks: readonly string[], isUnresolved: (value: unknown) => boolean): HostClaims {
  return {
    path,
    host,
    namePrefix: options.namePrefix,
    ports: [
      { prop: 'httpsPort' as const, port: options.httpsPort },
      ...(options.httpPort === undefined ? [] : [{ prop: 'httpPort' as const, port: options.httpPort }]),
    ].filter((claim) => !isUnresolved(claim.port)),
    networks,
    networkAlias: options.networkAlias,
  };
}
