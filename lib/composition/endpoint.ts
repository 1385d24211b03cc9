import type { Construct } from 'constructs';
import { TerraformStack, Token } from 'cdktf';
import type { DockerNames } from '../names';
import type { PeerEndpoint } from '../peering/endpoint';
import { externalUrl, internalUrl, proxyUrl } from '../render/urls';
import type { ClientRole } from '../options';
import type { ResolvedOptions } from '../resolve-options';
import { isUnresolved } from '../terraform-values';
import type { Tokens } from '../tokens';
import type { CertificateAuthority } from '../tls/certificate-authority';
import type { ClientCertificate } from '../tls/client-certificate';

/** The URLs of an instance, and its published port as they write it (a token as its expression). */
export interface InstanceUrls {
  readonly port: number | string;
  /** `https://DOMAIN[:PORT]/PREFIX/`. */
  readonly url: string;
  /** `https://DOMAIN[:PORT]/PREFIX`. */
  readonly externalUrl: string;
  /** `https://ALIAS/PREFIX/`. */
  readonly internalUrl: string;
}

export function instanceUrls(options: ResolvedOptions): InstanceUrls {
  const port = isUnresolved(options.httpsPort) ? Token.asString(options.httpsPort) : options.httpsPort;
  return {
    port,
    url: proxyUrl(options.domainName, port, options.pathPrefix),
    externalUrl: externalUrl(options.domainName, port, options.pathPrefix),
    internalUrl: internalUrl(options.networkAlias, options.pathPrefix),
  };
}

/** The pod's networks as they compare with another instance's: the first (given, or the private one), then the others. */
export function networkKeys(options: ResolvedOptions, names: DockerNames, tokens: Tokens): string[] {
  return [options.network ?? names.network, ...options.additionalNetworks].map((network) => tokens.networkKey(network));
}

/** What the endpoint is made of besides the options. */
export interface EndpointParts {
  readonly host: string;
  readonly networks: readonly string[];
  readonly urls: InstanceUrls;
  readonly trustAnchorPem?: string;
  readonly authority?: CertificateAuthority;
  spelled(flat: string): string;
  issueClientCertificate(scope: Construct, name: string, role: ClientRole): ClientCertificate;
}

/** What `instance` shows its peers. */
export function peerEndpoint(instance: Construct, options: ResolvedOptions, parts: EndpointParts): PeerEndpoint {
  return {
    path: instance.node.path,
    id: instance.node.id,
    stack: TerraformStack.of(instance).node.path,
    host: parts.host,
    networks: parts.networks,
    domainName: options.domainName,
    namePrefix: options.namePrefix,
    pathPrefix: options.pathPrefix,
    httpsPort: options.httpsPort,
    url: parts.urls.url,
    networkAlias: options.networkAlias,
    internalUrl: parts.urls.internalUrl,
    trustAnchorPem: parts.trustAnchorPem,
    receivesRemoteWrite: options.enableRemoteWriteReceiver,
    agentMode: options.agentMode,
    basicAuth: options.basicAuthUsers.length > 0,
    clientAuth: options.clientAuth,
    certificateMode: options.certificateMode,
    authority: parts.authority,
    spelled: parts.spelled,
    issueClientCertificate: parts.issueClientCertificate,
  };
}
