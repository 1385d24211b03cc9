/**
 * Everything a user can set on a PrometheusTlsProxy, as plain data.
 *
 * This module imports nothing from cdktf so that validation, defaults and rendering stay plain
 * TypeScript; the construct's props add the one cdktf-typed field (the Docker provider) on top.
 * Enum-like props are enums (jsii has no string-literal unions); their values are the strings the
 * props took before, so JavaScript users may still pass the strings.
 */

/** Key algorithm of the generated TLS keys. */
export enum KeyAlgorithm {
  /** ECDSA: a fifth of RSA-4096's server CPU per handshake in nginx 1.30 (BENCHMARKS.md); what Mozilla's intermediate profile recommends. */
  ECDSA = 'ECDSA',
  /** RSA, of `rsaBits` bits (2048, 3072 or 4096). */
  RSA = 'RSA',
}

/** ECDSA curves that every TLS client we care about (curl, Go, browsers) negotiates. */
export enum EcdsaCurve {
  /** NIST P-256 (prime256v1), the default. */
  P256 = 'P256',
  /** NIST P-384 (secp384r1). */
  P384 = 'P384',
}

/** Where the server certificate comes from. */
export enum CertificateMode {
  /** One key and a self-signed certificate, as in the guide. */
  SELF_SIGNED = 'self-signed',
  /**
   * A CA key and certificate plus a leaf signed by it: clients trust the CA once and the leaf renews
   * underneath; the CA can also issue client certificates (mTLS).
   */
  PRIVATE_CA = 'private-ca',
  /** Your own certificate and key (PEM strings or Terraform tokens). */
  PROVIDED = 'provided',
}

/** Whether nginx asks clients for a certificate signed by the construct's CA (or `clientCaCertificatePem`). */
export enum ClientAuth {
  /** No client certificates. */
  OFF = 'off',
  /** Verified when a client sends one (an invalid one is refused), not required. */
  OPTIONAL = 'optional',
  /** Every request needs a valid client certificate, except the health endpoints `healthCheckWithoutAuth` leaves open. */
  REQUIRED = 'required',
}

/** Scheme of a scrape job. */
export enum ScrapeScheme {
  /** Plain HTTP. */
  HTTP = 'http',
  /** HTTPS, verifying the targets' certificates against `caCertificatePem` or the system's trust store. */
  HTTPS = 'https',
}

/** Action of a relabelling rule; "the source value" is the `sourceLabels` values joined by `separator`. */
export enum RelabelAction {
  /** Sets `targetLabel` to `replacement` (with `$1`... the regex's groups) where `regex` matches the source value. */
  REPLACE = 'replace',
  /** Drops the series whose source value `regex` does not match. */
  KEEP = 'keep',
  /** Drops the series whose source value `regex` matches. */
  DROP = 'drop',
  /** Drops the series whose source value differs from the value of `targetLabel`. */
  KEEPEQUAL = 'keepequal',
  /** Drops the series whose source value equals the value of `targetLabel`. */
  DROPEQUAL = 'dropequal',
  /** Sets `targetLabel` to a hash of the source value modulo `modulus` (sharding). */
  HASHMOD = 'hashmod',
  /** Copies the value of every label whose name `regex` matches to the label named by `replacement`. */
  LABELMAP = 'labelmap',
  /** Removes every label whose name `regex` matches. */
  LABELDROP = 'labeldrop',
  /** Removes every label whose name `regex` does not match. */
  LABELKEEP = 'labelkeep',
  /** Sets `targetLabel` to the source value in lower case. */
  LOWERCASE = 'lowercase',
  /** Sets `targetLabel` to the source value in upper case. */
  UPPERCASE = 'uppercase',
}

/** A scrape job added to the rendered prometheus.yml. */
export interface ScrapeJob {
  /** Job name; unique across the config and not `prometheus` (the self-scrape job). */
  readonly jobName: string;
  /** `host:port` targets. */
  readonly targets: string[];
  /** HTTP path the metrics are scraped from on each target. @default '/metrics' */
  readonly metricsPath?: string;
  /** Protocol the targets are scraped with. @default ScrapeScheme.HTTP */
  readonly scheme?: ScrapeScheme;
  /** How often this job's targets are scraped (Prometheus duration). @default - the global scrape interval */
  readonly scrapeInterval?: string;
  /** How long one scrape may take; at most the job's interval. @default - Prometheus's default (10s, capped at the interval) */
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
  /** PEM key of `clientCertificatePem`; marked sensitive. @default - none */
  readonly clientPrivateKeyPem?: string;
  /** Name to verify the targets' certificates for. @default - each target's host */
  readonly serverName?: string;
  /** Basic auth user for targets behind it (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Basic auth password; a sensitive Terraform value is fine. @default - none */
  readonly basicAuthPassword?: string;
}

