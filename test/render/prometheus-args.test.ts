import { renderPrometheusArgs } from '../../lib/render/prometheus-args';

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
