import { Engine, EngineError, demultiplex } from './client';
import { hostAddress } from './host-view';
import { recordCreated } from './janitor';
import { Attributes, CreateError, ResourceProvider, ResourceState } from './plan';
import { tar } from './tar';

/**
 * What kreuzwerker/docker 3.6.2 sends to the Engine API for the resources the construct declares,
 * played here because the provider's binary cannot be installed. Each step names the provider
 * function it follows (internal/provider/resource_docker_*_funcs.go at tag v3.6.2); the notes the
 * steps were read from are summarised in test/live/README.md.
 *
 * Left out, on purpose: registry pulls (none is reachable: an image that is not local is an error,
 * as a failed pull is), the provider's fixed 2 s delays around network and volume reads and deletes
 * (latency only), and attributes the construct never sets (an attribute the harness does not model
 * is an error, never silently dropped).
 */

type Block = Record<string, unknown>;

/** A block or list of blocks as Terraform's JSON syntax allows either (cdktf writes a single block as an object). */
const list = <T = Block>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : value !== undefined && value !== null ? [value as T] : []);
const MIB = 1024 * 1024;

/** Attributes of docker_container that a change replaces (schema ForceNew); the rest are updated or only local. */
const CONTAINER_NOT_FORCE_NEW = new Set([
  'rm', 'start', 'wait', 'wait_timeout', 'attach', 'logs', 'must_run', 'remove_volumes', 'destroy_grace_seconds',
  'container_read_refresh_timeout_milliseconds', 'restart', 'max_retry_count', 'memory', 'memory_swap', 'cpu_shares',
  'cpu_set', 'tmpfs', 'healthcheck', 'init', 'cpu_period', 'cpu_quota',
]);

/** What `resourceDockerContainerUpdate` sends through ContainerUpdate when one of them changes. */
const CONTAINER_UPDATED = ['restart', 'max_retry_count', 'cpu_shares', 'memory', 'cpu_set', 'memory_swap'];

/** Attributes of docker_container the harness knows how to send; anything else in a stack is refused. */
const CONTAINER_MODELLED = new Set([
  'name', 'image', 'entrypoint', 'command', 'user', 'env', 'labels', 'capabilities', 'security_opts', 'read_only', 'restart',
  'max_retry_count', 'memory', 'memory_swap', 'log_driver', 'log_opts', 'network_mode', 'networks_advanced', 'ports', 'volumes',
  'mounts', 'tmpfs', 'sysctls', 'healthcheck', 'stop_signal', 'stop_timeout', 'destroy_grace_seconds', 'upload', 'attach',
  'must_run', 'logs', 'wait', 'wait_timeout', 'start', 'host', 'working_dir', 'hostname', 'pid_mode', 'init', 'group_add',
]);

/** `time.ParseDuration` for the forms a construct writes (`10s`, `1m0s`, `500ms`), in nanoseconds. */
export function goDurationNanos(text: string): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  if (text === '0') return 0;
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!match) throw new Error(`not a Go duration: ${text}`);
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

/** Go's `Duration.String()`, which the provider's Read writes back for health check durations. */
export function goDurationString(nanos: number): string {
  if (nanos === 0) return '0s';
  const parts: string[] = [];
  let rest = nanos / 1e9;
  const hours = Math.floor(rest / 3600);
  if (hours > 0) parts.push(`${hours}h`);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  if (hours > 0 || minutes > 0) parts.push(`${minutes}m`);
  rest -= minutes * 60;
  parts.push(`${Number(rest.toFixed(9))}s`);
  return parts.join('');
}

