/**
 * The enum-like props. They are enums (jsii has no string-literal unions) whose values are the strings
 * the props took before, so JavaScript users may still pass the strings.
 */

/** Key algorithm of the generated TLS keys. */
export enum KeyAlgorithm {
  /** ECDSA, what Mozilla's intermediate profile recommends: a fifth of RSA-4096's server CPU per handshake in nginx 1.30 (BENCHMARKS.md). */
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
   * A CA key and certificate plus a leaf signed by it.
   *
   * Clients trust the CA once and the leaf renews underneath; the CA can also issue client
   * certificates (mTLS).
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

/**
 * Action of a relabelling rule.
 *
 * "The source value" is the `sourceLabels` values joined by `separator`.
 */
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

/**
 * What a client identity (a basic auth user, a client certificate) may reach. Each identity has one
 * role; the routes of each service say which roles they serve.
 */
export enum ClientRole {
  /** The query API, the UI and `/federate`: people, Grafana. The default. */
  READER = 'reader',
  /** Only the write receivers (`api/v1/write`, OTLP): remote-write senders (`remoteWriteTo` issues these). */
  SENDER = 'sender',
  /** Only `/federate`: federating instances (`federate` issues these). */
  FEDERATOR = 'federator',
  /** Only Alertmanager's alerts API (`POST api/v2/alerts`): Prometheus instances that send alerts (`sendAlertsTo` issues these). */
  ALERT_SENDER = 'alert-sender',
  /** Everything a reader may, and the admin API, lifecycle, debug endpoints and silences: operators. */
  ADMIN = 'admin',
}
