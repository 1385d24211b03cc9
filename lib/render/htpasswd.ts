import type { BasicAuthUser } from '../options';

/**
 * nginx checks passwords with the C library's crypt(). The alpine image's musl accepts bcrypt as
 * `$2a$`, `$2x$` and `$2y$` but not `$2b$`, which most bcrypt libraries write; `$2b$` and `$2y$` are
 * the same algorithm, so the prefix is rewritten rather than refused (by the NginxProxy, which knows
 * whether a hash is a Terraform token).
 */
export const MUSL_BCRYPT_PREFIX = { written: '$2b$', read: '$2y$' } as const;

/** The htpasswd file nginx's auth_basic reads: one `user:bcrypt-hash` line per user, the hashes as given. */
export function renderHtpasswd(users: BasicAuthUser[]): string {
  return users.map((user) => `${user.username}:${user.passwordHash}\n`).join('');
}
