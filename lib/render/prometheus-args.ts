export interface PrometheusArgsInput {
  readonly configPath: string;
  readonly tsdbPath: string;
  readonly retentionTime: string;
  readonly retentionSize?: string;
  /** `https://DOMAIN[:PORT]/PREFIX`, what Prometheus puts in the links it generates. */
  readonly externalUrl: string;
  readonly enableAdminApi: boolean;
  readonly enableLifecycle: boolean;
}

/**
 * Prometheus command-line arguments. nginx strips the prefix before proxying, so Prometheus serves
 * at `/` (`--web.route-prefix=/`) while generating links under the external URL's path.
 */
export function renderPrometheusArgs(input: PrometheusArgsInput): string[] {
  return [
    `--config.file=${input.configPath}`,
    `--storage.tsdb.path=${input.tsdbPath}`,
    `--storage.tsdb.retention.time=${input.retentionTime}`,
    ...(input.retentionSize === undefined ? [] : [`--storage.tsdb.retention.size=${input.retentionSize}`]),
    `--web.external-url=${input.externalUrl}`,
    '--web.route-prefix=/',
    ...(input.enableAdminApi ? ['--web.enable-admin-api'] : []),
    ...(input.enableLifecycle ? ['--web.enable-lifecycle'] : []),
  ];
}
