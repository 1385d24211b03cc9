/**
 * The live harness: synthesize a stack, deploy it onto the Docker engine (the providers' part played
 * over the Engine API, see engine/), on the images of a line (the current one from Debian unstable's
 * packages, or Debian 12's), probe it. For the benchmarks (with the per-client limits raised: one load
 * client is one address):
 *
 *   const instance = await startInstance({ domainName: 'example.com', httpsPort: 8443, ...UNMET_LIMITS }, { line });
 *   try {
 *     await instance.execInPod(['wrk', '-t2', '-c32', '-d10s', `https://example.com:443${instance.base}api/v1/query?query=up`]);
 *   } finally {
 *     await instance.stop();
 *   }
 */
import type { PrometheusTlsProxyProps } from '../../../lib';
import type { ImageLine } from './image-lines';
import { BesideOptions, withBeside } from './nginx-beside';
import type { RunOptions, RunResult } from './processes';
import { RunningInstance, RunningStack, startStack } from './running-stack';
import { synthesizeProxies } from './stacks';

export { startStack } from './running-stack';
export type { RunningInstance, RunningStack } from './running-stack';
export { synthesizeExampleApp, synthesizeProxies } from './stacks';
export type { BesideOptions, NginxConfigFrom, NginxCopy, PrometheusCopy } from './nginx-beside';
export type { ImageLine } from './image-lines';
export { LINES_ENV, currentLine, debian12Line, lineLabel } from './image-lines';

/** One running PrometheusTlsProxy, with the Docker host it runs on. */
export interface InstanceHandle extends RunningInstance {
  /** Runs a command on the Docker host: `url` resolves there and reaches the published port. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** Runs a command of the machine (wrk, ss) in the instance's pod's network namespace, on its loopback, with the Docker host's files. */
  execInPod(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** `docker exec` in one of the instance's containers, as its user. */
  execIn(container: 'nginx' | 'prometheus', argv: string[], options?: RunOptions): Promise<RunResult>;
  /** Stops every process and removes every file the instance had. */
  stop(): Promise<void>;
  readonly stack: RunningStack;
  /** The nginx copies of `InstanceOptions.beside`, by name. */
  readonly beside: Readonly<Record<string, NginxBeside>>;
}

export interface InstanceOptions {
  /** The nginx/Prometheus line to run on. */
  readonly line: ImageLine;
  /** Name of the stack, which the Docker objects' names derive from. @default 'instance' */
  readonly name?: string;
  /**
   * More containers beside the construct's, by container name: copies of its nginx with another
   * nginx.conf, copies of its Prometheus with other flags (see withBeside in nginx-beside.ts).
   */
  readonly beside?: BesideOptions;
}

/** An nginx copy of `InstanceOptions.beside`, running. */
export interface NginxBeside {
  readonly container: string;
  /** The construct's URL on this container's published port. */
  readonly url: string;
  /** Its HTTPS port inside its network namespace. */
  readonly port: number;
  /** It runs in a network namespace of its own, on the pod's network, rather than in the pod. */
  readonly ownNamespace: boolean;
}

/** Synthesizes a stack holding one PrometheusTlsProxy with `props`, runs it, and returns once it is ready. */
export async function startInstance(props: PrometheusTlsProxyProps, options: InstanceOptions): Promise<InstanceHandle> {
  const synthesized = synthesizeProxies(options.name ?? 'instance', options.line, { prometheus: props });
  const { stack: withCopies, ports } = withBeside(synthesized, options.beside ?? {});
  const stack = await startStack(withCopies, options.line);
  const [instance] = stack.instances;
  const beside = Object.entries(ports).map(([name, { internal, published, ownNamespace }]): NginxBeside => {
    const url = new URL(instance.url);
    url.port = String(published);
    return { container: name, url: url.href, port: internal, ownNamespace };
  });
  return {
    ...instance,
    stack,
    beside: Object.fromEntries(beside.map((copy) => [copy.container, copy])),
    exec: (argv, options) => stack.exec(argv, options),
    execInPod: (argv, options) => stack.host.execInNetns(instance.podContainer, argv, options),
    execIn: (container, argv, options) =>
      stack.host.execIn(container === 'nginx' ? instance.nginxContainer : instance.prometheusContainer, argv, options),
    stop: () => stack.stop(),
  };
}
