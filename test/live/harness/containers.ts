import { References, TerraformResources, declaredReferences, evaluateTemplate } from './terraform';

/**
 * One `docker_container` resource as synthesized, its references evaluated (`unissuedContainerSpecs`):
 * enough to tell a stack's containers apart and read what each is given. Docker itself runs them
 * (plan.ts and docker-provider.ts); nothing here models its rules.
 */
export interface ContainerSpec {
  /** Logical id in cdk.tf.json. */
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** `entrypoint` followed by `command`; the image's entrypoint is not known here. */
  readonly argv: string[];
  /** `network_mode = "container:<id>"`: the name of the container whose network namespace this one joins. */
  readonly networkMode?: { readonly container: string } | 'none';
  readonly networks: { readonly name: string; readonly aliases: string[] }[];
  readonly ports: { readonly internal: number; readonly external: number }[];
  readonly uploads: { readonly file: string; readonly content: string; readonly mode: number }[];
  readonly volumes: { readonly name: string; readonly path: string; readonly readOnly: boolean }[];
  readonly tmpfs: { readonly path: string; readonly sizeBytes?: number }[];
}

/** Names standing for the ids and image ids a container refers to, before anything runs. */
export function dockerReferences(resources: TerraformResources): Map<string, string> {
  const references = new Map<string, string>();
  for (const type of ['docker_network', 'docker_volume', 'docker_image', 'docker_container']) {
    for (const [id, resource] of Object.entries(resources[type] ?? {})) {
      references.set(`${type}.${id}.name`, String(resource.name));
      if (type === 'docker_image') references.set(`${type}.${id}.image_id`, String(resource.name));
      if (type === 'docker_container') references.set(`${type}.${id}.id`, String(resource.name));
    }
  }
  return references;
}

/** Every docker_container of a stack, with `references` substituted. */
export function containerSpecs(resources: TerraformResources, references: References): ContainerSpec[] {
  const evaluate = (value: unknown): string => evaluateTemplate(String(value), references);
  return Object.entries(resources.docker_container ?? {}).map(([id, c]) => {
    const networkMode = c.network_mode === undefined ? undefined : evaluate(c.network_mode);
    const joined = networkMode === undefined ? undefined : /^container:(.+)$/.exec(networkMode);
    const mounts = (c.mounts as { type: string; target: string; tmpfs_options?: { size_bytes?: number } }[] | undefined) ?? [];
    return {
      id,
      name: evaluate(c.name),
      image: evaluate(c.image),
      argv: [...((c.entrypoint as string[] | undefined) ?? []), ...((c.command as string[] | undefined) ?? [])].map(evaluate),
      networkMode: networkMode === 'none' ? 'none' : joined ? { container: joined[1] } : undefined,
      networks: ((c.networks_advanced as { name: string; aliases?: string[] }[] | undefined) ?? []).map((n) => ({
        name: evaluate(n.name),
        aliases: (n.aliases ?? []).map(evaluate),
      })),
      ports: ((c.ports as { internal: number; external: number }[] | undefined) ?? []).map((p) => ({ internal: Number(p.internal), external: Number(evaluate(p.external)) })),
      uploads: ((c.upload as { file: string; content: string; permissions?: string }[] | undefined) ?? []).map((u) => ({
        file: evaluate(u.file),
        content: evaluate(u.content),
        mode: parseInt(u.permissions ?? '0644', 8),
      })),
      volumes: ((c.volumes as { volume_name?: string; host_path?: string; container_path: string; read_only?: boolean }[] | undefined) ?? []).map((v) => ({
        name: evaluate(v.volume_name ?? v.host_path ?? ''),
        path: evaluate(v.container_path),
        readOnly: v.read_only === true,
      })),
      tmpfs: mounts.filter((m) => m.type === 'tmpfs').map((m) => ({ path: evaluate(m.target), sizeBytes: m.tmpfs_options?.size_bytes })),
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
 * writing a volume `spec` mounts staged for it (the pod agent, which makes it the volume's current
 * revision: `path` under the mount's `current/`).
 */
export function fileIn(specs: ContainerSpec[], spec: ContainerSpec, path: string): string {
  const direct = spec.uploads.find((u) => u.file === path);
  if (direct) return direct.content;
  for (const volume of spec.volumes.filter((v) => path.startsWith(`${v.path}/`))) {
    const relative = path.slice(volume.path.length + 1).replace(/^current\//, '');
    for (const writer of specs.filter((other) => other !== spec && other.volumes.some((v) => v.name === volume.name && !v.readOnly))) {
      const staged = writer.uploads.find((u) => u.file.endsWith(`/${relative}`));
      if (staged) return staged.content;
    }
  }
  throw new Error(`nothing lands at ${path} in container ${spec.name}`);
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
