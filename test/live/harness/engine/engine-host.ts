import { Engine, demultiplex } from './client';
import { HostView } from './host-view';
import type { Daemon, RunOptions, RunResult } from '../processes';

interface Inspected {
  Id: string;
  Name: string;
  State: { Running: boolean; Status: string; Pid: number; ExitCode: number; Error: string; StartedAt: string; OOMKilled: boolean; Health?: { Status: string } };
  Args: string[];
  Config: { Healthcheck?: { Test: string[] }; Env: string[] | null };
  HostConfig: { NetworkMode: string; Memory: number };
  NetworkSettings: { Networks: Record<string, { IPAddress: string; Aliases: string[] | null }> };
  RestartCount: number;
}

/**
 * The Docker host of a running stack, as the tests reach into it: commands on the host (its view of
 * the instances' domains), inside containers (`docker exec`) or in a container's network namespace,
 * and what the engine reports of a container.
 */
export class EngineHost {
  constructor(
    readonly engine: Engine,
    readonly view: HostView,
    /** The same files, but the domains at the loopback: for commands in a pod's network namespace. */
    private readonly loopbackView: HostView,
  ) {}

  /** Runs a command of the machine on the Docker host, where the instances' domains resolve to their published ports. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult> {
    return this.view.exec(argv, options);
  }

  /** A long-running command of the machine on the Docker host (a load client, a slow client). */
  spawn(name: string, argv: string[], logFile?: string): Daemon {
    return this.view.spawn(name, argv, logFile);
  }

  async inspect(container: string): Promise<Inspected> {
    const found = await this.engine.find<Inspected>(`/containers/${encodeURIComponent(container)}/json`);
    if (found === undefined) throw new Error(`no container ${container}`);
    return found;
  }

  /** `docker exec` as the container's user: the command must exist in the container's image. */
  async execIn(container: string, argv: string[], options: RunOptions & { user?: string } = {}): Promise<RunResult> {
    const { Id } = await this.engine.call<{ Id: string }>('POST', `/containers/${encodeURIComponent(container)}/exec`, {
      body: { AttachStdout: true, AttachStderr: true, Cmd: argv, ...(options.user ? { User: options.user } : {}) },
    });
    const timeoutMs = options.timeoutMs ?? 30_000;
    let output: Buffer;
    try {
      output = await this.engine.call<Buffer>('POST', `/exec/${Id}/start`, { body: { Detach: false, Tty: false }, timeoutMs });
    } catch (error) {
      if (/no answer within/.test((error as Error).message)) return { code: null, stdout: '', stderr: `timed out after ${timeoutMs} ms` };
      throw error;
    }
    const { stdout, stderr } = demultiplex(Buffer.isBuffer(output) ? output : Buffer.alloc(0));
    const { ExitCode } = await this.engine.call<{ ExitCode: number | null }>('GET', `/exec/${Id}/json`);
    if (options.check && ExitCode !== 0) throw new Error(`docker exec ${container} ${argv.join(' ')} exited ${ExitCode}:\n${stderr}${stdout}`);
    return { code: ExitCode, stdout, stderr };
  }

  /**
   * Runs a command of the machine (wrk, ss, curl) in a container's network namespace, with the Docker
   * host's files, where the instances' domains resolve to the loopback: to the nginx beside it.
   */
  async execInNetns(container: string, argv: string[], options?: RunOptions): Promise<RunResult> {
    const pid = await this.pidOf(container);
    return this.loopbackView.exec(['nsenter', '-t', String(pid), '-n', '--', ...argv], options);
  }

  /** The process id of a running container's first process, on the machine. */
  async pidOf(container: string): Promise<number> {
    const { State } = await this.inspect(container);
    if (!State.Running) throw new Error(`container ${container} is not running (${State.Status})`);
    return State.Pid;
  }

  /** The addresses of the container that owns `container`'s network namespace, one per network, in the engine's order. */
  async addressesOf(container: string): Promise<string[]> {
    const inspected = await this.inspect(container);
    const owner = /^container:(.+)$/.exec(inspected.HostConfig.NetworkMode);
    const source = owner ? await this.inspect(owner[1]) : inspected;
    return Object.values(source.NetworkSettings.Networks).map((network) => network.IPAddress);
  }

  async ipOf(container: string): Promise<string> {
    return (await this.addressesOf(container))[0];
  }

  /** stdout and stderr of a container (`docker logs`), interleaved as the engine keeps them. */
  async logsOf(container: string): Promise<string> {
    const response = await this.engine.request('GET', `/containers/${encodeURIComponent(container)}/logs`, { query: { stdout: 1, stderr: 1 } });
    const { stdout, stderr } = demultiplex(response.body);
    return `${stdout}${stderr}`;
  }

  /**
   * The container's logs once `done` says they hold what is awaited: nginx writes its access log in
   * batches, at most a second late (render/nginx/http.ts).
   */
  async logsWhen(container: string, done: (logs: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const logs = await this.logsOf(container);
      if (done(logs) || Date.now() > deadline) return logs;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async assertRunning(container: string): Promise<void> {
    const { State } = await this.inspect(container);
    if (!State.Running) throw new Error(`container ${container} is ${State.Status} (exit code ${State.ExitCode}${State.Error ? `: ${State.Error}` : ''}):\n${(await this.logsOf(container)).slice(-4000)}`);
  }

  /** `docker kill --signal`. */
  async signal(container: string, signal: string): Promise<void> {
    await this.engine.call('POST', `/containers/${encodeURIComponent(container)}/kill`, { query: { signal } });
  }

  /** Where a named volume's files are on the machine. */
  async volumeDirectory(volume: string): Promise<string> {
    const { Mountpoint } = await this.engine.call<{ Mountpoint: string }>('GET', `/volumes/${encodeURIComponent(volume)}`);
    return Mountpoint;
  }

  /** The container's health as the engine reports it: `healthy`, `unhealthy`, `starting`, or undefined without a check. */
  async health(container: string): Promise<string | undefined> {
    return (await this.inspect(container)).State.Health?.Status;
  }

  /** Runs the container's health check command once, as the engine does (`CMD` directly, `CMD-SHELL` through /bin/sh -c). */
  async healthCheck(container: string): Promise<RunResult> {
    const test = (await this.inspect(container)).Config.Healthcheck?.Test ?? [];
    const [kind, ...rest] = test;
    if (kind !== 'CMD' && kind !== 'CMD-SHELL') throw new Error(`container ${container} has no health check`);
    return this.execIn(container, kind === 'CMD' ? rest : ['/bin/sh', '-c', rest.join(' ')]);
  }
}
