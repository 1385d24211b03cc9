import { definedOnly } from './defined';
import { namePrefixFromPath } from './names';
import {
  BasicAuthUser,
  CertificateMode,
  ClientAuth,
  EcdsaCurve,
  KeyAlgorithm,
  PrometheusTlsProxyOptions,
  RemoteWriteTarget,
  ScrapeJob,
} from './options';
import type { IsUnresolved } from './validation';

/**
 * The pinned images. How they are chosen (README, "Image pins"): the newest patch of nginx's stable
 * line on the official alpine variant, the newest patch of Prometheus's current LTS line, and the
 * pause image of the oldest Kubernetes release still supported; bumped when any of them ships a
 * security fix, and at least with each new nginx stable or Prometheus LTS line.
 */
export const IMAGES = {
  nginx: 'nginx:1.30.6-alpine',
  prometheus: 'prom/prometheus:v3.13.4',
  pause: 'registry.k8s.io/pause:3.10',
} as const;

/** Every literal default, in one place: resolveOptions applies them, validation reads them. */
export const DEFAULTS = {
  pathPrefix: '/prometheus',
  httpsPort: 443,
  nginxImage: IMAGES.nginx,
  prometheusImage: IMAGES.prometheus,
  pauseImage: IMAGES.pause,
  certificateMode: CertificateMode.SELF_SIGNED,
  keyAlgorithm: KeyAlgorithm.ECDSA,
  rsaBits: 4096,
  ecdsaCurve: EcdsaCurve.P256,
  validityPeriodHours: 8760,
  earlyRenewalHours: 720,
  caValidityPeriodHours: 87600,
  scrapeInterval: '15s',
  retentionTime: '15d',
  healthCheckWithoutAuth: true,
  enableAdminApi: false,
  enableLifecycle: false,
  enableDebugEndpoints: false,
  // A Grafana dashboard of 30 panels refreshing every 5 s sends bursts of 30 and 6 requests a second
  // on average: three such dashboards from one address stay under the rate, one refresh under the burst.
  requestsPerSecondPerClient: 20,
  requestBurstPerClient: 100,
  connectionsPerClient: 100,
  // Prometheus's senders batch up to 2,000 samples per request: 400,000 samples a second from one address.
  receiverRequestsPerSecondPerClient: 200,
  clientAuth: ClientAuth.OFF,
  enableRemoteWriteReceiver: false,
  enableOtlpReceiver: false,
  agentMode: false,
  nginxWorkerProcesses: 2,
  // Room for nginx's shared TLS session cache, its limit zones and two busy workers, far below what one host gives it.
  nginxMemoryMb: 256,
  // Prometheus needs roughly 1-3 KB of memory per active series: 2 GiB holds a few hundred thousand.
  prometheusMemoryMb: 2048,
  // 30 MB of logs per container: enough for days of access logs at dashboard rates, bounded on disk.
  logMaxSize: '10m',
  logMaxFiles: 3,
} as const;

/** Options with every default applied once; optional fields stay optional where absence means "off". */
export interface ResolvedOptions {
  readonly domainName: string;
  readonly pathPrefix: string;
  readonly httpsPort: number;
  readonly httpPort?: number;
  readonly namePrefix: string;
  readonly network?: string;
  readonly additionalNetworks: string[];
  readonly networkAlias: string;
  readonly nginxImage: string;
  readonly prometheusImage: string;
  readonly pauseImage: string;
  readonly certificateMode: CertificateMode;
  readonly certificatePem?: string;
  readonly privateKeyPem?: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly rsaBits: number;
  readonly ecdsaCurve: EcdsaCurve;
  readonly validityPeriodHours: number;
  readonly earlyRenewalHours: number;
  readonly caValidityPeriodHours: number;
  readonly subjectAlternativeNames: string[];
  readonly ipAddresses: string[];
  readonly scrapeInterval: string;
  readonly scrapeConfigs: ScrapeJob[];
  readonly retentionTime: string;
  readonly retentionSize?: string;
  readonly basicAuthUsers: BasicAuthUser[];
  readonly healthCheckWithoutAuth: boolean;
  readonly enableAdminApi: boolean;
  readonly enableLifecycle: boolean;
  readonly enableDebugEndpoints: boolean;
  readonly hsts: boolean;
  readonly requestsPerSecondPerClient: number;
  readonly requestBurstPerClient: number;
  readonly connectionsPerClient: number;
  readonly receiverRequestsPerSecondPerClient: number;
  readonly clientAuth: ClientAuth;
  readonly clientCaCertificatePem?: string;
  readonly clientCertificates: string[];
  readonly externalLabels: Record<string, string>;
  readonly remoteWrite: RemoteWriteTarget[];
  readonly enableRemoteWriteReceiver: boolean;
  readonly enableOtlpReceiver: boolean;
  readonly agentMode: boolean;
  readonly nginxWorkerProcesses: number;
  readonly nginxMemoryMb: number;
  readonly prometheusMemoryMb: number;
  readonly logMaxSize: string;
  readonly logMaxFiles: number;
}

/**
 * 30 days, or half the validity of a shorter-lived certificate: a renewal window as long as the
 * validity would renew the certificate, and replace nginx, on every deploy.
 */
function defaultEarlyRenewalHours(validityPeriodHours: number, isUnresolved: IsUnresolved): number {
  if (isUnresolved(validityPeriodHours)) return DEFAULTS.earlyRenewalHours;
  return Math.min(DEFAULTS.earlyRenewalHours, Math.floor(validityPeriodHours / 2));
}

export function resolveOptions(options: PrometheusTlsProxyOptions, constructPath: string, isUnresolved: IsUnresolved): ResolvedOptions {
  const certificateMode = options.certificateMode ?? DEFAULTS.certificateMode;
  const validityPeriodHours = options.validityPeriodHours ?? DEFAULTS.validityPeriodHours;
  const namePrefix = options.namePrefix ?? namePrefixFromPath(constructPath);
  return {
    ...DEFAULTS,
    ...definedOnly(options),
    domainName: options.domainName,
    namePrefix,
    networkAlias: options.networkAlias ?? namePrefix,
    additionalNetworks: options.additionalNetworks ?? [],
    certificateMode,
    earlyRenewalHours: options.earlyRenewalHours ?? defaultEarlyRenewalHours(validityPeriodHours, isUnresolved),
    subjectAlternativeNames: options.subjectAlternativeNames ?? [],
    ipAddresses: options.ipAddresses ?? [],
    scrapeConfigs: options.scrapeConfigs ?? [],
    basicAuthUsers: options.basicAuthUsers ?? [],
    clientCertificates: options.clientCertificates ?? [],
    externalLabels: options.externalLabels ?? {},
    remoteWrite: options.remoteWrite ?? [],
    hsts: options.hsts ?? certificateMode !== CertificateMode.SELF_SIGNED,
  };
}
