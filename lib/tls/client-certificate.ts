import { Construct } from 'constructs';
import type { CertificateAuthority } from './certificate-authority';
import type { TlsKeyOptions } from './keys';
import { CertificateUsage, SignedCertificate } from './signed-certificate';

export interface ClientCertificateProps {
  readonly authority: CertificateAuthority;
  /** The client's name: the certificate's CN, which nginx logs. */
  readonly commonName: string;
  /** @default - the authority's key options */
  readonly key?: TlsKeyOptions;
  /** @default 8760 */
  readonly validityPeriodHours?: number;
  /** @default 720 */
  readonly earlyRenewalHours?: number;
}

/**
 * A client certificate (mTLS) from a CertificateAuthority: the `client_auth` usage only, so it cannot
 * serve TLS. Its key is sensitive: output it only with `sensitive: true`.
 */
export class ClientCertificate extends SignedCertificate {
  /** The CN nginx logs for requests made with it. */
  public readonly commonName: string;

  constructor(scope: Construct, id: string, props: ClientCertificateProps) {
    super(scope, id, {
      authority: props.authority,
      usage: CertificateUsage.CLIENT,
      commonName: props.commonName,
      key: props.key,
      validityPeriodHours: props.validityPeriodHours ?? 8760,
      earlyRenewalHours: props.earlyRenewalHours ?? 720,
    });
    this.commonName = props.commonName;
  }
}
