import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { createHash } from 'node:crypto';
import { TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { ConfigFile } from './config-files';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT } from './container-layout';
import { ResolvedOptions, resolveOptions } from './resolve-options';
import { DockerNames, dockerNames } from './names';
import { NginxProxy } from './nginx-proxy';
import { CertificateMode, ClientAuth, PrometheusTlsProxyOptions, ScrapeScheme } from './options';
import { Pod } from './pod';
import { PrometheusServer } from './prometheus-server';
import { grafanaFilePaths, renderGrafanaDatasource } from './render/grafana-datasource';
import { PROMETHEUS_HEALTH_CHECK, basePath, prometheusRoutes } from './render/prometheus-routes';
import { escapeTerraformTemplate } from './render/terraform-escape';
import { corsOrigin, externalUrl, internalUrl, proxyUrl } from './render/urls';
import { cdktfTokens, isUnresolved, terraformSecret, terraformText } from './terraform-values';
import { CertificateAuthority } from './tls/certificate-authority';
import { ClientCertificate } from './tls/client-certificate';
import { MAX_COMMON_NAME_LENGTH } from './tls/keys';
import { ServerCertificate } from './tls/server-certificate';
import { StackClaims } from './stack-claims';
import { HostClaims, PropValidationError, checkBasicAuth, validateOptions } from './validation';
import { PeerFacts, checkInternalReach, checkNotSelf, checkPeerCredentials } from './validation/peering';

/** Props of a PrometheusTlsProxy: its options plus the Docker provider its resources use. */
export interface PrometheusTlsProxyProps extends PrometheusTlsProxyOptions {
  /**
   * Docker provider for every Docker resource, e.g. an aliased provider for an `ssh://` host.
   * @default - the stack's default Docker provider
   */
  readonly dockerProvider?: TerraformProvider;
}

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
  /** Basic auth password at the receiver; a sensitive Terraform value is fine. @default - none */
  readonly basicAuthPassword?: string;
  /** Queue tuning of the remote-write target (`queue_config`). @default - Prometheus's defaults */
  readonly queue?: import('./options').RemoteWriteQueue;
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
  /** Its password; a sensitive Terraform value is fine. @default - none */
  readonly basicAuthPassword?: string;
  /**
   * Make it Grafana's default datasource. Grafana refuses two defaults in one organization: with
   * datasources of several instances in one `directory`, mark one.
   * @default true
   */
  readonly isDefault?: boolean;
}

/** Files that provision Grafana with a datasource for an instance: upload them into the Grafana container. */
export interface GrafanaDatasource {
  /** The provisioning YAML, and the certificates and secrets it reads with `$__file{...}`. */
  readonly files: ConfigFile[];
  /** The URL the datasource requests: the instance's `internalUrl`. */
  readonly url: string;
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
  /** Basic auth password at the source; a sensitive Terraform value is fine. @default - none */
  readonly basicAuthPassword?: string;
}

/**
 * Prometheus served over HTTPS behind nginx on Docker, as in the Prometheus guide "Securing
 * Prometheus API and UI endpoints using TLS encryption", with the guide's bugs fixed.
 *
 * Built like a Kubernetes pod: nginx and Prometheus share the network namespace of a pause
 * container, Prometheus listens on its loopback only, and only nginx's listeners face the networks
 * and the host.
 */
export class PrometheusTlsProxy extends Construct {
  /**
   * True for the error every invalid prop throws at construction: `prop` names the prop, and the
   * message shows the value (secrets redacted) and the rule.
   * @param thrown what was caught
   */
  public static isPropValidationError(thrown: any): boolean {
    return thrown instanceof PropValidationError;
  }

  /**
   * The prop an invalid-prop error names (e.g. `scrapeConfigs[0].targets[0]`), or undefined for any
   * other thrown value: `catch (e) { const prop = PrometheusTlsProxy.propOf(e); ... }` type-checks
   * under `strict`, where `e` is `unknown`.
   * @param thrown what was caught
   */
  public static propOf(thrown: any): string | undefined {
    return thrown instanceof PropValidationError ? thrown.prop : undefined;
  }

