import { regexLiteral } from '../regex';
import type { NginxRoute } from './routes';
import { block, safe } from './syntax';

/**
 * How nginx tells a client's role: from a verified client certificate (its subject) and from the basic
 * auth user. A certificate is checked in the rewrite phase, on its verified subject; a user is checked
 * by auth_basic itself, each route reading a password file of the users of its roles only, so that a
 * user of another role gets the same 401 as a wrong password (no answer tells a user's role, or that
 * the user exists).
 */

/** The variable the role map sets: the role of the request's verified client certificate, `""` without one. */
export const CLIENT_ROLE = '$client_role';

/** Where a verified client certificate's role comes from. */
export interface ClientCertificateRoles {
  /**
   * The role is the certificate's OU (the construct's own CA writes it there when it issues one):
   * `CN=edge,OU=sender`. Only for a CA that issues nothing else.
   */
  readonly fromOrganizationalUnit: boolean;
  /** Roles by CN, for certificates of a CA the construct does not run (their OU means what their CA says). */
  readonly byCommonName: Record<string, string>;
  /** The role of a verified certificate that none of the above gives one. */
  readonly defaultRole: string;
  /** Every role there is. */
  readonly roles: string[];
}

/**
 * One RDN of nginx's `$ssl_client_s_dn` (RFC 4514: `CN=edge,OU=sender`), a comma inside a value
 * escaped with a backslash, so that a value naming another attribute (`O=x\,OU=admin`) is not read as one.
 */
const RDN_PREFIX = '(?:(?:[^,\\x5c]|\\x5c.)*,)*';

/** A map entry: the regular expression of `SUCCESS:DN` with `attribute=value` as one of its RDNs. */
function subjectEntry(attribute: string, value: string, role: string): string {
  return `"~^SUCCESS:${RDN_PREFIX}${attribute}=${regexLiteral(safe('certificate name', value))}(?:,|$)" ${safe('role', role)};`;
}

/** `map "$ssl_client_verify:$ssl_client_s_dn" $client_role`: the first entry that matches wins, the default role last. */
export function clientRoleMap(roles: ClientCertificateRoles): string[] {
  return block(`map "$ssl_client_verify:$ssl_client_s_dn" ${CLIENT_ROLE}`, [
    'default "";',
    ...Object.entries(roles.byCommonName).map(([name, role]) => subjectEntry('CN', name, role)),
    ...(roles.fromOrganizationalUnit ? roles.roles.map((role) => subjectEntry('OU', role, role)) : []),
    `"~^SUCCESS:" ${safe('role', roles.defaultRole)};`,
  ]);
}

/** A certificate of a role the route does not serve is refused (403); a request without one goes on to the route's other checks. */
export function certificateRoleCheck(route: NginxRoute): string[] {
  if (route.roles === undefined) return [];
  return block(`if (${CLIENT_ROLE} !~ "^(?:${route.roles.map((role) => safe('role', role)).join('|')})?$")`, ['return 403;']);
}

/** The password file of the users of `roles`: `htpasswd` for every user, `htpasswd-reader-admin` for those two roles. */
export function htpasswdFileFor(allUsers: string, roles: readonly string[] | undefined): string {
  return roles === undefined ? allUsers : `${allUsers}-${roles.map((role) => safe('role', role)).join('-')}`;
}

/** The role sets of the routes that have one, each once, in the routes' order. */
export function routeRoleSets(routes: readonly NginxRoute[]): string[][] {
  const seen = new Map<string, string[]>();
  for (const route of routes) if (route.roles !== undefined) seen.set(route.roles.join(' '), route.roles);
  return [...seen.values()];
}
