import type { ScrapeScheme } from './enums';

/** A scrape job added to the rendered prometheus.yml. */
export interface ScrapeJob {
  /**
   * Job name, unique across the config.
   *
   * `prometheus` is the self-scrape job's.
   */
  readonly jobName: string;
  /** `host:port` targets, literal: a container on a shared network by its name, e.g. `node-exporter:9100`. */
  readonly targets: string[];
  /** HTTP path the metrics are scraped from on each target. @default '/metrics' */
  readonly metricsPath?: string;
  /** Protocol the targets are scraped with. @default ScrapeScheme.HTTP */
  readonly scheme?: ScrapeScheme;
  /** How often this job's targets are scraped (Prometheus duration). @default - the global scrape interval */
  readonly scrapeInterval?: string;
  /** How long one scrape may take, at most the job's interval. @default - Prometheus's default (10s, capped at the interval) */
  readonly scrapeTimeout?: string;
  /** Labels added to every series of this job. @default - none */
  readonly labels?: Record<string, string>;
  /** Keep the labels the target reports where they clash with the job's (federation). @default false */
  readonly honorLabels?: boolean;
  /** URL parameters of every scrape, e.g. `{ 'match[]': ['up'] }` for `/federate`. @default - none */
  readonly queryParams?: Record<string, string[]>;
  /** PEM of the CA that signed the targets' certificates (`https`). @default - the system's trust store */
  readonly caCertificatePem?: string;
  /** PEM client certificate for targets that require one (with `clientPrivateKeyPem`). @default - none */
  readonly clientCertificatePem?: string;
  /** PEM key of `clientCertificatePem`, marked sensitive. @default - none */
  readonly clientPrivateKeyPem?: string;
  /** Name to verify the targets' certificates for. @default - each target's host */
  readonly serverName?: string;
  /** Basic auth user for targets behind it (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Basic auth password, which may be a sensitive Terraform value. @default - none */
  readonly basicAuthPassword?: string;
}
