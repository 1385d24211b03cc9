import type { ConfigFile } from '../config-files';
import type { RemoteWriteQueue, RemoteWriteTarget, ScrapeJob } from '../options';
import type { ClientCertificate } from '../tls/client-certificate';
import type { ContainerUpload } from '@cdktf/provider-docker/lib/container';

/** How an instance reaches another one. */
export enum Reach {
  /** By the other's domain name and published port: across hosts. */
  EXTERNAL = 'external',
  /** By the other's network alias on port 443: both pods on a shared Docker network. */
  INTERNAL = 'internal',
}

/** Options of `remoteWriteTo`. */
export interface RemoteWriteToOptions {
  /** How this instance reaches the receiver. @default Reach.EXTERNAL */
  readonly via?: Reach;
  /** Name of the target in this instance's config and metrics. @default - the receiver's construct id */
  readonly name?: string;
  /** Basic auth user at the receiver, if it has basic auth (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Basic auth password at the receiver, which may be a sensitive Terraform value. @default - none */
  readonly basicAuthPassword?: string;
  /** Queue tuning of the remote-write target (`queue_config`). @default - Prometheus's defaults */
  readonly queue?: RemoteWriteQueue;
}

/** What `remoteWriteTo` added: the remote-write target, and the client certificate it presents. */
export interface RemoteWriteConnection {
  /** The target added to this instance's prometheus.yml. */
  readonly target: RemoteWriteTarget;
  /** The certificate the receiver's CA issued this instance, when the receiver verifies client certificates. @default - none */
  readonly clientCertificate?: ClientCertificate;
}

/** Options of `federate`. */
export interface FederateOptions {
  /** Series selectors pulled from the source (`match[]`), e.g. `['{job="node"}']`. */
  readonly match: string[];
  /** How this instance reaches the source. @default Reach.EXTERNAL */
  readonly via?: Reach;
  /** Name of the scrape job that pulls from the source. @default - `federate-` and the source's construct id */
  readonly jobName?: string;
  /** How often the job pulls from the source (Prometheus duration). @default - the global scrape interval */
  readonly scrapeInterval?: string;
  /** Basic auth user at the source, if it has basic auth (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Basic auth password at the source, which may be a sensitive Terraform value. @default - none */
  readonly basicAuthPassword?: string;
}

/** What `federate` added: the scrape job, and the client certificate it presents. */
export interface FederationConnection {
  /** The job added to this instance's prometheus.yml. */
  readonly job: ScrapeJob;
  /** The certificate the source's CA issued this instance, when the source verifies client certificates. @default - none */
  readonly clientCertificate?: ClientCertificate;
}

/** Options of `grafanaDatasource`. */
export interface GrafanaDatasourceOptions {
  /** Name of the datasource in Grafana. @default - the instance's domain name */
  readonly name?: string;
  /** Grafana's datasource provisioning directory, in its container. @default '/etc/grafana/provisioning/datasources' */
  readonly directory?: string;
  /** A client certificate Grafana presents, for an instance that requires them (see `issueClientCertificate`). @default - none */
  readonly clientCertificate?: ClientCertificate;
  /** Basic auth user, for an instance with basic auth (with `basicAuthPassword`). @default - none */
  readonly basicAuthUsername?: string;
  /** Its password, which may be a sensitive Terraform value. @default - none */
  readonly basicAuthPassword?: string;
  /**
   * Make it Grafana's default datasource.
   *
   * Grafana refuses two defaults in one organization: with datasources of several instances in one
   * `directory`, mark one.
   * @default true
   */
  readonly isDefault?: boolean;
}

/** Files that provision Grafana with a datasource for an instance, to upload into the Grafana container. */
export interface GrafanaDatasource {
  /** The provisioning YAML, and the certificates and secrets it reads with `$__file{...}`. */
  readonly files: ConfigFile[];
  /**
   * The same files in the shape of a Container's `upload`, ready to pass to it.
   * @example new Container(this, 'grafana', { name: 'grafana', image: grafanaImage.imageId, upload: datasource.upload });
   */
  readonly upload: ContainerUpload[];
  /** The URL the datasource requests: the instance's `internalUrl`. */
  readonly url: string;
}