/** The docker client's `normalizeCapabilities`: upper case, `CAP_` prefix (not for ALL), no duplicates, sorted. */
function normalizeCapabilities(capabilities: string[]): string[] | null {
  const normalized = [...new Set(capabilities.map((c) => c.toUpperCase()).map((c) => (c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`)))].sort();
  return normalized.length > 0 ? normalized : null;
}

interface InspectedContainer {
  Id: string;
  Name: string;
  Image: string;
  State: { Running: boolean; Status: string; ExitCode: number; Pid: number; StartedAt: string; FinishedAt: string; Error: string; Health?: { Status: string } };
  Config: { Image: string; Entrypoint: string[] | null; Cmd: string[] | null; User: string; Healthcheck?: { Test: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number }; StopSignal?: string; StopTimeout?: number; WorkingDir: string; Hostname: string };
  HostConfig: {
    CapAdd: string[] | null; CapDrop: string[] | null; SecurityOpt: string[] | null; ReadonlyRootfs: boolean; RestartPolicy: { Name: string; MaximumRetryCount: number };
    Memory: number; MemorySwap: number; LogConfig: { Type: string; Config: Record<string, string> }; NetworkMode: string; Init: boolean | null;
    Sysctls: Record<string, string> | null; Mounts: { Type: string; Target: string; TmpfsOptions?: { SizeBytes?: number; Mode?: number } }[] | null;
    ExtraHosts: string[] | null; PidMode: string; GroupAdd: string[] | null;
  };
  NetworkSettings: { Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null; Networks: Record<string, { IPAddress: string; Aliases: string[] | null }> };
}

export class DockerProvider implements ResourceProvider {
  /** When the last container start of this provider process happened (`creationTime`, a package global in the provider). */
  private creationTime = 0;

  constructor(readonly engine: Engine) {}

  forcesNew(type: string, attribute: string): boolean {
    if (type === 'docker_container') return !CONTAINER_NOT_FORCE_NEW.has(attribute);
    // docker_image: all but keep_locally, force_remove and build; networks and volumes: everything.
    if (type === 'docker_image') return !['keep_locally', 'force_remove', 'build'].includes(attribute);
    return true;
  }

  drift(type: string, state: ResourceState, configured: Attributes): string[] {
    if (type !== 'docker_container') return [];
    const read = state.computed.readBack as Attributes | undefined;
    if (read === undefined) return [];
    const normalized = stateFormOf(configured);
    // Read writes back the image id when the configuration names one by id, its name otherwise.
    const image = String(configured.image ?? '').startsWith('sha256:') ? read.image : read.image_name;
    return Object.keys(normalized).filter((name) => name in read && !sameValue(name, normalized[name], name === 'image' ? image : read[name]));
  }

  async create(type: string, _name: string, configured: Attributes): Promise<Attributes> {
    switch (type) {
      case 'docker_network':
        return this.createNetwork(configured);
      case 'docker_volume':
        return this.createVolume(configured);
      case 'docker_image':
        return this.createImage(configured);
      case 'docker_container':
        return this.createContainer(configured);
      default:
        throw new Error(`the harness does not play ${type}`);
    }
  }

  async read(type: string, state: ResourceState): Promise<Attributes | undefined> {
    switch (type) {
      case 'docker_network':
        // resourceDockerNetworkRead: any inspect error counts as gone.
        return (await this.engine.request('GET', `/networks/${state.computed.id}`)).status === 200 ? state.computed : undefined;
      case 'docker_volume':
        return (await this.engine.find(`/volumes/${state.computed.id}`)) === undefined ? undefined : state.computed;
      case 'docker_image': {
        const found = await this.findImage(String(state.configured.name));
        return found === undefined ? undefined : { ...state.computed, image_id: found };
      }
      case 'docker_container':
        return this.readContainer(state.configured, String(state.computed.id), false);
      default:
        throw new Error(`the harness does not play ${type}`);
    }
  }

  async update(type: string, state: ResourceState, configured: Attributes): Promise<Attributes> {
    if (type !== 'docker_container') return state.computed;
    // resourceDockerContainerUpdate: one ContainerUpdate when any of these changed, no Read after.
    if (CONTAINER_UPDATED.some((name) => JSON.stringify(configured[name]) !== JSON.stringify(state.configured[name]))) {
      const swap = Number(configured.memory_swap ?? 0);
      await this.engine.call('POST', `/containers/${state.computed.id}/update`, {
        body: {
          RestartPolicy: { Name: String(configured.restart ?? 'no'), MaximumRetryCount: Number(configured.max_retry_count ?? 0) },
          CPUShares: Number(configured.cpu_shares ?? 0),
          Memory: Number(configured.memory ?? 0) * MIB,
          CpusetCpus: String(configured.cpu_set ?? ''),
          ...(swap !== 0 ? { MemorySwap: swap > 0 ? swap * MIB : swap } : {}),
        },
      });
    }
    return state.computed;
  }

  async delete(type: string, state: ResourceState): Promise<void> {
    const id = String(state.computed.id);
    switch (type) {
      case 'docker_network':
        // resourceDockerNetworkDelete: retried while endpoints are still attached.
        for (let attempt = 0; ; attempt++) {
          const response = await this.engine.request('DELETE', `/networks/${id}`);
          if (response.status < 300 || response.status === 404) return;
          if (!response.body.toString().includes('has active endpoints') || attempt > 30) throw new EngineError(response.status, 'DELETE', `/networks/${id}`, response.body.toString());
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      case 'docker_volume':
        for (let attempt = 0; ; attempt++) {
          const response = await this.engine.request('DELETE', `/volumes/${id}`, { query: { force: 1 } });
          if (response.status < 300) return;
          if (!response.body.toString().includes('volume is in use') || attempt > 30) throw new EngineError(response.status, 'DELETE', `/volumes/${id}`, response.body.toString());
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      case 'docker_image':
        // resourceDockerImageDelete: nothing with keep_locally; by name otherwise.
        if (state.configured.keep_locally === true) return;
        if ((await this.findImage(String(state.configured.name))) !== undefined) {
          await this.engine.call('DELETE', `/images/${encodeURIComponent(String(state.configured.name))}`, { query: { noprune: 1, force: state.configured.force_remove === true ? 1 : undefined } });
        }
        return;
      case 'docker_container':
        return this.deleteContainer(state.configured, id);
      default:
        throw new Error(`the harness does not play ${type}`);
    }
  }

  // --- docker_network, docker_volume, docker_image -------------------------------------------------

  /** resourceDockerNetworkCreate: IPAM always sent, with the default driver. */
  private async createNetwork(configured: Attributes): Promise<Attributes> {
    const created = await this.engine.call<{ Id: string }>('POST', '/networks/create', {
      body: {
        Name: configured.name,
        ...(configured.driver ? { Driver: configured.driver } : {}),
        ...(configured.internal === true ? { Internal: true } : {}),
        ...(configured.attachable === true ? { Attachable: true } : {}),
        ...(configured.options ? { Options: configured.options } : {}),
        IPAM: { Driver: String(configured.ipam_driver ?? 'default') },
        ...(configured.labels ? { Labels: Object.fromEntries(list<{ label: string; value: string }>(configured.labels).map((l) => [l.label, l.value])) } : {}),
      },
    });
    recordCreated('network', created.Id, this.engine.socketPath);
    return { id: created.Id, name: configured.name };
  }

  /** resourceDockerVolumeCreate: the volume's name is its id. */
  private async createVolume(configured: Attributes): Promise<Attributes> {
    const created = await this.engine.call<{ Name: string }>('POST', '/volumes/create', {
      body: { Name: configured.name, ...(configured.driver ? { Driver: configured.driver } : {}) },
    });
    recordCreated('volume', created.Name, this.engine.socketPath);
    return { id: created.Name, name: created.Name };
  }

  /** findImage: the local image list's Id for `name`, or undefined (searchLocalImages). */
  private async findImage(name: string): Promise<string | undefined> {
    const inspected = await this.engine.find<{ Id: string }>(`/images/${encodeURIComponent(name)}/json`);
    if (inspected === undefined) return undefined;
    const images = await this.engine.call<{ Id: string }[]>('GET', '/images/json');
    return images.some((image) => image.Id === inspected.Id) ? inspected.Id : undefined;
  }

  /** resourceDockerImageCreate: no pull when the image is local (and no registry is reachable here). */
  private async createImage(configured: Attributes): Promise<Attributes> {
    const name = String(configured.name);
    const id = await this.findImage(name);
    if (id === undefined) throw new Error(`docker_image: unable to find or pull image ${name} (the live suite builds its stand-ins: images.ts)`);
    return { id: `${id}${name}`, image_id: id };
  }

  // --- docker_container ----------------------------------------------------------------------------

  /** The ContainerCreate body as resourceDockerContainerCreate builds container.Config and HostConfig. */
  private createBody(configured: Attributes): Block {
    const unmodelled = Object.keys(configured).filter((name) => !CONTAINER_MODELLED.has(name));
    if (unmodelled.length > 0) throw new Error(`docker_container ${configured.name}: the harness does not model ${unmodelled.join(', ')}`);
    const ports = list<{ internal: number; external?: number; ip?: string; protocol?: string }>(configured.ports);
    const exposed = Object.fromEntries(ports.map((p) => [`${p.internal}/${p.protocol ?? 'tcp'}`, {}]));
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const port of ports) {
      const key = `${port.internal}/${port.protocol ?? 'tcp'}`;
      // The one deviation (host-view.ts): the provider's default address 0.0.0.0 becomes this worker's.
      const ip = port.ip ?? '0.0.0.0';
      (bindings[key] ??= []).push({ HostIp: ip === '0.0.0.0' ? hostAddress() : ip, HostPort: String(port.external ?? 0) });
    }
    const volumes = list<{ volume_name?: string; host_path?: string; container_path: string; read_only?: boolean }>(configured.volumes);
    const capabilities = list<{ add?: string[]; drop?: string[] }>(configured.capabilities)[0] ?? {};
    const healthcheck = list<{ test: string[]; interval?: string; timeout?: string; start_period?: string; retries?: number }>(configured.healthcheck)[0];
    const memorySwap = Number(configured.memory_swap ?? 0);
    const command = configured.command as string[] | undefined;
    if (command?.some((arg) => arg === '')) throw new Error('values for command may not be empty');
    const entrypoint = configured.entrypoint as string[] | undefined;
    return {
      Image: configured.image,
      Hostname: String(configured.hostname ?? ''),
      Domainname: '',
      Tty: false,
      OpenStdin: false,
      ...(configured.stop_signal ? { StopSignal: configured.stop_signal } : {}),
      ...(configured.stop_timeout ? { StopTimeout: Number(configured.stop_timeout) } : {}),
      ...(configured.env ? { Env: configured.env } : {}),
      Cmd: command && command.length > 0 ? command : null,
      Entrypoint: entrypoint && entrypoint.length > 0 ? entrypoint : null,
      ...(configured.user ? { User: configured.user } : {}),
      ...(configured.working_dir ? { WorkingDir: configured.working_dir } : {}),
      ExposedPorts: exposed,
      Volumes: Object.fromEntries(volumes.map((v) => [v.container_path, {}])),
      Labels: Object.fromEntries(list<{ label: string; value: string }>(configured.labels).map((l) => [l.label, l.value])),
      ...(healthcheck
        ? {
            Healthcheck: {
              Test: healthcheck.test,
              ...(goDurationNanos(healthcheck.interval ?? '0s') ? { Interval: goDurationNanos(healthcheck.interval ?? '0s') } : {}),
              ...(goDurationNanos(healthcheck.timeout ?? '0s') ? { Timeout: goDurationNanos(healthcheck.timeout ?? '0s') } : {}),
              ...(goDurationNanos(healthcheck.start_period ?? '0s') ? { StartPeriod: goDurationNanos(healthcheck.start_period ?? '0s') } : {}),
              ...(healthcheck.retries ? { Retries: healthcheck.retries } : {}),
            },
          }
        : {}),
      HostConfig: {
        Privileged: false,
        PublishAllPorts: false,
        RestartPolicy: { Name: String(configured.restart ?? 'no'), MaximumRetryCount: Number(configured.max_retry_count ?? 0) },
        Mounts: list<{ type: string; target: string; tmpfs_options?: { size_bytes?: number; mode?: number }[] | { size_bytes?: number; mode?: number } }>(configured.mounts).map((m) => {
          if (m.type !== 'tmpfs') throw new Error(`docker_container ${configured.name}: the harness models tmpfs mounts only`);
          const options = (Array.isArray(m.tmpfs_options) ? m.tmpfs_options[0] : m.tmpfs_options) ?? {};
          return { Type: 'tmpfs', Target: m.target, TmpfsOptions: { ...(options.size_bytes ? { SizeBytes: options.size_bytes } : {}), ...(options.mode ? { Mode: options.mode } : {}) } };
        }),
        ReadonlyRootfs: configured.read_only === true,
        LogConfig: { Type: String(configured.log_driver ?? ''), ...(configured.log_opts ? { Config: configured.log_opts } : {}) },
        ...(configured.tmpfs ? { Tmpfs: configured.tmpfs } : {}),
        PortBindings: bindings,
        ExtraHosts: list<{ host: string; ip: string }>(configured.host).map((h) => `${h.host}:${h.ip}`),
        // volume_name wins over host_path (volumeSetToDockerVolumes).
        Binds: volumes.map((v) => `${v.volume_name || v.host_path}:${v.container_path}:${v.read_only === true ? 'ro' : 'rw'}`),
        CapAdd: normalizeCapabilities(capabilities.add ?? []),
        CapDrop: normalizeCapabilities(capabilities.drop ?? []),
        ...(configured.security_opts ? { SecurityOpt: configured.security_opts } : {}),
        ...(configured.memory ? { Memory: Number(configured.memory) * MIB } : {}),
        ...(memorySwap !== 0 ? { MemorySwap: memorySwap > 0 ? memorySwap * MIB : memorySwap } : {}),
        NetworkMode: String(configured.network_mode ?? 'bridge'),
        ...(configured.pid_mode ? { PidMode: configured.pid_mode } : {}),
        ...(configured.sysctls ? { Sysctls: configured.sysctls } : {}),
        ...(configured.group_add ? { GroupAdd: configured.group_add } : {}),
        // Always sent, false unless set: the daemon's own default never applies.
        Init: configured.init === true,
      },
      NetworkingConfig: { EndpointsConfig: null },
    };
  }

  /** resourceDockerContainerCreate, in its order: create, networks, uploads, start, wait, attach, Read. */
  private async createContainer(configured: Attributes): Promise<Attributes> {
    const name = String(configured.name);
    const created = await this.engine.call<{ Id: string }>('POST', '/containers/create', { query: { name }, body: this.createBody(configured) });
    const id = created.Id;
    recordCreated('container', id, this.engine.socketPath);
    try {
      return await this.afterCreate(configured, id);
    } catch (error) {
      // resourceDockerContainerCreate has set the id: Terraform keeps the container, tainted.
      throw new CreateError((error as Error).message, { id });
    }
  }

  /** What resourceDockerContainerCreate does once the container exists. */
  private async afterCreate(configured: Attributes, id: string): Promise<Attributes> {
    const name = String(configured.name);
    const networks = list<{ name: string; aliases?: string[]; ipv4_address?: string }>(configured.networks_advanced);
    if (networks.length > 0) {
      const disconnect = await this.engine.request('POST', '/networks/bridge/disconnect', { body: { Container: id, Force: false } });
      if (disconnect.status >= 300 && !disconnect.body.toString().includes('is not connected to the network bridge')) {
        throw new Error(`Unable to disconnect the default network: ${disconnect.body.toString()}`);
      }
      for (const network of networks) {
        await this.engine.call('POST', `/networks/${encodeURIComponent(network.name)}/connect`, {
          body: { Container: id, EndpointConfig: { IPAMConfig: network.ipv4_address ? { IPv4Address: network.ipv4_address } : {}, Aliases: network.aliases ?? [] } },
        });
      }
    }
    // One tar with one entry per upload block, extracted at / (CopyToContainer).
    for (const upload of list<{ file: string; content?: string; content_base64?: string; permissions?: string; executable?: boolean }>(configured.upload)) {
      const content = upload.content_base64 !== undefined ? Buffer.from(upload.content_base64, 'base64') : Buffer.from(upload.content ?? '', 'utf8');
      const mode = upload.permissions !== undefined ? parseInt(upload.permissions, 8) : upload.executable ? 0o744 : 0o644;
      await this.engine.call('PUT', `/containers/${id}/archive`, {
        query: { noOverwriteDirNonDir: 'true', path: '/' },
        body: tar([{ path: upload.file, content, mode, mtime: Math.floor(Date.now() / 1000) }]),
        contentType: 'text/plain',
      });
    }
    if (configured.start !== false) {
      this.creationTime = Date.now();
      await this.engine.call('POST', `/containers/${id}/start`).catch((error: Error) => {
        throw new Error(`Unable to start container: ${error.message}`, { cause: error });
      });
      if (configured.wait === true) await this.waitHealthy(id, Number(configured.wait_timeout ?? 60));
    }
    let logs: string | undefined;
    if (configured.attach === true) {
      await this.engine.call('POST', `/containers/${id}/wait`, { query: { condition: 'not-running' }, timeoutMs: 300_000 });
      if (configured.logs === true) logs = demultiplex(await this.engine.call<Buffer>('GET', `/containers/${id}/logs`, { query: { stdout: 1, stderr: 1 } })).stdout;
    }
    const read = await this.readContainer(configured, id, true);
    if (read === undefined) throw new Error(`docker_container ${name}: gone right after create`);
    return { ...read, ...(logs === undefined ? {} : { container_logs: logs }) };
  }

  /** The `wait` loop: inspect every second until healthy; `unhealthy` does not end it early. */
  private async waitHealthy(id: string, timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const inspected = await this.engine.call<InspectedContainer>('GET', `/containers/${id}/json`);
      if (inspected.State.Health === undefined) {
        throw new Error("you have supplied a 'wait' argument, but the container does not have a healthcheck defined");
      }
      if (inspected.State.Health.Status === 'healthy') return;
      if (Date.now() > deadline) throw new Error('container failed to be in healthy state');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  /**
   * resourceDockerContainerRead: the container by its exact id in the list of all containers (gone:
   * dropped from the state); a stopped container with `must_run` is deleted by the provider itself;
   * `exit_code` only when it is not running.
   */
  private async readContainer(configured: Attributes, id: string, afterCreate: boolean): Promise<Attributes | undefined> {
    const all = await this.engine.call<{ Id: string }[]>('GET', '/containers/json', { query: { all: 1 } });
    if (!all.some((container) => container.Id === id)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const inspected = await this.engine.call<InspectedContainer>('GET', `/containers/${id}/json`);
    const mustRun = configured.must_run !== false;
    if (!inspected.State.Running && mustRun) {
      await this.deleteContainer(configured, id);
      if (!afterCreate || this.creationTime === 0) return undefined;
      const exitedImmediately = Date.parse(inspected.State.FinishedAt) > this.creationTime;
      throw new Error(exitedImmediately ? 'container exited immediately' : 'container failed to be in running state');
    }
    return {
      id,
      ...(inspected.State.Running ? {} : { exit_code: inspected.State.ExitCode }),
      readBack: readBack(inspected),
    };
  }

  /** resourceDockerContainerDelete: stop (unless attach) with destroy_grace_seconds, then a forced remove, then wait. */
  private async deleteContainer(configured: Attributes, id: string): Promise<void> {
    if (configured.attach !== true) {
      const t = Number(configured.destroy_grace_seconds ?? 0);
      await this.engine.call('POST', `/containers/${id}/stop`, { query: { t: t > 0 ? t : 0 }, timeoutMs: (t + 30) * 1000 }).catch((error: Error) => {
        throw new Error(`Error stopping container ${id}: ${error.message}`, { cause: error });
      });
    }
    const removed = await this.engine.request('DELETE', `/containers/${id}`, { query: { force: 1, v: configured.remove_volumes === false ? 0 : 1 } });
    const text = removed.body.toString();
    if (removed.status >= 300 && !text.includes('No such container') && !text.includes('is already in progress')) {
      throw new Error(`Error deleting container ${id}: ${text}`);
    }
    const waited = await this.engine.request('POST', `/containers/${id}/wait`, { query: { condition: 'not-running' } });
    if (waited.status >= 300 && !waited.body.toString().includes('No such container')) throw new Error(`Error waiting for container removal: ${waited.body.toString()}`);
  }
}

/** Set-typed attributes (schema.TypeSet): Terraform compares them regardless of order. */
const SET_ATTRIBUTES = new Set(['security_opts', 'capabilities', 'mounts']);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

function sameValue(name: string, configured: unknown, read: unknown): boolean {
  const a = canonical(configured);
  const b = canonical(read);
  if (SET_ATTRIBUTES.has(name) && Array.isArray(a) && Array.isArray(b)) {
    const sort = (items: unknown[]) => items.map((item) => JSON.stringify(Array.isArray(item) ? [...item].sort() : item)).sort();
    return JSON.stringify(sort(a)) === JSON.stringify(sort(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The configured attributes the provider reads back, in the state's form: the schema's defaults of
 * nested fields filled in (a port's ip and protocol, a health check's zero durations), blocks as
 * lists. Attributes left unset in the configuration are Optional+Computed: no diff.
 */
function stateFormOf(configured: Attributes): Attributes {
  const asList = (value: unknown): Block[] => (Array.isArray(value) ? (value as Block[]) : value === undefined ? [] : [value as Block]);
  const form: Attributes = {};
  for (const [name, value] of Object.entries(configured)) {
    switch (name) {
      case 'ports':
        form.ports = asList(value)
          .map((p) => ({ internal: Number(p.internal), external: Number(p.external ?? 0), ip: p.ip ?? '0.0.0.0', protocol: p.protocol ?? 'tcp' }))
          .sort((a, b) => a.internal - b.internal);
        break;
      case 'capabilities':
        form.capabilities = asList(value).map((c) => ({ add: (c.add as string[] | undefined) ?? [], drop: (c.drop as string[] | undefined) ?? [] }));
        break;
      case 'mounts':
        form.mounts = asList(value).map((m) => ({
          type: m.type,
          target: m.target,
          tmpfs_options: asList(m.tmpfs_options).map((o) => ({ size_bytes: Number(o.size_bytes ?? 0), mode: Number(o.mode ?? 0) })),
        }));
        break;
      case 'healthcheck':
        form.healthcheck = asList(value).map((h) => ({
          test: h.test,
          interval: h.interval ?? '0s',
          timeout: h.timeout ?? '0s',
          start_period: h.start_period ?? '0s',
          retries: Number(h.retries ?? 0),
        }));
        break;
      case 'name':
      case 'image':
      case 'entrypoint':
      case 'command':
      case 'user':
      case 'read_only':
      case 'restart':
      case 'security_opts':
      case 'memory':
      case 'memory_swap':
      case 'log_driver':
      case 'log_opts':
      case 'network_mode':
      case 'sysctls':
      case 'stop_timeout':
        form[name] = value;
        break;
      default:
        break;
    }
  }
  return form;
}

/**
 * What Read writes back into the state from an inspect, in the provider's format, for the attributes
 * the construct sets: a configuration written in another format than this shows as a change on every
 * plan (drift), which the plan then reports.
 */
function readBack(inspected: InspectedContainer): Attributes {
  const host = inspected.HostConfig;
  const config = inspected.Config;
  const ports = Object.entries(inspected.NetworkSettings.Ports ?? {})
    .flatMap(([key, bindings]) => (bindings ?? []).map((b) => ({ key, ...b })))
    .map(({ key, HostIp, HostPort }) => {
      const [internal, protocol] = key.split('/');
      return { internal: Number(internal), external: Number(HostPort), ip: HostIp === hostAddress() ? '0.0.0.0' : HostIp, protocol };
    })
    .sort((a, b) => a.internal - b.internal);
  const health = config.Healthcheck;
  return {
    name: inspected.Name.replace(/^\//, ''),
    image: inspected.Image,
    image_name: config.Image,
    entrypoint: config.Entrypoint ?? [],
    command: config.Cmd ?? [],
    user: config.User,
    read_only: host.ReadonlyRootfs,
    restart: host.RestartPolicy.Name,
    ...(host.CapAdd?.length || host.CapDrop?.length ? { capabilities: [{ add: host.CapAdd ?? [], drop: host.CapDrop ?? [] }] } : {}),
    security_opts: host.SecurityOpt ?? [],
    memory: host.Memory / MIB,
    memory_swap: host.MemorySwap > 0 ? host.MemorySwap / MIB : host.MemorySwap,
    log_driver: host.LogConfig.Type,
    log_opts: host.LogConfig.Config ?? {},
    network_mode: host.NetworkMode,
    ports,
    sysctls: host.Sysctls ?? {},
    mounts: (host.Mounts ?? []).map((m) => ({ type: m.Type, target: m.Target, tmpfs_options: m.TmpfsOptions ? [{ size_bytes: m.TmpfsOptions.SizeBytes ?? 0, mode: m.TmpfsOptions.Mode ?? 0 }] : [] })),
    ...(health
      ? {
          healthcheck: [
            {
              test: health.Test,
              interval: goDurationString(health.Interval ?? 0),
              timeout: goDurationString(health.Timeout ?? 0),
              start_period: goDurationString(health.StartPeriod ?? 0),
              retries: health.Retries ?? 0,
            },
          ],
        }
      : {}),
    ...(config.StopTimeout === undefined ? {} : { stop_timeout: config.StopTimeout }),
  };
}
