import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Construct } from 'constructs';
import { terraformSecret, terraformText } from '../terraform-values';
import type { CertificateAuthority } from './certificate-authority';
import { TlsKeyOptions, leafUses, privateKeyConfig, subject } from './keys';
import { CertificateUsage, SignedCertificate } from './signed-certificate';

/** Props of a ServerCertificate: the names it is valid for, and its key, validity and signer, or a provided certificate. */
export interface ServerCertificateProps {
  /** The name clients use: the CN and first SAN. */
  readonly domainName: string;
  /** More DNS names of the SAN (the network alias, extra names, wildcards). @default - none */
  readonly subjectAlternativeNames?: string[];
  /** IP addresses of the SAN. @default - none */
  readonly ipAddresses?: string[];
  /** Algorithm and size of the generated key (the authority's are not inherited). @default - ECDSA P-256 */
  readonly key?: TlsKeyOptions;
  /** Validity of the generated certificate, in hours. @default 8760 */
  readonly validityPeriodHours?: number;
  /** Hours before expiry from which the next apply renews the generated certificate. @default 720 */
  readonly earlyRenewalHours?: number;
  /** Signs the certificate. @default - self-signed */
  readonly authority?: CertificateAuthority;
  /** Your own certificate (chain), with `providedPrivateKeyPem`: nothing is generated. @default - generated */
  readonly providedCertificatePem?: string;
  /** The key of `providedCertificatePem`. @default - generated */
  readonly providedPrivateKeyPem?: string;
}

/**
 * The certificate nginx serves and its key: self-signed (the guide's way), signed by a
 * CertificateAuthority, or provided. The key is sensitive wherever it flows: generated keys are
 * marked so by the provider, a provided one is wrapped in Terraform's `sensitive()`.
 */
export class ServerCertificate extends Construct {
  /** PEM of the certificate (chain) nginx serves. */
  public readonly certificatePem: string;
  /** PEM of the key, sensitive in the plan. */
  public readonly privateKeyPem: string;
  /** The generated key (absent when provided). */
  public readonly privateKey?: PrivateKey;
  /** The generated certificate, self-signed or signed by the authority (absent when provided). */
  public readonly certificate?: SelfSignedCert | LocallySignedCert;
  /** The request the authority signs (present only when signed by an authority). */
  public readonly certificateRequest?: CertRequest;

  /**
   * Declares the key and certificate (nothing when both PEMs are provided).
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the names, key, validity and signer, or the provided PEMs
   */
  constructor(scope: Construct, id: string, props: ServerCertificateProps) {
    super(scope, id);
    if (props.providedCertificatePem !== undefined && props.providedPrivateKeyPem !== undefined) {
      this.certificatePem = terraformText(props.providedCertificatePem);
      // Without sensitive(), a literal key (or a variable not declared sensitive) shows in every plan.
      this.privateKeyPem = terraformSecret(props.providedPrivateKeyPem);
      return;
    }
    const key = props.key ?? {};
    const dnsNames = [props.domainName, ...(props.subjectAlternativeNames ?? [])];
    const ipAddresses = props.ipAddresses !== undefined && props.ipAddresses.length > 0 ? props.ipAddresses : undefined;
    const validityPeriodHours = props.validityPeriodHours ?? 8760;
    const earlyRenewalHours = props.earlyRenewalHours ?? 720;

    if (props.authority !== undefined) {
      const signed = new SignedCertificate(this, 'signed', {
        authority: props.authority,
        usage: CertificateUsage.SERVER,
        commonName: props.domainName,
        dnsNames,
        ipAddresses,
        key,
        validityPeriodHours,
        earlyRenewalHours,
      });
      this.privateKey = signed.privateKey;
      this.certificateRequest = signed.certificateRequest;
      this.certificate = signed.certificate;
      this.certificatePem = signed.certificatePem;
      this.privateKeyPem = signed.privateKeyPem;
      return;
    }

    this.privateKey = new PrivateKey(this, 'key', privateKeyConfig(key));
    this.certificate = new SelfSignedCert(this, 'certificate', {
      privateKeyPem: this.privateKey.privateKeyPem,
      subject: subject(props.domainName),
      dnsNames,
      ipAddresses,
      validityPeriodHours,
      earlyRenewalHours,
      allowedUses: leafUses(key, CertificateUsage.SERVER),
    });
    this.certificatePem = this.certificate.certPem;
    this.privateKeyPem = this.privateKey.privateKeyPem;
  }
}
