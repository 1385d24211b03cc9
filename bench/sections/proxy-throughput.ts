import { PROMETHEUS_LISTEN_ADDRESS } from '../../lib/container-layout';
import { DEFAULTS } from '../../lib/defaults';
import type { BesideOptions } from '../../test/live/harness';
import { removeDirective } from '../proxy/config-edits';
import { guideConfig } from '../proxy/guide-config';
import { h2load } from '../proxy/h2load';
import { LoadSample, LoadTarget, loadRow, measureLoad, throughputRatio } from '../proxy/load';
import { prometheusWithOwnTls } from '../proxy/native-tls';
import { ACCEPT_GZIP, LABEL_VALUES, QUERY_UP, RANGE_QUERY, rangeQuery } from '../proxy/queries';
import { Targets, UNMET_LIMITS, withInstance } from '../proxy/targets';
import { CLIENT_CPU, Load, LoadClient } from '../proxy/wrk';
import { median, measureInterleaved, pairedRatio } from '../runner/measure';
import type { Ratio, Row, Section } from '../runner/section';

const DOMAIN = 'bench.example.com';
/** The containers beside the construct's, each a copy with one thing changed. */
const COPY = {
  guide: 'guide-nginx',
  noLimits: 'no-limits-nginx',
  defaultLimits: 'default-limits-nginx',
  bridge: 'bridge-nginx',
  nativeTls: 'native-tls-prometheus',
} as const;
/** The pod port of the Prometheus copy that serves HTTPS itself. */
const NATIVE_TLS_PORT = 9091;

type Variant = 'direct' | 'construct' | 'no limits' | 'native TLS' | 'guide' | 'bridge';
/** Each variant: its row's title, the ratio its row carries (the construct against it, or on the construct's row against direct), and where its load goes. */
const VARIANTS: Record<Variant, { title: string; ratioOf: string; target: (targets: Targets, path: string, headers: readonly string[]) => LoadTarget }> = {
  direct: { title: 'Prometheus direct (HTTP)', ratioOf: '', target: (t, path, headers) => t.direct(path, headers) },
  construct: { title: 'construct’s nginx (HTTPS)', ratioOf: 'construct / direct', target: (t, path, headers) => t.proxied(path, undefined, headers) },
  'no limits': { title: 'construct’s nginx without rate limits', ratioOf: 'construct / no limits', target: (t, path, headers) => t.proxied(path, COPY.noLimits, headers) },
  'native TLS': {
    title: 'Prometheus’s own TLS (--web.config.file)',
    ratioOf: 'construct / native TLS',
    target: (t, path, headers) => t.nativeTls(path, NATIVE_TLS_PORT, headers),
  },
  guide: { title: 'guide’s nginx (HTTPS)', ratioOf: 'construct / guide', target: (t, path, headers) => t.proxied(path, COPY.guide, headers) },
  bridge: {
    title: 'construct’s nginx, upstream over the Docker bridge',
    ratioOf: 'pod loopback / bridge',
    target: (t, path, headers) => t.proxied(path, COPY.bridge, headers),
  },
};

const LOAD: Load = { connections: 16, seconds: 1 };

interface Query {
  readonly name: string;
  path(): string;
  readonly headers: string[];
  readonly rounds: number;
  readonly seconds: number;
  readonly variants: readonly Variant[];
  /** The issues' targets, by variant: the construct / that variant at least this. */
  readonly targets: Partial<Record<Variant, number>>;
}

/**
 * Requests per second and latency with wrk, side by side on one simulated Docker host against one
 * Prometheus that scrapes itself every second: Prometheus direct over HTTP, through the construct's
 * rendered nginx.conf, through that config less its rate limits, through the guide's server block,
 * Prometheus serving HTTPS itself with the same certificate, and the construct's config reaching
 * Prometheus over the Docker bridge rather than the pod's loopback (as before the pod). Then HTTP/2
 * against HTTP/1.1 with h2load, and a flood from one address against the default limits.
 */
