export * from './prometheus-tls-proxy';
export type { PrometheusTlsProxyProps } from './props';
export { Reach } from './peering/options';
export type {
  FederateOptions,
  FederationConnection,
  GrafanaDatasource,
  GrafanaDatasourceOptions,
  RemoteWriteConnection,
  RemoteWriteToOptions,
} from './peering/options';
export * from './options';
export { Pod } from './pod';
export type { PodProps, PublishedPort } from './pod';
export { NginxProxy } from './nginx-proxy';
export type { NginxProxyProps } from './nginx-proxy';
export { RouteConcurrency, RouteMatch, RouteRateLimit } from './render/nginx/routes';
export type { ClientCertificateRoles } from './render/nginx/client-roles';
export type { HealthCheckTarget, NginxAnswer, NginxLimits, NginxRoute, NginxUpstream, RouteList, TrustedOrigin } from './render/nginx/routes';
export { PrometheusServer } from './prometheus-server';
export type { PrometheusServerProps } from './prometheus-server';
export { ConfigFiles } from './config-files';
export type { ConfigConsumer, ConfigFile, ConfigFilesProps, FileOwner } from './config-files';
export { PodAgent } from './pod-agent';
export type { PodAgentProps } from './pod-agent';
export type { ContainerLimits } from './container-defaults';
export { CertificateAuthority } from './tls/certificate-authority';
export type { CertificateAuthorityProps } from './tls/certificate-authority';
export { ClientCertificate } from './tls/client-certificate';
export type { ClientCertificateProps } from './tls/client-certificate';
export type { TlsKeyOptions } from './tls/keys';
export { ServerCertificate } from './tls/server-certificate';
export type { ServerCertificateProps } from './tls/server-certificate';
export { CertificateUsage, SignedCertificate } from './tls/signed-certificate';
export type { SignedCertificateProps } from './tls/signed-certificate';
export type { DockerNames } from './names';
