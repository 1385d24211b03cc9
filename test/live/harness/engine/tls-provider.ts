import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../processes';
import type { ResourceProvider, ResourceState } from './plan';

/**
 * Stands in for the hashicorp/tls provider (its binary cannot be installed here): issues, with
 * openssl, each key and certificate a stack declares from the attributes synthesized for it, when
 * the plan (plan.ts) creates or replaces it, and keeps it in the state until then.
 *
 * Mirrors what the provider does with those attributes: key type and size or curve, PKCS#1 / SEC1
 * key PEM, subject CN and OU, DNS and IP SANs, validity, key usage and extended key usage from
 * `allowed_uses`, basic constraints (critical, CA flag from `is_ca_certificate`), subject key id for
 * CAs and `set_subject_key_id`, authority key id from the issuer, SANs of a locally signed
 * certificate taken from its request, and the digest Go picks for the issuer's key. It is not the
 * provider: key bytes, serials and timestamps differ on every run, and validity must be whole days.
 */

export type Attributes = Record<string, unknown>;

const KEY_USAGES: Record<string, string> = {
  digital_signature: 'digitalSignature',
  content_commitment: 'nonRepudiation',
  key_encipherment: 'keyEncipherment',
  data_encipherment: 'dataEncipherment',
  key_agreement: 'keyAgreement',
  cert_signing: 'keyCertSign',
  crl_signing: 'cRLSign',
  encipher_only: 'encipherOnly',
  decipher_only: 'decipherOnly',
};

const EXTENDED_KEY_USAGES: Record<string, string> = {
  server_auth: 'serverAuth',
  client_auth: 'clientAuth',
  code_signing: 'codeSigning',
  email_protection: 'emailProtection',
  timestamping: 'timeStamping',
  ocsp_signing: 'OCSPSigning',
  any_extended: 'anyExtendedKeyUsage',
};

const CURVES: Record<string, { name: string; digest: string }> = {
  P224: { name: 'secp224r1', digest: 'sha256' },
  P256: { name: 'prime256v1', digest: 'sha256' },
  P384: { name: 'secp384r1', digest: 'sha384' },
  P521: { name: 'secp521r1', digest: 'sha512' },
};

/** The TLS resource types the stand-in issues, and the output attribute each is referenced by. */
export const TLS_OUTPUTS = {
  tls_private_key: 'private_key_pem',
  tls_self_signed_cert: 'cert_pem',
  tls_cert_request: 'cert_request_pem',
  tls_locally_signed_cert: 'cert_pem',
} as const;

export type TlsType = keyof typeof TLS_OUTPUTS;

/**
 * Issues one TLS resource from its attributes, every reference in them already evaluated to the PEM
 * it names, as the provider's Create does; returns its computed attributes. `dir` holds the openssl
 * work files.
 */
export async function createTls(type: TlsType, attributes: Attributes, dir: string): Promise<Attributes> {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, pem: string): string => {
    const path = join(dir, `${name}-${randomBytes(4).toString('hex')}.pem`);
    writeFileSync(path, pem, { mode: 0o600 });
    return path;
  };
  const signingDigest = (keyPem: string): string => digestOfPem(keyPem);
  switch (type) {
    case 'tls_private_key':
      return { private_key_pem: await generateKey(attributes) };
    case 'tls_self_signed_cert': {
      const keyPem = String(attributes.private_key_pem);
      const config = writeConfig(dir, 'self-signed', attributes, {
        ...usages(attributes),
        ...(attributes.is_ca_certificate === true || attributes.set_subject_key_id === true ? { subjectKeyIdentifier: 'hash' } : {}),
      });
      const out = join(dir, `self-signed-${randomBytes(4).toString('hex')}.crt`);
      await openssl(['req', '-new', '-x509', '-key', file('key', keyPem), '-config', config, '-extensions', 'ext', '-days',
        days(attributes), '-set_serial', serial(), `-${signingDigest(keyPem)}`, '-out', out]);
      return { cert_pem: readFileSync(out, 'utf8'), ...validity(attributes) };
    }
    case 'tls_cert_request': {
      const keyPem = String(attributes.private_key_pem);
      const config = writeConfig(dir, 'request', attributes, {});
      const out = join(dir, `request-${randomBytes(4).toString('hex')}.csr`);
      await openssl(['req', '-new', '-key', file('key', keyPem), '-config', config, '-reqexts', 'ext', `-${signingDigest(keyPem)}`, '-out', out]);
      return { cert_request_pem: readFileSync(out, 'utf8') };
    }
    case 'tls_locally_signed_cert': {
      const caKeyPem = String(attributes.ca_private_key_pem);
      const config = writeConfig(dir, 'signed', {}, {
        ...usages(attributes),
        authorityKeyIdentifier: 'keyid',
        ...(attributes.set_subject_key_id === true ? { subjectKeyIdentifier: 'hash' } : {}),
      });
      const out = join(dir, `signed-${randomBytes(4).toString('hex')}.crt`);
      await openssl(['x509', '-req', '-in', file('request', String(attributes.cert_request_pem)), '-CA', file('ca', String(attributes.ca_cert_pem)),
        '-CAkey', file('ca-key', caKeyPem), '-set_serial', serial(), '-days', days(attributes), '-copy_extensions', 'copyall', '-extfile', config,
        '-extensions', 'ext', `-${signingDigest(caKeyPem)}`, '-out', out]);
      return { cert_pem: readFileSync(out, 'utf8'), ...validity(attributes) };
    }
  }
}

