import type { CertificateMode, ClientAuth, EcdsaCurve, KeyAlgorithm } from './enums';
import type { BasicAuthUser } from './groups';
import type { RemoteWriteTarget } from './remote-write';
import type { ScrapeJob } from './scrape-job';

/**
 * The props that are not grouped: where the instance answers and what it is called, and the deprecated
 * flat aliases of the grouped ones. Plain data, free of cdktf types.
 * @internal jsii copies these members into PrometheusTlsProxyProps, which documents them once.
 */
export interface FlatOptions {
  /**
   * The DNS name clients use: the certificate's CN and first SAN, nginx's `server_name`.
   * @example 'prometheus.example.com'
   */
  readonly domainName: string;

  /**
   * URL path under which Prometheus is served, `/` serving it at the root.
   * @default '/prometheus'
   * @example '/ops/prometheus'
   */
  readonly pathPrefix?: string;

  /**
   * Host port published for HTTPS (nginx listens on 443 inside the pod), which may be a Terraform number.
   * @default 443
   * @example 8443
   */
  readonly httpsPort?: number;

  /**
   * Host port published for a plain-HTTP listener that only redirects to HTTPS.
   * @default - no HTTP listener
   */
  readonly httpPort?: number;

  /**
   * Prefix of every Docker object name (containers, network, volumes), a DNS label.
   *
   * Set it for anything long-lived: the derived prefix changes when the construct moves in the tree,
   * and a new prefix means a new, empty TSDB volume.
   * @default - derived from the construct path, with a hash so that instances never collide
   * @example 'prometheus'
   */
  readonly namePrefix?: string;

  /**
   * Name of an existing Docker network for the pod instead of a private one.
   * @default - a private network per instance
   * @example 'monitoring'
   */
  readonly network?: string;

  /**
   * More existing Docker networks the pod joins, e.g. one where scrape targets or Grafana live.
   *
   * Prometheus reaches targets on all of them, and the proxy answers on all of them.
   * @default - none
   */
  readonly additionalNetworks?: string[];

  /**
   * DNS name of the proxy for other containers on the pod's networks (a network alias).
   *
   * A generated certificate carries it as a SAN, so that they can verify `https://ALIAS/PREFIX/` by name.
   * @default - namePrefix
   * @example 'prometheus'
   */
  readonly networkAlias?: string;

  /**
   * Image of the pod's pause container, which owns the network namespace nginx and Prometheus share.
   * @default 'registry.k8s.io/pause:3.10'
   */
  readonly pauseImage?: string;

  /**
   * Path of the Docker engine's socket on the Docker host, which the pod agent mounts.
   *
   * The agent delivers config changes as reloads and keeps the pod's members running through a daemon
   * restart (README, "The pod agent"); rootless Docker's socket is under `$XDG_RUNTIME_DIR`.
   * @default '/var/run/docker.sock'
   * @example '/run/user/1000/docker.sock'
   */
  readonly dockerSocketPath?: string;

