import { renderPrometheusArgs } from '../../lib/render/prometheus-args';
import { externalUrl, proxyUrl } from '../../lib/render/urls';

const input = {
  configPath: '/etc/prometheus/prometheus.yml',
  tsdbPath: '/prometheus',
  retentionTime: '15d',
  externalUrl: 'https://example.com/prometheus',
  enableAdminApi: false,
  enableLifecycle: false,
};

describe('renderPrometheusArgs', () => {
  test('serves at / under an https external URL', () => {
    expect(renderPrometheusArgs(input)).toEqual([
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
    ]);
  });

  test('adds the size retention and the opt-in APIs', () => {
    const args = renderPrometheusArgs({ ...input, retentionSize: '10GB', enableAdminApi: true, enableLifecycle: true });
    expect(args).toEqual(expect.arrayContaining(['--storage.tsdb.retention.size=10GB', '--web.enable-admin-api', '--web.enable-lifecycle']));
  });
});

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
