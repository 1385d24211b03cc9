import { BasicAuthUser, FlatOptions } from '../../lib/options';
import { checkPrometheusConfig } from '../../lib/validation/prometheus-config';
import { HASH } from './fixtures';
import { Refusal, TOKEN, checkOf, testAcceptances, testRefusals } from './support';

type Options = Partial<FlatOptions>;

const check = checkOf(checkPrometheusConfig);
const USERS: BasicAuthUser[] = [{ username: 'grafana', passwordHash: HASH }];

describe('checkPrometheusConfig accepts', () => {
  testAcceptances<Options>(
    [
      ['the defaults', {}],
      ['a scrape interval', { scrapeInterval: '30s' }],
      ['retention by time and size', { retentionTime: '30d12h', retentionSize: '512MB' }],
      ['a base-2 retention size', { retentionSize: '10GiB' }],
      ['a fractional retention size', { retentionSize: '1.5TB' }],
      ['retention as tokens, which only reach Terraform', { retentionTime: TOKEN, retentionSize: TOKEN }],
      ['the OTLP receiver on Prometheus 3', { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: 'prom/prometheus:v3.0.0' }],
      ['the OTLP receiver on an image whose version is unknown', { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: TOKEN }],
      [
        'an agent that sends its samples, with the server features off',
        { agentMode: true, remoteWrite: [{ url: 'https://mimir.example.com/api/v1/push' }], enableAdminApi: false, enableRemoteWriteReceiver: false, enableOtlpReceiver: false },
      ],
      ['lifecycle and debug endpoints on an agent', { agentMode: true, basicAuthUsers: USERS, enableLifecycle: true, enableDebugEndpoints: true }],
      ['external labels', { externalLabels: { cluster: 'eu-1', replica: 'a' } }],
    ],
    check,
  );
});

describe('checkPrometheusConfig refuses, naming the prop and showing the value', () => {
  const refusals: Refusal<Options>[] = [
    ['a scrape interval of zero', { scrapeInterval: '0s' }, 'scrapeInterval', /non-zero/],
    ['a scrape interval as a token: it is rendered into prometheus.yml', { scrapeInterval: TOKEN }, 'scrapeInterval', /cannot be an unresolved token/],
    ['a retention size without B', { retentionSize: '10G' }, 'retentionSize', /units/],
    ['a retention size in bits', { retentionSize: '10Gb' }, 'retentionSize'],
    ['external labels as a map token', { externalLabels: TOKEN as never }, 'externalLabels', /cannot be an unresolved token/],
    ['an external label value as a token', { externalLabels: { team: TOKEN } }, 'externalLabels.team', /cannot be an unresolved token/],
    ['a reserved external label name', { externalLabels: { __name__: 'x' } }, 'externalLabels', /label names/],
    [
      'the OTLP receiver on Prometheus 2',
      { enableOtlpReceiver: true, basicAuthUsers: USERS, prometheusImage: 'prom/prometheus:v2.55.1' },
      'enableOtlpReceiver',
      /Prometheus 3\.0 or later \(prometheusImage is prom\/prometheus:v2\.55\.1\)/,
    ],
    ...(['enableAdminApi', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const).map(
      (key): Refusal<Options> => [`${key} on an agent`, { agentMode: true, basicAuthUsers: USERS, [key]: true }, key, /does not apply in agentMode/],
    ),
    ['a retention time on an agent', { agentMode: true, retentionTime: '15d' }, 'retentionTime', /does not apply in agentMode/],
    ['a retention size on an agent', { agentMode: true, retentionSize: '1GB' }, 'retentionSize', /does not apply in agentMode/],
  ];
  testRefusals(refusals, check);
});
