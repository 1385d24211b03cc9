import type { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import type { PrometheusTlsProxyOptions } from './options';

/** Props of a PrometheusTlsProxy: its options, and the Docker provider its resources use. */
export interface PrometheusTlsProxyProps extends PrometheusTlsProxyOptions {
  /**
   * Docker provider for every Docker resource, e.g. an aliased provider for an `ssh://` host.
   * @default - the stack's default Docker provider
   */
  readonly dockerProvider?: DockerProvider;
}
