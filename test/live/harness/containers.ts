import { References, TerraformResources, declaredReferences, evaluateTemplate, referenceOf } from './terraform';

/** One `docker_container` resource, with every Terraform reference in it evaluated. */
export interface ContainerSpec {
  /** Logical id in cdk.tf.json. */
  readonly id: string;
  /** Container name: also its host name on its Docker network. */
  readonly name: string;
  readonly image: string;
  /** `entrypoint` followed by `command`, as Docker runs them when the entrypoint is overridden. */
  readonly argv: string[];
  /** Numeric `uid:gid`, or undefined for the image's user (root in both images). */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Capabilities the process keeps: Docker's default set less `drop`, plus `add`. */
  readonly capabilities: string[];
  readonly noNewPrivileges: boolean;
  readonly sysctls: Record<string, string>;
  readonly network: string;
  readonly ports: { readonly internal: number; readonly external: number }[];
  readonly uploads: { readonly file: string; readonly content: string; readonly mode: number }[];
  readonly volumePaths: string[];
  /** Logical ids of the containers this one depends on. */
  readonly dependsOn: string[];
  /** The health check's command as Docker runs it (`CMD-SHELL` through `/bin/sh -c`), and its timeout. */
  readonly healthCheck?: { readonly command: string[]; readonly timeoutMs: number };
}

/** What Docker grants a container that drops nothing (moby's default capability set). */
const DOCKER_DEFAULT_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID',
  'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

/** Values of the non-TLS references a container can hold: network, volume and image names. */
export function dockerReferences(resources: TerraformResources): Map<string, string> {
  const references = new Map<string, string>();
  for (const type of ['docker_network', 'docker_volume', 'docker_image']) {
    for (const [id, resource] of Object.entries(resources[type] ?? {})) {
      references.set(`${type}.${id}.name`, String(resource.name));
      // The harness runs Debian's binaries in place of the image, so the image id is its name.
      if (type === 'docker_image') references.set(`${type}.${id}.image_id`, String(resource.name));
    }
  }
  return references;
}

/** Every docker_container of a stack, with `references` (Docker names and TLS outputs) substituted. */
export function containerSpecs(resources: TerraformResources, references: References): ContainerSpec[] {
  const evaluate = (value: unknown): string => evaluateTemplate(String(value), references);
  return Object.entries(resources.docker_container ?? {}).map(([id, c]) => {
    const networks = (c.networks_advanced as { name: string }[] | undefined) ?? [];
    if (networks.length !== 1) throw new Error(`container ${id}: the harness runs containers on exactly one network`);
    const capabilities = (c.capabilities as { add?: string[]; drop?: string[] } | undefined) ?? {};
    const drop = capabilities.drop ?? [];
    const kept = drop.includes('ALL') ? [] : DOCKER_DEFAULT_CAPABILITIES.filter((cap) => !drop.includes(cap));
    const user = c.user === undefined ? undefined : /^(\d+):(\d+)$/.exec(evaluate(c.user));
    if (user === null) throw new Error(`container ${id}: the harness needs a numeric uid:gid user, got ${String(c.user)}`);
    return {
      id,
      name: evaluate(c.name),
      image: evaluate(c.image),
      argv: [...((c.entrypoint as string[] | undefined) ?? []), ...((c.command as string[] | undefined) ?? [])].map(evaluate),
      user: user === undefined ? undefined : { uid: Number(user[1]), gid: Number(user[2]) },
      // Docker accepts CHOWN and CAP_CHOWN alike and reports the CAP_ form.
      capabilities: [...new Set([...kept, ...(capabilities.add ?? []).map((cap) => cap.replace(/^CAP_/, ''))])].sort(),
      noNewPrivileges: ((c.security_opts as string[] | undefined) ?? []).includes('no-new-privileges:true'),
      sysctls: Object.fromEntries(Object.entries((c.sysctls as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, evaluate(v)])),
      network: evaluate(networks[0].name),
      ports: ((c.ports as { internal: number; external: number }[] | undefined) ?? []).map((p) => ({
        internal: Number(p.internal),
        external: Number(evaluate(p.external)),
      })),
      uploads: ((c.upload as { file: string; content: string; permissions?: string }[] | undefined) ?? []).map((u) => ({
        file: evaluate(u.file),
        content: evaluate(u.content),
        mode: parseInt(u.permissions ?? '0644', 8),
      })),
      volumePaths: ((c.volumes as { container_path: string }[] | undefined) ?? []).map((v) => evaluate(v.container_path)),
      dependsOn: ((c.depends_on as string[] | undefined) ?? [])
        .map((address) => /^docker_container\.(.+)$/.exec(address)?.[1])
        .filter((dependency): dependency is string => dependency !== undefined),
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

/** The construct's nginx container: its synthesized entrypoint runs the image's `nginx`. */
export function isNginx(spec: ContainerSpec): boolean {
  return spec.argv[0] === 'nginx';
}

/** The Prometheus container an nginx container proxies to: the one it depends on that runs `/bin/prometheus`. */
export function prometheusOf(specs: ContainerSpec[], nginx: ContainerSpec): ContainerSpec {
  const prometheus = specs.find((spec) => nginx.dependsOn.includes(spec.id) && spec.argv[0] === '/bin/prometheus');
  if (!prometheus) throw new Error(`nginx container ${nginx.name} depends on no Prometheus container`);
  return prometheus;
}

/** The content of the container's upload to `file`. */
export function uploadTo(spec: ContainerSpec, file: string): string {
  const upload = spec.uploads.find((u) => u.file === file);
  if (!upload) throw new Error(`container ${spec.name} uploads nothing to ${file}`);
  return upload.content;
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

/** The reference a container's upload to `file` holds, e.g. `tls_self_signed_cert.x.cert_pem`; undefined for literal content. */
export function uploadReference(resources: TerraformResources, containerId: string, file: string): string | undefined {
  const uploads = (resources.docker_container[containerId].upload as { file: string; content: string }[] | undefined) ?? [];
  return referenceOf(uploads.find((u) => u.file === file)?.content);
}

/**
 * The content of every upload to `file` in a stack, evaluated as Terraform would. A rendered config
 * must hold no Terraform reference, so any `${...}` or `%{...}` in it is an error here.
 */
export function uploadedFiles(resources: TerraformResources, file: string): string[] {
  return Object.values(resources.docker_container ?? {}).flatMap((container) =>
    ((container.upload as { file: string; content: string }[] | undefined) ?? [])
      .filter((upload) => upload.file === file)
      .map((upload) => evaluateTemplate(upload.content, new Map())),
  );
}