/** A user allowed through basic auth. */
export interface BasicAuthUser {
  /** User name: printable ASCII without `:` or whitespace. */
  readonly username: string;
  /**
   * bcrypt hash of the password (`$2y$`, `$2b$` or `$2a$`), cost 5 to 10 — see the README for
   * `htpasswd -nbB -C 8 user password` and for why the cost is bounded.
   */
  readonly passwordHash: string;
}

/** A relabelling rule (`write_relabel_configs`), as Prometheus documents `relabel_config`. */
export interface RelabelRule {
  /** Labels whose values, joined by `separator`, make the value `regex` is matched against. @default - none */
  readonly sourceLabels?: string[];
  /** Joins the values of `sourceLabels`. @default ';' */
  readonly separator?: string;
  /** RE2 regular expression, fully anchored. @default '(.*)' */
  readonly regex?: string;
  /** Label the result is written to (replace, hashmod, lowercase, uppercase) or compared with (keepequal, dropequal). @default - none */
  readonly targetLabel?: string;
  /** Value written to `targetLabel` (replace) or label name (labelmap); `$1`... stand for the regex's groups. @default '$1' */
  readonly replacement?: string;
  /** For `hashmod`. @default - none */
  readonly modulus?: number;
  /** What the rule does. @default RelabelAction.REPLACE */
  readonly action?: RelabelAction;
}

/** Queue tuning of one remote-write target (`queue_config`); Prometheus's defaults fit most senders. */
export interface RemoteWriteQueue {
  /** Samples buffered per shard. @default - Prometheus's default (10000) */
  readonly capacity?: number;
  /** Most parallel senders (shards); at least `minShards`. @default - Prometheus's default (50) */
  readonly maxShards?: number;
  /** Fewest parallel senders (shards). @default - Prometheus's default (1) */
  readonly minShards?: number;
  /** Most samples in one request. @default - Prometheus's default (2000) */
  readonly maxSamplesPerSend?: number;
  /** Longest a sample waits in its shard's buffer before it is sent. @default - Prometheus's default ('5s') */
  readonly batchSendDeadline?: string;
  /** Wait before the first retry of a failed request, doubled on each retry. @default - Prometheus's default ('30ms') */
  readonly minBackoff?: string;
  /** Longest wait between retries; at least `minBackoff`. @default - Prometheus's default ('5s') */
  readonly maxBackoff?: string;
}

/**
 * Where this instance's Prometheus sends its samples (`remote_write`): another instance's receiver,
 * Mimir, Thanos Receive, Cortex, VictoriaMetrics. Secrets (password, token, client key) are uploaded
 * as files the config points to, never written into prometheus.yml or onto a command line, and are
 * marked sensitive in the plan.
 */
export interface RemoteWriteTarget {
  /** The receiver's URL, e.g. `https://mimir.example.com/api/v1/push`. Rendered at synth time: a literal. */
  readonly url: string;
  /** Name in metrics and logs; unique among the targets. @default - Prometheus's hash of the config */
  readonly name?: string;
  /** PEM of the CA that signed the receiver's certificate. @default - the system's trust store */
  readonly caCertificatePem?: string;
  /** PEM client certificate for mTLS (with `clientPrivateKeyPem`). @default - none */
  readonly clientCertificatePem?: string;
  /** PEM key of `clientCertificatePem`. @default - none */
  readonly clientPrivateKeyPem?: string;
  /** Name to verify the receiver's certificate for, when the URL's host is not in it. @default - the URL's host */
  readonly serverName?: string;
  /** Basic auth user (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Basic auth password; a sensitive Terraform value is fine. @default - none */
  readonly basicAuthPassword?: string;
  /** Bearer token (`Authorization: Bearer`); a sensitive Terraform value is fine. @default - none */
  readonly bearerToken?: string;
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir tenants; written into prometheus.yml, unlike the secrets. @default - none */
  readonly headers?: Record<string, string>;
  /** Queue tuning (`queue_config`). @default - Prometheus's defaults */
  readonly queue?: RemoteWriteQueue;
  /** Rules applied before sending: drop what the receiver does not need. @default - none */
  readonly writeRelabelConfigs?: RelabelRule[];
}

