import type { NginxConfigFrom } from '../../test/live/harness';
import { LoadSample, loadRow, measureLoad, throughputRatio } from '../proxy/load';
import { ACCEPT_GZIP, QUERY_UP, rangeQuery } from '../proxy/queries';
import { UNMET_LIMITS, withInstance } from '../proxy/targets';
import { CANDIDATES, TuningLoad } from '../proxy/tuning-candidates';
import { CLIENT_CPU, Load } from '../proxy/wrk';
import { median, measureInterleaved, pairedRatio } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const DOMAIN = 'tuning.example.com';
const LOAD: Load = { connections: 16, seconds: 2 };
/** Prometheus scrapes itself this long before the range query's end is fixed. */
const HISTORY_MS = 30_000;

/**
 * Each tuning candidate (bench/proxy/tuning-candidates.ts) in its own copy of the construct's nginx
 * container, beside the rendered config and in front of the same Prometheus, interleaved with the
 * rendered config under the loads it concerns. Not part of a full run (it takes minutes):
 * `npm run bench -- --only proxy-tuning`. What it showed is in BENCHMARKS.md's tuning log.
 */
export const proxyTuning: Section = {
  id: 'proxy-tuning',
  title: 'Proxy: tuning candidates against the rendered config',
  async run({ log, line }) {
    log(`starting Prometheus, the rendered config and ${CANDIDATES.length} candidates`);
    const container = (id: string) => `tune-${id}`;
    const beside: Record<string, NginxConfigFrom> = Object.fromEntries(CANDIDATES.map((candidate) => [container(candidate.id), ({ rendered }) => candidate.edit(rendered)]));
    return withInstance({ domainName: DOMAIN, httpsPort: 8443, scrapeInterval: '1s', ...UNMET_LIMITS }, { name: 'tuning', line, beside: { nginx: beside } }, async (instance, targets) => {
      // Untimed: warms connections and caches, and gives Prometheus samples for the range query.
      const warmUntil = Date.now() + HISTORY_MS;
      while (Date.now() < warmUntil) await measureLoad(instance, targets.proxied(QUERY_UP), { ...LOAD, seconds: 1 });
      const range = rangeQuery(Math.floor(Date.now() / 1000));
      const requests: Record<TuningLoad, { path: string; headers: string[] }> = {
        'query=up': { path: QUERY_UP, headers: [] },
        'query=up, gzip': { path: QUERY_UP, headers: [ACCEPT_GZIP] },
        range: { path: range, headers: [] },
        'range, gzip': { path: range, headers: [ACCEPT_GZIP] },
      };

      const rows: Row[] = [];
      const notes: string[] = [];
      const raw: unknown[] = [];
      for (const candidate of CANDIDATES) {
        for (const load of candidate.loads) {
          log(`${candidate.change}: ${load}`);
          const { path, headers } = requests[load];
          const samples = await measureInterleaved(['rendered', candidate.id], { warmups: 0, minRounds: 3, maxRounds: 3, budgetMs: 0 }, (id) =>
            measureLoad(instance, targets.proxied(path, id === 'rendered' ? undefined : container(id), headers), LOAD),
          );
          const [rendered, changed] = [samples.get('rendered')!, samples.get(candidate.id)!];
          rows.push(
            loadRow(`${load}: rendered`, rendered),
            loadRow(`${load}: ${candidate.change}`, changed, throughputRatio(changed, rendered, 'candidate / rendered')),
          );
          notes.push(comparison(`${candidate.change}, ${load}`, changed, rendered));
          raw.push({ candidate: candidate.id, load, rendered, changed });
        }
      }
      return {
        rows,
        notes: [`wrk -t1 -c${LOAD.connections} -d${LOAD.seconds}s on CPU ${CLIENT_CPU}, three rounds per pair, rotating which goes first.`, ...notes],
        raw,
      };
    });
  },
};

/** Paired throughput ratio, and nginx's CPU and the response size, candidate against rendered. */
function comparison(what: string, changed: LoadSample[], rendered: LoadSample[]): string {
  const of = (samples: LoadSample[], pick: (sample: LoadSample) => number) => median(samples.map(pick)).toFixed(0);
  const rates = (samples: LoadSample[]) => samples.map((sample) => sample.requestsPerSecond);
  return (
    `${what}: paired ratio ${pairedRatio(rates(changed), rates(rendered)).toFixed(2)}×; nginx CPU µs/request ` +
    `${of(changed, (s) => s.cpuUsPerRequest.nginx)} vs ${of(rendered, (s) => s.cpuUsPerRequest.nginx)}, Prometheus ` +
    `${of(changed, (s) => s.cpuUsPerRequest.Prometheus)} vs ${of(rendered, (s) => s.cpuUsPerRequest.Prometheus)}; ` +
    `bytes per response ${of(changed, (s) => s.bytesPerResponse)} vs ${of(rendered, (s) => s.bytesPerResponse)}.`
  );
}
