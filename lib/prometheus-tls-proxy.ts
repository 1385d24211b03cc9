import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Fn, TerraformProvider, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { NGINX_HEALTH_CHECK_PORT, NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, PROMETHEUS_PATHS, PROMETHEUS_PORT } from './container-layout';
import { ResolvedOptions, resolveOptions } from './defaults';
import { DockerNames, dockerNames } from './names';
import type { PrometheusTlsProxyOptions } from './options';
import { renderHtpasswd } from './render/htpasswd';
import { HEALTH_CHECK_PATH, renderNginxConf, sessionTicketsSafe } from './render/nginx-conf';
import { renderPrometheusArgs } from './render/prometheus-args';
import { renderPrometheusConfig } from './render/prometheus-config';
import { escapeTerraformTemplate } from './render/terraform-escape';
import { externalUrl, proxyUrl } from './render/urls';
import { HostClaims, checkNoCollision, validateOptions } from './validate';

export interface PrometheusTlsProxyProps extends PrometheusTlsProxyOptions {
  /**
   * Docker provider for every Docker resource, e.g. an aliased provider for an `ssh://` host.
   * @default - the stack's default Docker provider
   */
  readonly dockerProvider?: TerraformProvider;
}

/** The instances of each stack, in declaration order: the collision check compares against them. */
const INSTANCES = new WeakMap<TerraformStack, PrometheusTlsProxy[]>();

function instancesOf(stack: TerraformStack): PrometheusTlsProxy[] {
  if (!INSTANCES.has(stack)) INSTANCES.set(stack, []);
  return INSTANCES.get(stack)!;
}

/**
 * Prometheus served over HTTPS behind nginx on Docker, as in the Prometheus guide "Securing
 * Prometheus API and UI endpoints using TLS encryption", with the guide's bugs fixed.
 */
export class PrometheusTlsProxy extends Construct {
  /** `https://DOMAIN[:PORT]/PREFIX/`, the URL to open. */
  public readonly url: string;
  /** `https://DOMAIN[:PORT]/PREFIX`, passed to Prometheus as `--web.external-url`. */
  public readonly externalUrl: string;
  /** The rendered nginx.conf. */
  public readonly nginxConfig: string;
  /** The rendered prometheus.yml. */
  public readonly prometheusConfig: string;
  /** The Prometheus command-line arguments. */
  public readonly prometheusArgs: string[];
  /** Names of the Docker objects. */
  public readonly dockerNames: DockerNames;
  /** Name of the Docker network both containers join. */
  public readonly networkName: string;
  /** PEM of the certificate nginx serves. */
  public readonly certificatePem: string;
  /** PEM of the CA certificate clients should trust in `private-ca` mode. */
  public readonly caCertificatePem?: string;

  /** Key of the server certificate (absent when the certificate is provided). */
  public readonly privateKey?: PrivateKey;
  /** The generated server certificate (absent when provided). */
  public readonly certificate?: SelfSignedCert | LocallySignedCert;
  /** `private-ca` mode only. */
  public readonly caPrivateKey?: PrivateKey;
  /** `private-ca` mode only. */
  public readonly caCertificate?: SelfSignedCert;
  /** `private-ca` mode only. */
  public readonly certificateRequest?: CertRequest;

  /** The private network (absent when joining an existing `network`). */
  public readonly network?: Network;
  public readonly dataVolume: Volume;
  public readonly nginxImage: Image;
  public readonly prometheusImage: Image;
  public readonly prometheusContainer: Container;
  public readonly nginxContainer: Container;

