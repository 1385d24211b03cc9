import type { CertificateMode, ClientAuth, ClientRole, EcdsaCurve, KeyAlgorithm } from './enums';
import type { RemoteWriteTarget } from './remote-write';
import type { ScrapeJob } from './scrape-job';

/**
 * The props grouped by concern: `tls`, `auth`, `limits`, `nginx`, `prometheus` and `logs`. Each field
 * was a flat prop before, which still works as a deprecated alias (flat-options.ts).
 */

/** A user allowed through basic auth. */
export interface BasicAuthUser {
  /** User name: printable ASCII without `:` or whitespace, at most 128 characters. */
  readonly username: string;
  /**
   * bcrypt hash of the password (`$2y$`, `$2b$` or `$2a$`), cost 5 to 10.
   *
   * See the README for `htpasswd -nbB -C 8 user password` and for why the cost is bounded.
   */
  readonly passwordHash: string;
  /**
   * What the user may reach: the query API and UI, the receivers, `/federate`, or everything.
   * @default ClientRole.READER
   */
  readonly role?: ClientRole;
}

/** The certificate nginx serves: where it comes from, its key, its validity and its names. */
export interface TlsOptions {
  /**
   * Where the certificate nginx serves comes from.
   * @default CertificateMode.SELF_SIGNED
   * @example CertificateMode.PRIVATE_CA
   */
  readonly certificateMode?: CertificateMode;
  /** PEM certificate (chain) for `CertificateMode.PROVIDED`. @default - none */
  readonly certificatePem?: string;
  /** PEM private key for `CertificateMode.PROVIDED`, marked sensitive wherever it flows. @default - none */
  readonly privateKeyPem?: string;
  /** Algorithm of the generated keys (server, CA and client certificates). @default KeyAlgorithm.ECDSA */
  readonly keyAlgorithm?: KeyAlgorithm;
  /** RSA key size when `keyAlgorithm` is RSA. @default 4096 */
  readonly rsaBits?: number;
  /**
   * Curve when `keyAlgorithm` is ECDSA.
   *
   * The provider's own default, P224, fails with curl.
   * @default EcdsaCurve.P256
   */
  readonly ecdsaCurve?: EcdsaCurve;
  /** Validity of the server certificate and of the client certificates issued, in hours (at most 825 days). @default 8760 */
  readonly validityPeriodHours?: number;
  /**
   * Hours before expiry from which the next apply renews a generated certificate (server, CA or client).
   * @default - 720 (30 days), or half of validityPeriodHours when that is shorter
   */
  readonly earlyRenewalHours?: number;
  /** Validity of the CA certificate in `CertificateMode.PRIVATE_CA`, in hours. @default 87600 */
  readonly caValidityPeriodHours?: number;
  /**
   * Extra DNS names in the certificate's SAN and nginx's server names.
   * @default - none
   * @example ['prometheus.internal', '*.example.com']
   */
  readonly subjectAlternativeNames?: string[];
  /**
   * IP addresses in the certificate's SAN.
   *
   * Clients connecting by them (without SNI) are served.
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * Send Strict-Transport-Security.
   *
   * Browsers honour it only over a connection they trust, and then hard-fail any later certificate
   * error, so it is on where the certificate outlives renewals.
   * @default - true for CertificateMode.PROVIDED and CertificateMode.PRIVATE_CA, false for self-signed
   */
  readonly hsts?: boolean;
}