  /** `https://DOMAIN[:PORT]/PREFIX/`, the URL to open. */
  public readonly url: string;
  /** `https://DOMAIN[:PORT]/PREFIX`, passed to Prometheus as `--web.external-url`. */
  public readonly externalUrl: string;
  /** `https://ALIAS/PREFIX/`: the URL for containers on the pod's networks, which the certificate verifies (unless provided). */
  public readonly internalUrl: string;
  /** The pod's DNS name on its networks. */
  public readonly networkAlias: string;
  /** The path prefix, resolved: `/` or `/segment[/segment...]`. */
  public readonly pathPrefix: string;
  /** Domain name clients use. */
  public readonly domainName: string;
  /** Published HTTPS port on the Docker host (a token when given as one). */
  public readonly httpsPort: number;
  /** nginx's HTTPS port inside the pod: the port of `internalUrl`. */
  public readonly internalHttpsPort: number;
  /** The rendered nginx.conf. */
  public readonly nginxConfig: string;
  /** The Prometheus command-line arguments. */
  public readonly prometheusArgs: string[];
  /** Names of the Docker objects. */
  public readonly dockerNames: DockerNames;
  /** Name of the pod's first Docker network. */
  public readonly networkName: string;
  /** PEM of the certificate nginx serves. */
  public readonly certificatePem: string;
  /** PEM of the CA clients trust in `CertificateMode.PRIVATE_CA`. */
  public readonly caCertificatePem?: string;
  /** The PEM a client should trust: the CA, the self-signed certificate, or undefined for a provided one (its issuer is yours). */
  public readonly trustAnchorPem?: string;
  /**
   * Client certificates declared under this construct, by name: `clientCertificates`,
   * `issueClientCertificate(this, name)`, and those issued for clients in other stacks.
   */
  public readonly clientCertificates: Record<string, ClientCertificate> = {};

  /** The CA (`CertificateMode.PRIVATE_CA` only). */
  public readonly authority?: CertificateAuthority;
  /** The certificate nginx serves. */
  public readonly serverCertificate: ServerCertificate;
  /** The pause container, its network and image. */
  public readonly pod: Pod;
  /** nginx, its config volume and image. */
  public readonly proxy: NginxProxy;
  /** Prometheus, its volumes and image. */
  public readonly server: PrometheusServer;

  /** Key of the server certificate (absent when provided). */
  public readonly privateKey?: PrivateKey;
  /** The generated server certificate (absent when provided). */
  public readonly certificate?: SelfSignedCert | LocallySignedCert;
  /** Key of the CA (`CertificateMode.PRIVATE_CA` only). */
  public readonly caPrivateKey?: PrivateKey;
  /** The CA's self-signed certificate (`CertificateMode.PRIVATE_CA` only). */
  public readonly caCertificate?: SelfSignedCert;
  /** Request the CA signs for the server certificate (`CertificateMode.PRIVATE_CA` only). */
  public readonly certificateRequest?: CertRequest;
  /** The private network (absent when joining an existing `network`). */
  public readonly network?: Network;
  /** Volume of Prometheus's TSDB: named after `namePrefix`, so a new prefix means a new, empty one. */
  public readonly dataVolume: Volume;
  /** The nginx image resource (`nginxImage`), kept locally on destroy. */
  public readonly nginxImage: Image;
  /** The Prometheus image resource (`prometheusImage`), kept locally on destroy. */
  public readonly prometheusImage: Image;
  /** The pause container: owns the network namespace, joins the networks and publishes the ports. */
  public readonly podContainer: Container;
  /** The nginx container, in the pod's network namespace. */
  public readonly nginxContainer: Container;
  /** The Prometheus container, in the pod's network namespace, listening on its loopback only. */
  public readonly prometheusContainer: Container;

