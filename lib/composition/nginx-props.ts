import type { TerraformProvider } from 'cdktf';
import { NGINX_HTTPS_PORT } from '../container-layout';
import type { DockerNames } from '../names';
import type { NginxProxyProps } from '../nginx-proxy';
import type { PodAgent } from '../pod-agent';
import { CertificateMode, ClientAuth, ClientRole } from '../options';
import type { ClientCertificateRoles } from '../render/nginx/client-roles';
import { PROMETHEUS_HEALTH_CHECK, basePath, prometheusRoutes } from '../render/prometheus-routes';
import type { RouteList } from '../render/nginx/routes';
import { proxyUrl } from '../render/urls';
import type { ResolvedOptions } from '../resolve-options';
import { isUnresolved, terraformText } from '../terraform-values';
import type { CertificateAuthority } from '../tls/certificate-authority';
import type { ServerCertificate } from '../tls/server-certificate';

/** What the nginx props are made of besides the options: the parts declared before it. */
export interface NginxParts {
  readonly names: DockerNames;
  readonly provider?: TerraformProvider;
  readonly networkMode: string;
  readonly serverCertificate: ServerCertificate;
  readonly authority?: CertificateAuthority;
  readonly agent: PodAgent;
}

/** The services nginx serves, one route list each: Prometheus's. */
function routeLists(options: ResolvedOptions): RouteList[] {
  return [
    prometheusRoutes({
      pathPrefix: options.pathPrefix,
      healthCheckWithoutAuth: options.healthCheckWithoutAuth,
      authenticated: options.basicAuthUsers.length > 0 || options.clientAuth === ClientAuth.REQUIRED,
      enableAdminApi: options.enableAdminApi,
      enableLifecycle: options.enableLifecycle,
      enableDebugEndpoints: options.enableDebugEndpoints,
      enableRemoteWriteReceiver: options.enableRemoteWriteReceiver,
      enableOtlpReceiver: options.enableOtlpReceiver,
      agentMode: options.agentMode,
      receiverBodyLimitMb: options.receiverBodyLimitMb,
    }),
  ];
}

/**
 * Where a verified certificate's role comes from: the OU the construct's CA writes into what it issues,
 * or, for another CA's certificates, `clientCertificateRoles` by CN; `defaultClientCertificateRole` otherwise.
 */
function clientCertificateRoles(options: ResolvedOptions): ClientCertificateRoles | undefined {
  if (options.clientAuth === ClientAuth.OFF) return undefined;
  const ownCa = options.certificateMode === CertificateMode.PRIVATE_CA;
  return {
    fromOrganizationalUnit: ownCa,
    byCommonName: ownCa ? {} : options.clientCertificateRoles,
    defaultRole: options.defaultClientCertificateRole,
    roles: Object.values(ClientRole),
  };
}

/** nginx: its routes, names, certificate, authentication and limits. */
export function nginxProxyProps(options: ResolvedOptions, parts: NginxParts): NginxProxyProps {
  // Where the published port is a Terraform value, nginx.conf (rendered at synth time) cannot name it.
  const literalPort = isUnresolved(options.httpsPort) ? undefined : options.httpsPort;
  return {
    provider: parts.provider,
    name: parts.names.nginxContainer,
    configVolumeName: parts.names.nginxConfigVolume,
    agent: parts.agent,
    image: options.nginxImage,
    networkMode: parts.networkMode,
    url: literalPort === undefined ? `https://${options.domainName}${basePath(options.pathPrefix)}` : proxyUrl(options.domainName, literalPort, options.pathPrefix),
    // IPv6 addresses are bracketed in Host headers, and so in server_name.
    serverNames: [...new Set([options.domainName, options.networkAlias, ...options.subjectAlternativeNames, ...options.ipAddresses.map((ip) => (ip.includes(':') ? `[${ip}]` : ip))])],
    serveWithoutSni: options.ipAddresses.length > 0,
    routes: routeLists(options),
    healthCheck: PROMETHEUS_HEALTH_CHECK,
    certificatePem: parts.serverCertificate.certificatePem,
    privateKeyPem: parts.serverCertificate.privateKeyPem,
    basicAuthUsers: options.basicAuthUsers,
    clientCaCertificatePem: options.clientAuth === ClientAuth.OFF ? undefined : (parts.authority?.certificatePem ?? terraformText(options.clientCaCertificatePem!)),
    requireClientCertificate: options.clientAuth === ClientAuth.REQUIRED,
    clientCertificateRoles: clientCertificateRoles(options),
    hsts: options.hsts,
    httpRedirectPort: options.httpPort === undefined ? undefined : literalPort,
    workerProcesses: options.nginxWorkerProcesses,
    limits: {
      requestsPerSecond: options.requestsPerSecondPerClient,
      burst: options.requestBurstPerClient,
      connections: options.connectionsPerClient,
      senderRequestsPerSecond: options.receiverRequestsPerSecondPerClient,
      queriesPerClient: options.queriesInFlightPerClient,
      receiverRequestsPerSender: options.receiverRequestsInFlightPerSender,
      receiverRequests: options.receiverRequestsInFlight,
    },
    trustedOrigins: [
      { host: options.domainName, port: literalPort },
      { host: options.networkAlias, port: NGINX_HTTPS_PORT },
    ],
    memoryMb: options.nginxMemoryMb,
    logMaxSize: options.logMaxSize,
    logMaxFiles: options.logMaxFiles,
  };
}
