import type { Container } from '@cdktf/provider-docker/lib/container';
import type { Image } from '@cdktf/provider-docker/lib/image';
import type { Network } from '@cdktf/provider-docker/lib/network';
import type { Volume } from '@cdktf/provider-docker/lib/volume';
import type { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import type { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import type { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import type { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Construct } from 'constructs';
import { authorityProps, serverCertificateProps } from './composition/certificates';
import { dockerHost, hostClaims } from './composition/docker-host';
import { instanceUrls, networkKeys, peerEndpoint } from './composition/endpoint';
import { identityFacts } from './composition/identities';
import { nginxProxyProps } from './composition/nginx-props';
import { podAgentProps, podProps } from './composition/pod-props';
import { prometheusServerProps } from './composition/prometheus-props';
import { NGINX_HTTPS_PORT } from './container-layout';
import { givenOptions, spelledAsGiven } from './given-options';
import { DockerNames, dockerNames } from './names';
import { NginxProxy } from './nginx-proxy';
import { CertificateMode, ClientRole, RemoteWriteTarget, ScrapeJob } from './options';
import { Issuer, issueClientCertificate, issuedClientCertificate } from './peering/client-certificates';
import { Connections } from './peering/connections';
import type { PeerEndpoint } from './peering/endpoint';
import { federate } from './peering/federate';
import { grafanaDatasource } from './peering/grafana-datasource';
import type { FederateOptions, FederationConnection, GrafanaDatasource, GrafanaDatasourceOptions, RemoteWriteConnection, RemoteWriteToOptions } from './peering/options';
import { remoteWriteTo } from './peering/remote-write-to';
import { Pod } from './pod';
import { PodAgent } from './pod-agent';
import { PrometheusServer } from './prometheus-server';
import type { PrometheusTlsProxyProps } from './props';
import { resolveOptions } from './resolve-options';
import { StackClaims } from './stack-claims';
import { cdktfTokens, isUnresolved } from './terraform-values';
import { CertificateAuthority } from './tls/certificate-authority';
import type { ClientCertificate } from './tls/client-certificate';
import { ServerCertificate } from './tls/server-certificate';
import { PropValidationError, validateOptions } from './validation';
import { unreachableAdminEndpoints } from './validation/auth';

/**
 * Prometheus served over HTTPS behind nginx on Docker, as in the Prometheus guide "Securing
 * Prometheus API and UI endpoints using TLS encryption", with the guide's bugs fixed.
 *
 * Built like a Kubernetes pod: nginx and Prometheus share the network namespace of a pause
 * container, Prometheus listens on its loopback only, and only nginx's listeners face the networks
 * and the host. A pod agent plays the kubelet: it delivers config changes as reloads and keeps the
 * pod's members running through restarts of the engine and of the pod.
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

  /** `https://DOMAIN[:PORT]/PREFIX`, passed to Prometheus as `--web.external-url`. */
  public readonly externalUrl: string;
  /** nginx's HTTPS port inside the pod: the port of `internalUrl`. */
  public readonly internalHttpsPort: number = NGINX_HTTPS_PORT;
  /** Names of the Docker objects. */
  public readonly dockerNames: DockerNames;
  /**
   * Client certificates declared under this construct, by name: `clientCertificates`,
   * `issueClientCertificate(this, name)`, and those issued for clients in other stacks.
   * `clientCertificate(name)` is the same lookup with an error naming the ones there are.
   */
  public readonly clientCertificates: Record<string, ClientCertificate> = {};

  /** The CA (`CertificateMode.PRIVATE_CA` only). */
  public readonly authority?: CertificateAuthority;
  /** The certificate nginx serves. */
  public readonly serverCertificate: ServerCertificate;
  /** The pause container, its network and image. */
  public readonly pod: Pod;
  /** The pod's agent: it delivers config changes as reloads and keeps the pod's members running. */
  public readonly agent: PodAgent;
  /** nginx, its config volume and image. */
  public readonly nginx: NginxProxy;
  /** Prometheus, its volumes and image. */
  public readonly server: PrometheusServer;

  /**
   * What other instances reach, trust and check of this one: peering reads this, never the instance.
   * @internal
   */
  public readonly _endpoint: PeerEndpoint;
  private readonly issuer: Issuer;
  private readonly connections: Connections;

  /**
   * Resolves and validates the props, then declares the certificates, the pod, nginx and Prometheus.
   * @param scope the construct it is declared under
   * @param id its construct id, from whose path the Docker names derive unless `namePrefix` is given
   * @param props the options and the Docker provider
   */
  constructor(scope: Construct, id: string, props: PrometheusTlsProxyProps) {
    super(scope, id);
    // Validation names the flat props; errors name them as the user spelled them (grouped or flat).
    const given = givenOptions(props);
    try {
      const provider = props.dockerProvider;
      const tokens = cdktfTokens(this);
      const options = resolveOptions(given.options, this.node.path, tokens);
      validateOptions({ options, given: given.options, tokens });
      const host = dockerHost(this, provider);
      const names = dockerNames(options.namePrefix);
      const networks = networkKeys(options, names, tokens);
      StackClaims.of(this).claimHost(hostClaims(this.node.path, host, options, networks, isUnresolved));

      this.authority = options.certificateMode === CertificateMode.PRIVATE_CA ? new CertificateAuthority(this, 'ca', authorityProps(options)) : undefined;
      this.serverCertificate = new ServerCertificate(this, 'tls', serverCertificateProps(options, this.authority));
      const { certificateMode, validityPeriodHours, earlyRenewalHours } = options;
      const roleOf = (name: string) => options.clientCertificateRoles[name] ?? options.defaultClientCertificateRole;
      const issuedRoles = new Set<ClientRole>();
      this.issuer = { instance: this, authority: this.authority, certificateMode, validityPeriodHours, earlyRenewalHours, issued: this.clientCertificates, issuedRoles, roleOf, spelled: given.spelled };
      this.node.addValidation({ validate: () => unreachableAdminEndpoints(identityFacts(options, issuedRoles)) });
      for (const name of options.clientCertificates) this.issueClientCertificate(this, name);
      this.pod = new Pod(this, 'pod', podProps(options, names, provider));
      this.agent = new PodAgent(this, 'agent', podAgentProps(options, names, provider));
      const parts = { names, provider, networkMode: this.pod.networkMode, agent: this.agent };
      this.nginx = new NginxProxy(this, 'nginx', nginxProxyProps(options, { ...parts, serverCertificate: this.serverCertificate, authority: this.authority }));
      const urls = instanceUrls(options);
      this.server = new PrometheusServer(this, 'prometheus', prometheusServerProps(options, { ...parts, externalUrl: urls.externalUrl, port: urls.port }));

      this._endpoint = peerEndpoint(this, options, {
        host,
        networks,
        urls,
        trustAnchorPem: this.trustAnchorPem,
        authority: this.authority,
        spelled: given.spelled,
        issueClientCertificate: (client, name, role) => this.issueClientCertificate(client, name, role),
      });
      this.connections = new Connections(this._endpoint, this);
      this.dockerNames = names;
      this.externalUrl = urls.externalUrl;
    } catch (error) {
      throw spelledAsGiven(error, given);
    }
  }

  /** `https://DOMAIN[:PORT]/PREFIX/`, the URL to open. */
  public get url(): string {
    return this._endpoint.url;
  }

  /** `https://ALIAS/PREFIX/`: the URL for containers on the pod's networks, which the certificate verifies (unless provided). */
  public get internalUrl(): string {
    return this._endpoint.internalUrl;
  }

  /** The pod's DNS name on its networks. */
  public get networkAlias(): string {
    return this._endpoint.networkAlias;
  }

  /** The path prefix, resolved: `/` or `/segment[/segment...]`. */
  public get pathPrefix(): string {
    return this._endpoint.pathPrefix;
  }

  /** Domain name clients use. */
  public get domainName(): string {
    return this._endpoint.domainName;
  }

  /** Published HTTPS port on the Docker host (a token when given as one). */
  public get httpsPort(): number {
    return this._endpoint.httpsPort;
  }

  /**
   * nginx, its config volume and image.
   * @deprecated Use `nginx`: `proxy.proxy` read as the instance twice.
   */
  public get proxy(): NginxProxy {
    return this.nginx;
  }

  /** The rendered nginx.conf. */
  public get nginxConfig(): string {
    return this.nginx.nginxConfig;
  }

  /** The rendered prometheus.yml, with every job and target added so far. */
  public get prometheusConfig(): string {
    return this.server.configYaml;
  }

  /** The Prometheus command-line arguments. */
  public get prometheusArgs(): string[] {
    return this.server.args;
  }

  /** Name of the pod's first Docker network. */
  public get networkName(): string {
    return this.pod.networkName;
  }

  /** PEM of the certificate nginx serves. */
  public get certificatePem(): string {
    return this.serverCertificate.certificatePem;
  }

  /** PEM of the CA clients trust in `CertificateMode.PRIVATE_CA`. */
  public get caCertificatePem(): string | undefined {
    return this.authority?.certificatePem;
  }

  /** The PEM a client should trust: the CA, the self-signed certificate, or undefined for a provided one (its issuer is yours). */
  public get trustAnchorPem(): string | undefined {
    return this.authority?.certificatePem ?? (this.serverCertificate.certificate !== undefined ? this.certificatePem : undefined);
  }

  /** Key of the server certificate (absent when provided). */
  public get privateKey(): PrivateKey | undefined {
    return this.serverCertificate.privateKey;
  }

  /** The generated server certificate (absent when provided). */
  public get certificate(): SelfSignedCert | LocallySignedCert | undefined {
    return this.serverCertificate.certificate;
  }

  /** Request the CA signs for the server certificate (`CertificateMode.PRIVATE_CA` only). */
  public get certificateRequest(): CertRequest | undefined {
    return this.serverCertificate.certificateRequest;
  }

  /** Key of the CA (`CertificateMode.PRIVATE_CA` only). */
  public get caPrivateKey(): PrivateKey | undefined {
    return this.authority?.privateKey;
  }

  /** The CA's self-signed certificate (`CertificateMode.PRIVATE_CA` only). */
  public get caCertificate(): SelfSignedCert | undefined {
    return this.authority?.certificate;
  }

  /** The private network (absent when joining an existing `network`). */
  public get network(): Network | undefined {
    return this.pod.network;
  }

  /** Volume of Prometheus's TSDB: named after `namePrefix`, so a new prefix means a new, empty one. */
  public get dataVolume(): Volume {
    return this.server.dataVolume;
  }

  /** The nginx image resource (`nginxImage`), kept locally on destroy. */
  public get nginxImage(): Image {
    return this.nginx.image;
  }

  /** The Prometheus image resource (`prometheusImage`), kept locally on destroy. */
  public get prometheusImage(): Image {
    return this.server.image;
  }

  /** The pause container: owns the network namespace, joins the networks and publishes the ports. */
  public get podContainer(): Container {
    return this.pod.container;
  }

  /** The nginx container, in the pod's network namespace. */
  public get nginxContainer(): Container {
    return this.nginx.container;
  }

  /** The Prometheus container, in the pod's network namespace, listening on its loopback only. */
  public get prometheusContainer(): Container {
    return this.server.container;
  }

  /**
   * Issues a client certificate from this instance's CA (`CertificateMode.PRIVATE_CA`): what a client
   * presents when this instance verifies client certificates. It is declared under `scope` when
   * `scope` is in this instance's stack, and under this instance (listed in `clientCertificates`)
   * otherwise, so that the CA's key never leaves its stack's state.
   * @param scope where the certificate's resources go, e.g. the client's construct
   * @param name the certificate's CN, which nginx logs
   * @param role what the client may reach, written into the certificate (its OU): by default its name's
   *   role in `auth.clientCertificateRoles`, or else `auth.defaultClientCertificateRole` (a reader)
   */
  public issueClientCertificate(scope: Construct, name: string, role?: ClientRole): ClientCertificate {
    return issueClientCertificate(this.issuer, scope, name, role);
  }

  /**
   * The client certificate of that name in `clientCertificates`, or an error naming the ones there are.
   * @param name the certificate's name, as given in `clientCertificates` or to `issueClientCertificate`
   */
  public clientCertificate(name: string): ClientCertificate {
    return issuedClientCertificate(this.issuer, name);
  }

  /**
   * Adds a scrape job to prometheus.yml after construction; its certificates, key and password are written beside it.
   * @param job a job whose name is not yet taken (nor `prometheus`)
   */
  public addScrapeJob(job: ScrapeJob): void {
    this.server.addScrapeJob(job);
  }

  /**
   * Adds a remote-write target to prometheus.yml after construction; its secrets are written beside it, sensitive.
   * @param target a target whose name, if given, is not yet taken
   */
  public addRemoteWrite(target: RemoteWriteTarget): void {
    this.server.addRemoteWrite(target);
  }

  /**
   * Sends this instance's samples to `receiver`'s remote-write receiver through its proxy, trusting its
   * certificate (a provided one must chain to the system's trust store) and, where it verifies client
   * certificates, presenting one its CA issues for this instance: declared under this instance when
   * both are in one stack, and under the receiver (listed in its `clientCertificates`) when not.
   * @param receiver an instance with `enableRemoteWriteReceiver`
   * @param options how to reach and authenticate to it
   * @returns the remote-write target added, and the client certificate
   */
  public remoteWriteTo(receiver: PrometheusTlsProxy, options: RemoteWriteToOptions = {}): RemoteWriteConnection {
    return remoteWriteTo(this.connections, this.server, receiver._endpoint, options);
  }

  /**
   * Pulls `source`'s series matching `options.match` through its proxy (`/federate`, `honor_labels`),
   * with a client certificate its CA issues for this instance where it verifies them (declared as
   * `remoteWriteTo` says).
   * @param source an instance not in `agentMode`
   * @param options the series to pull, and how to reach and authenticate to the source
   * @returns the scrape job added, and the client certificate
   */
  public federate(source: PrometheusTlsProxy, options: FederateOptions): FederationConnection {
    return federate(this.connections, this.server, source._endpoint, options);
  }

  /**
   * Grafana's provisioning of a datasource for this instance, for a Grafana container on one of the
   * pod's networks: it requests `internalUrl` (the network alias, which a generated certificate
   * carries), verifies the proxy against `trustAnchorPem`, and authenticates with the client
   * certificate or basic auth given.
   * @param options the datasource's name, where the files go, and how Grafana authenticates
   * @returns the files, also in the shape of a Container's `upload`
   */
  public grafanaDatasource(options: GrafanaDatasourceOptions = {}): GrafanaDatasource {
    return grafanaDatasource(this, this._endpoint, options);
  }
}
