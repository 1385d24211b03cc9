import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { Construct } from 'constructs';
import type { CertificateAuthority } from './certificate-authority';
import { TlsKeyOptions, leafUses, privateKeyConfig, subject } from './keys';

/** What a certificate is for: its extended key usage. */
export enum CertificateUsage {
  /** A TLS server (nginx). */
  SERVER = 'server_auth',
  /** A TLS client (mTLS: Grafana, remote write, federation). */
  CLIENT = 'client_auth',
}

/** Props of a SignedCertificate: the CA that signs it, what it is for, its names, key and validity. */
export interface SignedCertificateProps {
  /** The CA that signs the certificate. */
  readonly authority: CertificateAuthority;
  /** Its extended key usage: serve TLS or authenticate a client. */
  readonly usage: CertificateUsage;
  /**
   * Common name.
   *
   * One longer than 64 characters (RFC 5280's limit) is left out of the subject, leaving the names to `dnsNames`.
   */
  readonly commonName: string;
  /** Organizational unit of the subject: a client certificate's role. @default - none */
  readonly organizationalUnit?: string;
  /** DNS names of the SAN. @default - none */
  readonly dnsNames?: string[];
  /** IP addresses of the SAN. @default - none */
  readonly ipAddresses?: string[];
  /** Algorithm and size of the key. @default - the authority's key options */
  readonly key?: TlsKeyOptions;
  /** Validity of the certificate, in hours. */
  readonly validityPeriodHours: number;
  /** Hours before expiry from which the next apply renews the certificate. */
  readonly earlyRenewalHours: number;
}

/** A key, its certificate request and the certificate a CertificateAuthority signs for it. */
export class SignedCertificate extends Construct {
  /** The CA that signed it. */
  public readonly authority: CertificateAuthority;
  /** The certificate's key, which Terraform state holds. */
  public readonly privateKey: PrivateKey;
  /** The request the authority signs. */
  public readonly certificateRequest: CertRequest;
  /** The certificate the authority signed. */
  public readonly certificate: LocallySignedCert;
  /** PEM of the certificate. */
  public readonly certificatePem: string;
  /** PEM of the key, sensitive in the plan (the provider marks it so). */
  public readonly privateKeyPem: string;

  /**
   * Declares the key, the certificate request and the certificate the authority signs.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the authority, usage, names, key and validity
   */
  constructor(scope: Construct, id: string, props: SignedCertificateProps) {
    super(scope, id);
    this.authority = props.authority;
    const key = props.key ?? props.authority.key;
    this.privateKey = new PrivateKey(this, 'key', privateKeyConfig(key));
    this.certificateRequest = new CertRequest(this, 'request', {
      privateKeyPem: this.privateKey.privateKeyPem,
      subject: subject(props.commonName, props.organizationalUnit),
      dnsNames: props.dnsNames,
      ipAddresses: props.ipAddresses !== undefined && props.ipAddresses.length > 0 ? props.ipAddresses : undefined,
    });
    this.certificate = new LocallySignedCert(this, 'certificate', {
      certRequestPem: this.certificateRequest.certRequestPem,
      caPrivateKeyPem: props.authority.privateKey.privateKeyPem,
      caCertPem: props.authority.certificatePem,
      validityPeriodHours: props.validityPeriodHours,
      earlyRenewalHours: props.earlyRenewalHours,
      allowedUses: leafUses(key, props.usage),
    });
    this.certificatePem = this.certificate.certPem;
    this.privateKeyPem = this.privateKey.privateKeyPem;
  }
}
