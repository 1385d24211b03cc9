/**
 * Everything a user can set on a PrometheusTlsProxy, as plain data: this module imports nothing from
 * cdktf, so that resolution, validation and rendering stay plain TypeScript.
 */
export { CertificateMode, ClientAuth, ClientRole, EcdsaCurve, KeyAlgorithm, RelabelAction, ScrapeScheme } from './enums';
export type { FlatOptions } from './flat-options';
export type { AuthOptions, BasicAuthUser, LogOptions, NginxOptions, PrometheusOptions, RequestLimits, TlsOptions } from './groups';
export type { PrometheusTlsProxyOptions } from './prometheus-tls-proxy-options';
export type { RelabelRule, RemoteWriteQueue, RemoteWriteTarget } from './remote-write';
export type { ScrapeJob } from './scrape-job';
