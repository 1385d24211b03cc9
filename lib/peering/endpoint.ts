import type { Construct } from 'constructs';
import type { CertificateMode, ClientAuth, ClientRole } from '../options';
import type { CertificateAuthority } from '../tls/certificate-authority';
import type { ClientCertificate } from '../tls/client-certificate';
import type { PeerFacts } from '../validation/peering';

/**
 * What an instance shows the instances that send to it, pull from it, or provision a client for it.
 * Peering reads this and nothing else of another instance; PrometheusTlsProxy exposes it as the
 * `@internal` `_endpoint`.
 */
export interface PeerEndpoint extends PeerFacts {
  /** Its construct id, for default names (the remote-write target, the federation job). */
  readonly id: string;
  readonly domainName: string;
  readonly namePrefix: string;
  readonly pathPrefix: string;
  /** The published HTTPS port (a token when given as one). */
  readonly httpsPort: number;
  /** `https://DOMAIN[:PORT]/PREFIX/`. */
  readonly url: string;
  readonly networkAlias: string;
  /** `https://ALIAS/PREFIX/`, on nginx's own HTTPS port. */
  readonly internalUrl: string;
  /** The PEM its clients trust; undefined for a provided certificate, which chains to the system's trust store. */
  readonly trustAnchorPem?: string;
  readonly receivesRemoteWrite: boolean;
  readonly agentMode: boolean;
  readonly clientAuth: ClientAuth;
  readonly certificateMode: CertificateMode;
  /** Its CA (`CertificateMode.PRIVATE_CA`). */
  readonly authority?: CertificateAuthority;
  /** Its prop of that flat name as its user spelled it (grouped or flat), for messages that name its props. */
  spelled(flat: string): string;
  /** Its own `issueClientCertificate`, whose doc says where the certificate is declared and listed. */
  issueClientCertificate(scope: Construct, name: string, role: ClientRole): ClientCertificate;
}
