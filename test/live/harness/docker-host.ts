import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildContainerRoot, rootPath } from './container-root';
import { ContainerSpec, networkOwner } from './containers';
import { standInFor } from './image-stand-ins';
import { Daemon, RunOptions, RunResult, poll, run } from './processes';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const REPO_ROOT = resolve(__dirname, '../../..');
const PORT_FORWARDER = join(__dirname, 'port-forwarder.ts');
/** How long a container that runs to completion (a config writer) may take. */
const RUN_TO_COMPLETION_TIMEOUT_MS = 30_000;

interface NetworkNamespace {
  /** The process holding the namespace. */
  readonly holder: Daemon;
  /** Its address on each network it joined, in order; empty for `network_mode = "none"`. */
  readonly addresses: { readonly network: string; readonly ip: string; readonly gateway: string }[];
  /** Docker's DNS as the namespace's containers see it, as an /etc/hosts. */
  hosts: string;
}

interface RunningContainer {
  readonly spec: ContainerSpec;
  /** Its own namespace, or the one of the container it joined. */
  readonly netns: NetworkNamespace;
  root: string;
  process?: Daemon;
}

export interface DockerHostOptions {
  /** Names resolving to the host: on the host itself to 127.0.0.1, in containers to their gateway (as public DNS would). */
  readonly hostNames: string[];
  /** Root filesystem of the nginx/Prometheus line the containers run (`/`: the machine's packages). */
  readonly lineRoot: string;
}

/**
 * A Docker host simulated with Linux namespaces, running containers synthesized as `docker_container`
 * resources with Debian's binaries:
 *
 * - the host: a private mount and network namespace, held by a sleeping process. Its filesystem is
 *   the machine's, except for an /etc/hosts of its own in which `hostNames` resolve to 127.0.0.1;
 * - each Docker network: a bridge in the host's network namespace (172.31.N.0/24, the host at .1);
 * - each container with networks: a network namespace of its own, joined to each network's bridge by
 *   a veth pair (eth0, eth1, ...), with the synthesized sysctls; a container with
 *   `network_mode = "container:<id>"` runs in that container's namespace, as Docker joins it, and sees
 *   its /etc/hosts; `network_mode = "none"` gets a namespace with loopback only;
 * - each named volume: a directory shared by the containers that mount it, owned as the image
 *   directory it is first mounted on (Docker copies that up into a fresh volume);
 * - each container: a root filesystem of its own (see container-root.ts) in which its process runs
 *   with the synthesized user, capabilities and no-new-privileges; containers start in dependency
 *   order, and one that runs to completion (`attach`, a config writer) must exit 0 before its dependents start;
 * - each published port: a userland forwarder on the host, as docker-proxy, to the container's first address.
 */
export class DockerHost {
  private readonly containers = new Map<string, RunningContainer>();
  private forwarder?: Daemon;
  private readonly nextHost = new Map<string, number>();
  private readonly volumes = new Set<string>();
  private replacements = 0;

  private constructor(
    private readonly holder: Daemon,
    readonly workDir: string,
    private readonly options: DockerHostOptions,
  ) {}