export const proxyThroughput: Section = {
  id: 'proxy',
  title: 'Proxy: throughput and latency',
  async run({ log, line }) {
    log('starting Prometheus and the construct’s nginx, with copies of both beside them');
    const props = { domainName: DOMAIN, httpsPort: 8443, scrapeInterval: '1s', ...UNMET_LIMITS };
    const beside: BesideOptions = {
      nginx: {
        [COPY.guide]: ({ upstream }) => guideConfig(DOMAIN, upstream),
        [COPY.noLimits]: ({ rendered }) => withoutLimits(rendered),
        [COPY.defaultLimits]: ({ rendered }) => withDefaultLimits(rendered),
        // Prometheus then listens on every address of the pod, and this copy reaches it by the pod's alias.
        [COPY.bridge]: { config: ({ rendered, upstream }) => rendered.replaceAll(PROMETHEUS_LISTEN_ADDRESS, upstream), namespace: 'own' },
      },
      prometheus: { [COPY.nativeTls]: prometheusWithOwnTls(NATIVE_TLS_PORT) },
      prometheusListen: `0.0.0.0:${PROMETHEUS_LISTEN_ADDRESS.split(':')[1]}`,
    };
    return withInstance(
      props,
      { name: 'bench', line, beside },
      async (instance, targets) => {
        const target = (variant: Variant, path: string, headers: readonly string[]): LoadTarget => VARIANTS[variant].target(targets, path, headers);
        let rangeEnd: number | undefined;
        // The range query's end is fixed when first asked for: by then Prometheus holds over half a minute of its own samples.
        const range = () => rangeQuery((rangeEnd ??= Math.floor(Date.now() / 1000)));
        const everyProxy: Variant[] = ['direct', 'construct', 'no limits', 'native TLS', 'guide'];
        const queries: Query[] = [
          {
            name: 'query=up',
            path: () => QUERY_UP,
            headers: [],
            rounds: 3,
            seconds: 2,
            variants: [...everyProxy, 'bridge'],
            targets: { direct: 0.6, 'native TLS': 1.0, 'no limits': 0.95, guide: 1.3 },
          },
          { name: 'query=up, gzip', path: () => QUERY_UP, headers: [ACCEPT_GZIP], rounds: 2, seconds: 1, variants: everyProxy, targets: { 'no limits': 0.95 } },
          {
            name: 'label values, gzip',
            path: () => LABEL_VALUES,
            headers: [ACCEPT_GZIP],
            rounds: 2,
            seconds: 1,
            variants: everyProxy,
            targets: { 'native TLS': 2.0, 'no limits': 0.95 },
          },
          { name: 'range query 1 h at 1 s, gzip', path: range, headers: [ACCEPT_GZIP], rounds: 2, seconds: 1, variants: everyProxy, targets: { 'no limits': 0.95 } },
        ];

        // Untimed: connections, TLS sessions and Prometheus's caches warm, and its first samples in.
        for (const variant of queries[0].variants) await measureLoad(instance, target(variant, QUERY_UP, []), LOAD);

        const results: Measured[] = [];
        for (const query of queries) {
          log(`interleaving ${query.variants.join(' / ')} for ${query.name}`);
          const schedule = { warmups: 0, minRounds: query.rounds, maxRounds: query.rounds, budgetMs: 0 };
          const load = { ...LOAD, seconds: query.seconds };
          const samples = await measureInterleaved(query.variants, schedule, (variant) =>
            measureLoad(instance, target(variant as Variant, query.path(), query.headers), load),
          );
          results.push({ name: query.name, samples, targets: query.targets });
        }

        log('HTTP/2 against HTTP/1.1 with h2load');
        const protocols = await measureProtocols(instance, targets);

        log('a flood from one address against the default limits');
        const flood = await measureLoad(instance, targets.proxied(QUERY_UP, COPY.defaultLimits), { ...LOAD, seconds: 2 });
        const answered = flood.requests - flood.errors;

        const rows: Row[] = [
          ...results.flatMap(rowsOf),
          ...protocols.rows,
          {
            name: `query=up, one address flooding (wrk -c${LOAD.connections}), default limits`,
            median: answered / 2,
            unit: 'req/s answered',
            detail: `${flood.errors} of ${flood.requests} requests in 2 s refused with 429; answered: the burst of ${DEFAULTS.requestBurstPerClient} and ${DEFAULTS.requestsPerSecondPerClient}/s`,
          },
        ];
        return {
          rows,
          notes: [
            `wrk -t1 -c${LOAD.connections} --latency, pinned to CPU ${CLIENT_CPU} (taskset) for every run; nginx and Prometheus are not pinned. ` +
              'query=up without gzip: three rounds of 2 s runs; the others: two rounds of 1 s. Rounds rotate which variant goes first; medians. “gzip”: the request ' +
              `carries \`${ACCEPT_GZIP}\`, as Grafana’s (Go’s) HTTP client always sends; without it, as wrk sends by default, nobody compresses.`,
            'Every client runs beside the server it loads, on the loopback of its network namespace (the pod’s, or the bridge copy’s own), like a ' +
              'client on the same host once Docker has forwarded the published port in the kernel: the harness’s userland port forwarder (Node) is left out of the path.',
            `The construct runs with requestsPerSecondPerClient and requestBurstPerClient at ${UNMET_LIMITS.requestsPerSecondPerClient} so that wrk, ` +
              'one address, is never refused: “construct / no limits” is what keeping the limit_req and limit_conn zones costs, not throttling. ' +
              'The last row is the same flood against the default limits.',
            'Prometheus’s own TLS: a copy of the construct’s Prometheus container in the pod, same flags and scrape config, with ' +
              '`--web.config.file` holding `tls_server_config` and the construct’s ECDSA P-256 certificate and key; it compresses whatever asks for gzip itself.',
            'Bridge: a copy of the construct’s nginx in a network namespace of its own on the instance’s network, its upstream Prometheus’s ' +
              'address over the Docker bridge (veth), as the construct had it before the pod; Prometheus then listens on every address.',
            `Range query: \`${RANGE_QUERY}\` over the hour before a fixed end, step 1 s.`,
            ...results.map(resultNote),
            ...protocols.notes,
            'CPU per request: nginx + Prometheus + client (all on the same two cores), summed. Cores busy: that × requests per second; near 2 ' +
              'the cores are saturated and throughput is bought with CPU, so the ratio of CPU per request predicts the ratio of throughput ' +
              'more steadily than throughput itself on a shared machine, whose other load slows all variants but costs them little CPU.',
          ],
          raw: {
            wrk: results.map(({ name, samples }) => ({ query: name, ...Object.fromEntries(samples) })),
            h2load: protocols.raw,
            flood,
          },
        };
      },
      [NATIVE_TLS_PORT],
    );
  },
};

