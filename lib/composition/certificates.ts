import type { CertificateAuthorityProps } from '../tls/certificate-authority';
import type { CertificateAuthority } from '../tls/certificate-authority';
import { MAX_COMMON_NAME_LENGTH, TlsKeyOptions } from '../tls/keys';
import type { ServerCertificateProps } from '../tls/server-certificate';
import type { ResolvedOptions } from '../resolve-options';

/** The generated keys' algorithm and size. */
function keyOptions(options: ResolvedOptions): TlsKeyOptions {
  return { algorithm: options.keyAlgorithm, rsaBits: options.rsaBits, ecdsaCurve: options.ecdsaCurve };
}

/** The private CA: named after the domain where that fits in a CN. */
export function authorityProps(options: ResolvedOptions): CertificateAuthorityProps {
  const commonName = `${options.domainName} Prometheus CA`;
  return {
    commonName: commonName.length <= MAX_COMMON_NAME_LENGTH ? commonName : 'Prometheus CA',
    key: keyOptions(options),
    validityPeriodHours: options.caValidityPeriodHours,
    earlyRenewalHours: options.earlyRenewalHours,
  };
}

/** The certificate nginx serves: the domain, the network alias and the extra names, signed by the CA if there is one. */
export function serverCertificateProps(options: ResolvedOptions, authority: CertificateAuthority | undefined): ServerCertificateProps {
  return {
    domainName: options.domainName,
    subjectAlternativeNames: [options.networkAlias, ...options.subjectAlternativeNames].filter((name) => name !== options.domainName),
    ipAddresses: options.ipAddresses,
    key: keyOptions(options),
    validityPeriodHours: options.validityPeriodHours,
    earlyRenewalHours: options.earlyRenewalHours,
    authority,
    providedCertificatePem: options.certificatePem,
    providedPrivateKeyPem: options.privateKeyPem,
  };
}