  private readonly options: ResolvedOptions;
  /** What other instances check before sending to, pulling from or provisioning a client for this one. */
  private readonly peerFacts: PeerFacts;
  /** Client certificates peers issued this instance, by peer path and purpose: one per pair, however many jobs. */
  private readonly peerCertificates = new Map<string, ClientCertificate>();
  /** The receivers `remoteWriteTo` sends to. */
  private readonly sendsTo = new Set<PrometheusTlsProxy>();

  /**
   * Validates the props, then declares the certificates, the pod, nginx and Prometheus.
   * @param scope the construct it is declared under
   * @param id its construct id; the Docker names derive from its path unless `namePrefix` is given
   * @param props the options and the Docker provider
   */
  constructor(scope: Construct, id: string, props: PrometheusTlsProxyProps) {
    super(scope, id);
    const { dockerProvider: provider, ...given } = props;
    const tokens = cdktfTokens(this);
    const o = resolveOptions(given, this.node.path, tokens);
    validateOptions({ options: o, given, tokens });
    this.checkProvider(provider);
    this.options = o;
    const names = dockerNames(o.namePrefix);
    this.peerFacts = {
      path: this.node.path,
      stack: TerraformStack.of(this).node.path,
      // An omitted provider and the stack's default provider given explicitly are the same host.
      host: provider?.alias ?? '',
      networks: [o.network ?? names.network, ...o.additionalNetworks].map((network) => tokens.networkKey(network)),
      basicAuth: o.basicAuthUsers.length > 0,
      clientCertificateRequired: o.clientAuth === ClientAuth.REQUIRED,
    };
    this.claimHost(o);
    const port = isUnresolved(o.httpsPort) ? Token.asString(o.httpsPort) : o.httpsPort;

    this.authority = o.certificateMode === CertificateMode.PRIVATE_CA ? this.declareAuthority(o) : undefined;
    this.serverCertificate = new ServerCertificate(this, 'tls', {
      domainName: o.domainName,
      subjectAlternativeNames: [o.networkAlias, ...o.subjectAlternativeNames].filter((name) => name !== o.domainName),
      ipAddresses: o.ipAddresses,
      key: { algorithm: o.keyAlgorithm, rsaBits: o.rsaBits, ecdsaCurve: o.ecdsaCurve },
      validityPeriodHours: o.validityPeriodHours,
      earlyRenewalHours: o.earlyRenewalHours,
      authority: this.authority,
      providedCertificatePem: o.certificatePem,
      providedPrivateKeyPem: o.privateKeyPem,
    });
    for (const name of o.clientCertificates) this.issueClientCertificate(this, name);

    this.pod = new Pod(this, 'pod', {
      provider,
      name: names.podContainer,
      image: o.pauseImage,
      network: o.network,
      privateNetworkName: names.network,
      additionalNetworks: o.additionalNetworks,
      aliases: [o.networkAlias],
      ports: [
        { containerPort: NGINX_HTTPS_PORT, hostPort: o.httpsPort },
        ...(o.httpPort === undefined ? [] : [{ containerPort: NGINX_HTTP_PORT, hostPort: o.httpPort }]),
      ],
      logMaxSize: o.logMaxSize,
      logMaxFiles: o.logMaxFiles,
    });

    const literalPort = isUnresolved(o.httpsPort) ? undefined : o.httpsPort;
    this.proxy = new NginxProxy(this, 'nginx', {
      provider,
      name: names.nginxContainer,
      configVolumeName: names.nginxConfigVolume,
      image: o.nginxImage,
      networkMode: this.pod.networkMode,
      url: literalPort === undefined ? `https://${o.domainName}${basePath(o.pathPrefix)}` : proxyUrl(o.domainName, literalPort, o.pathPrefix),
      // IPv6 addresses are bracketed in Host headers, and so in server_name.
      serverNames: [...new Set([o.domainName, o.networkAlias, ...o.subjectAlternativeNames, ...o.ipAddresses.map((ip) => (ip.includes(':') ? `[${ip}]` : ip))])],
      serveWithoutSni: o.ipAddresses.length > 0,
      routes: [
        prometheusRoutes({
          pathPrefix: o.pathPrefix,
          healthCheckWithoutAuth: o.healthCheckWithoutAuth,
          authenticated: o.basicAuthUsers.length > 0 || o.clientAuth === ClientAuth.REQUIRED,
          enableAdminApi: o.enableAdminApi,
          enableLifecycle: o.enableLifecycle,
          enableDebugEndpoints: o.enableDebugEndpoints,
          enableRemoteWriteReceiver: o.enableRemoteWriteReceiver,
          enableOtlpReceiver: o.enableOtlpReceiver,
          agentMode: o.agentMode,
        }),
      ],
      healthCheck: PROMETHEUS_HEALTH_CHECK,
      certificatePem: this.serverCertificate.certificatePem,
      privateKeyPem: this.serverCertificate.privateKeyPem,
      basicAuthUsers: o.basicAuthUsers,
      clientCaCertificatePem: o.clientAuth === ClientAuth.OFF ? undefined : (this.authority?.certificatePem ?? terraformText(o.clientCaCertificatePem!)),
      requireClientCertificate: o.clientAuth === ClientAuth.REQUIRED,
      hsts: o.hsts,
      httpRedirectPort: o.httpPort === undefined ? undefined : literalPort,
      workerProcesses: o.nginxWorkerProcesses,
      limits: {
        requestsPerSecond: o.requestsPerSecondPerClient,
        burst: o.requestBurstPerClient,
        connections: o.connectionsPerClient,
        senderRequestsPerSecond: o.receiverRequestsPerSecondPerClient,
      },
      trustedOrigins: [
        { host: o.domainName, port: literalPort },
        { host: o.networkAlias, port: NGINX_HTTPS_PORT },
      ],
      memoryMb: o.nginxMemoryMb,
      logMaxSize: o.logMaxSize,
      logMaxFiles: o.logMaxFiles,
    });
    this.nginxConfig = this.proxy.nginxConfig;

    this.externalUrl = externalUrl(o.domainName, port, o.pathPrefix);
    this.server = new PrometheusServer(this, 'prometheus', {
      provider,
      name: names.prometheusContainer,
      configVolumeName: names.prometheusConfigVolume,
      dataVolumeName: names.dataVolume,
      image: o.prometheusImage,
      networkMode: this.pod.networkMode,
      externalUrl: this.externalUrl,
      corsOrigin: corsOrigin(o.domainName, port, o.networkAlias),
      scrapeInterval: o.scrapeInterval,
      scrapeConfigs: o.scrapeConfigs,
      externalLabels: o.externalLabels,
      remoteWrite: o.remoteWrite,
      retentionTime: o.retentionTime,
      retentionSize: o.retentionSize,
      enableAdminApi: o.enableAdminApi,
      enableLifecycle: o.enableLifecycle,
      enableRemoteWriteReceiver: o.enableRemoteWriteReceiver,
      enableOtlpReceiver: o.enableOtlpReceiver,
      agentMode: o.agentMode,
      memoryMb: o.prometheusMemoryMb,
      logMaxSize: o.logMaxSize,
      logMaxFiles: o.logMaxFiles,
    });

    this.url = proxyUrl(o.domainName, port, o.pathPrefix);
    this.internalUrl = internalUrl(o.networkAlias, o.pathPrefix);
    this.networkAlias = o.networkAlias;
    this.pathPrefix = o.pathPrefix;
    this.domainName = o.domainName;
    this.httpsPort = o.httpsPort;
    this.internalHttpsPort = NGINX_HTTPS_PORT;
    this.prometheusArgs = this.server.args;
    this.dockerNames = names;
    this.networkName = this.pod.networkName;
    this.certificatePem = this.serverCertificate.certificatePem;
    this.caCertificatePem = this.authority?.certificatePem;
    this.trustAnchorPem = this.authority?.certificatePem ?? (o.certificateMode === CertificateMode.SELF_SIGNED ? this.certificatePem : undefined);
    this.privateKey = this.serverCertificate.privateKey;
    this.certificate = this.serverCertificate.certificate;
    this.certificateRequest = this.serverCertificate.certificateRequest;
    this.caPrivateKey = this.authority?.privateKey;
    this.caCertificate = this.authority?.certificate;
    this.network = this.pod.network;
    this.dataVolume = this.server.dataVolume;
    this.nginxImage = this.proxy.image;
    this.prometheusImage = this.server.image;
    this.podContainer = this.pod.container;
    this.nginxContainer = this.proxy.container;
    this.prometheusContainer = this.server.container;
  }

