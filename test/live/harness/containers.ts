import { defaultEntrypoint } from './image-stand-ins';
import { References, TerraformResources, declaredReferences, evaluateTemplate } from './terraform';

/** One `docker_container` resource, with every Terraform reference in it evaluated. */
export interface ContainerSpec {
  /** Logical id in cdk.tf.json. */
  readonly id: string;
  /** Container name: also its host name on its Docker networks. */
  readonly name: string;
  readonly image: string;
  /** `entrypoint` followed by `command`, as Docker runs them when the entrypoint is overridden. */
  readonly argv: string[];
  /** Numeric `uid:gid`, or undefined for the image's user (root in the images used). */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Capabilities the process keeps: Docker's default set less `drop`, plus `add`. */
  readonly capabilities: string[];
  readonly noNewPrivileges: boolean;
  readonly sysctls: Record<string, string>;
  /** Networks the container joins with a namespace of its own, and its aliases on each. */
  readonly networks: { readonly name: string; readonly aliases: string[] }[];
  /**
   * `network_mode`: `container` names the container whose network namespace this one joins (Docker's
   * `container:<id>`); `none` a namespace with loopback only; undefined its own, on `networks`.
   */
  readonly networkMode?: { readonly container: string } | 'none';
  readonly ports: { readonly internal: number; readonly external: number }[];
  readonly uploads: { readonly file: string; readonly content: string; readonly mode: number }[];
  /** Named volumes (shared between the containers that mount them) and their mount points. */
  readonly volumes: { readonly name: string; readonly path: string; readonly readOnly: boolean }[];
  /** tmpfs mount points, with their size. */
  readonly tmpfs: { readonly path: string; readonly sizeBytes?: number }[];
  /** `read_only`: the root filesystem is mounted read-only once the uploads are in. */
  readonly readOnly: boolean;
  /** `attach` without `must_run`: Terraform runs it to completion (and checks its exit code) before its dependents. */
  readonly runsToCompletion: boolean;
  /** Logical ids of the containers this one depends on: `depends_on` and every reference to another container. */
  readonly dependsOn: string[];
  /** The health check's command as Docker runs it (`CMD-SHELL` through `/bin/sh -c`), and its timeout. */
  readonly healthCheck?: { readonly command: string[]; readonly timeoutMs: number };
}

/** What Docker grants a container that drops nothing (moby's default capability set). */
const DOCKER_DEFAULT_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID',
  'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

/**
 * Values of the non-TLS references a container can hold: network, volume and image names, and
 * container ids. The harness names a container by its name where Docker would use its id.
 */
export function dockerReferences(resources: TerraformResources): Map<string, string> {
  const references = new Map<string, string>();
  for (const type of ['docker_network', 'docker_volume', 'docker_image', 'docker_container']) {
    for (const [id, resource] of Object.entries(resources[type] ?? {})) {
      references.set(`${type}.${id}.name`, String(resource.name));
      // The harness runs Debian's binaries in place of the image, so the image id is its name.
      if (type === 'docker_image') references.set(`${type}.${id}.image_id`, String(resource.name));
      if (type === 'docker_container') references.set(`${type}.${id}.id`, String(resource.name));
    }
  }
  return references;
}