  static async start(containers: ContainerSpec[], options: DockerHostOptions, workDir: string): Promise<DockerHost> {
    const holder = new Daemon('docker host', ['setpriv', '--pdeathsig', 'KILL', 'unshare', '--mount', '--net', '--propagation', 'private', 'sleep', 'infinity']);
    const host = new DockerHost(holder, workDir, options);
    try {
      await holder.execed('sleep');
      await host.setUp(containers);
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
    return run(['nsenter', '-t', String(container.netns.holder.pid), '-m', '-n', '--', 'chroot', container.root, ...argv], { env: { PATH }, ...options });
  }

  /**
   * Runs a command of the machine (wrk, ss, openssl) in a container's network namespace, with the
   * Docker host's filesystem: a client beside the processes of a pod, on its loopback.
   */
  execInNetns(containerName: string, argv: string[], options?: RunOptions): Promise<RunResult> {
    return run(['nsenter', '-t', String(this.container(containerName).netns.holder.pid), '-m', '-n', '--', ...argv], options);
  }

  /** Starts a long-running command on the Docker host (a client holding connections); its output is the Daemon's. */
  spawn(name: string, argv: string[]): Daemon {
    // The network namespace only, as the port forwarder runs: the repository's modules resolve from the cwd.
    return new Daemon(name, ['nsenter', '-t', String(this.holder.pid), '-n', '--', ...argv], {
      cwd: REPO_ROOT,
      logFile: join(this.workDir, `${name}.log`),
    });
  }

  /** The host directory holding a named volume's files: what a container mounting it sees. */
  volumeDirectory(name: string): string {
    return join(this.workDir, 'volumes', name);
  }

  /** Throws with the container's output when its process has exited. */
  async assertRunning(containerName: string): Promise<void> {
    const process = this.container(containerName).process;
    if (process && !process.alive) throw new Error(`container ${containerName} exited (${await process.exited}):\n${process.output}`);
  }

  /** The container's (or its network namespace owner's) address on its first network. */
  ipOf(containerName: string): string {
    const address = this.container(containerName).netns.addresses[0];
    if (!address) throw new Error(`container ${containerName} has no network address`);
    return address.ip;
  }

  /** Every address of the container's network namespace, one per network. */
  addressesOf(containerName: string): string[] {
    return this.container(containerName).netns.addresses.map((a) => a.ip);
  }

  /** The pid of the container's process (in the host's pid namespace): it changes only when the process restarts. */
  pidOf(containerName: string): number {
    const process = this.container(containerName).process;
    if (!process?.alive) throw new Error(`container ${containerName} is not running`);
    return process.pid;
  }

  /** The container's output so far. */
  logsOf(containerName: string): string {
    return this.container(containerName).process?.output ?? '';
  }

  /**
   * Replaces a container the way Terraform replaces a `docker_container`: its process stops, and the
   * container comes back from `spec` (by default its own) with a fresh root filesystem, in the same
   * network namespace, with its volumes. What runs beside it is left alone.
   */
  async replace(containerName: string, spec?: ContainerSpec): Promise<void> {
    const container = this.container(containerName);
    if (spec !== undefined && spec.name !== containerName) throw new Error(`a replacement of ${containerName} must keep its name`);
    await container.process?.stop();
    const replacement: RunningContainer = { spec: spec ?? container.spec, netns: container.netns, root: `${container.root}-${++this.replacements}` };
    this.containers.set(containerName, replacement);
    mkdirSync(replacement.root, { recursive: true });
    await this.createAndStart(replacement);
  }

  /** Sends a signal to the container's process (SIGHUP: Prometheus reloads its config). */
  async signal(containerName: string, signal: NodeJS.Signals): Promise<void> {
    process.kill(this.pidOf(containerName), signal);
  }

  /** Kills every process this host started, process group by process group; the namespaces go with them. */
  async stop(): Promise<void> {
    const running = [...this.containers.values()];
    await Promise.all([this.forwarder, ...running.map((c) => c.process)].map((daemon) => daemon?.stop()));
    await Promise.all([...new Set(running.map((c) => c.netns.holder))].map((holder) => holder.stop()));
    await this.holder.stop();
  }

  private container(name: string): RunningContainer {
    const container = this.containers.get(name);
    if (!container) throw new Error(`no container ${name}`);
    return container;
  }

  private async inHost(argv: string[]): Promise<void> {
    await run(['nsenter', '-t', String(this.holder.pid), '-m', '-n', '--', ...argv], { check: true });
  }

  private async inNetns(netns: NetworkNamespace, argv: string[]): Promise<void> {
    await run(['nsenter', '-t', String(netns.holder.pid), '-n', '--', ...argv], { check: true });
  }

  private async setUp(specs: ContainerSpec[]): Promise<void> {
    const hostsFile = join(this.workDir, 'hosts');
    writeFileSync(hostsFile, `127.0.0.1\tlocalhost ${this.options.hostNames.join(' ')}\n::1\tlocalhost\n`);
    await this.inHost(['mount', '--bind', hostsFile, '/etc/hosts']);
    await this.inHost(['ip', 'link', 'set', 'lo', 'up']);

    const networks = [...new Set(specs.flatMap((spec) => spec.networks.map((n) => n.name)))];
    for (const [n, network] of networks.entries()) {
      await this.inHost(['ip', 'link', 'add', `br${n}`, 'type', 'bridge']);
      await this.inHost(['ip', 'addr', 'add', `172.31.${n}.1/24`, 'dev', `br${n}`]);
      await this.inHost(['ip', 'link', 'set', `br${n}`, 'up']);
      this.nextHost.set(network, 2);
    }
    this.createVolumes(specs);

    // Network namespaces first, all of them: /etc/hosts lists every container on each network.
    const namespaces = new Map<string, NetworkNamespace>();
    let veth = 0;
    for (const spec of specs.filter((s) => s.networkMode === undefined || s.networkMode === 'none')) {
      const holder = new Daemon(`${spec.name} netns`, ['setpriv', '--pdeathsig', 'KILL', 'nsenter', '-t', String(this.holder.pid), '-m', '--', 'unshare', '--net', 'sleep', 'infinity']);
      const addresses = spec.networks.map(({ name }) => {
        const n = networks.indexOf(name);
        const host = this.nextHost.get(name)!;
        this.nextHost.set(name, host + 1);
        return { network: name, ip: `172.31.${n}.${host}`, gateway: `172.31.${n}.1` };
      });
      const netns: NetworkNamespace = { holder, addresses, hosts: '' };
      namespaces.set(spec.name, netns);
      await holder.execed('sleep');
      await this.inNetns(netns, ['ip', 'link', 'set', 'lo', 'up']);
      for (const [i, address] of addresses.entries()) {
        const name = `veth${veth++}`;
        await this.inHost(['ip', 'link', 'add', name, 'type', 'veth', 'peer', 'name', `eth${i}`, 'netns', String(holder.pid)]);
        await this.inHost(['ip', 'link', 'set', name, 'master', `br${networks.indexOf(address.network)}`, 'up']);
        await this.inNetns(netns, ['ip', 'link', 'set', `eth${i}`, 'up']);
        await this.inNetns(netns, ['ip', 'addr', 'add', `${address.ip}/24`, 'dev', `eth${i}`]);
      }
      if (addresses.length > 0) await this.inNetns(netns, ['ip', 'route', 'add', 'default', 'via', addresses[0].gateway]);
      for (const [key, value] of Object.entries(spec.sysctls)) await this.inNetns(netns, ['sysctl', '-q', '-w', `${key}=${value}`]);
    }
    for (const netns of namespaces.values()) netns.hosts = this.hostsOf(netns, specs, namespaces);

    for (const spec of specs) {
      const netns = namespaces.get(networkOwner(specs, spec).name)!;
      const container: RunningContainer = { spec, netns, root: rootPath(this.workDir, spec.name) };
      this.containers.set(spec.name, container);
      mkdirSync(container.root, { recursive: true });
    }
    // In dependency order, as Terraform creates them: a container whose dependencies are up starts at once.
    const started = new Map<string, Promise<void>>();
    const start = (spec: ContainerSpec): Promise<void> => {
      if (!started.has(spec.id)) {
        const dependencies = spec.dependsOn.map((id) => specs.find((s) => s.id === id)!).map(start);
        started.set(spec.id, Promise.all(dependencies).then(() => this.createAndStart(this.container(spec.name))));
      }
      return started.get(spec.id)!;
    };
    await Promise.all(specs.map(start));

    const published = [...this.containers.values()].flatMap(({ spec, netns }) => spec.ports.map((p) => `${p.external}=${netns.addresses[0].ip}:${p.internal}`));
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
   * Docker's DNS for a namespace: every container with an address on one of its networks, by name and
   * alias; and the public names of the host (the instances' domains), at the gateway, as public DNS
   * would point them at the host's published ports.
   */
  private hostsOf(netns: NetworkNamespace, specs: ContainerSpec[], namespaces: Map<string, NetworkNamespace>): string {
    const lines = ['127.0.0.1\tlocalhost', '::1\tlocalhost'];
    for (const { network } of netns.addresses) {
      for (const spec of specs) {
        const peer = namespaces.get(spec.name);
        const address = peer?.addresses.find((a) => a.network === network);
        const aliases = spec.networks.find((n) => n.name === network)?.aliases ?? [];
        if (address) lines.push(`${address.ip}\t${[spec.name, ...aliases].join(' ')}`);
      }
    }
    if (netns.addresses.length > 0 && this.options.hostNames.length > 0) lines.push(`${netns.addresses[0].gateway}\t${this.options.hostNames.join(' ')}`);
    return `${lines.join('\n')}\n`;
  }

  /** One directory per named volume; a fresh volume takes the owner of the image directory it is first mounted on. */
  private createVolumes(specs: ContainerSpec[]): void {
    for (const spec of specs) {
      for (const volume of spec.volumes) {
        if (this.volumes.has(volume.name)) continue;
        this.volumes.add(volume.name);
        const directory = this.volumeDirectory(volume.name);
        mkdirSync(directory, { recursive: true, mode: 0o755 });
        const image = standInFor(spec.argv[0]).imageDirectories.find((d) => d.path === volume.path);
        chownSync(directory, image?.uid ?? 0, image?.gid ?? 0);
      }
    }
  }

  /** Builds the container's root and starts its process; one that runs to completion must exit 0. */
  private async createAndStart(container: RunningContainer): Promise<void> {
    const { spec } = container;
    await buildContainerRoot(this.holder.pid, container.root, spec, standInFor(spec.argv[0]), container.netns.hosts, {
      line: this.options.lineRoot,
      volumeDirectory: (name) => this.volumeDirectory(name),
    });
    container.process = this.startProcess(container);
    if (spec.runsToCompletion) {
      const process = container.process;
      const code = await Promise.race([
        process.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve('a timeout'), RUN_TO_COMPLETION_TIMEOUT_MS)),
      ]);
      if (code !== 'exit code 0') throw new Error(`container ${spec.name} ran to ${code}, and Terraform's postcondition wants exit code 0:\n${process.output}`);
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
    return ['nsenter', '-t', String(container.netns.holder.pid), '-m', '-n', '--', 'chroot', container.root, 'setpriv', ...privileges, '--', ...command];
  }

  /** Starts the container's process: its argv with Debian's binary, as its user, with its capabilities only. */
  private startProcess(container: RunningContainer): Daemon {
    const { spec } = container;
    const standIn = standInFor(spec.argv[0]);
    const argv = [standIn.binary, ...standIn.prefix, ...spec.argv.slice(1)];
    return new Daemon(spec.name, this.asContainer(container, argv), {
      env: { PATH },
      logFile: join(this.workDir, `${spec.name}.log`),
    });
  }
}
