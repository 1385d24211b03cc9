import type { TerraformProvider } from 'cdktf';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT } from '../container-layout';
import type { DockerNames } from '../names';
import type { PodProps } from '../pod';
import type { PodAgentProps } from '../pod-agent';
import { PROMETHEUS_STOP_SECONDS } from '../prometheus-server';
import type { ResolvedOptions } from '../resolve-options';

/** The pod: its networks with the alias, and the published ports of nginx's listeners. */
export function podProps(options: ResolvedOptions, names: DockerNames, provider: TerraformProvider | undefined): PodProps {
  return {
    provider,
    name: names.podContainer,
    image: options.pauseImage,
    network: options.network,
    privateNetworkName: names.network,
    additionalNetworks: options.additionalNetworks,
    aliases: [options.networkAlias],
    ports: [
      { containerPort: NGINX_HTTPS_PORT, hostPort: options.httpsPort },
      ...(options.httpPort === undefined ? [] : [{ containerPort: NGINX_HTTP_PORT, hostPort: options.httpPort }]),
    ],
    logMaxSize: options.logMaxSize,
    logMaxFiles: options.logMaxFiles,
  };
}

/**
 * The pod's agent: the nginx image (BusyBox and nginx, both of which it runs), the engine's socket,
 * and the pod and members it keeps. A member restarted into a new pod stops as Prometheus is given to
 * (it closes its TSDB).
 */
export function podAgentProps(options: ResolvedOptions, names: DockerNames, provider: TerraformProvider | undefined): PodAgentProps {
  return {
    provider,
    name: names.agentContainer,
    image: options.nginxImage,
    pod: names.podContainer,
    members: [names.nginxContainer, names.prometheusContainer],
    dockerSocketPath: options.dockerSocketPath,
    graceSeconds: PROMETHEUS_STOP_SECONDS,
    logMaxSize: options.logMaxSize,
    logMaxFiles: options.logMaxFiles,
  };
}
