import { stringify } from 'yaml';
import { definedOnly } from '../defined';
import type { RelabelRule, RemoteWriteQueue } from '../options';

/** TLS settings of a scrape job or remote-write target, as paths of files in the Prometheus container. */
export interface TlsFiles {
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly serverName?: string;
}

/** A scrape job as rendered: the public ScrapeJob plus what federation needs. */
export interface RenderedScrapeJob {
  readonly jobName: string;
  readonly targets: readonly string[];
  readonly metricsPath?: string;
  readonly scheme?: string;
  readonly scrapeInterval?: string;
  readonly scrapeTimeout?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly honorLabels?: boolean;
  readonly params?: Readonly<Record<string, readonly string[]>>;
  readonly tls?: TlsFiles;
  readonly basicAuth?: BasicAuthFile;
}

/** Basic auth of a client, the password in a file. */
export interface BasicAuthFile {
  readonly username: string;
  readonly passwordFile: string;
}

/** A remote-write target as rendered: secrets are files, never values. */
export interface RenderedRemoteWrite {
  readonly url: string;
  readonly name?: string;
  readonly tls?: TlsFiles;
  readonly basicAuth?: BasicAuthFile;
  readonly bearerTokenFile?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly queue?: RemoteWriteQueue;
  readonly writeRelabelConfigs?: readonly RelabelRule[];
}

export interface PrometheusConfigInput {
  readonly scrapeInterval: string;
  /** Target of the self-scrape job `prometheus`, as seen from inside the pod. */
  readonly selfTarget: string;
  readonly scrapeConfigs: readonly RenderedScrapeJob[];
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly remoteWrite: readonly RenderedRemoteWrite[];
  /** An agent evaluates no rules: no evaluation interval. */
  readonly agentMode: boolean;
}

function tlsConfig(tls: TlsFiles | undefined): Record<string, unknown> | undefined {
  if (tls === undefined) return undefined;
  return definedOnly({ ca_file: tls.caFile, cert_file: tls.certFile, key_file: tls.keyFile, server_name: tls.serverName });
}

function basicAuth(auth: BasicAuthFile | undefined): Record<string, unknown> | undefined {
  return auth && { username: auth.username, password_file: auth.passwordFile };
}

function relabelConfig(rule: RelabelRule): Record<string, unknown> {
  return definedOnly({
    source_labels: rule.sourceLabels === undefined ? undefined : [...rule.sourceLabels],
    separator: rule.separator,
    regex: rule.regex,
    target_label: rule.targetLabel,
    replacement: rule.replacement,
    modulus: rule.modulus,
    action: rule.action,
  });
}

function queueConfig(queue: RemoteWriteQueue | undefined): Record<string, unknown> | undefined {
  if (queue === undefined) return undefined;
  return definedOnly({
    capacity: queue.capacity,
    max_shards: queue.maxShards,
    min_shards: queue.minShards,
    max_samples_per_send: queue.maxSamplesPerSend,
    batch_send_deadline: queue.batchSendDeadline,
    min_backoff: queue.minBackoff,
    max_backoff: queue.maxBackoff,
  });
}

function scrapeConfig(job: RenderedScrapeJob): Record<string, unknown> {
  return definedOnly({
    job_name: job.jobName,
    honor_labels: job.honorLabels,
    scheme: job.scheme,
    metrics_path: job.metricsPath,
    params: job.params === undefined ? undefined : Object.fromEntries(Object.entries(job.params).map(([k, v]) => [k, [...v]])),
    scrape_interval: job.scrapeInterval,
    scrape_timeout: job.scrapeTimeout,
    basic_auth: basicAuth(job.basicAuth),
    tls_config: tlsConfig(job.tls),
    static_configs: [{ targets: [...job.targets], ...(job.labels === undefined ? {} : { labels: { ...job.labels } }) }],
  });
}

function remoteWriteConfig(target: RenderedRemoteWrite): Record<string, unknown> {
  return definedOnly({
    url: target.url,
    name: target.name,
    headers: target.headers === undefined ? undefined : { ...target.headers },
    basic_auth: basicAuth(target.basicAuth),
    authorization: target.bearerTokenFile && { type: 'Bearer', credentials_file: target.bearerTokenFile },
    tls_config: tlsConfig(target.tls),
    queue_config: queueConfig(target.queue),
    write_relabel_configs: target.writeRelabelConfigs?.map(relabelConfig),
  });
}

/** prometheus.yml, rendered with a YAML library so that no value can change the document's shape. */
export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  const jobs: RenderedScrapeJob[] = [{ jobName: 'prometheus', targets: [input.selfTarget] }, ...input.scrapeConfigs];
  const hasExternalLabels = Object.keys(input.externalLabels).length > 0;
  const document = definedOnly({
    global: definedOnly({
      scrape_interval: input.scrapeInterval,
      evaluation_interval: input.agentMode ? undefined : input.scrapeInterval,
      external_labels: hasExternalLabels ? { ...input.externalLabels } : undefined,
    }),
    scrape_configs: jobs.map(scrapeConfig),
    remote_write: input.remoteWrite.length > 0 ? input.remoteWrite.map(remoteWriteConfig) : undefined,
  });
  return `# Rendered by prometheus-tls-proxy; changes here are replaced on the next deploy.\n${stringify(document, { lineWidth: 0 })}`;
}
