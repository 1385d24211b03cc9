import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';
import { TerraformResources, referenceOf } from './terraform';

/**
 * Stands in for the hashicorp/tls provider: issues, with openssl, the keys and certificates a stack
 * declares, from the attributes synthesized for them, and returns their outputs by reference
 * (`tls_private_key.<id>.private_key_pem`, `tls_self_signed_cert.<id>.cert_pem`, ...).
 *
 * Mirrors what the provider does with those attributes: key type and size or curve, PKCS#1 / SEC1
 * key PEM, subject CN, DNS and IP SANs, validity, key usage and extended key usage from
 * `allowed_uses`, basic constraints (critical, CA flag from `is_ca_certificate`), subject key id for
 * CAs and `set_subject_key_id`, authority key id from the issuer, SANs of a locally signed
 * certificate taken from its request, and the digest Go picks for the issuer's key. It is not the
 * provider: key bytes, serials and timestamps differ on every run, and validity must be whole days.
 */
export interface IssuedTls {
  /** Provider outputs by reference, as `evaluateTemplate` takes them. */
  readonly references: ReadonlyMap<string, string>;
  /** Path of the PEM file holding an output, e.g. a certificate to pass to `curl --cacert`. */
  file(reference: string): string;
  /** The files of the client certificate (and its key) whose CN is `commonName`, for `curl --cert --key`. */
  clientCertificate(commonName: string): { readonly certificate: string; readonly key: string };
}

type Attributes = Record<string, unknown>;

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

export async function issueTls(resources: TerraformResources, dir: string): Promise<IssuedTls> {
  const references = new Map<string, string>();
  const files = new Map<string, string>();
  /** Key resource of each key PEM reference, to pick the issuer's digest. */
  const keyAttributes = new Map<string, Attributes>();

  const output = (reference: string, pem: string): void => {
    const path = join(dir, reference.replace(/[^\w.-]/g, '_'));
    writeFileSync(path, pem, { mode: 0o600 });
    references.set(reference, pem);
    files.set(reference, path);
  };
  const input = (attributes: Attributes, name: string): string => {
    const reference = referenceOf(attributes[name]);
    if (reference === undefined || !files.has(reference)) {
      throw new Error(`cannot issue: ${name} = ${JSON.stringify(attributes[name])} is not an issued output`);
    }
    return reference;
  };

  await Promise.all(
    Object.entries(resources.tls_private_key ?? {}).map(async ([id, key]) => {
      const pem = await generateKey(key);
      const reference = `tls_private_key.${id}.private_key_pem`;
      output(reference, pem);
      keyAttributes.set(reference, key);
    }),
  );
  const digestOf = (keyReference: string): string => digest(keyAttributes.get(keyReference)!);

  // Self-signed certificates first: CAs sign the locally signed ones.
  for (const [id, cert] of Object.entries(resources.tls_self_signed_cert ?? {})) {
    const key = input(cert, 'private_key_pem');
    const config = writeConfig(dir, `self-signed-${id}`, cert, {
      ...usages(cert),
      ...(cert.is_ca_certificate === true || cert.set_subject_key_id === true ? { subjectKeyIdentifier: 'hash' } : {}),
    });
    const out = join(dir, `self-signed-${id}.crt`);
    await openssl(['req', '-new', '-x509', '-key', files.get(key)!, '-config', config, '-extensions', 'ext', '-days',
      days(cert), '-set_serial', serial(), `-${digestOf(key)}`, '-out', out]);
    output(`tls_self_signed_cert.${id}.cert_pem`, readFileSync(out, 'utf8'));
  }

  for (const [id, request] of Object.entries(resources.tls_cert_request ?? {})) {
    const key = input(request, 'private_key_pem');
    const config = writeConfig(dir, `request-${id}`, request, {});
    const out = join(dir, `request-${id}.csr`);
    await openssl(['req', '-new', '-key', files.get(key)!, '-config', config, '-reqexts', 'ext', `-${digestOf(key)}`, '-out', out]);
    output(`tls_cert_request.${id}.cert_request_pem`, readFileSync(out, 'utf8'));
  }

  for (const [id, cert] of Object.entries(resources.tls_locally_signed_cert ?? {})) {
    const request = input(cert, 'cert_request_pem');
    const caKey = input(cert, 'ca_private_key_pem');
    const caCert = input(cert, 'ca_cert_pem');
    const config = writeConfig(dir, `signed-${id}`, {}, {
      ...usages(cert),
      authorityKeyIdentifier: 'keyid',
      ...(cert.set_subject_key_id === true ? { subjectKeyIdentifier: 'hash' } : {}),
    });
    const out = join(dir, `signed-${id}.crt`);
    await openssl(['x509', '-req', '-in', files.get(request)!, '-CA', files.get(caCert)!, '-CAkey', files.get(caKey)!,
      '-set_serial', serial(), '-days', days(cert), '-copy_extensions', 'copyall', '-extfile', config, '-extensions', 'ext',
      `-${digestOf(caKey)}`, '-out', out]);
    output(`tls_locally_signed_cert.${id}.cert_pem`, readFileSync(out, 'utf8'));
  }

  const file = (reference: string): string => {
    const path = files.get(reference);
    if (path === undefined) throw new Error(`no issued output ${reference}`);
    return path;
  };
  return {
    references,
    file,
    clientCertificate: (commonName) => {
      const request = Object.entries(resources.tls_cert_request ?? {}).find(([, r]) => (r.subject as { common_name?: string }[])[0]?.common_name === commonName);
      if (request === undefined) throw new Error(`no certificate request for CN ${commonName}`);
      const [requestId, attributes] = request;
      const signed = Object.entries(resources.tls_locally_signed_cert ?? {}).find(([, c]) => referenceOf(c.cert_request_pem) === `tls_cert_request.${requestId}.cert_request_pem`);
      if (signed === undefined) throw new Error(`no signed certificate for CN ${commonName}`);
      return { certificate: file(`tls_locally_signed_cert.${signed[0]}.cert_pem`), key: file(referenceOf(attributes.private_key_pem)!) };
    },
  };
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

/** The digest Go's x509 picks for a signing key. */
function digest(key: Attributes): string {
  return key.algorithm === 'ECDSA' ? CURVES[String(key.ecdsa_curve ?? 'P224')].digest : 'sha256';
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