interface Measured {
  readonly name: string;
  readonly samples: Map<string, LoadSample[]>;
  readonly targets: Partial<Record<Variant, number>>;
}

/** One row per variant; each but direct's carries the construct's throughput against it. */
function rowsOf({ name, samples, targets }: Measured): Row[] {
  const construct = samples.get('construct')!;
  return [...samples].map(([id, of]) => {
    const variant = id as Variant;
    const title = `${name}: ${VARIANTS[variant].title}`;
    if (variant === 'direct') return loadRow(title, of);
    const goal = targets[variant === 'construct' ? 'direct' : variant];
    const target = goal === undefined ? undefined : { atLeast: goal };
    const denominator = variant === 'construct' ? samples.get('direct')! : of;
    return loadRow(title, of, throughputRatio(construct, denominator, VARIANTS[variant].ratioOf, target));
  });
}

/** Paired ratios, CPU per request, response size and how busy the two cores were, for one query. */
function resultNote({ name, samples }: Measured): string {
  const variants = [...samples.keys()] as Variant[];
  const of = (variant: Variant) => samples.get(variant)!;
  const rates = (variant: Variant) => of(variant).map((sample) => sample.requestsPerSecond);
  const cpuUs = (sample: LoadSample) => Object.values(sample.cpuUsPerRequest).reduce((sum, us) => sum + us, 0);
  const cpuPerRequest = (variant: Variant) => median(of(variant).map(cpuUs));
  const busy = (variant: Variant) => median(of(variant).map((s) => (cpuUs(s) * s.requestsPerSecond) / 1e6));
  const bytes = (variant: Variant) => median(of(variant).map((sample) => sample.bytesPerResponse)).toFixed(0);
  const against = variants.filter((variant) => variant !== 'construct');
  return (
    `${name}: paired ratios ${against.map((variant) => `construct / ${variant} ${pairedRatio(rates('construct'), rates(variant)).toFixed(2)}×`).join(', ')}; ` +
    `CPU per request ${variants.map((variant) => `${variant} ${cpuPerRequest(variant).toFixed(0)} µs`).join(', ')}, which with the cores saturated predicts ` +
    `${against.map((variant) => `construct / ${variant} ${(cpuPerRequest(variant) / cpuPerRequest('construct')).toFixed(2)}×`).join(', ')}; ` +
    `cores busy ${variants.map((variant) => `${variant} ${busy(variant).toFixed(2)}`).join(', ')}; ` +
    `bytes per response with headers ${variants.map((variant) => `${variant} ${bytes(variant)}`).join(', ')}.`
  );
}

/** Grafana's Go client multiplexes a dashboard's queries over few HTTP/2 connections: the same requests in flight as LOAD, on this many. */
const MULTIPLEXED_CONNECTIONS = 4;
/**
 * Seconds per h2load run: nginx closes a connection after `keepalive_requests` (10000, for HTTP/2 too
 * since 1.19.7) and h2load does not reconnect, so no connection may carry that many in one run.
 */
const H2LOAD_SECONDS = 1;

/**
 * The construct's nginx over HTTP/1.1 and HTTP/2 (one request in flight per connection, and the same
 * number of requests multiplexed on MULTIPLEXED_CONNECTIONS), and Prometheus's own TLS over HTTP/2,
 * all loaded by h2load.
 */
