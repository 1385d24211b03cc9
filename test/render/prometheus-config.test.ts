import { parse } from 'yaml';
import { RelabelAction } from '../../lib/options';
import { PrometheusConfigInput, renderPrometheusConfig } from '../../lib/render/prometheus-config';

const base: PrometheusConfigInput = {
  scrapeInterval: '15s',
  selfTarget: '127.0.0.1:9090',
  scrapeConfigs: [],
  externalLabels: {},
  remoteWrite: [],
  agentMode: false,
};

describe('renderPrometheusConfig', () => {
  test('by default, scrapes itself as job "prometheus" and evaluates rules at the scrape interval', () => {
    expect(renderPrometheusConfig(base)).toBe(
      [
        '# Rendered by prometheus-tls-proxy; changes here are replaced on the next deploy.',
        'global:',
        '  scrape_interval: 15s',
        '  evaluation_interval: 15s',
        'scrape_configs:',
        '  - job_name: prometheus',
        '    static_configs:',
        '      - targets:',
        '          - 127.0.0.1:9090',
        '',
      ].join('\n'),
    );
  });

  test('in agent mode, sets no evaluation interval', () => {
    const config = parse(renderPrometheusConfig({ ...base, scrapeInterval: '30s', agentMode: true }));
    expect(config.global).toEqual({ scrape_interval: '30s' });
  });

  test('sets the external labels', () => {
    const config = parse(renderPrometheusConfig({ ...base, externalLabels: { cluster: 'eu-1', replica: 'a' } }));
    expect(config.global).toEqual({ scrape_interval: '15s', evaluation_interval: '15s', external_labels: { cluster: 'eu-1', replica: 'a' } });
  });

  test('appends scrape jobs with every field under its Prometheus name, secrets as files', () => {
    // GIVEN
    const job = {
      jobName: 'blackbox',
      targets: ['blackbox:9115', '10.0.0.2:9115'],
      metricsPath: '/probe',
      scheme: 'https',
      scrapeInterval: '30s',
      scrapeTimeout: '10s',
      labels: { env: 'prod' },
      honorLabels: true,
      params: { module: ['http_2xx'], target: ['https://a.example', 'https://b.example'] },
      tls: { caFile: '/etc/prometheus/rendered/blackbox/ca.crt', certFile: '/etc/prometheus/rendered/blackbox/client.crt', keyFile: '/etc/prometheus/rendered/blackbox/client.key', serverName: 'blackbox.internal' },
      basicAuth: { username: 'scraper', passwordFile: '/etc/prometheus/rendered/blackbox/password' },
    };
    // WHEN
    const config = parse(renderPrometheusConfig({ ...base, scrapeConfigs: [job] }));
    // THEN
    expect(config.scrape_configs).toEqual([
      { job_name: 'prometheus', static_configs: [{ targets: ['127.0.0.1:9090'] }] },
      {
        job_name: 'blackbox',
        honor_labels: true,
        scheme: 'https',
        metrics_path: '/probe',
        params: { module: ['http_2xx'], target: ['https://a.example', 'https://b.example'] },
        scrape_interval: '30s',
        scrape_timeout: '10s',
        basic_auth: { username: 'scraper', password_file: '/etc/prometheus/rendered/blackbox/password' },
        tls_config: {
          ca_file: '/etc/prometheus/rendered/blackbox/ca.crt',
          cert_file: '/etc/prometheus/rendered/blackbox/client.crt',
          key_file: '/etc/prometheus/rendered/blackbox/client.key',
          server_name: 'blackbox.internal',
        },
        static_configs: [{ targets: ['blackbox:9115', '10.0.0.2:9115'], labels: { env: 'prod' } }],
      },
    ]);
  });

  test('leaves out every field a scrape job does not set, so that Prometheus applies its defaults', () => {
    // WHEN
    const config = parse(renderPrometheusConfig({ ...base, scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'], tls: { caFile: '/ca.crt' } }] }));
    // THEN
    expect(config.scrape_configs[1]).toEqual({ job_name: 'node', tls_config: { ca_file: '/ca.crt' }, static_configs: [{ targets: ['node:9100'] }] });
  });

  test('keeps honor_labels false when it is said', () => {
    const config = parse(renderPrometheusConfig({ ...base, scrapeConfigs: [{ jobName: 'fed', targets: ['a:9090'], honorLabels: false }] }));
    expect(config.scrape_configs[1].honor_labels).toBe(false);
  });

  test('renders remote-write targets with every field under its Prometheus name, secrets as files', () => {
    // GIVEN
    const target = {
      url: 'https://mimir.example.com/api/v1/push',
      name: 'mimir',
      headers: { 'X-Scope-OrgID': 'team-a' },
      basicAuth: { username: 'writer', passwordFile: '/etc/prometheus/rendered/remote-write/0/password' },
      bearerTokenFile: '/etc/prometheus/rendered/remote-write/0/token',
      tls: { caFile: '/etc/prometheus/rendered/remote-write/0/ca.crt', serverName: 'mimir.internal' },
      queue: { capacity: 20000, maxShards: 10, minShards: 2, maxSamplesPerSend: 5000, batchSendDeadline: '10s', minBackoff: '50ms', maxBackoff: '10s' },
      writeRelabelConfigs: [
        { sourceLabels: ['__name__'], regex: 'go_.*', action: RelabelAction.DROP },
        { sourceLabels: ['instance', 'job'], separator: '/', regex: '(.*)', targetLabel: 'origin', replacement: '$1', action: RelabelAction.REPLACE },
        { sourceLabels: ['instance'], targetLabel: 'shard', modulus: 4, action: RelabelAction.HASHMOD },
      ],
    };
    // WHEN
    const config = parse(renderPrometheusConfig({ ...base, remoteWrite: [target] }));
    // THEN
    expect(config.remote_write).toEqual([
      {
        url: 'https://mimir.example.com/api/v1/push',
        name: 'mimir',
        headers: { 'X-Scope-OrgID': 'team-a' },
        basic_auth: { username: 'writer', password_file: '/etc/prometheus/rendered/remote-write/0/password' },
        authorization: { type: 'Bearer', credentials_file: '/etc/prometheus/rendered/remote-write/0/token' },
        tls_config: { ca_file: '/etc/prometheus/rendered/remote-write/0/ca.crt', server_name: 'mimir.internal' },
        queue_config: {
          capacity: 20000,
          max_shards: 10,
          min_shards: 2,
          max_samples_per_send: 5000,
          batch_send_deadline: '10s',
          min_backoff: '50ms',
          max_backoff: '10s',
        },
        write_relabel_configs: [
          { source_labels: ['__name__'], regex: 'go_.*', action: 'drop' },
          { source_labels: ['instance', 'job'], separator: '/', regex: '(.*)', target_label: 'origin', replacement: '$1', action: 'replace' },
          { source_labels: ['instance'], target_label: 'shard', modulus: 4, action: 'hashmod' },
        ],
      },
    ]);
  });

  test('a remote-write target with a URL alone renders the URL alone, and no targets no remote_write', () => {
    // WHEN
    const config = parse(renderPrometheusConfig({ ...base, remoteWrite: [{ url: 'https://a.example/write' }, { url: 'https://b.example/write', queue: { maxShards: 5 } }] }));
    // THEN
    expect(config.remote_write).toEqual([{ url: 'https://a.example/write' }, { url: 'https://b.example/write', queue_config: { max_shards: 5 } }]);
    expect(Object.keys(parse(renderPrometheusConfig(base)))).toEqual(['global', 'scrape_configs']);
  });

  test('values that look like YAML stay data', () => {
    // GIVEN
    const hostile = 'a: b\n- c\n"quoted" # not a comment {x} &anchor *alias';
    // WHEN
    const config = parse(
      renderPrometheusConfig({
        ...base,
        externalLabels: { note: hostile },
        scrapeConfigs: [{ jobName: 'j', targets: ['h:1'], labels: { note: hostile } }],
        remoteWrite: [{ url: 'https://a.example/write', headers: { 'X-Note': hostile } }],
      }),
    );
    // THEN
    expect(Object.keys(config)).toEqual(['global', 'scrape_configs', 'remote_write']);
    expect(config.global.external_labels).toEqual({ note: hostile });
    expect(config.scrape_configs[1].static_configs).toEqual([{ targets: ['h:1'], labels: { note: hostile } }]);
    expect(config.remote_write[0].headers).toEqual({ 'X-Note': hostile });
  });
});
