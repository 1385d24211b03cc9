import type { ProbeHost } from '../../test/live/harness/probes';
import { Load, LoadClient, WrkResult, headerArgs, runPinned } from './wrk';

/** The protocol h2load speaks over TLS: HTTP/2 (ALPN h2), or HTTP/1.1 with `--h1`. */
export type H2loadProtocol = 'h2' | 'http/1.1';

/**
 * A load client that runs h2load (Debian's nghttp2-client) for `load.seconds` on CLIENT_CPU with one
 * thread, `load.connections` connections and `streams` requests in flight on each (`-m`; HTTP/1.1
 * takes 1), so that HTTP/2 and HTTP/1.1 are compared by one tool. Latency percentiles come from
 * h2load's per-request log, written to its stdout.
 */
export function h2load(protocol: H2loadProtocol, streams = 1): LoadClient {
  if (protocol === 'http/1.1' && streams !== 1) throw new Error('HTTP/1.1 has one request in flight per connection');
  return async (host: ProbeHost, url: string, load: Load): Promise<WrkResult> => {
    const argv = ['h2load', '-t1', `-c${load.connections}`, `-m${streams}`, '-D', String(load.seconds), '--log-file=/dev/stdout'];
    if (protocol === 'http/1.1') argv.push('--h1');
    const { stdout, cpuMs } = await runPinned(host, [...argv, ...headerArgs(load), url], load.seconds);
    return { ...parseH2load(stdout), clientCpuMs: cpuMs };
  };
}

/** Reads h2load's summary and its per-request log (start µs, status, µs to the end of the response). */
export function parseH2load(output: string): Omit<WrkResult, 'clientCpuMs'> {
  const rate = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(output);
  const counts = /requests: \d+ total, \d+ started, (\d+) done, \d+ succeeded, (\d+) failed, (\d+) errored/.exec(output);
  const statuses = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  const traffic = /traffic: \S+ \((\d+)\) total/.exec(output);
  const durationsUs = [...output.matchAll(/^\d+\t(\d+)\t(\d+)$/gm)].map((m) => Number(m[2])).sort((a, b) => a - b);
  if (!rate || !counts || !statuses || !traffic || durationsUs.length === 0) throw new Error(`cannot read h2load's output:\n${output.slice(-2000)}`);
  const requests = Number(counts[1]);
  const percentileMs = (p: number) => durationsUs[Math.min(durationsUs.length - 1, Math.floor((p / 100) * durationsUs.length))] / 1000;
  return {
    requests,
    requestsPerSecond: Number(rate[1]),
    p50Ms: percentileMs(50),
    p99Ms: percentileMs(99),
    bytesPerResponse: Number(traffic[1]) / Math.max(requests, 1),
    errors: Number(counts[2]) + Number(counts[3]) + Number(statuses[3]) + Number(statuses[4]),
  };
}
