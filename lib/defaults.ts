import { CertificateMode, ClientAuth, ClientRole, EcdsaCurve, KeyAlgorithm } from './options';

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

/**
 * The literal defaults of the props, which resolveOptions applies. The defaults that depend on other
 * props (namePrefix, networkAlias, earlyRenewalHours, hsts) are computed there.
 */
export const DEFAULTS = {
  pathPrefix: '/prometheus',
  httpsPort: 443,
  nginxImage: IMAGES.nginx,
  prometheusImage: IMAGES.prometheus,
  pauseImage: IMAGES.pause,
  dockerSocketPath: '/var/run/docker.sock',
  certificateMode: CertificateMode.SELF_SIGNED,
  keyAlgorithm: KeyAlgorithm.ECDSA,
  rsaBits: 4096,
  ecdsaCurve: EcdsaCurve.P256,
  validityPeriodHours: 8760,
  /** 30 days; a shorter-lived certificate renews from half its validity (resolveOptions). */
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
  // The query and receiver limits of memory-budget.ts, for the default memory and concurrency.
  queryMaxConcurrency: 4,
  queryTimeout: '2m',
  // The defaults' own value for a memory limit that is a Terraform token: 2048 MB over 4 queries.
  queryMaxSamplesFallback: 2_684_354,
  // Dashboards send their panels' queries at once; Prometheus queues what it cannot evaluate yet.
  queriesInFlightPerClient: 32,
  receiverBodyLimitMb: 1,
  receiverRequestsInFlightPerSender: 2,
  clientRole: ClientRole.READER,
  // 30 MB of logs per container: enough for days of access logs at dashboard rates, bounded on disk.
  logMaxSize: '10m',
  logMaxFiles: 3,
} as const;