/** Who may use the proxy: basic auth users and client certificates (mTLS). */
export interface AuthOptions {
  /**
   * Users allowed through HTTP basic auth.
   * @default - no basic auth
   * @example [{ username: 'grafana', passwordHash: '$2y$08$...' }]
   */
  readonly basicAuthUsers?: BasicAuthUser[];
  /**
   * Leave `PREFIX/-/healthy` and `PREFIX/-/ready` open for probes when basic auth or client certificates are required.
   * @default true
   */
  readonly healthCheckWithoutAuth?: boolean;
  /**
   * Whether nginx asks for and verifies client certificates (mTLS).
   * @default ClientAuth.OFF
   * @example ClientAuth.REQUIRED
   */
  readonly clientAuth?: ClientAuth;
  /**
   * PEM of the CA that client certificates must chain to, when the construct has no CA of its own.
   *
   * Required with `clientAuth` in `CertificateMode.SELF_SIGNED` and `CertificateMode.PROVIDED`; refused
   * in `CertificateMode.PRIVATE_CA`, where client certificates chain to the construct's CA.
   * @default - none
   */
  readonly clientCaCertificatePem?: string;
  /**
   * Client certificates to issue from the construct's CA (`CertificateMode.PRIVATE_CA`), by common name.
   *
   * Each is then `clientCertificate(name)`.
   * @default - none
   * @example ['grafana', 'edge-eu']
   */
  readonly clientCertificates?: string[];
  /**
   * The role of each client certificate, by its CN: those of `clientCertificates`, or any a `clientCaCertificatePem` CA issued.
   *
   * Certificates that `remoteWriteTo` and `federate` issue get theirs (sender, federator) without being listed.
   * @default - `defaultClientCertificateRole` for each
   * @example { 'edge-eu': ClientRole.SENDER, ops: ClientRole.ADMIN }
   */
  readonly clientCertificateRoles?: Record<string, ClientRole>;
  /**
   * The role of a verified client certificate whose CN has none of its own.
   * @default ClientRole.READER
   */
  readonly defaultClientCertificateRole?: ClientRole;
}

/** What nginx allows each client address before it answers 429. */
export interface RequestLimits {
  /** Sustained requests per second from one client address (the receivers have a rate of their own). @default 20 */
  readonly requestsPerSecondPerClient?: number;
  /** Requests one client address may send at once above the sustained rate (a dashboard's refresh). @default 100 */
  readonly requestBurstPerClient?: number;
  /** Requests one client address may have in flight at once. @default 100 */
  readonly connectionsPerClient?: number;
  /**
   * Sustained requests per second from one address to the receivers, with a burst of twice as many.
   *
   * A sender's batches carry up to thousands of samples each; the rate also caps password guesses there.
   * @default 200
   */
  readonly receiverRequestsPerSecondPerClient?: number;
  /**
   * Queries one client may have in flight at once (the query API, federation, the UI), beyond which nginx answers 429.
   *
   * A client is a verified client certificate where there are client certificates, else an address.
   * Prometheus evaluates at most `prometheus.queryMaxConcurrency` at a time and queues the rest: this
   * keeps one client from filling the queue, with room for a dashboard's panels at once.
   * @default 32
   */
  readonly queriesInFlightPerClient?: number;
  /**
   * Largest request body the receivers accept, in MB.
   *
   * A snappy body decodes to up to 21 times its size, and Prometheus needs about 13 times the decoded
   * size to unmarshal it: the limit bounds what one request can take of Prometheus's memory.
   * @default 1
   */
  readonly receiverBodyLimitMb?: number;
  /**
   * Receiver requests Prometheus is given at once, from all senders: the others are answered 503, which senders retry.
   * @default - a quarter of `prometheus.memoryMb` over what one request of `receiverBodyLimitMb` can take, at least 1
   */
  readonly receiverRequestsInFlight?: number;
  /**
   * Receiver requests one sender (a client certificate, or an address) may have in flight, its body still arriving included.
   * @default 2
   */
  readonly receiverRequestsInFlightPerSender?: number;
}

/** The nginx container: its image, workers and memory. */
export interface NginxOptions {
  /**
   * The nginx image, pinned by tag or digest (`latest` is refused), nginx 1.22 or later.
   * @default 'nginx:1.30.6-alpine'
   */
  readonly image?: string;
  /**
   * nginx worker processes, 1 to 64.
   *
   * `memoryMb` must allow 32 MB for each, plus 64 MB.
   * @default 2
   */
  readonly workerProcesses?: number;
  /** Memory limit of the nginx container, MB. @default 256 */
  readonly memoryMb?: number;
}

