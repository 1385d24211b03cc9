import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { Construct } from 'constructs';
import { TlsKeyOptions, privateKeyConfig, subject } from './keys';

/** Props of a CertificateAuthority: its name, key and validity. */
export interface CertificateAuthorityProps {
  /** Common name of the CA certificate (at most 64 characters). */
  readonly commonName: string;
  /** Algorithm and size of the CA's key, which a SignedCertificate or ClientCertificate it issues uses unless given its own. @default - ECDSA P-256 */
  readonly key?: TlsKeyOptions;
  /** Validity of the CA certificate in hours, longer than that of what it signs. */
  readonly validityPeriodHours: number;
  /** Hours before expiry from which the next apply renews the CA certificate. */
  readonly earlyRenewalHours: number;
}

/**
 * A private CA: a key and a self-signed CA certificate, from which the construct issues its server
 * certificate and client certificates (mTLS). Clients trust `certificatePem` once; what it signs
 * renews underneath.
 */
export class CertificateAuthority extends Construct {
  /** The CA's key, which Terraform state holds. */
  public readonly privateKey: PrivateKey;
  /** The self-signed CA certificate (`is_ca_certificate`: it signs certificates and CRLs). */
  public readonly certificate: SelfSignedCert;
  /** PEM of the CA certificate: the trust anchor clients and other instances use. */
  public readonly certificatePem: string;
  /** The CA's key options, which a SignedCertificate or ClientCertificate it issues uses unless given its own. */
  public readonly key: TlsKeyOptions;

  /**
   * Declares the CA's key and self-signed certificate.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the CA's name, key and validity
   */
  constructor(scope: Construct, id: string, props: CertificateAuthorityProps) {
    super(scope, id);
    this.key = props.key ?? {};
    this.privateKey = new PrivateKey(this, 'key', privateKeyConfig(this.key));
    this.certificate = new SelfSignedCert(this, 'certificate', {
      privateKeyPem: this.privateKey.privateKeyPem,
      subject: subject(props.commonName),
      isCaCertificate: true,
      setSubjectKeyId: true,
      validityPeriodHours: props.validityPeriodHours,
      earlyRenewalHours: props.earlyRenewalHours,
      allowedUses: ['cert_signing', 'crl_signing', 'digital_signature'],
    });
    this.certificatePem = this.certificate.certPem;
  }
}
