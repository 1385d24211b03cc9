import { CertificateMode, ClientAuth, ClientRole } from '../options';
import type { ResolvedOptions } from '../resolve-options';
import type { IdentityFacts } from '../validation/auth';

/**
 * Who can reach the instance, once its stack is complete: its users' roles, and the roles of the
 * certificates its CA issued (or that a CA of the user's is said to issue) where one is required.
 */
export function identityFacts(options: ResolvedOptions, issuedRoles: ReadonlySet<ClientRole>): IdentityFacts {
  const adminEndpoints = (['enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints'] as const).filter((prop) => options[prop]);
  const ownCa = options.certificateMode === CertificateMode.PRIVATE_CA;
  const certificateRoles = ownCa ? [...issuedRoles] : [...Object.values(options.clientCertificateRoles), options.defaultClientCertificateRole];
  return {
    adminEndpoints,
    basicAuthRoles: options.basicAuthUsers.length > 0 ? Object.values(options.basicAuthRoles) : undefined,
    certificateRoles: options.clientAuth === ClientAuth.REQUIRED ? certificateRoles : undefined,
  };
}
