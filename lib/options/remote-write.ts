import type { RelabelAction } from './enums';

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
  /**
   * Value written to `targetLabel` (replace), or the label name (labelmap).
   *
   * `$1`... stand for the regex's groups.
   * @default '$1'
   */
  readonly replacement?: string;
  /** For `hashmod`. @default - none */
  readonly modulus?: number;
  /** What the rule does. @default RelabelAction.REPLACE */
  readonly action?: RelabelAction;
}

/**
 * Queue tuning of one remote-write target (`queue_config`).
 *
 * Prometheus's defaults fit most senders.
 */
export interface RemoteWriteQueue {
  /** Samples buffered per shard. @default - Prometheus's default (10000) */
  readonly capacity?: number;
  /** Most parallel senders (shards), at least `minShards`. @default - Prometheus's default (50) */
  readonly maxShards?: number;
  /** Fewest parallel senders (shards). @default - Prometheus's default (1) */
  readonly minShards?: number;
  /** Most samples in one request. @default - Prometheus's default (2000) */
  readonly maxSamplesPerSend?: number;
  /** Longest a sample waits in its shard's buffer before it is sent. @default - Prometheus's default ('5s') */
  readonly batchSendDeadline?: string;
  /** Wait before the first retry of a failed request, doubled on each retry. @default - Prometheus's default ('30ms') */
  readonly minBackoff?: string;
  /** Longest wait between retries, at least `minBackoff`. @default - Prometheus's default ('5s') */
  readonly maxBackoff?: string;
}

/**
 * Where this instance's Prometheus sends its samples (`remote_write`): another instance's receiver,
 * Mimir, Thanos Receive, Cortex, VictoriaMetrics.
 *
 * Secrets (password, token, client key) are uploaded as files the config points to, never written into
 * prometheus.yml or onto a command line, and are marked sensitive in the plan.
 */
export interface RemoteWriteTarget {
  /** The receiver's URL, e.g. `https://mimir.example.com/api/v1/push`, a literal (it is rendered at synth time). */
  readonly url: string;
  /** Name in metrics and logs, unique among the targets. @default - Prometheus's hash of the config */
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
  /** Basic auth password, which may be a sensitive Terraform value. @default - none */
  readonly basicAuthPassword?: string;
  /** Bearer token (`Authorization: Bearer`), which may be a sensitive Terraform value. @default - none */
  readonly bearerToken?: string;
  /** Extra request headers, e.g. `X-Scope-OrgID` for Mimir tenants, written into prometheus.yml (unlike the secrets). @default - none */
  readonly headers?: Record<string, string>;
  /** Queue tuning (`queue_config`). @default - Prometheus's defaults */
  readonly queue?: RemoteWriteQueue;
  /** Rules applied before sending: drop what the receiver does not need. @default - none */
  readonly writeRelabelConfigs?: RelabelRule[];
}
