import { EcdsaCurve, KeyAlgorithm } from '../options';

/** The algorithm and size of a generated key. */
export interface TlsKeyOptions {
  /** Algorithm of the key. @default KeyAlgorithm.ECDSA */
  readonly algorithm?: KeyAlgorithm;
  /** Size of an RSA key in bits, ignored for ECDSA. @default 4096 */
  readonly rsaBits?: number;
  /** Curve of an ECDSA key, ignored for RSA. @default EcdsaCurve.P256 */
  readonly ecdsaCurve?: EcdsaCurve;
}

/** The `tls_private_key` attributes of a key. */
export function privateKeyConfig(key: TlsKeyOptions): { algorithm: string; rsaBits?: number; ecdsaCurve?: string } {
  return (key.algorithm ?? KeyAlgorithm.ECDSA) === KeyAlgorithm.RSA
    ? { algorithm: KeyAlgorithm.RSA, rsaBits: key.rsaBits ?? 4096 }
    : { algorithm: KeyAlgorithm.ECDSA, ecdsaCurve: key.ecdsaCurve ?? EcdsaCurve.P256 };
}

/** Key usages of a leaf certificate: RFC 5480, an ECDSA key signs and never enciphers. */
export function leafUses(key: TlsKeyOptions, extendedUse: 'server_auth' | 'client_auth'): string[] {
  return [...((key.algorithm ?? KeyAlgorithm.ECDSA) === KeyAlgorithm.RSA ? ['key_encipherment'] : []), 'digital_signature', extendedUse];
}

/** Longest CN of a certificate: RFC 5280's `ub-common-name`. */
export const MAX_COMMON_NAME_LENGTH = 64;

/**
 * The subject of a certificate: a longer CN is left out, since the SAN carries the names and clients
 * read the SAN. A client certificate's role is its OU, which nginx reads as `CN=name,OU=role`.
 */
export function subject(commonName: string, organizationalUnit?: string): { commonName?: string; organizationalUnit?: string }[] {
  return [{ commonName: commonName.length <= MAX_COMMON_NAME_LENGTH ? commonName : undefined, ...(organizationalUnit === undefined ? {} : { organizationalUnit }) }];
}
