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

export interface SignedCertificateProps {
  readonly authority: CertificateAuthority;
  readonly usage: CertificateUsage;
  /** Common name (at most 64 characters are kept; the SAN carries longer names). */
  readonly commonName: string;
  /** DNS names of the SAN. @default - none */
  readonly dnsNames?: string[];
  /** IP addresses of the SAN. @default - none */
  readonly ipAddresses?: string[];
  /** @default - the authority's key options */
  readonly key?: TlsKeyOptions;
  readonly validityPeriodHours: number;
  readonly earlyRenewalHours: number;
}

/** A key, its certificate request and the certificate a CertificateAuthority signs for it. */
export class SignedCertificate extends Construct {
  public readonly privateKey: PrivateKey;
  public readonly certificateRequest: CertRequest;
  public readonly certificate: LocallySignedCert;
  public readonly certificatePem: string;
  /** PEM of the key; sensitive in the plan (the provider marks it so). */
  public readonly privateKeyPem: string;

  constructor(scope: Construct, id: string, props: SignedCertificateProps) {
    super(scope, id);
    const key = props.key ?? props.authority.key;
    this.privateKey = new PrivateKey(this, 'key', privateKeyConfig(key));
    this.certificateRequest = new CertRequest(this, 'request', {
      privateKeyPem: this.privateKey.privateKeyPem,
      subject: subject(props.commonName),
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