async function measureProtocols(host: Parameters<typeof measureLoad>[0], targets: Targets): Promise<{ rows: Row[]; notes: string[]; raw: unknown }> {
  const proxied = (path: string, headers: readonly string[]) => targets.proxied(path, undefined, headers);
  const streams = LOAD.connections / MULTIPLEXED_CONNECTIONS;
  const clients: Record<string, { client: LoadClient; connections: number; target: (path: string, headers: readonly string[]) => LoadTarget }> = {
    'construct’s nginx, HTTP/1.1': { client: h2load('http/1.1'), connections: LOAD.connections, target: proxied },
    'construct’s nginx, HTTP/2': { client: h2load('h2'), connections: LOAD.connections, target: proxied },
    [`construct’s nginx, HTTP/2, ${MULTIPLEXED_CONNECTIONS} connections × ${streams} streams`]: {
      client: h2load('h2', streams),
      connections: MULTIPLEXED_CONNECTIONS,
      target: proxied,
    },
    'Prometheus’s own TLS, HTTP/2': { client: h2load('h2'), connections: LOAD.connections, target: (path, headers) => targets.nativeTls(path, NATIVE_TLS_PORT, headers) },
  };
  const [h1, h2, multiplexed, native] = Object.keys(clients);
  const loads = { 'query=up': { path: QUERY_UP, headers: [] }, 'label values, gzip': { path: LABEL_VALUES, headers: [ACCEPT_GZIP] } };
  const rows: Row[] = [];
  const notes: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [load, { path, headers }] of Object.entries(loads)) {
    const samples = await measureInterleaved(Object.keys(clients), { warmups: 1, minRounds: 4, maxRounds: 4, budgetMs: 0 }, (id) =>
      measureLoad(host, clients[id].target(path, headers), { connections: clients[id].connections, seconds: H2LOAD_SECONDS }, clients[id].client),
    );
    const ratio = (of: string, by: string, what: string): Ratio => throughputRatio(samples.get(of)!, samples.get(by)!, what);
    const rates = (id: string) => samples.get(id)!.map((sample) => sample.requestsPerSecond);
    rows.push(
      loadRow(`${load} (h2load): ${h1}`, samples.get(h1)!),
      loadRow(`${load} (h2load): ${h2}`, samples.get(h2)!, ratio(h2, h1, 'HTTP/2 / HTTP/1.1')),
      loadRow(`${load} (h2load): ${multiplexed}`, samples.get(multiplexed)!, ratio(multiplexed, h1, 'multiplexed HTTP/2 / HTTP/1.1')),
      loadRow(`${load} (h2load): ${native}`, samples.get(native)!, ratio(h2, native, 'construct / native TLS, both HTTP/2')),
    );
    notes.push(
      `${load} (h2load): paired ratios HTTP/2 / HTTP/1.1 ${pairedRatio(rates(h2), rates(h1)).toFixed(2)}×, multiplexed HTTP/2 / HTTP/1.1 ` +
        `${pairedRatio(rates(multiplexed), rates(h1)).toFixed(2)}×, construct / native TLS over HTTP/2 ${pairedRatio(rates(h2), rates(native)).toFixed(2)}×.`,
    );
    raw[load] = Object.fromEntries(samples);
  }
  notes.unshift(
    `h2load -t1 -D ${H2LOAD_SECONDS} on CPU ${CLIENT_CPU}, ${LOAD.connections} requests in flight in every variant: ${LOAD.connections} connections with one each ` +
      `(-m1, --h1 for HTTP/1.1 over the same client), or ${MULTIPLEXED_CONNECTIONS} connections with ${streams} streams each, as Grafana’s Go client ` +
      'multiplexes a dashboard’s queries; one warm-up and four rounds per load. Latency percentiles from its per-request log. Runs are 1 s: nginx ' +
      'closes a connection after keepalive_requests (10000; HTTP/2 too) and h2load does not reconnect, which capped a first run’s 2-connection variant at 10000 req/s.',
  );
  return { rows, notes, raw };
}

/** The rendered config less every limit_req and limit_conn directive. */
function withoutLimits(rendered: string): string {
  const directives = ['limit_req', 'limit_req_zone', 'limit_req_status', 'limit_conn', 'limit_conn_zone', 'limit_conn_status'];
  return directives.reduce(removeDirective, rendered);
}

/** The rendered config with the default rate and burst in place of UNMET_LIMITS. */
function withDefaultLimits(rendered: string): string {
  const edited = rendered
    .replace(`rate=${UNMET_LIMITS.requestsPerSecondPerClient}r/s`, `rate=${DEFAULTS.requestsPerSecondPerClient}r/s`)
    .replaceAll(`burst=${UNMET_LIMITS.requestBurstPerClient} `, `burst=${DEFAULTS.requestBurstPerClient} `);
  if (!edited.includes(`rate=${DEFAULTS.requestsPerSecondPerClient}r/s`) || edited.includes(`burst=${UNMET_LIMITS.requestBurstPerClient} `)) {
    throw new Error('the rendered config does not hold the limits this bench raised');
  }
  return edited;
}
