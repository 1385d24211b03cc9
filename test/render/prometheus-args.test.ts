import { PrometheusArgsInput, renderPrometheusArgs } from '../../lib/render/prometheus-args';

const input: PrometheusArgsInput = {
  configPath: '/etc/prometheus/rendered/prometheus.yml',
  tsdbPath: '/prometheus',
  retentionTime: '15d',
  externalUrl: 'https://example.com/prometheus',
  listenAddress: '127.0.0.1:9090',
  corsOrigin: 'https://example\\.com|https://prometheus',
  enableAdminApi: false,
  enableLifecycle: false,
  enableRemoteWriteReceiver: false,
  enableOtlpReceiver: false,
  agentMode: false,
  query: { maxConcurrency: 4, maxSamples: 2684354, timeout: '2m' },
};

describe('renderPrometheusArgs', () => {
  test('serves at / on the loopback address, under the external URL, to the given CORS origins only, its queries bounded', () => {
    expect(renderPrometheusArgs(input)).toEqual([
      '--config.file=/etc/prometheus/rendered/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--query.max-concurrency=4',
      '--query.max-samples=2684354',
      '--query.timeout=2m',
      '--web.listen-address=127.0.0.1:9090',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
      '--web.cors.origin=https://example\\.com|https://prometheus',
    ]);
  });

  test('adds the size retention after the time retention', () => {
    expect(renderPrometheusArgs({ ...input, retentionSize: '10GB' }).slice(1, 4)).toEqual([
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--storage.tsdb.retention.size=10GB',
    ]);
  });

  test.each([
    ['enableAdminApi', '--web.enable-admin-api'],
    ['enableLifecycle', '--web.enable-lifecycle'],
    ['enableRemoteWriteReceiver', '--web.enable-remote-write-receiver'],
    ['enableOtlpReceiver', '--web.enable-otlp-receiver'],
  ])('%s appends %s, and nothing else', (flag, arg) => {
    expect(renderPrometheusArgs({ ...input, [flag]: true })).toEqual([...renderPrometheusArgs(input), arg]);
  });

  test('appends the opt-in flags in a fixed order', () => {
    // WHEN
    const args = renderPrometheusArgs({ ...input, enableAdminApi: true, enableLifecycle: true, enableRemoteWriteReceiver: true, enableOtlpReceiver: true });
    // THEN
    expect(args.slice(-4)).toEqual(['--web.enable-admin-api', '--web.enable-lifecycle', '--web.enable-remote-write-receiver', '--web.enable-otlp-receiver']);
  });

  test('in agent mode, stores in the agent path, retains nothing by time or size and has no query engine to bound', () => {
    expect(renderPrometheusArgs({ ...input, agentMode: true, retentionSize: '10GB' })).toEqual([
      '--config.file=/etc/prometheus/rendered/prometheus.yml',
      '--agent',
      '--storage.agent.path=/prometheus',
      '--web.listen-address=127.0.0.1:9090',
      '--web.external-url=https://example.com/prometheus',
      '--web.route-prefix=/',
      '--web.cors.origin=https://example\\.com|https://prometheus',
    ]);
  });
});
