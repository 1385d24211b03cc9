import type { TerraformProvider } from 'cdktf';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT } from '../container-layout';
import type { DockerNames } from '../names';
import type { PodProps } from '../pod';
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
