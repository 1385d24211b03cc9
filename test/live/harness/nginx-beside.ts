import { NGINX_PATHS, PROMETHEUS_LISTEN_ADDRESS, PROMETHEUS_PATHS } from '../../../lib/container-layout';
import { escapeTerraformTemplate } from '../../../lib/render/terraform-escape';
import { fileIn, isNginx, networkOwner, prometheusOf, unissuedContainerSpecs } from './containers';
import type { SynthesizedStack, TerraformResources } from './terraform';

/** Builds another nginx.conf from the construct's: `rendered` as nginx reads it, `upstream` Prometheus's `host:port`. */
export type NginxConfigFrom = (construct: { readonly rendered: string; readonly upstream: string }) => string;

/**
 * A copy of the construct's nginx container with another config: in the pod (on the loopback, as
 * the construct's), or in a network namespace of its own on the pod's network, reaching Prometheus
 * over the Docker bridge (which then has to listen on every address: `prometheusListen`).
 */
export type NginxCopy =
  | NginxConfigFrom
  | {
      readonly config: NginxConfigFrom;
      /** In a network namespace of its own rather than the pod's. @default the pod's */
      readonly namespace?: 'own';
      /** The container's Docker log driver (`log_driver`), e.g. `local`. @default the construct's */
      readonly logDriver?: string;
    };

/** A copy of the construct's Prometheus container in the pod, with its own TSDB, other flags and more files. */
export interface PrometheusCopy {
  /** Its flags, from the construct's. */
  readonly args: (args: string[]) => string[];
  /** Files uploaded into it (its root is writable), e.g. a web config; contents may be Terraform references. */
  readonly files: (construct: { readonly certificate: string; readonly privateKey: string }) => { readonly file: string; readonly content: string }[];
}

export interface BesideOptions {
  readonly nginx?: Readonly<Record<string, NginxCopy>>;
  readonly prometheus?: Readonly<Record<string, PrometheusCopy>>;
  /** `--web.listen-address` of the construct's Prometheus, e.g. `0.0.0.0:9090` for a copy of nginx outside the pod. */
  readonly prometheusListen?: string;
}

/** Where a copy of nginx listens: its HTTPS port inside its namespace, and the host port published for it. */
export interface CopyPorts {
  readonly internal: number;
  readonly published: number;
  /** The copy runs in a network namespace of its own (not the pod's). */
  readonly ownNamespace: boolean;
}

/** First port inside the pod for the copies' HTTPS listeners (the construct's nginx has 443, 80 and 8081). */
const FIRST_COPY_PORT = 10443;

/**
 * Moves a config's listeners to the copy's ports: its HTTPS listener to `port`, its loopback health
 * listener off the construct's, and no plain-HTTP listener.
 */
function onPort(config: string, port: number): string {
  const moved = config
    .replace(/\blisten\s+443\b/g, `listen ${port}`)
    .replace(/\blisten\s+127\.0\.0\.1:\d+;/g, `listen 127.0.0.1:${port + 1000};`)
    .replace(/\bserver \{\s*listen\s+80;[^}]*\}/g, '');
  // A copy left on 443 would take the construct's port in the pod, and the construct's nginx would not start.
  if (!moved.includes(`listen ${port}`)) throw new Error(`a copy's nginx.conf must have a \`listen 443\` to move to ${port}:\n${config}`);
  return moved;
}

/**
 * `stack` with more containers beside its one PrometheusTlsProxy, keyed by container name, so that the
 * benchmarks compare configs in identical containers in front of the same Prometheus (the guide's
 * nginx.conf, tuning candidates, Prometheus's own TLS):
 * - a copy of nginx is the construct's nginx container (image, entrypoint, user, capabilities,
 *   certificate and key) with another nginx.conf, listening on a port of its own published on the next
 *   free host port; it carries its files as uploads rather than a config volume, and no health check;
 * - a copy of Prometheus is the construct's Prometheus container in the pod with other flags, more
 *   files and a TSDB of its own.
 */
