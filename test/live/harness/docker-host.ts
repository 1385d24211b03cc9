import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ContainerSpec } from './containers';
import { buildContainerRoot, rootPath } from './container-root';
import { standInFor } from './image-stand-ins';
import { Daemon, RunOptions, RunResult, poll, run } from './processes';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const REPO_ROOT = resolve(__dirname, '../../..');
const PORT_FORWARDER = join(__dirname, 'port-forwarder.ts');

interface RunningContainer {
  readonly spec: ContainerSpec;
  ip: string;
  readonly gateway: string;
  readonly root: string;
  readonly netns: Daemon;
  process?: Daemon;
}

/**
 * A Docker host simulated with Linux namespaces, running containers synthesized as `docker_container`
 * resources with Debian's binaries:
 *
 * - the host: a private mount and network namespace, held by a sleeping process. Its filesystem is
 *   the machine's, except for an /etc/hosts of its own in which `hostNames` resolve to 127.0.0.1;
 * - each Docker network: a bridge in the host's network namespace (172.31.N.0/24, the host at .1);
 * - each container: a network namespace of its own, joined to its bridge by a veth pair (eth0), with
 *   the synthesized sysctls, and a root filesystem of its own (see container-root.ts) in which its
 *   process runs with the synthesized user, capabilities and no-new-privileges;
 * - each published port: a userland forwarder on the host, as docker-proxy, to the container's IP.
 */
export class DockerHost {
  private readonly containers = new Map<string, RunningContainer>();
  private forwarder?: Daemon;
  /** Host part of the next address handed out on a network. */
  private nextHost = 2;

  private constructor(
    private readonly holder: Daemon,
    readonly workDir: string,
  ) {}

  static async start(containers: ContainerSpec[], hostNames: string[], workDir: string): Promise<DockerHost> {
    const holder = new Daemon('docker host', ['setpriv', '--pdeathsig', 'KILL', 'unshare', '--mount', '--net', '--propagation', 'private', 'sleep', 'infinity']);
    const host = new DockerHost(holder, workDir);
    try {
      await holder.execed('sleep');
      await host.setUp(containers, hostNames);
      return host;
    } catch (error) {
      await host.stop();
      throw error;
    }
  }

  /** Runs a command on the Docker host, where published ports and `hostNames` are reachable. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult> {
    return run(['nsenter', '-t', String(this.holder.pid), '-m', '-n', '--', ...argv], options);
  }

  /** Runs a command as root inside a container's network namespace and root filesystem. */
  execIn(containerName: string, argv: string[], options?: RunOptions): Promise<RunResult> {
    const container = this.container(containerName);
    return run(['nsenter', '-t', String(container.netns.pid), '-m', '-n', '--', 'chroot', container.root, ...argv], { env: { PATH }, ...options });
  }

  /** Throws with the container's output when its process has exited. */
  async assertRunning(containerName: string): Promise<void> {
    const process = this.container(containerName).process;
    if (process && !process.alive) throw new Error(`container ${containerName} exited (${await process.exited}):\n${process.output}`);
  }

  ipOf(containerName: string): string {
    return this.container(containerName).ip;
  }

  /**
   * Replaces a container the way Terraform replaces a `docker_container`: the process stops and the
   * container comes back with the same spec, name and root filesystem (so its volumes keep their
   * data) under a new IP address, which its network's DNS (every /etc/hosts on it) now answers.
   */
  async recreate(containerName: string): Promise<void> {
    const container = this.container(containerName);
    if (container.spec.ports.length > 0) throw new Error(`recreating ${containerName} would need its published ports moved too`);
    await container.process?.stop();
    await this.inNetns(container, ['ip', 'addr', 'flush', 'dev', 'eth0']);
    container.ip = `${container.gateway.replace(/\.1$/, '')}.${this.nextHost++}`;
    await this.address(container);
    for (const other of this.containers.values()) {
      if (other.spec.network === container.spec.network) writeFileSync(`/proc/${this.holder.pid}/root${other.root}/etc/hosts`, this.hostsOf(other.spec.network));
    }
    container.process = this.startProcess(container);
  }

  /** Kills every process this host started, process group by process group; the namespaces go with them. */
  async stop(): Promise<void> {
    const daemons = [...this.containers.values()].flatMap((c) => [c.process, c.netns]);
    await Promise.all([this.forwarder, ...daemons].map((daemon) => daemon?.stop()));
    await this.holder.stop();
  }

  private container(name: string): RunningContainer {
    const container = this.containers.get(name);
    if (!container) throw new Error(`no container ${name}`);
    return container;
  }

  /** Docker's DNS: a container resolves the names of the containers on its network. */
  private hostsOf(network: string): string {
    const peers = [...this.containers.values()].filter((c) => c.spec.network === network);
    return ['127.0.0.1\tlocalhost', '::1\tlocalhost', ...peers.map((c) => `${c.ip}\t${c.spec.name}`)].join('\n') + '\n';
  }

  /** Gives the container's eth0 its address and the bridge as default route. */
  private async address(container: RunningContainer): Promise<void> {
    await this.inNetns(container, ['ip', 'addr', 'add', `${container.ip}/24`, 'dev', 'eth0']);
    await this.inNetns(container, ['ip', 'route', 'add', 'default', 'via', container.gateway]);
  }

