import { NGINX_HTTPS_PORT } from '../container-layout';
import { regexLiteral } from './regex';

/**
 * The URLs and origins of an instance. A port given as a string is an opaque Terraform expression and
 * is always written out: `https://host:443/...` is the same URL as `https://host/...`.
 */

/** The port https URLs leave out, and browsers leave out of the Origin header. */
export const HTTPS_DEFAULT_PORT = 443;

/** `:PORT` after the host of an https URL or origin, or nothing for the default port. */
export function portSuffix(httpsPort: number | string): string {
  return httpsPort === HTTPS_DEFAULT_PORT ? '' : `:${httpsPort}`;
}

export function externalUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  return `https://${domainName}${portSuffix(httpsPort)}${pathPrefix === '/' ? '' : pathPrefix}`;
}

/** The URL users open: the external URL with the trailing slash that nginx's location expects. */
export function proxyUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  return `${externalUrl(domainName, httpsPort, pathPrefix)}/`;
}

/** The URL other containers on the pod's networks use: the network alias, on nginx's own HTTPS port. */
export function internalUrl(networkAlias: string, pathPrefix: string): string {
  return proxyUrl(networkAlias, NGINX_HTTPS_PORT, pathPrefix);
}

/**
 * Prometheus's `--web.cors.origin`: the origins of the external and internal URLs, which are the
 * only pages that read the API (Prometheus anchors the expression). A Terraform port stays an
 * expression inside it.
 */
export function corsOrigin(domainName: string, httpsPort: number | string, networkAlias: string): string {
  return `https://${regexLiteral(domainName)}${portSuffix(httpsPort)}|https://${regexLiteral(networkAlias)}${portSuffix(NGINX_HTTPS_PORT)}`;
}
