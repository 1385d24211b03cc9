import type { InstanceOptions } from '../../test/live/harness';
import { guideConfig } from '../proxy/guide-config';
import { ACCEPT_GZIP, LABEL_VALUES, QUERY_UP, RANGE_QUERY, rangeQuery } from '../proxy/queries';
import { LoadSample, LoadTarget, loadRow, measureLoad, throughputRatio } from '../proxy/load';
import { withInstance } from '../proxy/targets';
import { CLIENT_CPU, Load, runWrk } from '../proxy/wrk';
import { median, measureInterleaved, pairedRatio } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const DOMAIN = 'bench.example.com';
const GUIDE = 'guide-nginx';
const VARIANTS = ['direct', 'construct', 'guide'] as const;
type Variant = (typeof VARIANTS)[number];

const LOAD: Load = { connections: 16, seconds: 1 };

interface Query {
  readonly name: string;
  path(): string;
  readonly headers: string[];
  /**
   * Longer runs and more rounds for the target without compression, whose ratio is the closest call:
   * each run's 16 full RSA-4096 handshakes cost nginx about 80 ms of CPU, a few % of a 1 s run.
   */
  readonly rounds: number;
  readonly seconds: number;
  /** The issue's targets, for `query=up`. */
  readonly targets: boolean;
}

/**
 * Requests per second and latency with wrk: Prometheus direct over HTTP, through the construct's
 * rendered nginx.conf and through the guide's server block, each over keep-alive connections, for a
 * small query, a label-values call and a heavier range query. All three run on one simulated Docker
 * host against one Prometheus that scrapes itself every second; nginx's containers are identical but
 * for their config (the guide's is run in a copy of the construct's, with the same RSA-4096 key).
 */
export const proxyThroughput: Section = {
  id: 'proxy',
  title: 'Proxy: throughput and latency',
  async run({ log, line }) {
    log('starting Prometheus, the construct’s nginx and the guide’s nginx');
    const props = { domainName: DOMAIN, httpsPort: 8443, scrapeInterval: '1s' };
    const guide: InstanceOptions = { name: 'bench', line, nginxBeside: { [GUIDE]: ({ upstream }) => guideConfig(DOMAIN, upstream) } };
    return withInstance(props, guide, async (instance, targets) => {
      const target = (variant: Variant, query: Query): LoadTarget =>
        variant === 'direct' ? targets.direct(query.path(), query.headers) : targets.proxied(query.path(), variant === 'guide' ? GUIDE : undefined, query.headers);
      let rangeEnd: number | undefined;
      // The range query's end is fixed when first asked for: by then Prometheus holds over half a minute of its own samples.
      const range = () => rangeQuery((rangeEnd ??= Math.floor(Date.now() / 1000)));
      const queries: Query[] = [
        { name: 'query=up', path: () => QUERY_UP, headers: [], rounds: 3, seconds: 2, targets: true },
        { name: 'query=up, gzip', path: () => QUERY_UP, headers: [ACCEPT_GZIP], rounds: 2, seconds: 1, targets: true },
        { name: 'label values, gzip', path: () => LABEL_VALUES, headers: [ACCEPT_GZIP], rounds: 2, seconds: 1, targets: false },
        { name: 'range query 1 h at 1 s, gzip', path: range, headers: [ACCEPT_GZIP], rounds: 2, seconds: 1, targets: false },
      ];

      // Untimed: connections, TLS sessions and Prometheus's caches warm, and its first samples in.
      for (const variant of VARIANTS) await runWrk(instance, target(variant, queries[0]).url, LOAD);

      const results: { query: Query; samples: Map<string, LoadSample[]> }[] = [];
      for (const query of queries) {
        log(`interleaving ${VARIANTS.join(' / ')} for ${query.name}`);
        const schedule = { warmups: 0, minRounds: query.rounds, maxRounds: query.rounds, budgetMs: 0 };
        const load = { ...LOAD, seconds: query.seconds };
        const samples = await measureInterleaved(VARIANTS, schedule, (variant) => measureLoad(instance, target(variant as Variant, query), load));
        results.push({ query, samples });
      }

      const rows: Row[] = results.flatMap(({ query, samples }) => {
        const [direct, construct, guide] = VARIANTS.map((variant) => samples.get(variant)!);
        const goal = (atLeast: number) => (query.targets ? { atLeast } : undefined);
        return [
          loadRow(`${query.name}: Prometheus direct (HTTP)`, direct),
          loadRow(`${query.name}: construct’s nginx (HTTPS)`, construct, throughputRatio(construct, direct, 'construct / direct', goal(0.6))),
          loadRow(`${query.name}: guide’s nginx (HTTPS)`, guide, throughputRatio(construct, guide, 'construct / guide', goal(1.3))),
        ];
      });
      return {
        rows,
        notes: [
          `wrk -t1 -c${LOAD.connections} --latency, pinned to CPU ${CLIENT_CPU} (taskset) for every run; nginx and Prometheus are not pinned. ` +
            'query=up without gzip: three rounds of 2 s runs; the others: two rounds of 1 s. Rounds rotate which variant goes first; medians. “gzip”: the request ' +
            `carries \`${ACCEPT_GZIP}\`, as Grafana’s (Go’s) HTTP client always sends; without it, as wrk sends by default, nobody compresses.`,
          'Requests go to the containers’ addresses on the Docker network from the Docker host, as a remote client’s do once Docker has ' +
            'forwarded the published port in the kernel; the harness’s userland port forwarder (Node) is left out of the path.',
          `Range query: \`${RANGE_QUERY}\` over the hour before a fixed end, step 1 s.`,
          ...results.map(({ query, samples }) => resultNote(query.name, samples)),
          'CPU per request: nginx + Prometheus + wrk (all on the same two cores), summed. Cores busy: that × requests per second; near 2 ' +
            'the cores are saturated and throughput is bought with CPU, so the ratio of CPU per request predicts the ratio of throughput ' +
            'more steadily than throughput itself on a shared machine, whose other load slows all variants but costs them little CPU.',
        ],
        raw: results.map(({ query, samples }) => ({ query: query.name, ...Object.fromEntries(samples) })),
      };
    });
  },
};

