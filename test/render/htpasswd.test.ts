import { muslBcrypt, renderHtpasswd } from '../../lib/render/htpasswd';

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
