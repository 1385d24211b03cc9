import type { ProbeHost } from '../../test/live/harness/probes';
import { median, spread } from '../runner/measure';
import type { Ratio, Row } from '../runner/section';
import { cpuMsOf } from './cpu';
import { Load, LoadClient, WrkResult, runWrk } from './wrk';

/** What wrk loads: a URL, where wrk runs, and the server processes whose CPU time counts against it, by role. */
export interface LoadTarget {
  readonly url: string;
  /** Where wrk runs. @default the host given to measureLoad */
  readonly via?: ProbeHost;
  /** Extra request headers for this target only, e.g. basic auth. */
  readonly headers?: readonly string[];
  /** e.g. `{ nginx: [master, worker, worker], Prometheus: [pid] }`. */
  readonly processes: Readonly<Record<string, readonly number[]>>;
}

export interface LoadSample extends WrkResult {
  /** CPU time per request in µs, by role, and `wrk` for the client. */
  readonly cpuUsPerRequest: Record<string, number>;
}

/** One run of `client` (wrk by default) against `target`, with the CPU time each server role and the client spent on it. */
export async function measureLoad(host: ProbeHost, target: LoadTarget, load: Load, client: LoadClient = runWrk): Promise<LoadSample> {
  const roles = Object.entries(target.processes);
  const before = roles.map(([, pids]) => cpuMsOf(pids));
  const result = await client(target.via ?? host, target.url, { ...load, headers: [...(load.headers ?? []), ...(target.headers ?? [])] });
  const perRequest = (cpuMs: number) => (cpuMs * 1000) / Math.max(result.requests, 1);
  return {
    ...result,
    cpuUsPerRequest: {
      ...Object.fromEntries(roles.map(([role, pids], i) => [role, perRequest(cpuMsOf(pids) - before[i])])),
      wrk: perRequest(result.clientCpuMs),
    },
  };
}

/**
 * A row of load samples: median requests per second, with median p50 and p99 latency, the CPU time
 * per request of each role and the spread beside it.
 */
export function loadRow(name: string, samples: readonly LoadSample[], ratio?: Ratio): Row {
  const of = (pick: (sample: LoadSample) => number) => median(samples.map(pick));
  const roles = Object.keys(samples[0].cpuUsPerRequest);
  const cpu = roles.map((role) => `${role} ${of((s) => s.cpuUsPerRequest[role]).toFixed(0)}`).join(', ');
  const errors = samples.reduce((sum, sample) => sum + sample.errors, 0);
  return {
    name,
    median: of((s) => s.requestsPerSecond),
    unit: 'req/s',
    detail:
      `p50 ${of((s) => s.p50Ms).toFixed(2)} ms, p99 ${of((s) => s.p99Ms).toFixed(2)} ms; CPU µs/request: ${cpu}; ` +
      `${spread(samples.map((s) => s.requestsPerSecond))}${errors > 0 ? `; ${errors} errors` : ''}`,
    ...(ratio ? { ratio } : {}),
  };
}

/** The ratio of median throughputs, `numerator / denominator`. */
export function throughputRatio(numerator: readonly LoadSample[], denominator: readonly LoadSample[], of: string, target?: Ratio['target']): Ratio {
  const rate = (samples: readonly LoadSample[]) => median(samples.map((sample) => sample.requestsPerSecond));
  return { value: rate(numerator) / rate(denominator), of, ...(target ? { target } : {}) };
}
