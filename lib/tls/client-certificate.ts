import { Construct } from 'constructs';
import { ClientRole } from '../options';
import type { CertificateAuthority } from './certificate-authority';
import type { TlsKeyOptions } from './keys';
import { CertificateUsage, SignedCertificate } from './signed-certificate';

/** Props of a ClientCertificate: the CA that signs it, the client's name, its key and validity. */
export interface ClientCertificateProps {
  /** The CA that signs the certificate. */
  readonly authority: CertificateAuthority;
  /** The client's name: the certificate's CN, which nginx logs. */
  readonly commonName: string;
  /**
   * What the client may reach, written into the certificate as its OU, which nginx reads (a change
   * issues a new certificate).
   * @default ClientRole.READER
   */
  readonly role?: ClientRole;
  /** Algorithm and size of the client's key. @default - the authority's key options */
  readonly key?: TlsKeyOptions;
  /** Validity of the certificate, in hours. @default 8760 */
  readonly validityPeriodHours?: number;
  /** Hours before expiry from which the next apply renews the certificate. @default 720 */
  readonly earlyRenewalHours?: number;
}

/**
 * A client certificate (mTLS) from a CertificateAuthority: the `client_auth` usage only, so it cannot
 * serve TLS. Its key is sensitive: output it only with `sensitive: true`.
 */
export class ClientCertificate extends SignedCertificate {
  /** The CN nginx logs for requests made with it. */
  public readonly commonName: string;
  /** What the client may reach: the certificate's OU. */
  public readonly role: ClientRole;

  /**
   * Declares the client's key, its certificate request and the certificate the authority signs.
   * @param scope the construct it is declared under, e.g. the client's
   * @param id its construct id
   * @param props the authority, the client's name, its key and validity
   */
  constructor(scope: Construct, id: string, props: ClientCertificateProps) {
    super(scope, id, {
      authority: props.authority,
      usage: CertificateUsage.CLIENT,
      commonName: props.commonName,
      organizationalUnit: props.role ?? ClientRole.READER,
      key: props.key,
      validityPeriodHours: props.validityPeriodHours ?? 8760,
      earlyRenewalHours: props.earlyRenewalHours ?? 720,
    });
    this.commonName = props.commonName;
    this.role = props.role ?? ClientRole.READER;
  }
}
