import { stringify } from 'yaml';
import type { ScrapeJob } from '../options';

export interface PrometheusConfigInput {
  readonly scrapeInterval: string;
  /** Target of the self-scrape job `prometheus`, as seen from inside the Prometheus container. */
  readonly selfTarget: string;
  readonly scrapeConfigs: ScrapeJob[];
}

/** prometheus.yml, rendered with a YAML library so that no value can change the document's shape. */
export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  const jobs = [{ jobName: 'prometheus', targets: [input.selfTarget] } as ScrapeJob, ...input.scrapeConfigs];
  const document = {
    global: { scrape_interval: input.scrapeInterval, evaluation_interval: input.scrapeInterval },
    scrape_configs: jobs.map((job) => ({
      job_name: job.jobName,
      ...(job.scheme === undefined ? {} : { scheme: job.scheme }),
      ...(job.metricsPath === undefined ? {} : { metrics_path: job.metricsPath }),
      ...(job.scrapeInterval === undefined ? {} : { scrape_interval: job.scrapeInterval }),
      ...(job.scrapeTimeout === undefined ? {} : { scrape_timeout: job.scrapeTimeout }),
      static_configs: [{ targets: [...job.targets], ...(job.labels === undefined ? {} : { labels: { ...job.labels } }) }],
    })),
  };
  return `# Rendered by prometheus-tls-proxy; changes here are replaced on the next deploy.\n${stringify(document, { lineWidth: 0 })}`;
}
