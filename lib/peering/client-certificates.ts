import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { CertificateMode, ClientRole } from '../options';
import type { CertificateAuthority } from '../tls/certificate-authority';
import { ClientCertificate } from '../tls/client-certificate';
import { PropValidationError } from '../validation';

/** What issuing a client certificate needs of the instance whose CA issues it. */
export interface Issuer {
  readonly instance: Construct;
  readonly authority?: CertificateAuthority;
  readonly certificateMode: CertificateMode;
  readonly validityPeriodHours: number;
  readonly earlyRenewalHours: number;
  /** The instance's `clientCertificates`: a certificate declared under the instance is listed there. */
  readonly issued: Record<string, ClientCertificate>;
  /** The roles of every certificate issued, wherever declared: what synth-time validation reads. */
  readonly issuedRoles: Set<ClientRole>;
  /** The role of a certificate issued without one: the instance's `clientCertificateRoles`, by name, or else its default. */
  roleOf(name: string): ClientRole;
  /** Its prop of that flat name as its user spelled it, for messages. */
  spelled(flat: string): string;
}

/**
 * A client certificate from the issuer's CA, declared under `scope` when `scope` is in the issuer's
 * stack, and under the issuer (and listed in its `clientCertificates`) otherwise, so that the CA's key
 * never leaves its stack's state: the client's stack then reads only its own key and certificate.
 */
export function issueClientCertificate(issuer: Issuer, scope: Construct, name: string, role?: ClientRole): ClientCertificate {
  if (issuer.authority === undefined) {
    throw new PropValidationError(issuer.spelled('certificateMode'), issuer.certificateMode, 'must be "private-ca" to issue client certificates');
  }
  const home = TerraformStack.of(scope) === TerraformStack.of(issuer.instance) ? scope : issuer.instance;
  const id = `client-${name}`;
  if ((home === issuer.instance && Object.hasOwn(issuer.issued, name)) || home.node.tryFindChild(id) !== undefined) {
    throw new PropValidationError('clientCertificates', name, `already has a certificate of that name under ${home.node.path}/${name}`);
  }
  const certificateRole = role ?? issuer.roleOf(name);
  issuer.issuedRoles.add(certificateRole);
  const certificate = new ClientCertificate(home, id, {
    authority: issuer.authority,
    commonName: name,
    role: certificateRole,
    validityPeriodHours: issuer.validityPeriodHours,
    earlyRenewalHours: issuer.earlyRenewalHours,
  });
  if (home === issuer.instance) issuer.issued[name] = certificate;
  return certificate;
}

/** A certificate `issueClientCertificate` listed, or an error naming the ones there are. */
export function issuedClientCertificate(issuer: Issuer, name: string): ClientCertificate {
  if (Object.hasOwn(issuer.issued, name)) return issuer.issued[name];
  const names = Object.keys(issuer.issued);
  throw new PropValidationError(
    issuer.spelled('clientCertificates'),
    name,
    `names no certificate of ${issuer.instance.node.path}: ${names.length === 0 ? 'it has none' : `it has ${names.map((n) => `"${n}"`).join(', ')}`} (clientCertificates, or issueClientCertificate for clients of other stacks)`,
  );
}
