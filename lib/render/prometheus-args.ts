export interface PrometheusArgsInput {
  readonly configPath: string;
  readonly tsdbPath: string;
  readonly retentionTime: string;
  readonly retentionSize?: string;
  /** `https://DOMAIN[:PORT]/PREFIX`, what Prometheus puts in the links it generates. */
  readonly externalUrl: string;
  /** Loopback `host:port`: in the pod, only nginx reaches it. */
  readonly listenAddress: string;
  /** Anchored RE2 regular expression of the origins whose pages may read the API (CORS). */
  readonly corsOrigin: string;
  readonly enableAdminApi: boolean;
  readonly enableLifecycle: boolean;
  readonly enableRemoteWriteReceiver: boolean;
  readonly enableOtlpReceiver: boolean;
  /** `--agent`: its storage flags differ and it has no retention by time or size, nor a query engine. */
  readonly agentMode: boolean;
  /** The query engine's bounds (memory-budget.ts): queries at once, samples one may load, how long one may run. */
  readonly query: { readonly maxConcurrency: number; readonly maxSamples: number; readonly timeout: string };
}

/**
 * Prometheus command-line arguments. nginx strips the prefix before proxying, so Prometheus serves
 * at `/` (`--web.route-prefix=/`) while generating links under the external URL's path.
 */
export function renderPrometheusArgs(input: PrometheusArgsInput): string[] {
  const storage = input.agentMode
    ? ['--agent', `--storage.agent.path=${input.tsdbPath}`]
    : [
        `--storage.tsdb.path=${input.tsdbPath}`,
        `--storage.tsdb.retention.time=${input.retentionTime}`,
        ...(input.retentionSize === undefined ? [] : [`--storage.tsdb.retention.size=${input.retentionSize}`]),
      ];
  // Prometheus's own defaults (20 at once, 50 million samples each) let one query take gigabytes.
  const query = input.agentMode
    ? []
    : [`--query.max-concurrency=${input.query.maxConcurrency}`, `--query.max-samples=${input.query.maxSamples}`, `--query.timeout=${input.query.timeout}`];
  return [
    `--config.file=${input.configPath}`,
    ...storage,
    ...query,
    `--web.listen-address=${input.listenAddress}`,
    `--web.external-url=${input.externalUrl}`,
    '--web.route-prefix=/',
    // Prometheus's default, `.*`, answers `Access-Control-Allow-Origin: *`: any page a user visits could
    // read the API through that user's browser and credentials.
    `--web.cors.origin=${input.corsOrigin}`,
    ...(input.enableAdminApi ? ['--web.enable-admin-api'] : []),
    ...(input.enableLifecycle ? ['--web.enable-lifecycle'] : []),
    ...(input.enableRemoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    ...(input.enableOtlpReceiver ? ['--web.enable-otlp-receiver'] : []),
  ];
}