  // The deprecated flat aliases of the grouped props, in the groups' order.
  /** Deprecated alias of `tls.certificateMode`. @default - as `tls.certificateMode` @deprecated Use `tls.certificateMode`, which takes the same values. */
  readonly certificateMode?: CertificateMode;
  /** Deprecated alias of `tls.certificatePem`. @default - as `tls.certificatePem` @deprecated Use `tls.certificatePem`, which takes the same values. */
  readonly certificatePem?: string;
  /** Deprecated alias of `tls.privateKeyPem`. @default - as `tls.privateKeyPem` @deprecated Use `tls.privateKeyPem`, which takes the same values. */
  readonly privateKeyPem?: string;
  /** Deprecated alias of `tls.keyAlgorithm`. @default - as `tls.keyAlgorithm` @deprecated Use `tls.keyAlgorithm`, which takes the same values. */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** Deprecated alias of `tls.rsaBits`. @default - as `tls.rsaBits` @deprecated Use `tls.rsaBits`, which takes the same values. */
  readonly rsaBits?: number;
  /** Deprecated alias of `tls.ecdsaCurve`. @default - as `tls.ecdsaCurve` @deprecated Use `tls.ecdsaCurve`, which takes the same values. */
  readonly ecdsaCurve?: EcdsaCurve;
  /** Deprecated alias of `tls.validityPeriodHours`. @default - as `tls.validityPeriodHours` @deprecated Use `tls.validityPeriodHours`, which takes the same values. */
  readonly validityPeriodHours?: number;
  /** Deprecated alias of `tls.earlyRenewalHours`. @default - as `tls.earlyRenewalHours` @deprecated Use `tls.earlyRenewalHours`, which takes the same values. */
  readonly earlyRenewalHours?: number;
  /** Deprecated alias of `tls.caValidityPeriodHours`. @default - as `tls.caValidityPeriodHours` @deprecated Use `tls.caValidityPeriodHours`, which takes the same values. */
  readonly caValidityPeriodHours?: number;
  /** Deprecated alias of `tls.subjectAlternativeNames`. @default - as `tls.subjectAlternativeNames` @deprecated Use `tls.subjectAlternativeNames`, which takes the same values. */
  readonly subjectAlternativeNames?: string[];
  /** Deprecated alias of `tls.ipAddresses`. @default - as `tls.ipAddresses` @deprecated Use `tls.ipAddresses`, which takes the same values. */
  readonly ipAddresses?: string[];
  /** Deprecated alias of `tls.hsts`. @default - as `tls.hsts` @deprecated Use `tls.hsts`, which takes the same values. */
  readonly hsts?: boolean;
  /** Deprecated alias of `auth.basicAuthUsers`. @default - as `auth.basicAuthUsers` @deprecated Use `auth.basicAuthUsers`, which takes the same values. */
  readonly basicAuthUsers?: BasicAuthUser[];
  /** Deprecated alias of `auth.healthCheckWithoutAuth`. @default - as `auth.healthCheckWithoutAuth` @deprecated Use `auth.healthCheckWithoutAuth`, which takes the same values. */
  readonly healthCheckWithoutAuth?: boolean;
  /** Deprecated alias of `auth.clientAuth`. @default - as `auth.clientAuth` @deprecated Use `auth.clientAuth`, which takes the same values. */
  readonly clientAuth?: ClientAuth;
  /** Deprecated alias of `auth.clientCaCertificatePem`. @default - as `auth.clientCaCertificatePem` @deprecated Use `auth.clientCaCertificatePem`, which takes the same values. */
  readonly clientCaCertificatePem?: string;
  /** Deprecated alias of `auth.clientCertificates`. @default - as `auth.clientCertificates` @deprecated Use `auth.clientCertificates`, which takes the same values. */
  readonly clientCertificates?: string[];
  /** Deprecated alias of `limits.requestsPerSecondPerClient`. @default - as `limits.requestsPerSecondPerClient` @deprecated Use `limits.requestsPerSecondPerClient`, which takes the same values. */
  readonly requestsPerSecondPerClient?: number;
  /** Deprecated alias of `limits.requestBurstPerClient`. @default - as `limits.requestBurstPerClient` @deprecated Use `limits.requestBurstPerClient`, which takes the same values. */
  readonly requestBurstPerClient?: number;
  /** Deprecated alias of `limits.connectionsPerClient`. @default - as `limits.connectionsPerClient` @deprecated Use `limits.connectionsPerClient`, which takes the same values. */
  readonly connectionsPerClient?: number;
  /** Deprecated alias of `limits.receiverRequestsPerSecondPerClient`. @default - as `limits.receiverRequestsPerSecondPerClient` @deprecated Use `limits.receiverRequestsPerSecondPerClient`, which takes the same values. */
  readonly receiverRequestsPerSecondPerClient?: number;
  /** Deprecated alias of `nginx.image`. @default - as `nginx.image` @deprecated Use `nginx.image`, which takes the same values. */
  readonly nginxImage?: string;
  /** Deprecated alias of `nginx.workerProcesses`. @default - as `nginx.workerProcesses` @deprecated Use `nginx.workerProcesses`, which takes the same values. */
  readonly nginxWorkerProcesses?: number;
  /** Deprecated alias of `nginx.memoryMb`. @default - as `nginx.memoryMb` @deprecated Use `nginx.memoryMb`, which takes the same values. */
  readonly nginxMemoryMb?: number;
  /** Deprecated alias of `prometheus.image`. @default - as `prometheus.image` @deprecated Use `prometheus.image`, which takes the same values. */
  readonly prometheusImage?: string;
  /** Deprecated alias of `prometheus.memoryMb`. @default - as `prometheus.memoryMb` @deprecated Use `prometheus.memoryMb`, which takes the same values. */
  readonly prometheusMemoryMb?: number;
  /** Deprecated alias of `prometheus.scrapeInterval`. @default - as `prometheus.scrapeInterval` @deprecated Use `prometheus.scrapeInterval`, which takes the same values. */
  readonly scrapeInterval?: string;
  /** Deprecated alias of `prometheus.scrapeConfigs`. @default - as `prometheus.scrapeConfigs` @deprecated Use `prometheus.scrapeConfigs`, which takes the same values. */
  readonly scrapeConfigs?: ScrapeJob[];
  /** Deprecated alias of `prometheus.retentionTime`. @default - as `prometheus.retentionTime` @deprecated Use `prometheus.retentionTime`, which takes the same values. */
  readonly retentionTime?: string;
  /** Deprecated alias of `prometheus.retentionSize`. @default - as `prometheus.retentionSize` @deprecated Use `prometheus.retentionSize`, which takes the same values. */
  readonly retentionSize?: string;
  /** Deprecated alias of `prometheus.externalLabels`. @default - as `prometheus.externalLabels` @deprecated Use `prometheus.externalLabels`, which takes the same values. */
  readonly externalLabels?: Record<string, string>;
  /** Deprecated alias of `prometheus.remoteWrite`. @default - as `prometheus.remoteWrite` @deprecated Use `prometheus.remoteWrite`, which takes the same values. */
  readonly remoteWrite?: RemoteWriteTarget[];
  /** Deprecated alias of `prometheus.agentMode`. @default - as `prometheus.agentMode` @deprecated Use `prometheus.agentMode`, which takes the same values. */
  readonly agentMode?: boolean;
  /** Deprecated alias of `prometheus.enableAdminApi`. @default - as `prometheus.enableAdminApi` @deprecated Use `prometheus.enableAdminApi`, which takes the same values. */
  readonly enableAdminApi?: boolean;
  /** Deprecated alias of `prometheus.enableLifecycle`. @default - as `prometheus.enableLifecycle` @deprecated Use `prometheus.enableLifecycle`, which takes the same values. */
  readonly enableLifecycle?: boolean;
  /** Deprecated alias of `prometheus.enableDebugEndpoints`. @default - as `prometheus.enableDebugEndpoints` @deprecated Use `prometheus.enableDebugEndpoints`, which takes the same values. */
  readonly enableDebugEndpoints?: boolean;
  /** Deprecated alias of `prometheus.enableRemoteWriteReceiver`. @default - as `prometheus.enableRemoteWriteReceiver` @deprecated Use `prometheus.enableRemoteWriteReceiver`, which takes the same values. */
  readonly enableRemoteWriteReceiver?: boolean;
  /** Deprecated alias of `prometheus.enableOtlpReceiver`. @default - as `prometheus.enableOtlpReceiver` @deprecated Use `prometheus.enableOtlpReceiver`, which takes the same values. */
  readonly enableOtlpReceiver?: boolean;
  /** Deprecated alias of `logs.maxSize`. @default - as `logs.maxSize` @deprecated Use `logs.maxSize`, which takes the same values. */
  readonly logMaxSize?: string;
  /** Deprecated alias of `logs.maxFiles`. @default - as `logs.maxFiles` @deprecated Use `logs.maxFiles`, which takes the same values. */
  readonly logMaxFiles?: number;
}
