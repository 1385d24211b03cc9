import { muslBcrypt, renderHtpasswd } from '../../lib/render/htpasswd';
import { escapeTerraformTemplate } from '../../lib/render/terraform-escape';

const TAIL = 'N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

describe('renderHtpasswd', () => {
  test('writes one user:hash line per user', () => {
    expect(renderHtpasswd([{ username: 'grafana', passwordHash: `$2y$08$${TAIL}` }, { username: 'ops', passwordHash: `$2a$05$${TAIL}` }])).toBe(
      `grafana:$2y$08$${TAIL}\nops:$2a$05$${TAIL}\n`,
    );
  });

  test('rewrites $2b$ to $2y$, the same algorithm under the name musl (the alpine image) accepts', () => {
    expect(muslBcrypt(`$2b$10$${TAIL}`)).toBe(`$2y$10$${TAIL}`);
    expect(muslBcrypt(`$2a$10$${TAIL}`)).toBe(`$2a$10$${TAIL}`);
    expect(renderHtpasswd([{ username: 'u', passwordHash: `$2b$08$${TAIL}` }])).toBe(`u:$2y$08$${TAIL}\n`);
  });
});

describe('escapeTerraformTemplate', () => {
  test.each([
    ['a ${b} c', 'a $${b} c'],
    ['%{ if x }', '%%{ if x }'],
    ['$host $is_args$args', '$host $is_args$args'],
    ['${a}${b}%{c}', '$${a}$${b}%%{c}'],
    ['100% {', '100% {'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeTerraformTemplate(text)).toBe(escaped);
  });
});
