/**
 * Everything a user can set on a PrometheusTlsProxy, as plain data.
 *
 * This module imports nothing from cdktf so that validation, defaults and rendering stay plain
 * TypeScript; the construct's props add the one cdktf-typed field (the Docker provider) on top.
 */

/** Key algorithm of the generated TLS keys. */
export type KeyAlgorithm = 'RSA' | 'ECDSA';

/** ECDSA curves that every TLS client we care about (curl, Go, browsers) negotiates. */
export type EcdsaCurve = 'P256' | 'P384';

/**
 * Where the server certificate comes from.
 * - `self-signed`: one key and a self-signed certificate, as in the guide.
 * - `private-ca`: a CA key and certificate plus a leaf signed by it; clients trust the CA once and
 *   the leaf renews without re-trusting.
 * - `provided`: your own certificate and key (PEM strings or Terraform tokens).
 */
export type CertificateMode = 'self-signed' | 'private-ca' | 'provided';

/** A scrape job added to the rendered prometheus.yml. */
export interface ScrapeJob {
  /** Job name; unique across the config and not `prometheus` (the self-scrape job). */
  readonly jobName: string;
  /** `host:port` targets. */
  readonly targets: string[];
  /** @default '/metrics' */
  readonly metricsPath?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default - the global scrape interval */
  readonly scrapeInterval?: string;
  /** @default - Prometheus's default (10s, capped at the interval) */
  readonly scrapeTimeout?: string;
  /** Labels added to every series of this job. @default - none */
  readonly labels?: Record<string, string>;
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

export interface PrometheusTlsProxyOptions {
  /** The DNS name clients use: the certificate's CN and first SAN, nginx's `server_name`. */
  readonly domainName: string;

  /**
   * URL path under which Prometheus is served. `/` serves it at the root.
   * @default '/prometheus'
   */
  readonly pathPrefix?: string;

  /**
   * Host port published for HTTPS (nginx listens on 443 inside its container).
   * @default 443
   */
  readonly httpsPort?: number;

  /**
   * Host port published for a plain-HTTP listener that only redirects to HTTPS.
   * @default - no HTTP listener
   */
  readonly httpPort?: number;

  /**
   * Prefix of every Docker object name (containers, network, volume). A DNS label.
   * @default - derived from the construct path, with a hash so that instances never collide
   */
  readonly namePrefix?: string;

  /**
   * Name of an existing Docker network to join instead of creating a private one.
   * @default - a private network per instance
   */
  readonly network?: string;

  /** @default 'nginx:1.30.1-alpine' */
  readonly nginxImage?: string;

  /** @default 'prom/prometheus:v3.13.3' */
  readonly prometheusImage?: string;

  /** @default 'self-signed' */
  readonly certificateMode?: CertificateMode;

  /** PEM certificate (chain) for `certificateMode: 'provided'`. @default - none */
  readonly certificatePem?: string;

  /** PEM private key for `certificateMode: 'provided'`. @default - none */
  readonly privateKeyPem?: string;

  /** @default 'RSA' */
  readonly keyAlgorithm?: KeyAlgorithm;

  /** RSA key size when `keyAlgorithm` is RSA. @default 4096 */
  readonly rsaBits?: number;

  /** Curve when `keyAlgorithm` is ECDSA (the provider's own default, P224, fails with curl). @default 'P256' */
  readonly ecdsaCurve?: EcdsaCurve;

  /** Validity of the server certificate, in hours. @default 8760 */
  readonly validityPeriodHours?: number;

  /**
   * Hours before expiry from which the next apply renews the certificate.
   * @default - 720 (30 days), or half of validityPeriodHours when that is shorter
   */
  readonly earlyRenewalHours?: number;

  /** Validity of the CA certificate in `private-ca` mode, in hours. @default 87600 */
  readonly caValidityPeriodHours?: number;

  /** Extra DNS names in the certificate's SAN. @default - none */
  readonly subjectAlternativeNames?: string[];

  /** IP addresses in the certificate's SAN. @default - none */
  readonly ipAddresses?: string[];

  /** Global scrape interval (Prometheus duration). @default '15s' */
  readonly scrapeInterval?: string;

  /** Scrape jobs besides the self-scrape job `prometheus`. @default - none */
  readonly scrapeConfigs?: ScrapeJob[];

  /** `--storage.tsdb.retention.time`. @default '15d' */
  readonly retentionTime?: string;

  /** `--storage.tsdb.retention.size`, e.g. `10GB`. @default - no size limit */
  readonly retentionSize?: string;

  /** Users allowed through HTTP basic auth. @default - no basic auth */
  readonly basicAuthUsers?: BasicAuthUser[];

  /**
   * Leave `PREFIX/-/healthy` and `PREFIX/-/ready` open when basic auth is on, for probes.
   * @default true
   */
  readonly healthCheckWithoutAuth?: boolean;

  /** Turn on Prometheus's admin API and let the proxy pass it. @default false */
  readonly enableAdminApi?: boolean;

  /** Turn on `/-/reload` and `/-/quit` and let the proxy pass them. @default false */
  readonly enableLifecycle?: boolean;

  /**
   * Send Strict-Transport-Security. Browsers hard-fail any certificate error on an HSTS host, so
   * this is only on by default for a certificate you provide.
   * @default - true when `certificateMode` is 'provided', false otherwise
   */
  readonly hsts?: boolean;

  /** Memory limit of the nginx container, MB. @default 256 */
  readonly nginxMemoryMb?: number;

  /** Memory limit of the Prometheus container, MB. @default 2048 */
  readonly prometheusMemoryMb?: number;

  /** json-file log rotation: size of one file. @default '10m' */
  readonly logMaxSize?: string;

  /** json-file log rotation: files kept. @default 3 */
  readonly logMaxFiles?: number;
}
