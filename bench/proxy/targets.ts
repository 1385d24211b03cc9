import type { PrometheusTlsProxyProps } from '../../lib';
import { startInstance } from '../../test/live/harness';
import type { InstanceHandle, InstanceOptions } from '../../test/live/harness';
import { PROMETHEUS_PORT } from '../../lib/container-layout';
import { listeningPids } from './cpu';
import type { LoadTarget } from './load';

/**
 * Where wrk sends its requests, for one running instance: Prometheus direct over HTTP, or an nginx
 * container (the construct's or one beside it) over HTTPS. Addresses on the Docker network, as
 * traffic arrives once Docker has forwarded a published port in the kernel: the harness publishes
 * ports through a userland forwarder in Node (harness/port-forwarder.ts), which would cost more
 * than nginx itself and is not what a real Docker host puts in the path of remote clients.
 */
export interface Targets {
  /** `path` (after the base) on Prometheus itself. */
  direct(path: string, headers?: readonly string[]): LoadTarget;
  /** `path` through the nginx container `container` (default: the construct's). */
  proxied(path: string, container?: string, headers?: readonly string[]): LoadTarget;
}

export async function targetsOf(instance: InstanceHandle): Promise<Targets> {
  const { host } = instance.stack;
  const execIn = (container: string, argv: string[]) => host.execIn(container, argv);
  const prometheus = await listeningPids(execIn, instance.prometheusContainer);
  const nginxContainers = [instance.nginxContainer, ...Object.keys(instance.beside)];
  const nginx = new Map(await Promise.all(nginxContainers.map(async (name) => [name, await listeningPids(execIn, name)] as const)));
  return {
    direct: (path, headers) => ({
      url: `http://${host.ipOf(instance.prometheusContainer)}:${PROMETHEUS_PORT}/${path}`,
      headers,
      processes: { Prometheus: prometheus },
    }),
    proxied: (path, container = instance.nginxContainer, headers) => ({
      url: `https://${host.ipOf(container)}${instance.base}${path}`,
      headers,
      processes: { nginx: nginx.get(container)!, Prometheus: prometheus },
    }),
  };
}

/** Starts an instance (with nginx containers beside it), hands it and its targets to `use`, and stops it. */
export async function withInstance<T>(
  props: PrometheusTlsProxyProps,
  options: InstanceOptions,
  use: (instance: InstanceHandle, targets: Targets) => Promise<T>,
): Promise<T> {
  const instance = await startInstance(props, options);
  try {
    return await use(instance, await targetsOf(instance));
  } finally {
    await instance.stop();
  }
}
