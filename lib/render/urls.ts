/**
 * The URLs and origins of an instance. A port given as a string is an opaque Terraform expression and
 * is always written out: `https://host:443/...` is the same URL as `https://host/...`.
 */

function origin(host: string, httpsPort: number | string): string {
  return `https://${host}${httpsPort === 443 ? '' : `:${httpsPort}`}`;
}

export function externalUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  return `${origin(domainName, httpsPort)}${pathPrefix === '/' ? '' : pathPrefix}`;
}

/** The URL users open: the external URL with the trailing slash that nginx's location expects. */
export function proxyUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  return `${externalUrl(domainName, httpsPort, pathPrefix)}/`;
}

/** The URL other containers on the pod's networks use: the network alias, on nginx's own port 443. */
export function internalUrl(networkAlias: string, pathPrefix: string): string {
  return proxyUrl(networkAlias, 443, pathPrefix);
}

/** A host name as an RE2/PCRE literal. */
function hostPattern(host: string): string {
  return host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Prometheus's `--web.cors.origin`: the origins of the external and internal URLs, which are the
 * only pages that read the API (Prometheus anchors the expression). A Terraform port stays an
 * expression inside it.
 */
export function corsOrigin(domainName: string, httpsPort: number | string, networkAlias: string): string {
  const external = `https://${hostPattern(domainName)}${httpsPort === 443 ? '' : `:${httpsPort}`}`;
  return `${external}|https://${hostPattern(networkAlias)}`;
}
