import type { TerraformProvider } from 'cdktf';
import type { DockerNames } from '../names';
import type { PodAgent } from '../pod-agent';
import type { PrometheusServerProps } from '../prometheus-server';
import { corsOrigin } from '../render/urls';
import type { ResolvedOptions } from '../resolve-options';

/** What the Prometheus props are made of besides the options. */
export interface PrometheusParts {
  readonly names: DockerNames;
  readonly provider?: TerraformProvider;
  readonly networkMode: string;
  readonly agent: PodAgent;
  /** `https://DOMAIN[:PORT]/PREFIX`, the URL Prometheus generates its links under. */
  readonly externalUrl: string;
  /** The published HTTPS port, a token written out as its expression. */
  readonly port: number | string;
}

/** Prometheus: prometheus.yml's jobs, labels and targets, its flags, and its container's limits. */
export function prometheusServerProps(options: ResolvedOptions, parts: PrometheusParts): PrometheusServerProps {
  return {
    provider: parts.provider,
    name: parts.names.prometheusContainer,
    configVolumeName: parts.names.prometheusConfigVolume,
    agent: parts.agent,
    dataVolumeName: parts.names.dataVolume,
    image: options.prometheusImage,
    networkMode: parts.networkMode,
    externalUrl: parts.externalUrl,
    corsOrigin: corsOrigin(options.domainName, parts.port, options.networkAlias),
    scrapeInterval: options.scrapeInterval,
    scrapeConfigs: options.scrapeConfigs,
    externalLabels: options.externalLabels,
    remoteWrite: options.remoteWrite,
    retentionTime: options.retentionTime,
    retentionSize: options.retentionSize,
    enableAdminApi: options.enableAdminApi,
    enableLifecycle: options.enableLifecycle,
    enableRemoteWriteReceiver: options.enableRemoteWriteReceiver,
    enableOtlpReceiver: options.enableOtlpReceiver,
    agentMode: options.agentMode,
    queryMaxConcurrency: options.queryMaxConcurrency,
    queryMaxSamples: options.queryMaxSamples,
    queryTimeout: options.queryTimeout,
    memoryMb: options.prometheusMemoryMb,
    logMaxSize: options.logMaxSize,
    logMaxFiles: options.logMaxFiles,
  };
}
