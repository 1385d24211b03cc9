import { NGINX_HTTPS_PORT, NGINX_PATHS, PROMETHEUS_PORT } from '../../../lib/container-layout';
import { escapeTerraformTemplate } from '../../../lib/render/terraform-escape';
import { isNginx, prometheusOf, unissuedContainerSpecs, uploadTo } from './containers';
import type { SynthesizedStack } from './terraform';

/** Builds another nginx.conf from the construct's: `rendered` as nginx reads it, `upstream` Prometheus's `host:port`. */
export type NginxConfigFrom = (construct: { readonly rendered: string; readonly upstream: string }) => string;

/**
 * `stack` with more nginx containers beside its one PrometheusTlsProxy, keyed by container name. Each
 * is a copy of the construct's nginx container (image, entrypoint, user, capabilities, sysctls,
 * certificate and key, network) with another nginx.conf, in front of the same Prometheus, publishing
 * 443 on the next free host port: the benchmarks compare configs (the guide's, tuning candidates) in
 * identical containers. The copies carry no health check, which belongs to the rendered config.
 */
export function withNginxBeside(stack: SynthesizedStack, configs: Readonly<Record<string, NginxConfigFrom>>): SynthesizedStack {
  const resources = structuredClone(stack.resources);
  const containers = resources.docker_container ?? {};
  const specs = unissuedContainerSpecs(resources);
  const nginx = specs.filter(isNginx);
  if (nginx.length !== 1) throw new Error(`nginx beside the construct needs a stack with one nginx container, found ${nginx.length}`);
  const [construct] = nginx;
  const upstream = `${prometheusOf(specs, construct).name}:${PROMETHEUS_PORT}`;
  const rendered = uploadTo(construct, NGINX_PATHS.config);
  let nextPort = Math.max(...specs.flatMap((spec) => spec.ports.map((port) => port.external))) + 1;

  for (const [name, configFrom] of Object.entries(configs)) {
    if (specs.some((spec) => spec.name === name)) throw new Error(`a container named ${name} exists already`);
    const copy = structuredClone(containers[construct.id]);
    delete copy.healthcheck;
    copy.name = name;
    copy.ports = [{ internal: NGINX_HTTPS_PORT, external: nextPort++ }];
    copy.upload = (copy.upload as { file: string; content: string }[]).map((upload) =>
      upload.file === NGINX_PATHS.config ? { ...upload, content: escapeTerraformTemplate(configFrom({ rendered, upstream })) } : upload,
    );
    containers[`beside_${name.replace(/\W/g, '_')}`] = copy;
  }
  const document = JSON.parse(stack.json) as Record<string, unknown>;
  return { name: stack.name, json: JSON.stringify({ ...document, resource: resources }, null, 2), resources };
}