/**
 * What a PrometheusTlsProxy serves and how: the domain, ports, certificate, authentication, Prometheus's
 * scrape jobs and remote write, and the containers' limits. Plain data, free of cdktf types.
 */
export interface PrometheusTlsProxyOptions {
  /** The DNS name clients use: the certificate's CN and first SAN, nginx's `server_name`. */
  readonly domainName: string;

  /**
   * URL path under which Prometheus is served. `/` serves it at the root.
   * @default '/prometheus'
   */
  readonly pathPrefix?: string;

  /**
   * Host port published for HTTPS (nginx listens on 443 inside the pod).
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * Host port published for a plain-HTTP listener that only redirects to HTTPS.
   * @default - no HTTP listener
   */
  readonly httpPort?: number;

  /**
   * Prefix of every Docker object name (containers, network, volumes). A DNS label. Set it for anything
   * long-lived: the derived prefix changes when the construct moves in the tree, and a new prefix means
   * a new, empty TSDB volume.
   * @default - derived from the construct path, with a hash so that instances never collide
   */
  readonly namePrefix?: string;

  /**
   * Name of an existing Docker network for the pod instead of a private one.
   * @default - a private network per instance
   */
  readonly network?: string;

  /**
   * More existing Docker networks the pod joins, e.g. one where scrape targets or Grafana live.
   * Prometheus reaches targets on all of them; the proxy answers on all of them.
   * @default - none
   */
  readonly additionalNetworks?: string[];

  /**
   * DNS name of the proxy for other containers on the pod's networks (a network alias), carried by
   * a generated certificate as a SAN so that they can verify `https://<alias>/PREFIX/` by name.
   * @default - namePrefix
   */
  readonly networkAlias?: string;

  /** The nginx image, pinned by tag or digest (`latest` is refused), nginx 1.22 or later. @default 'nginx:1.30.6-alpine' */
  readonly nginxImage?: string;

  /** The Prometheus image, pinned by tag or digest (`latest` and distroless variants are refused). @default 'prom/prometheus:v3.13.4' */
  readonly prometheusImage?: string;

  /**
   * Image of the pod's pause container, which owns the network namespace nginx and Prometheus share.
   * @default 'registry.k8s.io/pause:3.10'
   */
  readonly pauseImage?: string;

  /** Where the certificate nginx serves comes from. @default CertificateMode.SELF_SIGNED */
  readonly certificateMode?: CertificateMode;

  /** PEM certificate (chain) for `CertificateMode.PROVIDED`. @default - none */
  readonly certificatePem?: string;

  /** PEM private key for `CertificateMode.PROVIDED`; marked sensitive wherever it flows. @default - none */
  readonly privateKeyPem?: string;

  /** Algorithm of the generated keys (server, CA and client certificates). @default KeyAlgorithm.ECDSA */
  readonly keyAlgorithm?: KeyAlgorithm;

  /** RSA key size when `keyAlgorithm` is RSA. @default 4096 */
  readonly rsaBits?: number;

  /** Curve when `keyAlgorithm` is ECDSA (the provider's own default, P224, fails with curl). @default EcdsaCurve.P256 */
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

  /** Extra DNS names in the certificate's SAN. @default - none */
  readonly subjectAlternativeNames?: string[];

  /** IP addresses in the certificate's SAN; clients connecting by them (without SNI) are served. @default - none */
  readonly ipAddresses?: string[];

  /** Global scrape interval (Prometheus duration). @default '15s' */
  readonly scrapeInterval?: string;

  /** Scrape jobs besides the self-scrape job `prometheus`. @default - none */
  readonly scrapeConfigs?: ScrapeJob[];

  /** How long Prometheus keeps samples (`--storage.tsdb.retention.time`). @default '15d' */
  readonly retentionTime?: string;

  /** Most bytes the TSDB's blocks may take, the oldest going first (`--storage.tsdb.retention.size`), e.g. `10GB`. @default - no size limit */
  readonly retentionSize?: string;

  /** Users allowed through HTTP basic auth. @default - no basic auth */
  readonly basicAuthUsers?: BasicAuthUser[];

