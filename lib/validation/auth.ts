import { CertificateMode, ClientAuth, ClientRole } from '../options';
import { MAX_COMMON_NAME_LENGTH } from '../tls/keys';
import { REDACTED, checkRendered, fail } from './errors';
import { ValidationInput, isGiven, isLiteral } from './input';
import { checkCertificatePem, checkEnum, checkList, checkObject, checkUserName, kindOf } from './rules';

/** Bounds of the bcrypt cost: nginx hashes on every request in its worker (see BENCHMARKS.md). */
export const BCRYPT_COST = { min: 5, max: 10 } as const;

const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
/** A client certificate's name is its CN. */
const CLIENT_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_COMMON_NAME_LENGTH - 1}}$`);

/** Opt-in endpoints that let whoever reaches the proxy change data, stop Prometheus or read its memory. */
const GUARDED_FEATURES = ['enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const;

/** Who may use the proxy: basic auth users, client certificates, and what needs either. */
export function checkAuth(input: ValidationInput): void {
  checkBasicAuthUsers(input);
  checkClientCertificates(input);
  checkClientCertificateRoles(input);
  checkGuardedFeatures(input);
}

function checkBasicAuthUsers({ given, tokens }: ValidationInput): void {
  if (given.basicAuthUsers === undefined) return;
  const users = given.basicAuthUsers;
  checkList('basicAuthUsers', users, tokens, 'users');
  if (users.length === 0) fail('basicAuthUsers', kindOf(users), 'must list at least one user when given');
  const names = new Set<string>();
  users.forEach((user, i) => {
    const at = `basicAuthUsers[${i}]`;
    checkObject(at, user);
    if (!tokens.isUnresolved(user.username)) {
      checkUserName(`${at}.username`, user.username);
      if (names.has(user.username)) fail(`${at}.username`, user.username, 'must be unique');
      names.add(user.username);
    }
    if (user.role !== undefined) checkEnum(`${at}.role`, user.role, ClientRole, 'ClientRole');
    if (!tokens.isUnresolved(user.passwordHash)) {
      // A value that is not a hash may be the password itself: never shown.
      const match = BCRYPT_HASH.exec(user.passwordHash);
      if (!match) fail(`${at}.passwordHash`, REDACTED, 'must be a bcrypt hash ("$2y$08$..." from `htpasswd -nbB -C 8 user password`)');
      const cost = Number(match[1]);
      if (cost < BCRYPT_COST.min || cost > BCRYPT_COST.max) {
        fail(`${at}.passwordHash`, REDACTED, `must have a bcrypt cost from ${BCRYPT_COST.min} to ${BCRYPT_COST.max} (got cost ${cost}: nginx checks the hash on every request)`);
      }
    }
  });
}

function checkClientCertificates(input: ValidationInput): void {
  const { options, given, tokens } = input;
  checkRendered('clientAuth', given.clientAuth, tokens);
  checkEnum('clientAuth', options.clientAuth, ClientAuth, 'ClientAuth');
  const ownCa = options.certificateMode === CertificateMode.PRIVATE_CA;
  if (given.clientCaCertificatePem !== undefined) {
    if (ownCa) fail('clientCaCertificatePem', given.clientCaCertificatePem, 'does not apply to certificateMode "private-ca": client certificates chain to the construct\'s CA');
    if (options.clientAuth === ClientAuth.OFF) fail('clientCaCertificatePem', given.clientCaCertificatePem, 'only applies when clientAuth is "optional" or "required"');
    if (isLiteral(input, given.clientCaCertificatePem)) checkCertificatePem('clientCaCertificatePem', given.clientCaCertificatePem);
  }
  if (options.clientAuth !== ClientAuth.OFF && !ownCa && given.clientCaCertificatePem === undefined) {
    fail('clientAuth', options.clientAuth, 'needs certificateMode "private-ca" (the construct\'s CA) or clientCaCertificatePem to verify client certificates against');
  }
  if (given.clientCertificates === undefined) return;
  checkList('clientCertificates', given.clientCertificates, tokens, 'names');
  if (!ownCa) fail('clientCertificates', given.clientCertificates, 'needs certificateMode "private-ca": the construct\'s CA issues them');
  const seen = new Set<string>();
  given.clientCertificates.forEach((name, i) => {
    checkRendered(`clientCertificates[${i}]`, name, tokens);
    if (!CLIENT_NAME.test(name)) fail(`clientCertificates[${i}]`, name, `must be 1 to ${MAX_COMMON_NAME_LENGTH} characters A-Z a-z 0-9 . _ - (the certificate's CN)`);
    if (seen.has(name)) fail(`clientCertificates[${i}]`, name, 'must be unique');
    seen.add(name);
  });
}

