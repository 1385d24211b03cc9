import type { FlatOptions } from './flat-options';
import type { AuthOptions, LogOptions, NginxOptions, PrometheusOptions, RequestLimits, TlsOptions } from './groups';

/**
 * What a PrometheusTlsProxy serves and how, as plain data free of cdktf types: the flat props and the
 * groups. PrometheusTlsProxyProps adds the Docker provider.
 * @internal jsii copies these members into PrometheusTlsProxyProps, which documents them once.
 */
export interface PrometheusTlsProxyOptions extends FlatOptions {
  /**
   * The certificate nginx serves: its mode, key, validity and names.
   * @default - a self-signed ECDSA P-256 certificate for domainName and networkAlias, valid for a year
   * @example { certificateMode: CertificateMode.PRIVATE_CA, subjectAlternativeNames: ['prometheus.internal'] }
   */
  readonly tls?: TlsOptions;

  /**
   * Who may use the proxy: basic auth users and client certificates.
   * @default - anyone who reaches httpsPort
   * @example { clientAuth: ClientAuth.REQUIRED, clientCertificates: ['grafana'] }
   */
  readonly auth?: AuthOptions;

  /**
   * What nginx allows each client address before it answers 429.
   * @default - 20 requests a second with bursts of 100, 100 in flight, 200 a second at the receivers
   */
  readonly limits?: RequestLimits;

  /**
   * The nginx container: its image, workers and memory.
   * @default - nginx:1.30.6-alpine, 2 workers, 256 MB
   */
  readonly nginx?: NginxOptions;

  /**
   * Prometheus: its image and memory, scrape jobs, retention, remote write and opt-in endpoints.
   * @default - prom/prometheus:v3.13.4, 2 GB, scraping itself every 15 s, keeping 15 days
   * @example { scrapeConfigs: [{ jobName: 'node', targets: ['node-exporter:9100'] }], retentionTime: '30d' }
   */
  readonly prometheus?: PrometheusOptions;

  /**
   * json-file log rotation of the pause, nginx and Prometheus containers.
   * @default - 3 files of 10 MB per container
   */
  readonly logs?: LogOptions;
}