export function withBeside(
  stack: SynthesizedStack,
  options: BesideOptions,
): { readonly stack: SynthesizedStack; readonly ports: Record<string, CopyPorts> } {
  const ports: Record<string, CopyPorts> = {};
  const nginxCopies = Object.entries(options.nginx ?? {});
  const prometheusCopies = Object.entries(options.prometheus ?? {});
  if (nginxCopies.length === 0 && prometheusCopies.length === 0 && options.prometheusListen === undefined) return { stack, ports };
  const resources = structuredClone(stack.resources);
  const containers = resources.docker_container ?? {};
  const specs = unissuedContainerSpecs(resources);
  const nginx = specs.filter(isNginx);
  if (nginx.length !== 1) throw new Error(`containers beside the construct need a stack with one nginx container, found ${nginx.length}`);
  const [construct] = nginx;
  const podSpec = networkOwner(specs, construct);
  const pod = containers[podSpec.id];
  const prometheus = prometheusOf(specs, construct);
  const rendered = fileIn(specs, construct, NGINX_PATHS.config);
  const published = pod.ports as { internal: number; external: number }[];
  let nextPort = Math.max(...specs.flatMap((spec) => spec.ports.map((port) => Number(port.external)))) + 1;
  // The certificate and key as Terraform references, which the harness issues like the construct's.
  const tls = { certificate: fileIn(specs, construct, NGINX_PATHS.certificate), privateKey: fileIn(specs, construct, NGINX_PATHS.privateKey) };
  const taken = (name: string): void => {
    if (specs.some((spec) => spec.name === name)) throw new Error(`a container named ${name} exists already`);
  };

  if (options.prometheusListen !== undefined) {
    const command = containers[prometheus.id].command as string[];
    containers[prometheus.id].command = command.map((arg) => (arg.startsWith('--web.listen-address=') ? `--web.listen-address=${options.prometheusListen}` : arg));
  }

  for (const [i, [name, copyOf]] of nginxCopies.entries()) {
    taken(name);
    const ownNamespace = typeof copyOf !== 'function' && copyOf.namespace === 'own';
    const configFrom = typeof copyOf === 'function' ? copyOf : copyOf.config;
    const port = FIRST_COPY_PORT + i;
    const upstream = ownNamespace ? `${podSpec.networks[0].aliases[0] ?? podSpec.name}:${PROMETHEUS_LISTEN_ADDRESS.split(':')[1]}` : PROMETHEUS_LISTEN_ADDRESS;
    const copy = writableCopy(containers[construct.id], name);
    delete copy.volumes;
    if (typeof copyOf !== 'function' && copyOf.logDriver !== undefined) {
      copy.log_driver = copyOf.logDriver;
      // The local driver takes max-size and max-file too.
    }
    copy.upload = [
      { file: NGINX_PATHS.config, content: escapeTerraformTemplate(onPort(configFrom({ rendered, upstream }), port)) },
      { file: NGINX_PATHS.certificate, content: tls.certificate },
      { file: NGINX_PATHS.privateKey, content: tls.privateKey, permissions: '0600' },
    ];
    if (ownNamespace) {
      delete copy.network_mode;
      copy.networks_advanced = [{ name: (pod.networks_advanced as { name: string }[])[0].name }];
      copy.sysctls = pod.sysctls;
      copy.ports = [{ internal: port, external: nextPort }];
    } else {
      published.push({ internal: port, external: nextPort });
    }
    ports[name] = { internal: port, published: nextPort++, ownNamespace };
    containers[`beside_${name.replace(/\W/g, '_')}`] = copy;
  }

  for (const [name, copyOf] of prometheusCopies) {
    taken(name);
    const copy = writableCopy(containers[prometheus.id], name);
    copy.command = copyOf.args(copy.command as string[]);
    copy.volumes = (copy.volumes as { volume_name: string; container_path: string }[]).map((volume) =>
      volume.container_path === PROMETHEUS_PATHS.tsdb ? { ...volume, volume_name: `${name}-data` } : volume,
    );
    copy.upload = copyOf.files(tls).map((file) => ({ ...file, permissions: '0644' }));
    containers[`beside_${name.replace(/\W/g, '_')}`] = copy;
  }
  const document = JSON.parse(stack.json) as Record<string, unknown>;
  return { stack: { name: stack.name, json: JSON.stringify({ ...document, resource: resources }, null, 2), resources }, ports };
}

/** A copy of a container under another name, its root writable, without what ties it to the construct's files. */
function writableCopy(container: TerraformResources[string][string], name: string): Record<string, unknown> {
  const copy = structuredClone(container);
  for (const attribute of ['healthcheck', 'labels', 'depends_on'] as const) delete copy[attribute];
  copy.read_only = false;
  copy.name = name;
  return copy;
}
