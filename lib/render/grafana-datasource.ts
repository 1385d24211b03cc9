import { stringify } from 'yaml';

export interface GrafanaDatasourceInput {
  readonly name: string;
  /** The URL Grafana's backend requests: the proxy by its network alias. */
  readonly url: string;
  /** Grafana's datasource provisioning directory, where the files go. */
  readonly directory: string;
  /** Base name of the files, unique among the datasources of the directory. */
  readonly fileName: string;
  readonly isDefault: boolean;
  /** Which secrets and certificates come as files beside the YAML. */
  readonly caCertificate: boolean;
  readonly clientCertificate: boolean;
  readonly basicAuthUsername?: string;
}

/** Paths of the files the provisioning YAML points to, by what they hold. */
export function grafanaFilePaths(input: Pick<GrafanaDatasourceInput, 'directory' | 'fileName'>) {
  const at = (suffix: string): string => `${input.directory}/${input.fileName}${suffix}`;
  return { yaml: at('.yaml'), ca: at('-ca.crt'), certificate: at('-client.crt'), key: at('-client.key'), password: at('-password') };
}

/**
 * Grafana's provisioning of a Prometheus datasource, rendered with a YAML library. PEMs and the
 * password stay in files of their own that Grafana reads with `$__file{...}`, so that no Terraform
 * value (a multi-line PEM, a secret) is ever rendered into the YAML.
 */
export function renderGrafanaDatasource(input: GrafanaDatasourceInput): string {
  const paths = grafanaFilePaths(input);
  const file = (path: string): string => `$__file{${path}}`;
  const secure = {
    ...(input.caCertificate ? { tlsCACert: file(paths.ca) } : {}),
    ...(input.clientCertificate ? { tlsClientCert: file(paths.certificate), tlsClientKey: file(paths.key) } : {}),
    ...(input.basicAuthUsername === undefined ? {} : { basicAuthPassword: file(paths.password) }),
  };
  const datasource = {
    name: input.name,
    type: 'prometheus',
    access: 'proxy',
    url: input.url,
    isDefault: input.isDefault,
    ...(input.basicAuthUsername === undefined ? {} : { basicAuth: true, basicAuthUser: input.basicAuthUsername }),
    jsonData: {
      // POST keeps long PromQL out of URLs (and of access logs).
      httpMethod: 'POST',
      tlsAuthWithCACert: input.caCertificate,
      tlsAuth: input.clientCertificate,
      prometheusType: 'Prometheus',
    },
    ...(Object.keys(secure).length > 0 ? { secureJsonData: secure } : {}),
  };
  return `# Rendered by prometheus-tls-proxy.\n${stringify({ apiVersion: 1, datasources: [datasource] }, { lineWidth: 0 })}`;
}
