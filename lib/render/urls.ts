/**
 * The public URLs of an instance. A port given as a string is an opaque Terraform expression and is
 * always written out: `https://host:443/...` is the same URL as `https://host/...`.
 */
export function externalUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  return `https://${domainName}${port}${pathPrefix === '/' ? '' : pathPrefix}`;
}

/** The URL users open: the external URL with the trailing slash that nginx's location expects. */
export function proxyUrl(domainName: string, httpsPort: number | string, pathPrefix: string): string {
  return `${externalUrl(domainName, httpsPort, pathPrefix)}/`;
}
