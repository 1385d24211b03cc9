import { renderHtpasswd } from '../../lib/render/htpasswd';

const TAIL = 'N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy';

describe('renderHtpasswd', () => {
  test('writes one user:hash line per user, the hashes as given', () => {
    expect(renderHtpasswd([{ username: 'grafana', passwordHash: `$2y$08$${TAIL}` }, { username: 'ops', passwordHash: `$2b$05$${TAIL}` }])).toBe(
      `grafana:$2y$08$${TAIL}\nops:$2b$05$${TAIL}\n`,
    );
  });
});

