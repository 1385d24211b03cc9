import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Lazy, TerraformProvider, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, PROMETHEUS_PATHS, PROMETHEUS_PORT } from './container-layout';
import { ResolvedOptions, resolveOptions } from './defaults';
import { DockerNames, dockerNames } from './names';
import type { PrometheusTlsProxyOptions } from './options';
import { renderHtpasswd } from './render/htpasswd';
import { renderNginxConf, sessionTicketsSafe } from './render/nginx-conf';
import { renderPrometheusArgs } from './render/prometheus-args';
import { renderPrometheusConfig } from './render/prometheus-config';
import { externalUrl, proxyUrl } from './render/urls';
import { validateOptions } from './validate';

export interface PrometheusTlsProxyProps extends PrometheusTlsProxyOptions {
  /**
   * Docker provider for every Docker resource, e.g. an aliased provider for an `ssh://` host.
   * @default - the stack's default Docker provider
   */
  readonly dockerProvider?: TerraformProvider;
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

  constructor(scope: Construct, id: string, props: PrometheusTlsProxyProps) {
    super(scope, id);
    const { dockerProvider: provider, ...options } = props;

    validateOptions(options, (value) => Token.isUnresolved(value));
    const o: ResolvedOptions = resolveOptions(options, this.node.path);
    const names = dockerNames(o.namePrefix);
    const port = Token.isUnresolved(o.httpsPort) ? Token.asString(o.httpsPort) : o.httpsPort;

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
    });

    const tls = this.declareCertificate(o);

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
      memory: o.prometheusMemoryMb,
      networksAdvanced: [{ name: networkName }],
      volumes: [{ volumeName: this.dataVolume.name, containerPath: PROMETHEUS_PATHS.tsdb }],
      upload: [{ file: PROMETHEUS_PATHS.config, content: prometheusConfig, permissions: '0644' }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PROMETHEUS_PORT}/-/healthy`],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        startPeriod: '60s',
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
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETGID', 'SETUID'] },
      // Binding 443 without NET_BIND_SERVICE; Docker 20.10+ sets this already, stated for other engines.
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      ...hardening,
      ...logging,
      memory: o.nginxMemoryMb,
      networksAdvanced: [{ name: networkName }],
      ports: [
        { internal: NGINX_HTTPS_PORT, external: o.httpsPort },
        ...(o.httpPort === undefined ? [] : [{ internal: NGINX_HTTP_PORT, external: o.httpPort }]),
      ],
      upload: [
        { file: NGINX_PATHS.config, content: nginxConfig, permissions: '0644' },
        { file: NGINX_PATHS.certificate, content: tls.certificatePem, permissions: '0644' },
        // Read by the root master process only.
        { file: NGINX_PATHS.privateKey, content: tls.privateKeyPem, permissions: '0600' },
        // Read by the workers on every request, so readable by the nginx user.
        ...(basicAuth ? [{ file: NGINX_PATHS.htpasswd, content: renderHtpasswd(o.basicAuthUsers), permissions: '0644' }] : []),
      ],
      destroyGraceSeconds: 10,
      dependsOn: [this.prometheusContainer],
      // nginx resolves the Prometheus host name once, at start: a new Prometheus container means a new nginx.
      lifecycle: { replaceTriggeredBy: [resourceAddress(this.prometheusContainer)] },
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

  private declareCertificate(o: ResolvedOptions): {
    certificatePem: string;
    privateKeyPem: string;
    privateKey?: PrivateKey;
    certificate?: SelfSignedCert | LocallySignedCert;
    caPrivateKey?: PrivateKey;
    caCertificate?: SelfSignedCert;
    certificateRequest?: CertRequest;
  } {
    if (o.certificateMode === 'provided') {
      return { certificatePem: o.certificatePem!, privateKeyPem: o.privateKeyPem! };
    }
    const keyConfig =
      o.keyAlgorithm === 'RSA' ? { algorithm: 'RSA', rsaBits: o.rsaBits } : { algorithm: 'ECDSA', ecdsaCurve: o.ecdsaCurve };
    const subject = [{ commonName: o.domainName }];
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
    const caCertificate = new SelfSignedCert(this, 'ca-certificate', {
      privateKeyPem: caPrivateKey.privateKeyPem,
      subject: [{ commonName: `${o.domainName} Prometheus CA` }],
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

/**
 * A bare resource address such as `docker_container.x` for `replace_triggered_by`: cdktf 0.21 renders a
 * resource there as `${docker_container.x}`, which Terraform rejects (hashicorp/terraform-cdk#3196).
 */
function resourceAddress(resource: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}` });
}
