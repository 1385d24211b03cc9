import { parse } from 'yaml';
import { renderPrometheusConfig } from '../../lib/render/prometheus-config';

describe('renderPrometheusConfig', () => {
  test('scrapes itself as job "prometheus" at the global interval by default', () => {
    // WHEN
    const config = parse(renderPrometheusConfig({ scrapeInterval: '15s', selfTarget: 'localhost:9090', scrapeConfigs: [] }));
    // THEN
    expect(config).toEqual({
      global: { scrape_interval: '15s', evaluation_interval: '15s' },
      scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] }],
    });
  });

  test('appends user jobs with every field mapped to its Prometheus name', () => {
    // GIVEN
    const job = {
      jobName: 'node',
      targets: ['node-exporter:9100', '10.0.0.2:9100'],
      metricsPath: '/probe',
      scheme: 'https' as const,
      scrapeInterval: '30s',
      scrapeTimeout: '10s',
      labels: { env: 'prod' },
    };
    // WHEN
    const config = parse(renderPrometheusConfig({ scrapeInterval: '1m', selfTarget: 'localhost:9090', scrapeConfigs: [job] }));
    // THEN
    expect(config.scrape_configs[1]).toEqual({
      job_name: 'node',
      scheme: 'https',
      metrics_path: '/probe',
      scrape_interval: '30s',
      scrape_timeout: '10s',
      static_configs: [{ targets: ['node-exporter:9100', '10.0.0.2:9100'], labels: { env: 'prod' } }],
    });
  });

  test('label values that look like YAML stay data', () => {
    // GIVEN
    const hostile = 'a: b\n- c\n"quoted" # not a comment {x}';
    // WHEN
    const text = renderPrometheusConfig({
      scrapeInterval: '15s',
      selfTarget: 'localhost:9090',
      scrapeConfigs: [{ jobName: 'j', targets: ['h:1'], labels: { note: hostile } }],
    });
    // THEN
    expect(parse(text).scrape_configs[1].static_configs[0].labels.note).toBe(hostile);
    expect(Object.keys(parse(text))).toEqual(['global', 'scrape_configs']);
  });
});