/** The provider's validity window of a certificate it just issued (RFC 3339). */
function validity(attributes: Attributes): Attributes {
  const start = new Date();
  const end = new Date(start.getTime() + Number(attributes.validity_period_hours) * 3600_000);
  return { validity_start_time: start.toISOString(), validity_end_time: end.toISOString() };
}

/**
 * The provider's `ready_for_renewal`: a certificate is replaced on the next plan once fewer than
 * `early_renewal_hours` remain of its validity.
 */
export function readyForRenewal(attributes: Attributes, now = Date.now()): boolean {
  const end = Date.parse(String(attributes.validity_end_time ?? ''));
  if (Number.isNaN(end)) return false;
  return now >= end - Number(attributes.early_renewal_hours ?? 0) * 3600_000;
}

async function openssl(args: string[]): Promise<string> {
  return (await run(['openssl', ...args], { timeoutMs: 60_000, check: true })).stdout;
}

async function generateKey(key: Attributes): Promise<string> {
  if (key.algorithm === 'RSA') return openssl(['genrsa', '-traditional', String(key.rsa_bits ?? 2048)]);
  if (key.algorithm === 'ECDSA') {
    const curve = CURVES[String(key.ecdsa_curve ?? 'P224')];
    return openssl(['ecparam', '-name', curve.name, '-genkey', '-noout']);
  }
  throw new Error(`cannot issue a ${String(key.algorithm)} key`);
}

/** The digest Go's x509 picks for a signing key, read from its PEM: SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521. */
function digestOfPem(keyPem: string): string {
  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType !== 'ec') return 'sha256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return Object.values(CURVES).find((c) => c.name === curve || (curve === 'secp256r1' && c.name === 'prime256v1'))?.digest ?? 'sha256';
}

function days(cert: Attributes): string {
  const hours = Number(cert.validity_period_hours);
  if (!Number.isInteger(hours / 24) || hours <= 0) {
    throw new Error(`openssl 3.0 issues whole days only; validity_period_hours ${hours} is not a multiple of 24`);
  }
  return String(hours / 24);
}

function serial(): string {
  return `0x${randomBytes(16).toString('hex')}`;
}

function usages(cert: Attributes): Record<string, string> {
  const allowed = (cert.allowed_uses as string[] | undefined) ?? [];
  const keyUsages = allowed.filter((use) => use in KEY_USAGES).map((use) => KEY_USAGES[use]);
  const extendedKeyUsages = allowed.filter((use) => use in EXTENDED_KEY_USAGES).map((use) => EXTENDED_KEY_USAGES[use]);
  const unknown = allowed.filter((use) => !(use in KEY_USAGES) && !(use in EXTENDED_KEY_USAGES));
  if (unknown.length > 0) throw new Error(`cannot issue allowed_uses ${unknown.join(', ')}`);
  return {
    basicConstraints: `critical, CA:${cert.is_ca_certificate === true ? 'TRUE' : 'FALSE'}`,
    ...(keyUsages.length > 0 ? { keyUsage: `critical, ${keyUsages.join(', ')}` } : {}),
    ...(extendedKeyUsages.length > 0 ? { extendedKeyUsage: extendedKeyUsages.join(', ') } : {}),
  };
}

/** An openssl config with the subject and SANs of `names` and the extensions given, in section `ext`. */
function writeConfig(dir: string, name: string, names: Attributes, extensions: Record<string, string>): string {
  const subject = ((names.subject as Attributes[] | undefined) ?? [])[0] ?? {};
  const sans = [
    ...((names.dns_names as string[] | undefined) ?? []).map((dns) => `DNS:${dns}`),
    ...((names.ip_addresses as string[] | undefined) ?? []).map((ip) => `IP:${ip}`),
  ];
  const lines = [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    // In the order Go's pkix.Name writes them (ToRDNSequence): OU before CN, which nginx shows as `CN=...,OU=...`.
    ...(subject.organizational_unit === undefined ? [] : [`OU = ${String(subject.organizational_unit)}`]),
    `CN = ${String(subject.common_name ?? name)}`,
    '[ext]',
    ...Object.entries({ ...extensions, ...(sans.length > 0 ? { subjectAltName: sans.join(', ') } : {}) }).map(
      ([extension, value]) => `${extension} = ${value}`,
    ),
  ];
  const path = join(dir, `${name}.cnf`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** hashicorp/tls as a provider of the plan: every attribute but early_renewal_hours replaces; nothing exists outside the state. */
export class TlsProvider implements ResourceProvider {
  constructor(private readonly dir: string) {}

  forcesNew(_type: string, attribute: string): boolean {
    return attribute !== 'early_renewal_hours';
  }

  async create(type: string, _name: string, configured: Attributes): Promise<Attributes> {
    if (!(type in TLS_OUTPUTS)) throw new Error(`the TLS stand-in does not issue ${type}`);
    return { ...(await createTls(type as TlsType, configured, this.dir)), id: randomBytes(8).toString('hex') };
  }

  async read(_type: string, state: ResourceState): Promise<Attributes> {
    return state.computed;
  }

  async update(_type: string, state: ResourceState): Promise<Attributes> {
    return state.computed;
  }

  async delete(): Promise<void> {
    // Keys and certificates live in the state only.
  }

  mustReplace(type: string, state: ResourceState): boolean {
    return (type === 'tls_self_signed_cert' || type === 'tls_locally_signed_cert') && readyForRenewal({ ...state.configured, ...state.computed });
  }
}