/** Roles of client certificates: by CN, and the default, only where nginx verifies certificates. */
function checkClientCertificateRoles(input: ValidationInput): void {
  const { options, given, tokens } = input;
  for (const prop of ['clientCertificateRoles', 'defaultClientCertificateRole'] as const) {
    if (isGiven(input, prop) && options.clientAuth === ClientAuth.OFF) fail(prop, given[prop], 'only applies when clientAuth is "optional" or "required"');
  }
  checkRendered('defaultClientCertificateRole', options.defaultClientCertificateRole, tokens);
  checkEnum('defaultClientCertificateRole', options.defaultClientCertificateRole, ClientRole, 'ClientRole');
  if (given.clientCertificateRoles === undefined) return;
  checkRendered('clientCertificateRoles', given.clientCertificateRoles, tokens);
  checkObject('clientCertificateRoles', given.clientCertificateRoles);
  for (const [name, role] of Object.entries(given.clientCertificateRoles)) {
    const at = `clientCertificateRoles.${name}`;
    if (!CLIENT_NAME.test(name)) fail('clientCertificateRoles', name, `must name certificates by CNs of 1 to ${MAX_COMMON_NAME_LENGTH} characters A-Z a-z 0-9 . _ -`);
    checkRendered(at, role, tokens);
    checkEnum(at, role, ClientRole, 'ClientRole');
  }
}

/** Open health checks only mean something behind authentication; the guarded features need it. */
function checkGuardedFeatures(input: ValidationInput): void {
  const { options, given } = input;
  const authenticated = isGiven(input, 'basicAuthUsers') || options.clientAuth === ClientAuth.REQUIRED;
  if (isGiven(input, 'healthCheckWithoutAuth') && !authenticated) {
    fail('healthCheckWithoutAuth', given.healthCheckWithoutAuth, 'only applies when basicAuthUsers is given or clientAuth is "required"');
  }
  for (const key of GUARDED_FEATURES) {
    if (options[key] === true && !authenticated) {
      fail(key, true, 'needs basicAuthUsers or clientAuth "required": it lets anyone who reaches httpsPort change data, stop Prometheus or read its memory');
    }
  }
}

/** The identities that can reach an instance's routes, as they stand when its stack is synthesized. */
export interface IdentityFacts {
  /** The opt-in admin endpoints that are on (enableAdminApi, enableLifecycle, enableDebugEndpoints). */
  readonly adminEndpoints: readonly string[];
  /** The basic auth users' roles, when basic auth is on. */
  readonly basicAuthRoles?: readonly ClientRole[];
  /** The roles client certificates can have, when one is required: those issued, and those a CA of the user's is given. */
  readonly certificateRoles?: readonly ClientRole[];
}

/**
 * Admin endpoints that no identity can reach: with basic auth on, a user must be an admin; with client
 * certificates required, a certificate must be. Checked at synth, once every certificate is issued.
 */
export function unreachableAdminEndpoints(facts: IdentityFacts): string[] {
  if (facts.adminEndpoints.length === 0) return [];
  const endpoints = facts.adminEndpoints.join(', ');
  const errors: string[] = [];
  if (facts.basicAuthRoles !== undefined && !facts.basicAuthRoles.includes(ClientRole.ADMIN)) {
    errors.push(`${endpoints} need an admin to reach them: give one of basicAuthUsers role ClientRole.ADMIN (users are readers by default)`);
  }
  if (facts.certificateRoles !== undefined && !facts.certificateRoles.includes(ClientRole.ADMIN)) {
    errors.push(
      `${endpoints} need an admin to reach them: issue a client certificate with role ClientRole.ADMIN (auth.clientCertificateRoles, or issueClientCertificate(scope, name, ClientRole.ADMIN); certificates are readers by default)`,
    );
  }
  return errors;
}