/** Prometheus: its image and memory, what it scrapes and keeps, where it sends samples, and what it serves. */
export interface PrometheusOptions {
  /**
   * The Prometheus image, pinned by tag or digest (`latest` and distroless variants are refused).
   * @default 'prom/prometheus:v3.13.4'
   */
  readonly image?: string;
  /**
   * Memory limit of the Prometheus container, MB.
   *
   * The query and receiver limits derive from it, and Go's garbage collector aims below it (`GOMEMLIMIT`, 90 %).
   * @default 2048
   */
  readonly memoryMb?: number;
  /**
   * Queries Prometheus evaluates at once (`--query.max-concurrency`); the others wait.
   * @default 4
   */
  readonly queryMaxConcurrency?: number;
  /**
   * Samples one query may load into memory (`--query.max-samples`), beyond which it is refused (422).
   *
   * Prometheus holds about 45 to 90 bytes per sample a query loads (BENCHMARKS.md): the default lets
   * `queryMaxConcurrency` such queries take half of `memoryMb`. Raise it knowingly, with `memoryMb`.
   * @default - half of memoryMb over queryMaxConcurrency queries of 100 bytes a sample (2,684,354 for 2048 MB and 4)
   */
  readonly queryMaxSamples?: number;
  /**
   * Longest a query may run (`--query.timeout`, a Prometheus duration).
   * @default '2m'
   */
  readonly queryTimeout?: string;
  /** Global scrape interval (Prometheus duration). @default '15s' */
  readonly scrapeInterval?: string;
  /**
   * Scrape jobs besides the self-scrape job `prometheus`.
   * @default - none
   * @example [{ jobName: 'node', targets: ['node-exporter:9100'] }]
   */
  readonly scrapeConfigs?: ScrapeJob[];
  /** How long Prometheus keeps samples (`--storage.tsdb.retention.time`). @default '15d' */
  readonly retentionTime?: string;
  /** Most bytes the TSDB's blocks may take, the oldest going first (`--storage.tsdb.retention.size`), e.g. `10GB`. @default - no size limit */
  readonly retentionSize?: string;
  /** Labels added to every series this instance sends or is federated (`global.external_labels`). @default - none */
  readonly externalLabels?: Record<string, string>;
  /**
   * Where to send samples (`remote_write`).
   * @default - none
   * @example [{ url: 'https://mimir.example.com/api/v1/push', headers: { 'X-Scope-OrgID': 'team-a' } }]
   */
  readonly remoteWrite?: RemoteWriteTarget[];
  /**
   * Run Prometheus as an agent (`--agent`) that scrapes and forwards through `remoteWrite`, without local queries, rules or UI.
   *
   * The proxy then serves only health, readiness and its metrics (and the lifecycle and debug endpoints
   * when they are enabled). An agent needs a remote-write target when its stack is synthesized.
   * @default false
   */
  readonly agentMode?: boolean;
  /**
   * Turn on Prometheus's admin API and let the proxy pass it, refusing browser requests from other origins.
   *
   * Needs basic auth or required client certificates.
   * @default false
   */
  readonly enableAdminApi?: boolean;
  /**
   * Turn on `/-/reload` and `/-/quit` and let the proxy pass them (POST), refusing browser requests from other origins.
   *
   * Needs basic auth or required client certificates.
   * @default false
   */
  readonly enableLifecycle?: boolean;
  /**
   * Let the proxy pass Prometheus's Go profiling endpoints (`PREFIX/debug/pprof/...`).
   *
   * Needs basic auth or required client certificates.
   * @default false
   */
  readonly enableDebugEndpoints?: boolean;
  /**
   * Accept remote-write requests at `PREFIX/api/v1/write`.
   *
   * Needs basic auth or required client certificates.
   * @default false
   */
  readonly enableRemoteWriteReceiver?: boolean;
  /**
   * Accept OTLP metrics at `PREFIX/api/v1/otlp/v1/metrics` (Prometheus 3).
   *
   * Needs authentication, like the remote-write receiver.
   * @default false
   */
  readonly enableOtlpReceiver?: boolean;
}

/** json-file log rotation of the pause, nginx and Prometheus containers. */
export interface LogOptions {
  /** Size of one log file (Docker's units, e.g. `10m`). @default '10m' */
  readonly maxSize?: string;
  /** Log files kept per container. @default 3 */
  readonly maxFiles?: number;
}