/** Paired ratios, response size and how busy the two cores were, for one query. */
function resultNote(query: string, samples: Map<string, LoadSample[]>): string {
  const rates = (variant: Variant) => samples.get(variant)!.map((sample) => sample.requestsPerSecond);
  const cpuUs = (sample: LoadSample) => Object.values(sample.cpuUsPerRequest).reduce((sum, us) => sum + us, 0);
  const busy = (variant: Variant) => median(samples.get(variant)!.map((s) => (cpuUs(s) * s.requestsPerSecond) / 1e6));
  const cpuPerRequest = (variant: Variant) => median(samples.get(variant)!.map(cpuUs));
  const bytes = (variant: Variant) => median(samples.get(variant)!.map((sample) => sample.bytesPerResponse)).toFixed(0);
  return (
    `${query}: paired ratios construct / direct ${pairedRatio(rates('construct'), rates('direct')).toFixed(2)}×, ` +
    `construct / guide ${pairedRatio(rates('construct'), rates('guide')).toFixed(2)}×; ` +
    `with the cores saturated, CPU per request (${VARIANTS.map((variant) => `${variant} ${cpuPerRequest(variant).toFixed(0)} µs`).join(', ')}) ` +
    `predicts construct / direct ${(cpuPerRequest('direct') / cpuPerRequest('construct')).toFixed(2)}×, ` +
    `construct / guide ${(cpuPerRequest('guide') / cpuPerRequest('construct')).toFixed(2)}×; ` +
    `cores busy ${VARIANTS.map((variant) => `${variant} ${busy(variant).toFixed(2)}`).join(', ')}; ` +
    `bytes per response with headers ${VARIANTS.map((variant) => `${variant} ${bytes(variant)}`).join(', ')}.`
  );
}
