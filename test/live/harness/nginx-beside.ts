import { NGINX_PATHS, PROMETHEUS_LISTEN_ADDRESS } from '../../../lib/container-layout';
import { escapeTerraformTemplate } from '../../../lib/render/terraform-escape';
import { fileIn, isNginx, networkOwner, unissuedContainerSpecs } from './containers';
import type { SynthesizedStack } from './terraform';

/** Builds another nginx.conf from the construct's: `rendered` as nginx reads it, `upstream` Prometheus's `host:port`. */
export type NginxConfigFrom = (construct: { readonly rendered: string; readonly upstream: string }) => string;

/** First port inside the pod for the copies' HTTPS listeners (the construct's nginx has 443, 80 and 8081). */
const FIRST_COPY_PORT = 10443;

/**
 * Moves a config's listeners to the copy's ports: its HTTPS listener to `port`, its loopback health
 * listener off the construct's, and no plain-HTTP listener. The copies share the pod's network
 * namespace with the construct's nginx.
 */
function onPort(config: string, port: number): string {
  return config
    .replace(/\blisten 443\b/g, `listen ${port}`)
    .replace(/\blisten 127\.0\.0\.1:\d+;/g, `listen 127.0.0.1:${port + 1000};`)
    .replace(/\bserver \{\s*listen 80;[^}]*\}/g, '');
}

/**
 * `stack` with more nginx containers beside its one PrometheusTlsProxy, keyed by container name. Each
 * is a copy of the construct's nginx container (image, entrypoint, user, capabilities, pod, certificate
 * and key) with another nginx.conf, in front of the same Prometheus on the pod's loopback, listening
 * on a port of its own that the pod publishes on the next free host port: the benchmarks compare
 * configs (the guide's, tuning candidates) in identical containers. The copies carry their files as
 * uploads rather than a config volume of their own, and no health check.
 */
export function withNginxBeside(
  stack: SynthesizedStack,
  configs: Readonly<Record<string, NginxConfigFrom>>,
): { readonly stack: SynthesizedStack; readonly ports: Record<string, { readonly internal: number; readonly published: number }> } {
  const ports: Record<string, { internal: number; published: number }> = {};
  if (Object.keys(configs).length === 0) return { stack, ports };
  const resources = structuredClone(stack.resources);
  const containers = resources.docker_container ?? {};
  const specs = unissuedContainerSpecs(resources);
  const nginx = specs.filter(isNginx);
  if (nginx.length !== 1) throw new Error(`nginx beside the construct needs a stack with one nginx container, found ${nginx.length}`);
  const [construct] = nginx;
  const pod = containers[networkOwner(specs, construct).id];
  const rendered = fileIn(specs, construct, NGINX_PATHS.config);
  const published = pod.ports as { internal: number; external: number }[];
  let nextPort = Math.max(...specs.flatMap((spec) => spec.ports.map((port) => Number(port.external)))) + 1;

  for (const [i, [name, configFrom]] of Object.entries(configs).entries()) {
    if (specs.some((spec) => spec.name === name)) throw new Error(`a container named ${name} exists already`);
    const port = FIRST_COPY_PORT + i;
    const copy = structuredClone(containers[construct.id]);
    delete copy.healthcheck;
    delete copy.volumes;
    delete copy.labels;
    delete copy.depends_on;
    copy.read_only = false;
    copy.name = name;
    // The certificate and key as Terraform references, which the harness issues like the construct's.
    const file = (path: string): string => fileIn(specs, construct, path);
    copy.upload = [
      { file: NGINX_PATHS.config, content: escapeTerraformTemplate(onPort(configFrom({ rendered, upstream: PROMETHEUS_LISTEN_ADDRESS }), port)) },
      { file: NGINX_PATHS.certificate, content: file(NGINX_PATHS.certificate) },
      { file: NGINX_PATHS.privateKey, content: file(NGINX_PATHS.privateKey), permissions: '0600' },
    ];
    ports[name] = { internal: port, published: nextPort };
    published.push({ internal: port, external: nextPort++ });
    containers[`beside_${name.replace(/\W/g, '_')}`] = copy;
  }
  const document = JSON.parse(stack.json) as Record<string, unknown>;
  return { stack: { name: stack.name, json: JSON.stringify({ ...document, resource: resources }, null, 2), resources }, ports };
}
