import { externalUrl, proxyUrl } from '../../lib/render/urls';

describe('externalUrl and proxyUrl', () => {
  test.each([
    ['example.com', 443, '/prometheus', 'https://example.com/prometheus'],
    ['example.com', 8443, '/prometheus', 'https://example.com:8443/prometheus'],
    ['prom.example.org', 8443, '/ops/prom', 'https://prom.example.org:8443/ops/prom'],
    ['example.com', 443, '/', 'https://example.com'],
    ['example.com', '${var.port}', '/', 'https://example.com:${var.port}'],
  ])('%s port %s prefix %s → %s', (domain, port, prefix, expected) => {
    expect(externalUrl(domain, port, prefix)).toBe(expected);
    expect(proxyUrl(domain, port, prefix)).toBe(`${expected}/`);
  });
});