  /**
   * Leave `PREFIX/-/healthy` and `PREFIX/-/ready` open when basic auth or client certificates are required, for probes.
   * @default true
   */
  readonly healthCheckWithoutAuth?: boolean;

  /**
   * Turn on Prometheus's admin API and let the proxy pass it, refusing browser requests from other origins
   * (needs basic auth or required client certificates).
   * @default false
   */
  readonly enableAdminApi?: boolean;

  /**
   * Turn on `/-/reload` and `/-/quit` and let the proxy pass them (POST), refusing browser requests from
   * other origins (needs basic auth or required client certificates).
   * @default false
   */
  readonly enableLifecycle?: boolean;

  /**
   * Let the proxy pass Prometheus's Go profiling endpoints (`PREFIX/debug/pprof/...`; needs basic auth or
   * required client certificates).
   * @default false
   */
  readonly enableDebugEndpoints?: boolean;

  /**
   * Send Strict-Transport-Security. Browsers honour it only over a connection they trust, and then
   * hard-fail any later certificate error, so it is on where the certificate outlives renewals.
   * @default - true for CertificateMode.PROVIDED and CertificateMode.PRIVATE_CA, false for self-signed
   */
  readonly hsts?: boolean;

  /**
   * Sustained requests per second from one client address, beyond which nginx answers 429 (the receivers excepted).
   * @default 20
   */
  readonly requestsPerSecondPerClient?: number;

  /**
   * Requests one client address may send at once above the sustained rate (a dashboard's refresh).
   * @default 100
   */
  readonly requestBurstPerClient?: number;

  /** Requests one client address may have in flight at once. @default 100 */
  readonly connectionsPerClient?: number;

  /**
   * Sustained requests per second from one address to the receivers (`enableRemoteWriteReceiver`,
   * `enableOtlpReceiver`), with a burst of twice as many: a sender's batches, of up to thousands of
   * samples each. It also caps password guesses there.
   * @default 200
   */
  readonly receiverRequestsPerSecondPerClient?: number;

  /** Whether nginx asks for and verifies client certificates (mTLS). @default ClientAuth.OFF */
  readonly clientAuth?: ClientAuth;

  /**
   * PEM of the CA client certificates must chain to, for `CertificateMode.PROVIDED` (in
   * `CertificateMode.PRIVATE_CA` the construct's own CA is used).
   * @default - the construct's CA
   */
  readonly clientCaCertificatePem?: string;

  /**
   * Client certificates to issue from the construct's CA (`CertificateMode.PRIVATE_CA`), by common
   * name; each is then `proxy.clientCertificates[name]`.
   * @default - none
   */
  readonly clientCertificates?: string[];

  /** Labels added to every series this instance sends or is federated (`global.external_labels`). @default - none */
  readonly externalLabels?: Record<string, string>;

  /** Where to send samples (`remote_write`). @default - none */
  readonly remoteWrite?: RemoteWriteTarget[];

  /** Accept remote-write requests at `PREFIX/api/v1/write` (needs basic auth or required client certificates). @default false */
  readonly enableRemoteWriteReceiver?: boolean;

  /** Accept OTLP metrics at `PREFIX/api/v1/otlp/v1/metrics` (Prometheus 3; needs authentication like the receiver). @default false */
  readonly enableOtlpReceiver?: boolean;

  /**
   * Run Prometheus as an agent (`--agent`): it scrapes and forwards through `remoteWrite`, without
   * local queries, rules or UI; the proxy then serves only health, readiness and its metrics (and the
   * lifecycle and debug endpoints when they are enabled).
   * @default false
   */
  readonly agentMode?: boolean;

  /** nginx worker processes (1 to 64): `nginxMemoryMb` must allow 32 MB for each, plus 64 MB. @default 2 */
  readonly nginxWorkerProcesses?: number;

  /** Memory limit of the nginx container, MB. @default 256 */
  readonly nginxMemoryMb?: number;

  /** Memory limit of the Prometheus container, MB. @default 2048 */
  readonly prometheusMemoryMb?: number;

  /** json-file log rotation of the pause, nginx and Prometheus containers: size of one file. @default '10m' */
  readonly logMaxSize?: string;

  /** json-file log rotation of the pause, nginx and Prometheus containers: files kept. @default 3 */
  readonly logMaxFiles?: number;
}
