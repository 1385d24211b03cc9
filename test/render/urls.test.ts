import { corsOrigin, externalUrl, internalUrl, proxyUrl } from '../../lib/render/urls';

describe('externalUrl and proxyUrl', () => {
  test.each<[string, number | string, string, string]>([
    ['example.com', 443, '/prometheus', 'https://example.com/prometheus'],
    ['example.com', 8443, '/prometheus', 'https://example.com:8443/prometheus'],
    ['prom.example.org', 8443, '/ops/prom', 'https://prom.example.org:8443/ops/prom'],
    ['example.com', 443, '/', 'https://example.com'],
    ['example.com', 8443, '/', 'https://example.com:8443'],
    ['example.com', '${var.port}', '/prometheus', 'https://example.com:${var.port}/prometheus'],
    ['example.com', '443', '/', 'https://example.com:443'],
  ])('%s port %s prefix %s → %s', (domain, port, prefix, expected) => {
    expect(externalUrl(domain, port, prefix)).toBe(expected);
    expect(proxyUrl(domain, port, prefix)).toBe(`${expected}/`);
  });
});

describe('internalUrl', () => {
  test.each([
    ['prometheus', '/prometheus', 'https://prometheus/prometheus/'],
    ['stack-prom', '/', 'https://stack-prom/'],
  ])('alias %s prefix %s → %s, on port 443', (alias, prefix, expected) => {
    expect(internalUrl(alias, prefix)).toBe(expected);
  });
});

describe('corsOrigin', () => {
  test.each<[string, number | string, string, string]>([
    ['example.com', 443, 'prometheus', 'https://example\\.com|https://prometheus'],
    ['prom.example.org', 8443, 'stack.prom', 'https://prom\\.example\\.org:8443|https://stack\\.prom'],
    ['example.com', '${var.port}', 'prometheus', 'https://example\\.com:${var.port}|https://prometheus'],
  ])('%s port %s alias %s → %s', (domain, port, alias, expected) => {
    expect(corsOrigin(domain, port, alias)).toBe(expected);
  });

  test('matches exactly the origins of the external and internal URLs, as Prometheus anchors it', () => {
    // GIVEN
    const anchored = new RegExp(`^(?:${corsOrigin('prom.example.org', 8443, 'prometheus')})$`);
    // THEN
    expect(anchored.test('https://prom.example.org:8443')).toBe(true);
    expect(anchored.test('https://prometheus')).toBe(true);
    for (const other of ['https://promXexample.org:8443', 'https://prom.example.org', 'http://prometheus', 'https://prometheus.evil.com']) {
      expect(anchored.test(other)).toBe(false);
    }
  });
});
