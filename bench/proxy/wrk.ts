import type { ProbeHost } from '../../test/live/harness/probes';
import { WITH_CPU_TIME, splitCpuTime } from '../runner/measure';

/** How hard wrk pushes: the same for every variant of a comparison. */
export interface Load {
  readonly connections: number;
  /** Whole seconds: wrk takes no fractions. */
  readonly seconds: number;
  /** Extra request headers, e.g. `Accept-Encoding: gzip`. */
  readonly headers?: readonly string[];
}

export interface WrkResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly bytesPerResponse: number;
  /** Non-2xx/3xx responses plus socket errors: a sample with any measured something else. */
  readonly errors: number;
  /** wrk's own CPU time (user + system). */
  readonly clientCpuMs: number;
}

/**
 * The CPU wrk runs on, for every run: one core of two, so that the client's share of the machine is
 * bounded and the same for every variant; the servers (nginx, Prometheus) may use both cores.
 */
export const CLIENT_CPU = '0';

/** Runs one bounded load against `url` from `host` (wrk, or h2load for HTTP/2). */
export type LoadClient = (host: ProbeHost, url: string, load: Load) => Promise<WrkResult>;

/**
 * Runs a load client's `argv` (its last argument the URL) on CLIENT_CPU, for `seconds` and some grace,
 * and returns its output and its CPU time; throws, with its output, when it fails.
 */
export async function runPinned(host: ProbeHost, argv: readonly string[], seconds: number): Promise<{ stdout: string; cpuMs: number }> {
  const result = await host.exec(['taskset', '-c', CLIENT_CPU, ...WITH_CPU_TIME, ...argv], { timeoutMs: (seconds + 20) * 1000 });
  const { cpuMs, stderr } = splitCpuTime(result.stderr);
  if (result.code !== 0) throw new Error(`${argv[0]} ${argv[argv.length - 1]} exited ${result.code}: ${stderr}${result.stdout}`);
  return { stdout: result.stdout, cpuMs };
}

/** The request headers of a load, as `-H` arguments (wrk and h2load take the same). */
export function headerArgs(load: Load): string[] {
  return (load.headers ?? []).flatMap((header) => ['-H', header]);
}

/** One bounded wrk run from the Docker host, on CLIENT_CPU with one thread, keep-alive connections. */
export const runWrk: LoadClient = async (host, url, load) => {
  const argv = ['wrk', '-t1', `-c${load.connections}`, `-d${load.seconds}s`, '--timeout', '5s', '--latency', ...headerArgs(load), url];
  const { stdout, cpuMs } = await runPinned(host, argv, load.seconds);
  return { ...parseWrk(stdout), clientCpuMs: cpuMs };
};

/** Reads wrk's `--latency` report. */
export function parseWrk(output: string): Omit<WrkResult, 'clientCpuMs'> {
  const summary = /(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read/.exec(output);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(output);
  // The latency distribution's lines, e.g. "     99%    4.21ms" or "     90%    1.02s " (padded).
  const latencies = new Map([...output.matchAll(/^\s+(\d+)%\s+([\d.]+)(\w+)\s*$/gm)].map((m) => [Number(m[1]), Number(m[2]) * MS_PER[m[3]]]));
  if (!summary || !rate || !latencies.has(50) || !latencies.has(99)) throw new Error(`cannot read wrk's output:\n${output}`);
  const requests = Number(summary[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)?.slice(1).map(Number) ?? [];
  return {
    requests,
    requestsPerSecond: Number(rate[1]),
    p50Ms: latencies.get(50)!,
    p99Ms: latencies.get(99)!,
    bytesPerResponse: (Number(summary[2]) * BYTES_PER[summary[3]]) / Math.max(requests, 1),
    errors: non2xx + socketErrors.reduce((sum, count) => sum + count, 0),
  };
}

const MS_PER: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };
/** wrk's units are binary: 1KB is 1024 bytes. */
const BYTES_PER: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