  /** The rendered prometheus.yml, with every job and target added so far. */
  public get prometheusConfig(): string {
    return this.server.configYaml;
  }

  /**
   * Issues a client certificate from this instance's CA (`CertificateMode.PRIVATE_CA`): what a client
   * presents when this instance verifies client certificates. It is declared under `scope` when
   * `scope` is in this instance's stack; under this instance otherwise, so that the CA's key never
   * leaves its stack's state (the client's stack then reads the client's own key and certificate).
   * @param scope where the certificate's resources go, e.g. the client's construct
   * @param name the certificate's CN, which nginx logs
   */
  public issueClientCertificate(scope: Construct, name: string): ClientCertificate {
    if (this.authority === undefined) {
      throw new PropValidationError('certificateMode', this.options.certificateMode, 'must be "private-ca" to issue client certificates');
    }
    const home = TerraformStack.of(scope) === TerraformStack.of(this) ? scope : this;
    const key = `${home.node.path}/${name}`;
    if ((home === this && Object.hasOwn(this.clientCertificates, name)) || home.node.tryFindChild(`client-${name}`) !== undefined) {
      throw new PropValidationError('clientCertificates', name, `already has a certificate of that name under ${key}`);
    }
    const certificate = new ClientCertificate(home, `client-${name}`, {
      authority: this.authority,
      commonName: name,
      validityPeriodHours: this.options.validityPeriodHours,
      earlyRenewalHours: this.options.earlyRenewalHours,
    });
    if (home === this) this.clientCertificates[name] = certificate;
    return certificate;
  }

