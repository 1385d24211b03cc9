import { NGINX_HTTPS_PORT, NGINX_PATHS, PROMETHEUS_PORT } from '../../../lib/container-layout';
import { escapeTerraformTemplate } from '../../../lib/render/terraform-escape';
import { SynthesizedStack, evaluateTemplate } from './terraform';

/** Builds another nginx.conf from the construct's: `rendered` as nginx reads it, `upstream` Prometheus's `host:port`. */
export type NginxConfigFrom = (construct: { readonly rendered: string; readonly upstream: string }) => string;

type ContainerResource = Record<string, unknown>;

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
  const nginx = Object.values(containers).filter((container) => (container.entrypoint as string[] | undefined)?.[0] === 'nginx');
  if (nginx.length !== 1) throw new Error(`nginx beside the construct needs a stack with one nginx container, found ${nginx.length}`);
  const [construct] = nginx;
  const upstream = `${evaluateTemplate(String(prometheusOf(containers, construct).name), new Map())}:${PROMETHEUS_PORT}`;
  const uploads = construct.upload as { file: string; content: string }[];
  const rendered = evaluateTemplate(uploads.find((upload) => upload.file === NGINX_PATHS.config)!.content, new Map());
  let nextPort = Math.max(...Object.values(containers).flatMap(publishedPorts)) + 1;

  for (const [name, configFrom] of Object.entries(configs)) {
    if (Object.values(containers).some((container) => container.name === name)) throw new Error(`a container named ${name} exists already`);
    const copy = structuredClone(construct);
    delete copy.healthcheck;
    copy.name = name;
    copy.ports = [{ internal: NGINX_HTTPS_PORT, external: nextPort++ }];
    copy.upload = uploads.map((upload) =>
      upload.file === NGINX_PATHS.config ? { ...upload, content: escapeTerraformTemplate(configFrom({ rendered, upstream })) } : upload,
    );
    containers[`beside_${name.replace(/\W/g, '_')}`] = copy;
  }
  const document = JSON.parse(stack.json) as Record<string, unknown>;
  return { name: stack.name, json: JSON.stringify({ ...document, resource: resources }, null, 2), resources };
}

function prometheusOf(containers: Record<string, ContainerResource>, nginx: ContainerResource): ContainerResource {
  const prometheus = ((nginx.depends_on as string[] | undefined) ?? [])
    .map((address) => containers[address.replace(/^docker_container\./, '')])
    .find((container) => (container?.entrypoint as string[] | undefined)?.[0] === '/bin/prometheus');
  if (!prometheus) throw new Error('the construct’s nginx container depends on no Prometheus container');
  return prometheus;
}

function publishedPorts(container: ContainerResource): number[] {
  return ((container.ports as { external: number }[] | undefined) ?? []).map((port) => Number(port.external));
}