  private async inNetns(container: RunningContainer, argv: string[]): Promise<void> {
    await run(['nsenter', '-t', String(container.netns.pid), '-n', '--', ...argv], { check: true });
  }

  private async inHost(argv: string[]): Promise<void> {
    await run(['nsenter', '-t', String(this.holder.pid), '-m', '-n', '--', ...argv], { check: true });
  }

  private async setUp(specs: ContainerSpec[], hostNames: string[]): Promise<void> {
    const hostsFile = join(this.workDir, 'hosts');
    writeFileSync(hostsFile, `127.0.0.1\tlocalhost ${hostNames.join(' ')}\n::1\tlocalhost\n`);
    await this.inHost(['mount', '--bind', hostsFile, '/etc/hosts']);
    await this.inHost(['ip', 'link', 'set', 'lo', 'up']);

    const networks = [...new Set(specs.map((spec) => spec.network))];
    for (const [n] of networks.entries()) {
      await this.inHost(['ip', 'link', 'add', `br${n}`, 'type', 'bridge']);
      await this.inHost(['ip', 'addr', 'add', `172.31.${n}.1/24`, 'dev', `br${n}`]);
      await this.inHost(['ip', 'link', 'set', `br${n}`, 'up']);
    }
    for (const [i, spec] of specs.entries()) {
      const netns = new Daemon(`${spec.name} netns`, ['setpriv', '--pdeathsig', 'KILL', 'nsenter', '-t', String(this.holder.pid), '-m', '--', 'unshare', '--net', 'sleep', 'infinity']);
      const n = networks.indexOf(spec.network);
      this.containers.set(spec.name, { spec, ip: `172.31.${n}.${i + 2}`, gateway: `172.31.${n}.1`, root: rootPath(this.workDir, spec.name), netns });
    }
    this.nextHost = specs.length + 2;

    await Promise.all(
      [...this.containers.values()].map(async (container, i) => {
        const { spec, netns } = container;
        await netns.execed('sleep');
        await this.inHost(['ip', 'link', 'add', `veth${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(netns.pid)]);
        await this.inHost(['ip', 'link', 'set', `veth${i}`, 'master', `br${networks.indexOf(spec.network)}`, 'up']);
        await this.inNetns(container, ['ip', 'link', 'set', 'lo', 'up']);
        await this.inNetns(container, ['ip', 'link', 'set', 'eth0', 'up']);
        await this.address(container);
        for (const [key, value] of Object.entries(spec.sysctls)) await this.inNetns(container, ['sysctl', '-q', '-w', `${key}=${value}`]);
        mkdirSync(container.root, { recursive: true });
        await buildContainerRoot(this.holder.pid, container.root, spec, standInFor(spec.argv[0]), this.hostsOf(spec.network));
      }),
    );

    for (const container of this.containers.values()) container.process = this.startProcess(container);

    const published = [...this.containers.values()].flatMap(({ spec, ip }) => spec.ports.map((p) => `${p.external}=${ip}:${p.internal}`));
    if (published.length > 0) {
      this.forwarder = new Daemon('docker-proxy', ['nsenter', '-t', String(this.holder.pid), '-n', '--', process.execPath, '-r', 'sucrase/register', PORT_FORWARDER, ...published], {
        cwd: REPO_ROOT,
        logFile: join(this.workDir, 'docker-proxy.log'),
      });
      const forwarder = this.forwarder;
      await poll('the port forwarder', 15_000, async () => {
        if (!forwarder.alive) throw new Error(`the port forwarder exited:\n${forwarder.output}`);
        return forwarder.output.includes('ready');
      });
    }
  }

  /**
   * Runs the container's synthesized health check inside it, as Docker does: with the container's
   * user, capabilities and no-new-privileges, killed at its timeout. Exit code 0 is healthy; a check
   * killed at its timeout has code null.
   */
  healthCheck(containerName: string): Promise<RunResult> {
    const container = this.container(containerName);
    const check = container.spec.healthCheck;
    if (!check) throw new Error(`container ${containerName} has no health check`);
    return run(this.asContainer(container, check.command), { env: { PATH }, timeoutMs: check.timeoutMs });
  }

  /** argv that runs `command` in a container's namespaces and root, as its user, with its capabilities only. */
  private asContainer(container: RunningContainer, command: string[]): string[] {
    const { spec } = container;
    const capabilities = ['-all', ...spec.capabilities.map((c) => `+${c.toLowerCase()}`)].join(',');
    const privileges = [
      ...(spec.user ? ['--reuid', String(spec.user.uid), '--regid', String(spec.user.gid), '--clear-groups'] : []),
      '--inh-caps', '-all',
      '--bounding-set', capabilities,
      ...(spec.noNewPrivileges ? ['--no-new-privs'] : []),
      '--pdeathsig', 'KILL',
    ];
    return ['nsenter', '-t', String(container.netns.pid), '-m', '-n', '--', 'chroot', container.root, 'setpriv', ...privileges, '--', ...command];
  }

  /** Starts the container's process: its argv with Debian's binary, as its user, with its capabilities only. */
  private startProcess(container: RunningContainer): Daemon {
    const { spec } = container;
    const argv = [standInFor(spec.argv[0]).binary, ...spec.argv.slice(1)];
    return new Daemon(spec.name, this.asContainer(container, argv), {
      env: { PATH },
      logFile: join(this.workDir, `${spec.name}.log`),
    });
  }
}