  /**
   * Sends this instance's samples to `receiver`'s remote-write receiver through its proxy, trusting its
   * certificate (a provided one must chain to the system's trust store) and, where it verifies client
   * certificates, with one its CA issues for this instance.
   * @param receiver an instance with `enableRemoteWriteReceiver`
   * @param options how to reach and authenticate to it
   */
  public remoteWriteTo(receiver: PrometheusTlsProxy, options: RemoteWriteToOptions = {}): void {
    checkNotSelf('remoteWriteTo', this.peerFacts, receiver.peerFacts);
    if (!receiver.options.enableRemoteWriteReceiver) {
      throw new PropValidationError('enableRemoteWriteReceiver', false, `must be true on ${receiver.node.path} to receive remote writes`);
    }
    if (this.sendsTo.has(receiver)) {
      throw new PropValidationError('remoteWriteTo', receiver.node.path, 'already receives this instance\'s samples');
    }
    checkBasicAuth('remoteWriteTo', options);
    checkPeerCredentials('remoteWriteTo', receiver.peerFacts, options);
    const url = `${this.reach(receiver, 'remoteWriteTo', options.via)}api/v1/write`;
    const client = this.clientOf(receiver, 'remote-write');
    this.sendsTo.add(receiver);
    this.server.addRemoteWrite({
      url,
      name: options.name ?? receiver.node.id,
      caCertificatePem: receiver.trustAnchorPem,
      clientCertificatePem: client?.certificatePem,
      clientPrivateKeyPem: client?.privateKeyPem,
      basicAuthUsername: options.basicAuthUsername,
      basicAuthPassword: options.basicAuthPassword,
      queue: options.queue,
    });
  }

