import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon, RunOptions, RunResult, run } from '../processes';

/**
 * Where a stack's published ports are bound on the machine. Docker binds `0.0.0.0` unless a port
 * names an address; two stacks running at once (jest runs two test files in parallel) could not both
 * publish 443 there. So each jest worker publishes on an address of its own, on an interface
 * of the machine: reachable from the machine and, through their gateway, from containers, as a
 * host's public address is. The harness sets it as each port's `ip` (see plan.ts): the one place
 * where what runs differs from what was synthesized.
 */
export const HOST_INTERFACE = 'ptp-hosts';
const HOST_NETWORK = '10.213.0';

/** The address of this jest worker (the bench and scripts outside jest get .100). */
export function hostAddress(): string {
  const worker = Number(process.env.JEST_WORKER_ID ?? 100);
  return `${HOST_NETWORK}.${worker}`;
}

/** Creates the interface (a bridge without ports: this kernel may lack the dummy driver) with one address per worker; idempotent. Needs root. */
export async function ensureHostAddresses(workers: number): Promise<void> {
  const link = await run(['ip', 'link', 'show', HOST_INTERFACE]);
  if (link.code !== 0) {
    await run(['ip', 'link', 'add', HOST_INTERFACE, 'type', 'bridge'], { check: true });
  }
  await run(['ip', 'link', 'set', HOST_INTERFACE, 'up'], { check: true });
  const shown = (await run(['ip', '-4', '-o', 'addr', 'show', 'dev', HOST_INTERFACE], { check: true })).stdout;
  for (const worker of [...Array.from({ length: workers }, (_, i) => i + 1), 100]) {
    const address = `${HOST_NETWORK}.${worker}`;
    if (!shown.includes(` ${address}/`)) await run(['ip', 'addr', 'add', `${address}/32`, 'dev', HOST_INTERFACE], { check: true });
  }
}

/**
 * The Docker host as a user on it sees it: the machine's network (the engine's bridges, the
 * published ports), with the instances' domains resolving to this worker's address, as public DNS
 * would point them at the host. A private mount namespace holds that /etc/hosts; commands run in
 * it with nsenter.
 */
export class HostView {
  private spawned = 0;

  private constructor(
    private readonly holder: Daemon,
    private readonly dir: string,
  ) {}

  /**
   * `hostNames` resolve to `address`: this worker's host address by default, or the loopback for
   * commands run in a pod's network namespace (a load client beside nginx).
   */
  static async start(hostNames: readonly string[], address = hostAddress()): Promise<HostView> {
    const dir = mkdtempSync(join(tmpdir(), 'ptp-host-'));
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, `127.0.0.1\tlocalhost\n::1\tlocalhost\n${hostNames.length > 0 ? `${address}\t${hostNames.join(' ')}\n` : ''}`);
    const holder = new Daemon('host view', [
      'setpriv', '--pdeathsig', 'KILL', 'unshare', '--mount', '--propagation', 'private',
      'sh', '-c', `mount --bind '${hosts}' /etc/hosts && exec sleep infinity`,
    ]);
    const view = new HostView(holder, dir);
    try {
      await holder.execed('sleep');
      return view;
    } catch (error) {
      await view.stop();
      throw error;
    }
  }

  /** Runs a command of the machine (curl, openssl, wrk) on the Docker host. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult> {
    return run(this.enter(argv, options?.cwd), options);
  }

  /** A long-running command of the machine on the Docker host, in a process group of its own; its output is kept in a file. */
  spawn(name: string, argv: string[], logFile = join(this.dir, `${name}-${++this.spawned}.log`)): Daemon {
    return new Daemon(name, this.enter(argv), { logFile });
  }

  /** nsenter into the view's mount namespace, keeping the working directory (setns would reset it to /). */
  private enter(argv: string[], cwd = process.cwd()): string[] {
    return ['nsenter', '-t', String(this.holder.pid), '-m', `--wd=${cwd}`, '--', ...argv];
  }

  async stop(): Promise<void> {
    await this.holder.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