/** Logical ids of the containers a resource refers to anywhere (`${docker_container.<id>.…}`). */
function referencedContainers(resource: unknown): string[] {
  return [...JSON.stringify(resource).matchAll(/\$\{docker_container\.([\w-]+)\./g)].map((m) => m[1]);
}

/** Every docker_container of a stack, with `references` (Docker names and TLS outputs) substituted. */
export function containerSpecs(resources: TerraformResources, references: References): ContainerSpec[] {
  const evaluate = (value: unknown): string => evaluateTemplate(String(value), references);
  const containers = resources.docker_container ?? {};
  return Object.entries(containers).map(([id, c]) => {
    const capabilities = (c.capabilities as { add?: string[]; drop?: string[] } | undefined) ?? {};
    const drop = capabilities.drop ?? [];
    const kept = drop.includes('ALL') ? [] : DOCKER_DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap));
    const user = c.user === undefined ? undefined : /^(\d+):(\d+)$/.exec(evaluate(c.user));
    if (user === null) throw new Error(`container ${id}: the harness needs a numeric uid:gid user, got ${String(c.user)}`);
    const networkMode = c.network_mode === undefined ? undefined : evaluate(c.network_mode);
    const joined = networkMode === undefined ? undefined : /^container:(.+)$/.exec(networkMode);
    if (networkMode !== undefined && networkMode !== 'none' && !joined) throw new Error(`container ${id}: network_mode ${networkMode} is not modelled`);
    const networks = ((c.networks_advanced as { name: string; aliases?: string[] }[] | undefined) ?? []).map((n) => ({
      name: evaluate(n.name),
      aliases: (n.aliases ?? []).map(evaluate),
    }));
    // Docker refuses these with another container's network namespace: the harness holds the config to it.
    if (joined && (networks.length > 0 || c.ports !== undefined || c.hostname !== undefined || c.dns !== undefined || c.host !== undefined)) {
      throw new Error(`container ${id}: Docker refuses networks, ports, hostname, dns and hosts with network_mode ${networkMode}`);
    }
    if (joined && Object.keys((c.sysctls as object | undefined) ?? {}).some((key) => key.startsWith('net.'))) {
      throw new Error(`container ${id}: net.* sysctls belong to the owner of the network namespace`);
    }
    if (networkMode === undefined && networks.length === 0) throw new Error(`container ${id}: the harness runs containers on user-defined networks`);
    const volumes = ((c.volumes as { volume_name?: string; container_path: string; read_only?: boolean }[] | undefined) ?? []).map((v) => {
      if (v.volume_name === undefined) throw new Error(`container ${id}: the harness mounts named volumes only`);
      return { name: evaluate(v.volume_name), path: evaluate(v.container_path), readOnly: v.read_only === true };
    });
    const mounts = (c.mounts as { type: string; target: string; tmpfs_options?: { size_bytes?: number } }[] | undefined) ?? [];
    if (mounts.some((m) => m.type !== 'tmpfs')) throw new Error(`container ${id}: the harness models tmpfs mounts only`);
    return {
      id,
      name: evaluate(c.name),
      image: evaluate(c.image),
      argv: [...((c.entrypoint as string[] | undefined) ?? defaultEntrypoint(evaluate(c.image))), ...((c.command as string[] | undefined) ?? [])].map(evaluate),
      user: user === undefined ? undefined : { uid: Number(user[1]), gid: Number(user[2]) },
      // Docker accepts CHOWN and CAP_CHOWN alike and reports the CAP_ form.
      capabilities: [...new Set([...kept, ...(capabilities.add ?? []).map((cap) => cap.replace(/^CAP_/, ''))])].sort(),
      noNewPrivileges: ((c.security_opts as string[] | undefined) ?? []).includes('no-new-privileges:true'),
      sysctls: Object.fromEntries(Object.entries((c.sysctls as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, evaluate(v)])),
      networks,
      networkMode: networkMode === 'none' ? 'none' : joined ? { container: joined[1] } : undefined,
      ports: ((c.ports as { internal: number; external: number }[] | undefined) ?? []).map((p) => ({
        internal: Number(p.internal),
        external: Number(evaluate(p.external)),
      })),
      uploads: ((c.upload as { file: string; content: string; permissions?: string }[] | undefined) ?? []).map((u) => ({
        file: evaluate(u.file),
        content: evaluate(u.content),
        mode: parseInt(u.permissions ?? '0644', 8),
      })),
      volumes,
      tmpfs: mounts.map((m) => ({ path: evaluate(m.target), sizeBytes: m.tmpfs_options?.size_bytes })),
      readOnly: c.read_only === true,
      runsToCompletion: c.attach === true && c.must_run === false,
      dependsOn: [
        ...new Set([
          ...((c.depends_on as string[] | undefined) ?? [])
            .map((address) => /^docker_container\.(.+)$/.exec(address)?.[1])
            .filter((dependency): dependency is string => dependency !== undefined),
          ...referencedContainers(c),
        ]),
      ].filter((dependency) => dependency !== id && containers[dependency] !== undefined),
      healthCheck: healthCheck(c.healthcheck as { test?: string[]; timeout?: string } | undefined),
    };
  });
}