  /**
   * Pulls `source`'s series matching `options.match` through its proxy (`/federate`, `honor_labels`).
   * @param source an instance not in `agentMode`
   * @param options the series to pull, and how to reach and authenticate to the source
   */
  public federate(source: PrometheusTlsProxy, options: FederateOptions): void {
    checkNotSelf('federate', this.peerFacts, source.peerFacts);
    if (source.options.agentMode) throw new PropValidationError('agentMode', true, `of ${source.node.path} leaves it no /federate to pull from`);
    if (options.match.length === 0) throw new PropValidationError('federate.match', options.match, 'must hold at least one series selector');
    checkBasicAuth('federate', options);
    checkPeerCredentials('federate', source.peerFacts, options);
    const url = new URL(this.reach(source, 'federate', options.via));
    const client = this.clientOf(source, 'federate');
    this.server.addScrapeJob({
      jobName: options.jobName ?? `federate-${source.node.id}`,
      targets: [`${url.hostname}:${url.port || 443}`],
      scheme: ScrapeScheme.HTTPS,
      metricsPath: `${basePath(source.pathPrefix)}federate`,
      queryParams: { 'match[]': options.match },
      honorLabels: true,
      scrapeInterval: options.scrapeInterval,
      caCertificatePem: source.trustAnchorPem,
      clientCertificatePem: client?.certificatePem,
      clientPrivateKeyPem: client?.privateKeyPem,
      basicAuthUsername: options.basicAuthUsername,
      basicAuthPassword: options.basicAuthPassword,
    });
  }

  /**
   * Grafana's provisioning of a datasource for this instance, for a Grafana container on one of the
   * pod's networks: it requests `internalUrl` (the network alias, which a generated certificate
   * carries), verifies the proxy against `trustAnchorPem`, and authenticates with the client
   * certificate or basic auth given. PEMs and the password are files of their own, mode 0640 (the
   * Grafana image runs as uid 472 in group 0), which the YAML reads with `$__file{...}`.
   * @param options the datasource's name, where the files go, and how Grafana authenticates
   */
  public grafanaDatasource(options: GrafanaDatasourceOptions = {}): GrafanaDatasource {
    checkBasicAuth('grafanaDatasource', options);
    checkPeerCredentials('grafanaDatasource', this.peerFacts, options);
    this.checkClientCertificate(options.clientCertificate);
    const directory = options.directory ?? '/etc/grafana/provisioning/datasources';
    const isDefault = options.isDefault ?? true;
    if (isDefault) StackClaims.of(this).claimDefaultDatasource(directory, this.node.path);
    const input = {
      name: options.name ?? this.domainName,
      url: this.internalUrl,
      directory,
      fileName: this.options.namePrefix,
      isDefault,
      caCertificate: this.trustAnchorPem !== undefined,
      clientCertificate: options.clientCertificate !== undefined,
      basicAuthUsername: options.basicAuthUsername,
    };
    const paths = grafanaFilePaths(input);
    const files: ConfigFile[] = [
      { path: paths.yaml, content: escapeTerraformTemplate(renderGrafanaDatasource(input)), permissions: '0644' },
      ...(this.trustAnchorPem === undefined ? [] : [{ path: paths.ca, content: this.trustAnchorPem, permissions: '0644' }]),
      ...(options.clientCertificate === undefined
        ? []
        : [
            { path: paths.certificate, content: options.clientCertificate.certificatePem, permissions: '0644' },
            { path: paths.key, content: options.clientCertificate.privateKeyPem, permissions: '0640' },
          ]),
      ...(options.basicAuthPassword === undefined ? [] : [{ path: paths.password, content: terraformSecret(options.basicAuthPassword), permissions: '0640' }]),
    ];
    return { files, url: this.internalUrl };
  }

  /** The URL at which this instance reaches `peer` (for `method`'s message). */
  private reach(peer: PrometheusTlsProxy, method: string, via: Reach = Reach.EXTERNAL): string {
    if (via === Reach.INTERNAL) {
      checkInternalReach(method, this.peerFacts, peer.peerFacts);
      return peer.internalUrl;
    }
    if (isUnresolved(peer.httpsPort)) {
      throw new PropValidationError('httpsPort', peer.httpsPort, `of ${peer.node.path} must be literal for another instance to reach it: it is rendered into that instance's prometheus.yml`);
    }
    return peer.url;
  }

