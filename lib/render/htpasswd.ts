import type { BasicAuthUser } from '../options';

/**
 * nginx checks passwords with the C library's crypt(). The alpine image's musl accepts bcrypt as
 * `$2a$`, `$2x$` and `$2y$` but not `$2b$`, which most bcrypt libraries write; `$2b$` and `$2y$` are
 * the same algorithm, so the prefix is rewritten rather than refused.
 */
export function muslBcrypt(passwordHash: string): string {
  return passwordHash.replace(/^\$2b\$/, () => '$2y$');
}

/** The htpasswd file nginx's auth_basic reads: one `user:bcrypt-hash` line per user. */
export function renderHtpasswd(users: BasicAuthUser[]): string {
  return users.map((user) => `${user.username}:${muslBcrypt(user.passwordHash)}\n`).join('');
}