/**
 * Every docker_container of a stack before its TLS resources are issued: Docker names substituted,
 * TLS outputs left as their references (`${tls_private_key.x.private_key_pem}`). Enough to tell the
 * containers apart and read their rendered configs and entrypoints.
 */
export function unissuedContainerSpecs(resources: TerraformResources): ContainerSpec[] {
  const docker = dockerReferences(resources);
  const declared = declaredReferences(resources);
  return containerSpecs(resources, {
    has: (reference) => docker.has(reference) || declared.has(reference),
    get: (reference) => docker.get(reference) ?? declared.get(reference),
  });
}

/** The construct's nginx container: its entrypoint runs the image's `nginx`, and its config arrives on a volume. */
export function isNginx(spec: ContainerSpec): boolean {
  return spec.argv[0] === 'nginx' && spec.volumes.length > 0;
}

/** The container that owns `spec`'s network namespace: itself, or the one it joins. */
export function networkOwner(specs: ContainerSpec[], spec: ContainerSpec): ContainerSpec {
  if (spec.networkMode === undefined || spec.networkMode === 'none') return spec;
  const owner = spec.networkMode.container;
  const found = specs.find((other) => other.name === owner);
  if (!found) throw new Error(`container ${spec.name} joins the network namespace of ${owner}, which the stack lacks`);
  return networkOwner(specs, found);
}

/** The Prometheus container an nginx container proxies to: the one running `/bin/prometheus` in its network namespace. */
export function prometheusOf(specs: ContainerSpec[], nginx: ContainerSpec): ContainerSpec {
  const pod = networkOwner(specs, nginx);
  const prometheus = specs.find((spec) => spec.argv[0] === '/bin/prometheus' && spec !== pod && networkOwner(specs, spec) === pod);
  if (!prometheus) throw new Error(`nginx container ${nginx.name} shares its network namespace with no Prometheus container`);
  return prometheus;
}

/**
 * The content that lands at `path` inside `spec`: an upload to that path, or the upload a container
 * writing a volume `spec` mounts staged for it (the construct's config volumes).
 */
export function fileIn(specs: ContainerSpec[], spec: ContainerSpec, path: string): string {
  const direct = spec.uploads.find((u) => u.file === path);
  if (direct) return direct.content;
  for (const volume of spec.volumes.filter((v) => path.startsWith(`${v.path}/`))) {
    const relative = path.slice(volume.path.length + 1);
    for (const writer of specs.filter((other) => other !== spec && other.volumes.some((v) => v.name === volume.name && !v.readOnly))) {
      const staged = writer.uploads.find((u) => u.file.endsWith(`/${relative}`));
      if (staged) return staged.content;
    }
  }
  throw new Error(`nothing lands at ${path} in container ${spec.name}`);
}

/** Docker's reading of a health check: `CMD` runs its arguments, `CMD-SHELL` its string in /bin/sh; 30s timeout by default. */
function healthCheck(check: { test?: string[]; timeout?: string } | undefined): ContainerSpec['healthCheck'] {
  const [kind, ...rest] = check?.test ?? [];
  const command = kind === 'CMD' ? rest : kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : undefined;
  if (command === undefined) return undefined;
  const timeout = /^(\d+)s$/.exec(check?.timeout ?? '30s');
  if (!timeout) throw new Error(`the harness reads health check timeouts in whole seconds, got ${check?.timeout}`);
  return { command, timeoutMs: Number(timeout[1]) * 1000 };
}

/**
 * The content of every upload ending in `file` in a stack (`nginx.conf`, `prometheus.yml`, `htpasswd`),
 * evaluated as Terraform would. A rendered config must hold no Terraform reference, so any `${...}`
 * or `%{...}` in it is an error here.
 */
export function uploadedFiles(resources: TerraformResources, file: string): string[] {
  return Object.values(resources.docker_container ?? {}).flatMap((container) =>
    ((container.upload as { file: string; content: string }[] | undefined) ?? [])
      .filter((upload) => upload.file.endsWith(`/${file}`))
      .map((upload) => evaluateTemplate(upload.content, new Map())),
  );
}