  /**
   * A client certificate from `peer`'s CA for this instance, when `peer` verifies client certificates:
   * one per peer and purpose, its CN this instance's domain, the purpose and the peer's id (cut to
   * 64 characters with a hash of the whole, so that it stays unique).
   */
  private clientOf(peer: PrometheusTlsProxy, purpose: string): ClientCertificate | undefined {
    if (peer.options.clientAuth === ClientAuth.OFF) return undefined;
    if (peer.authority === undefined) {
      throw new PropValidationError('certificateMode', peer.options.certificateMode, `of ${peer.node.path} must be "private-ca" to issue ${this.node.path} a client certificate`);
    }
    const key = `${peer.node.path} ${purpose}`;
    const issued = this.peerCertificates.get(key);
    if (issued !== undefined) return issued;
    const name = `${this.options.domainName}-${purpose}-${peer.node.id}`;
    const hash = createHash('sha256').update(`${this.node.path} ${key}`).digest('hex').slice(0, 8);
    const certificate = peer.issueClientCertificate(this, name.length <= MAX_COMMON_NAME_LENGTH ? name : `${name.slice(0, MAX_COMMON_NAME_LENGTH - 9)}-${hash}`);
    this.peerCertificates.set(key, certificate);
    return certificate;
  }

  /** Grafana's client certificate: required when nginx requires one, and from this instance's CA when it has one. */
  private checkClientCertificate(certificate: ClientCertificate | undefined): void {
    if (certificate === undefined) {
      if (this.peerFacts.clientCertificateRequired) {
        throw new PropValidationError('grafanaDatasource.clientCertificate', undefined, `is required: ${this.node.path} requires client certificates (issueClientCertificate)`);
      }
      return;
    }
    if (this.options.clientAuth === ClientAuth.OFF) {
      throw new PropValidationError('grafanaDatasource.clientCertificate', certificate.node.path, `is never asked for: ${this.node.path} has clientAuth off`);
    }
    if (this.authority !== undefined && certificate.authority !== this.authority) {
      throw new PropValidationError('grafanaDatasource.clientCertificate', certificate.node.path, `must be issued by ${this.node.path}'s CA (issueClientCertificate)`);
    }
  }

  /** The Docker provider must be one, and in this instance's stack. */
  private checkProvider(provider: TerraformProvider | undefined): void {
    if (provider === undefined) return;
    if (provider.terraformResourceType !== 'docker') {
      throw new PropValidationError('dockerProvider', provider.terraformResourceType, 'must be a Docker provider (@cdktf/provider-docker)');
    }
    if (TerraformStack.of(provider) !== TerraformStack.of(this)) {
      throw new PropValidationError('dockerProvider', provider.node.path, `must be declared in the stack of ${this.node.path}`);
    }
  }

  private declareAuthority(o: ResolvedOptions): CertificateAuthority {
    const commonName = `${o.domainName} Prometheus CA`;
    return new CertificateAuthority(this, 'ca', {
      commonName: commonName.length <= MAX_COMMON_NAME_LENGTH ? commonName : 'Prometheus CA',
      key: { algorithm: o.keyAlgorithm, rsaBits: o.rsaBits, ecdsaCurve: o.ecdsaCurve },
      validityPeriodHours: o.caValidityPeriodHours,
      earlyRenewalHours: o.earlyRenewalHours,
    });
  }

  /** Registers what this instance publishes on its Docker host, refusing a clash with an instance declared before. */
  private claimHost(o: ResolvedOptions): void {
    const claims: HostClaims = {
      path: this.node.path,
      host: this.peerFacts.host,
      namePrefix: o.namePrefix,
      ports: [
        { prop: 'httpsPort' as const, port: o.httpsPort },
        ...(o.httpPort === undefined ? [] : [{ prop: 'httpPort' as const, port: o.httpPort }]),
      ].filter((claim) => !isUnresolved(claim.port)),
      // With the private network, whose name only an instance of the same namePrefix (refused first) could share.
      networks: this.peerFacts.networks,
      networkAlias: o.networkAlias,
    };
    StackClaims.of(this).claimHost(claims);
  }
}
