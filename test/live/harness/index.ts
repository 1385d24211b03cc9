/**
 * The live harness: synthesize a stack, run it on a simulated Docker host with Debian's nginx and
 * Prometheus, probe it. For the benchmarks:
 *
 *   const instance = await startInstance({ domainName: 'example.com', httpsPort: 8443 });
 *   try {
 *     await instance.exec(['wrk', '-t2', '-c32', '-d10s', `${instance.url}api/v1/query?query=up`]);
 *   } finally {
 *     await instance.stop();
 *   }
 */
import type { PrometheusTlsProxyProps } from '../../../lib';
import type { RunOptions, RunResult } from './processes';
import { RunningInstance, RunningStack, startStack } from './running-stack';
import { synthesizeProxies } from './stacks';

export { missingRequirements } from './requirements';
export { curl, handshake } from './probes';
export { startStack } from './running-stack';
export type { RunningInstance, RunningStack } from './running-stack';
export { synthesizeExampleApp, synthesizeProxies } from './stacks';

/** One running PrometheusTlsProxy, with the Docker host it runs on. */
export interface InstanceHandle extends RunningInstance {
  /** Runs a command on the Docker host: `url` resolves there and reaches the published port. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
  /** Runs a command as root inside one of the instance's containers (network namespace and root filesystem). */
  execIn(container: 'nginx' | 'prometheus', argv: string[], options?: RunOptions): Promise<RunResult>;
  /** Stops every process and removes every file the instance had. */
  stop(): Promise<void>;
  readonly stack: RunningStack;
}

/** Synthesizes a stack holding one PrometheusTlsProxy with `props`, runs it, and returns once it is ready. */
export async function startInstance(props: PrometheusTlsProxyProps, name = 'instance'): Promise<InstanceHandle> {
  const stack = await startStack(synthesizeProxies(name, { prometheus: props }));
  const instance = stack.instances[0];
  return {
    ...instance,
    stack,
    exec: (argv, options) => stack.exec(argv, options),
    execIn: (container, argv, options) =>
      stack.host.execIn(container === 'nginx' ? instance.nginxContainer : instance.prometheusContainer, argv, options),
    stop: () => stack.stop(),
  };
}
