import type { PrometheusTlsProxyProps } from '../../lib';
import { NGINX_HTTPS_PORT, PROMETHEUS_LISTEN_ADDRESS } from '../../lib/container-layout';
import { startInstance } from '../../test/live/harness';
import type { InstanceHandle, InstanceOptions } from '../../test/live/harness';
import type { ProbeHost } from '../../test/live/harness/probes';
import { poll } from '../../test/live/harness/processes';
import { listeningPids } from './cpu';
import type { LoadTarget } from './load';

/**
 * Per-client limits far above what one load client reaches from its one address, for every bench
 * instance: the construct's limits are then measured (their zones are kept), never met.
 */
export const UNMET_LIMITS = { requestsPerSecondPerClient: 100_000, requestBurstPerClient: 100_000, receiverRequestsPerSecondPerClient: 100_000 } as const;

/**
 * Where wrk sends its requests, for one running instance: Prometheus direct over HTTP, an nginx
 * container (the construct's or a copy) over HTTPS, or a copy of Prometheus serving HTTPS itself. wrk
 * runs beside the server it loads, on the loopback of its network namespace (the pod's, or a copy's
 * own), like a client on the same host: the harness publishes ports through a userland forwarder in
 * Node (harness/port-forwarder.ts), which would cost more than nginx itself and is not what a real
 * Docker host puts in the path of remote clients; and Prometheus listens on the pod's loopback only.
 */
export interface Targets {
  /** `path` (after the base) on Prometheus itself. */
  direct(path: string, headers?: readonly string[]): LoadTarget;
  /** `path` through the nginx container `container` (default: the construct's). */
  proxied(path: string, container?: string, headers?: readonly string[]): LoadTarget;
  /** `path` on a copy of Prometheus that serves HTTPS itself on `port` of the pod. */
  nativeTls(path: string, port: number, headers?: readonly string[]): LoadTarget;
}

/** The targets of `instance`; `nativeTlsPorts` are the pod ports of its Prometheus copies that serve HTTPS. */
export async function targetsOf(instance: InstanceHandle, nativeTlsPorts: readonly number[] = []): Promise<Targets> {
  const { host } = instance.stack;
  const pod: ProbeHost = { exec: instance.execInPod };
  const inNamespaceOf = (container: string): ProbeHost => ({ exec: (argv, options) => host.execInNetns(container, argv, options) });
  const prometheusPort = Number(PROMETHEUS_LISTEN_ADDRESS.split(':')[1]);
  const prometheus = await listeningPids(instance.execInPod, prometheusPort);
  const copies = new Map(Object.values(instance.beside).map((copy) => [copy.container, copy]));
  const where = (container: string): { via: ProbeHost; port: number } => {
    const copy = copies.get(container);
    if (copy === undefined) return { via: pod, port: NGINX_HTTPS_PORT };
    return { via: copy.ownNamespace ? inNamespaceOf(copy.container) : pod, port: copy.port };
  };
  // The copies have no health check for the harness to wait on: nginx listens at once, a copy of
  // Prometheus once it has opened its TSDB and loaded its certificate.
  const listening = async (via: ProbeHost, port: number, what: string): Promise<number[]> => {
    let pids: number[] = [];
    await poll(`${what} to listen on ${port}`, 30_000, async () => (pids = await listeningPids((argv) => via.exec(argv), port).catch(() => [])).length > 0, 200);
    return pids;
  };
  const native = new Map(await Promise.all(nativeTlsPorts.map(async (port) => [port, await listening(pod, port, 'a Prometheus copy')] as const)));
  const nginx = new Map(
    await Promise.all(
      [instance.nginxContainer, ...copies.keys()].map(async (name) => {
        const { via, port } = where(name);
        return [name, await listening(via, port, name)] as const;
      }),
    ),
  );
  return {
    direct: (path, headers) => ({
      url: `http://${PROMETHEUS_LISTEN_ADDRESS}/${path}`,
      via: pod,
      headers,
      processes: { Prometheus: prometheus },
    }),
    proxied: (path, container = instance.nginxContainer, headers) => {
      const { via, port } = where(container);
      // The domain resolves to 127.0.0.1 on the Docker host's files, and it is the SNI nginx serves.
      return { url: `https://${instance.domain}:${port}${instance.base}${path}`, via, headers, processes: { nginx: nginx.get(container)!, Prometheus: prometheus } };
    },
    nativeTls: (path, port, headers) => ({
      url: `https://${instance.domain}:${port}/${path}`,
      via: pod,
      headers,
      processes: { Prometheus: native.get(port)! },
    }),
  };
}

/** Starts an instance (with containers beside it), hands it and its targets to `use`, and stops it. */
export async function withInstance<T>(
  props: PrometheusTlsProxyProps,
  options: InstanceOptions,
  use: (instance: InstanceHandle, targets: Targets) => Promise<T>,
  nativeTlsPorts: readonly number[] = [],
): Promise<T> {
  const instance = await startInstance(props, options);
  try {
    return await use(instance, await targetsOf(instance, nativeTlsPorts));
  } finally {
    await instance.stop();
  }
}