  /** What this instance publishes on its Docker host, checked against its siblings'. */
  private readonly hostClaims: HostClaims;
  private readonly dockerProvider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: PrometheusTlsProxyProps) {
    super(scope, id);
    const { dockerProvider: provider, ...options } = props;

    const isUnresolved = (value: unknown): boolean => Token.isUnresolved(value);
    validateOptions(options, isUnresolved);
    const o: ResolvedOptions = resolveOptions(options, this.node.path, isUnresolved);
    this.dockerProvider = provider;
    this.hostClaims = {
      path: this.node.path,
      namePrefix: o.namePrefix,
      ports: [
        { prop: 'httpsPort' as const, port: o.httpsPort },
        ...(o.httpPort === undefined ? [] : [{ prop: 'httpPort' as const, port: o.httpPort }]),
      ].filter((claim) => !isUnresolved(claim.port)),
    };
    const declared = instancesOf(TerraformStack.of(this));
    const sameHost = declared.filter((sibling) => sibling.dockerProvider === provider);
    checkNoCollision(this.hostClaims, sameHost.map((sibling) => sibling.hostClaims));
    declared.push(this);
    const names = dockerNames(o.namePrefix);
    const port = isUnresolved(o.httpsPort) ? Token.asString(o.httpsPort) : o.httpsPort;
    /** Literal text reaches Terraform escaped; a token stays a token. */
    const escapeLiteral = (text: string): string => (isUnresolved(text) ? text : escapeTerraformTemplate(text));

    const prometheusExternalUrl = externalUrl(o.domainName, port, o.pathPrefix);
    const prometheusArgs = renderPrometheusArgs({
      configPath: PROMETHEUS_PATHS.config,
      tsdbPath: PROMETHEUS_PATHS.tsdb,
      retentionTime: o.retentionTime,
      retentionSize: o.retentionSize,
      externalUrl: prometheusExternalUrl,
      enableAdminApi: o.enableAdminApi,
      enableLifecycle: o.enableLifecycle,
    });
    const prometheusConfig = renderPrometheusConfig({
      scrapeInterval: o.scrapeInterval,
      selfTarget: `localhost:${PROMETHEUS_PORT}`,
      scrapeConfigs: o.scrapeConfigs,
    });
    const basicAuth = o.basicAuthUsers.length > 0;
    const nginxConfig = renderNginxConf({
      domainName: o.domainName,
      pathPrefix: o.pathPrefix,
      upstreamHost: names.prometheusContainer,
      upstreamPort: PROMETHEUS_PORT,
      certificatePath: NGINX_PATHS.certificate,
      privateKeyPath: NGINX_PATHS.privateKey,
      htpasswdPath: basicAuth ? NGINX_PATHS.htpasswd : undefined,
      healthCheckWithoutAuth: o.healthCheckWithoutAuth,
      allowAdminApi: o.enableAdminApi,
      allowLifecycle: o.enableLifecycle,
      hsts: o.hsts,
      sessionTickets: sessionTicketsSafe(o.nginxImage),
      httpRedirectToPort: o.httpPort === undefined ? undefined : o.httpsPort,
      healthCheckPort: NGINX_HEALTH_CHECK_PORT,
    });
    const htpasswd = renderHtpasswd(
      o.basicAuthUsers.map((user) => ({
        username: escapeLiteral(user.username),
        // A hash from a Terraform variable gets the same $2b$ → $2y$ rewrite, in Terraform.
        passwordHash: isUnresolved(user.passwordHash) ? Fn.replace(user.passwordHash, '$2b$', '$2y$') : user.passwordHash,
      })),
    );

    const tls = this.declareCertificate(o, escapeLiteral);

    this.network =
      o.network === undefined
        ? new Network(this, 'network', { provider, name: names.network, driver: 'bridge' })
        : undefined;
    const networkName = this.network?.name ?? o.network!;
    this.dataVolume = new Volume(this, 'data', { provider, name: names.dataVolume });
    this.nginxImage = new Image(this, 'nginx-image', { provider, name: o.nginxImage, keepLocally: true });
    this.prometheusImage = new Image(this, 'prometheus-image', { provider, name: o.prometheusImage, keepLocally: true });

    const logging = { logDriver: 'json-file', logOpts: { 'max-size': o.logMaxSize, 'max-file': String(o.logMaxFiles) } };
    const hardening = { securityOpts: ['no-new-privileges:true'], restart: 'unless-stopped' };
    // Without memory_swap Docker allows twice the memory as swap and reports it back, which Terraform would
    // see as drift on every plan; no swap also keeps the TSDB's page cache honest.
    const memory = (mb: number) => ({ memory: mb, memorySwap: mb });

    this.prometheusContainer = new Container(this, 'prometheus', {
      provider,
      name: names.prometheusContainer,
      image: this.prometheusImage.imageId,
      entrypoint: ['/bin/prometheus'],
      command: prometheusArgs,
      // The image's user; Prometheus needs no capability at all.
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      ...hardening,
      ...logging,
      ...memory(o.prometheusMemoryMb),
      networksAdvanced: [{ name: networkName }],
      volumes: [{ volumeName: this.dataVolume.name, containerPath: PROMETHEUS_PATHS.tsdb }],
      upload: [{ file: PROMETHEUS_PATHS.config, content: escapeTerraformTemplate(prometheusConfig), permissions: '0644' }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PROMETHEUS_PORT}/-/healthy`],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        // Go's spelling of durations, which is what the provider reads back: anything else is drift.
        startPeriod: '1m0s',
      },
      // The provider's default stops with timeout 0, which kills Prometheus before it closes the TSDB.
      destroyGraceSeconds: 60,
      stopTimeout: 60,
    });

    this.nginxContainer = new Container(this, 'nginx', {
      provider,
      name: names.nginxContainer,
      image: this.nginxImage.imageId,
      entrypoint: ['nginx', '-g', 'daemon off;'],
      // The master process starts as root to read the key, chowns its temp directories and switches
      // its workers to the nginx user: CHOWN, SETUID, SETGID and nothing else.
      // Named as Docker reports them back (CAP_...), so that plans see no drift.
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      // Binding 443 without NET_BIND_SERVICE; Docker 20.10+ sets this already, stated for other engines.
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      ...hardening,
      ...logging,
      ...memory(o.nginxMemoryMb),
      networksAdvanced: [{ name: networkName }],
      ports: [
        { internal: NGINX_HTTPS_PORT, external: o.httpsPort },
        ...(o.httpPort === undefined ? [] : [{ internal: NGINX_HTTP_PORT, external: o.httpPort }]),
      ],
      upload: [
        { file: NGINX_PATHS.config, content: escapeTerraformTemplate(nginxConfig), permissions: '0644' },
        { file: NGINX_PATHS.certificate, content: tls.certificatePem, permissions: '0644' },
        // Read by the root master process only.
        { file: NGINX_PATHS.privateKey, content: tls.privateKeyPem, permissions: '0600' },
        // Read by the workers on every request, so readable by the nginx user.
        ...(basicAuth ? [{ file: NGINX_PATHS.htpasswd, content: htpasswd, permissions: '0644' }] : []),
      ],
      // nginx resolves Prometheus's address once, at start: when Prometheus is unreachable through it (a
      // restarted or replaced Prometheus may get a new IP), the check reloads nginx, which resolves again.
      healthcheck: {
        test: [
          'CMD-SHELL',
          `wget -q -O /dev/null http://127.0.0.1:${NGINX_HEALTH_CHECK_PORT}${HEALTH_CHECK_PATH} || { nginx -s reload; exit 1; }`,
        ],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      destroyGraceSeconds: 10,
      dependsOn: [this.prometheusContainer],
    });

    this.url = proxyUrl(o.domainName, port, o.pathPrefix);
    this.externalUrl = prometheusExternalUrl;
    this.nginxConfig = nginxConfig;
    this.prometheusConfig = prometheusConfig;
    this.prometheusArgs = prometheusArgs;
    this.dockerNames = names;
    this.networkName = networkName;
    this.certificatePem = tls.certificatePem;
    this.caCertificatePem = tls.caCertificate?.certPem;
    this.privateKey = tls.privateKey;
    this.certificate = tls.certificate;
    this.caPrivateKey = tls.caPrivateKey;
    this.caCertificate = tls.caCertificate;
    this.certificateRequest = tls.certificateRequest;
  }

  private declareCertificate(
    o: ResolvedOptions,
    escapeLiteral: (text: string) => string,
  ): {
    certificatePem: string;
    privateKeyPem: string;
    privateKey?: PrivateKey;
    certificate?: SelfSignedCert | LocallySignedCert;
    caPrivateKey?: PrivateKey;
    caCertificate?: SelfSignedCert;
    certificateRequest?: CertRequest;
  } {
    if (o.certificateMode === 'provided') {
      return { certificatePem: escapeLiteral(o.certificatePem!), privateKeyPem: escapeLiteral(o.privateKeyPem!) };
    }
    const keyConfig =
      o.keyAlgorithm === 'RSA' ? { algorithm: 'RSA', rsaBits: o.rsaBits } : { algorithm: 'ECDSA', ecdsaCurve: o.ecdsaCurve };
    // RFC 5280 caps the CN at 64 characters; the SAN carries longer names, and clients read the SAN.
    const subject = [{ commonName: o.domainName.length <= 64 ? o.domainName : undefined }];
    const names = {
      dnsNames: [o.domainName, ...o.subjectAlternativeNames],
      ipAddresses: o.ipAddresses.length > 0 ? o.ipAddresses : undefined,
    };
    // RFC 5480: an ECDSA key signs, it never enciphers.
    const allowedUses = [...(o.keyAlgorithm === 'RSA' ? ['key_encipherment'] : []), 'digital_signature', 'server_auth'];
    const renewal = { validityPeriodHours: o.validityPeriodHours, earlyRenewalHours: o.earlyRenewalHours };
    const privateKey = new PrivateKey(this, 'key', keyConfig);

    if (o.certificateMode === 'self-signed') {
      const certificate = new SelfSignedCert(this, 'certificate', {
        privateKeyPem: privateKey.privateKeyPem,
        subject,
        ...names,
        ...renewal,
        allowedUses,
      });
      return { certificatePem: certificate.certPem, privateKeyPem: privateKey.privateKeyPem, privateKey, certificate };
    }

    const caPrivateKey = new PrivateKey(this, 'ca-key', keyConfig);
    const caCommonName = `${o.domainName} Prometheus CA`;
    const caCertificate = new SelfSignedCert(this, 'ca-certificate', {
      privateKeyPem: caPrivateKey.privateKeyPem,
      subject: [{ commonName: caCommonName.length <= 64 ? caCommonName : 'Prometheus CA' }],
      isCaCertificate: true,
      setSubjectKeyId: true,
      validityPeriodHours: o.caValidityPeriodHours,
      earlyRenewalHours: o.earlyRenewalHours,
      allowedUses: ['cert_signing', 'crl_signing', 'digital_signature'],
    });
    const certificateRequest = new CertRequest(this, 'certificate-request', {
      privateKeyPem: privateKey.privateKeyPem,
      subject,
      ...names,
    });
    const certificate = new LocallySignedCert(this, 'certificate', {
      certRequestPem: certificateRequest.certRequestPem,
      caPrivateKeyPem: caPrivateKey.privateKeyPem,
      caCertPem: caCertificate.certPem,
      ...renewal,
      allowedUses,
    });
    return {
      certificatePem: certificate.certPem,
      privateKeyPem: privateKey.privateKeyPem,
      privateKey,
      certificate,
      caPrivateKey,
      caCertificate,
      certificateRequest,
    };
  }
}

