import type { PrometheusTlsProxyProps } from '../../lib';
import { NGINX_HTTPS_PORT, PROMETHEUS_LISTEN_ADDRESS } from '../../lib/container-layout';
import { startInstance } from '../../test/live/harness';
import type { InstanceHandle, InstanceOptions } from '../../test/live/harness';
import { listeningPids } from './cpu';
import type { LoadTarget } from './load';

/**
 * Where wrk sends its requests, for one running instance: Prometheus direct over HTTP, or an nginx
 * container (the construct's or one beside it) over HTTPS. wrk runs in the instance's pod, on its
 * loopback, like a client on the same host: the harness publishes ports through a userland
 * forwarder in Node (harness/port-forwarder.ts), which would cost more than nginx itself and is not
 * what a real Docker host puts in the path of remote clients; and Prometheus listens on the pod's
 * loopback only.
 */
export interface Targets {
  /** `path` (after the base) on Prometheus itself. */
  direct(path: string, headers?: readonly string[]): LoadTarget;
  /** `path` through the nginx container `container` (default: the construct's). */
  proxied(path: string, container?: string, headers?: readonly string[]): LoadTarget;
}

export async function targetsOf(instance: InstanceHandle): Promise<Targets> {
  const pod = { exec: instance.execInPod };
  const prometheusPort = Number(PROMETHEUS_LISTEN_ADDRESS.split(':')[1]);
  const prometheus = await listeningPids(instance.execInPod, prometheusPort);
  const ports = new Map([[instance.nginxContainer, NGINX_HTTPS_PORT], ...Object.values(instance.beside).map((copy) => [copy.container, copy.port] as const)]);
  const nginx = new Map(await Promise.all([...ports].map(async ([name, port]) => [name, await listeningPids(instance.execInPod, port)] as const)));
  return {
    direct: (path, headers) => ({
      url: `http://${PROMETHEUS_LISTEN_ADDRESS}/${path}`,
      via: pod,
      headers,
      processes: { Prometheus: prometheus },
    }),
    proxied: (path, container = instance.nginxContainer, headers) => ({
      // The domain resolves to 127.0.0.1 on the Docker host's files, and it is the SNI nginx serves.
      url: `https://${instance.domain}:${ports.get(container)}${instance.base}${path}`,
      via: pod,
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
