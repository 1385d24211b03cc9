import type { BasicAuthUser } from '../options';

/** The htpasswd file nginx's auth_basic reads: one `user:bcrypt-hash` line per user. */
export function renderHtpasswd(users: BasicAuthUser[]): string {
  return users.map((user) => `${user.username}:${user.passwordHash}\n`).join('');
}
