/**
 * A Prometheus remote-write 1.0 load generator, on Node's built-ins (and bench/proxy/cpu.ts) so that it
 * runs as a plain file in a pod's network namespace:
 *
 *   node -r /abs/node_modules/sucrase/register/index.js /abs/bench/receiver/remote-write-load.ts '<LoadOptions as JSON>'
 *
 * It prints one LoadResult as JSON. `workers` loops each send one request at a time over a keep-alive
 * connection of their own, for `seconds`, after one untimed request each (the connection, the TLS
 * handshake, and the series' creation in Prometheus's head on a first run). Every worker owns its series
 * (label `worker`) and sends each of them once per request, all at one timestamp that only grows, as a
 * scrape would: nothing is ever out of order, and later runs with the same options append to the same
 * series when `notBeforeMs` is the last run's `lastTimestampMs`.
 *
 * The body is built by hand: a protobuf `WriteRequest` (prompb, remote write 1.0) compressed in snappy's
 * block format. Each worker encodes its body once; a request only rewrites each sample's value and
 * timestamp, which keep their widths (a double; a varint of 6 bytes for millisecond timestamps of
 * 1971 to 2109), at offsets known in both the protobuf and the snappy stream. With `compress`, the
 * snappy stream holds copies of the constant bytes (the labels) and the samples as literals, so that
 * it compresses about as Prometheus's own sender does; without it, the stream is literals only (valid
 * snappy that compresses nothing).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { cpuMsOf } from '../proxy/cpu';

export interface LoadOptions {
  /** `http://127.0.0.1:9090/api/v1/write`, or `https://DOMAIN:443/PREFIX/api/v1/write`. */
  readonly url: string;
  readonly seconds: number;
  /** Concurrent senders, each over a keep-alive connection of its own, one request in flight each. */
  readonly workers: number;
  /** Samples per request: one for each of the worker's series (Prometheus's `max_samples_per_send` is 2000). */
  readonly samplesPerRequest: number;
  /** Snappy copies for repeated bytes, as a real sender's snappy finds them; else literals only. */
  readonly compress: boolean;
  /** PEM files: the CA to trust, and the client certificate and key (mTLS). */
  readonly tls?: { readonly ca: string; readonly certificate: string; readonly key: string };
  /** No timestamp before this (ms since the epoch): the last run's `lastTimestampMs`, so that runs never overlap. */
  readonly notBeforeMs?: number;
  /** Server processes by role (e.g. nginx's master and workers), whose CPU time over the timed part is reported. */
  readonly watch?: Readonly<Record<string, readonly number[]>>;
}

export interface LoadResult {
  /** Timed requests answered (any status) or failed. */
  readonly requests: number;
  /** Answered 2xx: their samples were accepted. */
  readonly ok: number;
  /** The untimed first request of each worker answered 2xx: samples Prometheus also appended. */
  readonly untimedOk: number;
  /** Every answer by status (204 from Prometheus's receiver), timed or not. */
  readonly statuses: Record<string, number>;
  /** Non-2xx answers by status, and failures by error code, timed or not. */
  readonly errors: Record<string, number>;
  /** The first non-2xx answer's body, to say why. */
  readonly firstError?: string;
  readonly acceptedSamples: number;
  /** From the first timed request to the last answer. */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Snappy-compressed body, and the protobuf it holds. */
  readonly bodyBytes: number;
  readonly protobufBytes: number;
  /** The generator's own user + system CPU time over the timed part. */
  readonly clientCpuMs: number;
  /** CPU time of each role of `watch` over the timed part. */
  readonly serverCpuMs: Record<string, number>;
  /** Non-idle time of all the machine's CPUs over the timed part: other work on a shared machine included. */
  readonly machineBusyMs: number;
  /** The greatest timestamp sent: the next run's `notBeforeMs`. */
  readonly lastTimestampMs: number;
}

// ---------------------------------------------------------------- protobuf (prompb, remote write 1.0)

/** Field tags: (field number << 3) | wire type; 2 is length-delimited, 1 is fixed64, 0 a varint. */
const TAG = {
  writeRequestTimeseries: (1 << 3) | 2,
  timeSeriesLabels: (1 << 3) | 2,
  timeSeriesSamples: (2 << 3) | 2,
  labelName: (1 << 3) | 2,
  labelValue: (2 << 3) | 2,
  sampleValue: (1 << 3) | 1,
  sampleTimestamp: (2 << 3) | 0,
} as const;

/** Bytes of a millisecond timestamp's varint from 2^35 (1971) to 2^42 (2109): six, so it can be rewritten in place. */
const TIMESTAMP_VARINT_BYTES = 6;

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value >= 0x80) {
    bytes.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  bytes.push(value);
  return bytes;
}

function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

/** Writes `timestamp` as a varint of exactly TIMESTAMP_VARINT_BYTES bytes at `offset`. */
function writeTimestamp(buffer: Buffer, offset: number, timestamp: number): void {
  if (timestamp < 2 ** 35 || timestamp >= 2 ** 42) throw new Error(`timestamp ${timestamp} does not fit ${TIMESTAMP_VARINT_BYTES} varint bytes`);
  let rest = timestamp;
  for (let i = 0; i < TIMESTAMP_VARINT_BYTES; i++) {
    const low = rest % 0x80;
    rest = Math.floor(rest / 0x80);
    buffer[offset + i] = i < TIMESTAMP_VARINT_BYTES - 1 ? low | 0x80 : low;
  }
}

/** A sample's bytes: tag, double, tag, timestamp varint. Offsets of the value and timestamp within it. */
const SAMPLE_BYTES = 1 + 8 + 1 + TIMESTAMP_VARINT_BYTES;
const SAMPLE_VALUE_AT = 1;
const SAMPLE_TIMESTAMP_AT = 1 + 8 + 1;

/** One worker's series, sorted by label name as remote write 1.0 requires, as node_exporter-like metrics. */
export function seriesLabels(worker: number, count: number): [string, string][][] {
  return Array.from({ length: count }, (_, i) => [
    ['__name__', `bench_metric_${i % 40}_total`],
    ['cluster', 'bench'],
    ['instance', `10.${worker}.${Math.floor(i / 250)}.${i % 250}:9100`],
    ['job', 'node'],
    ['series', String(i)],
    ['worker', String(worker)],
  ]);
}

/** Bytes of a length-delimited field holding `length` bytes: tag, length, content. */
const field = (length: number) => 1 + varintLength(length) + length;

/**
 * A WriteRequest with one sample per series (values and timestamps zero: `samplesAt` gives where each
 * sample's bytes are, for writing them per request), written straight into one buffer.
 */
export function encodeWriteRequest(series: [string, string][][]): { protobuf: Buffer; samplesAt: number[] } {
  const sizes = series.map((labels) => {
    const labelSizes = labels.map(([name, value]) => field(Buffer.byteLength(name)) + field(Buffer.byteLength(value)));
    const timeSeries = labelSizes.reduce((sum, size) => sum + field(size), 0) + field(SAMPLE_BYTES);
    return { labelSizes, timeSeries };
  });
  const protobuf = Buffer.alloc(sizes.reduce((sum, { timeSeries }) => sum + field(timeSeries), 0));
  let at = 0;
  const byte = (value: number) => (protobuf[at++] = value);
  const header = (tag: number, length: number) => {
    byte(tag);
    for (; length >= 0x80; length >>>= 7) byte((length & 0x7f) | 0x80);
    byte(length);
  };
  const text = (tag: number, value: string) => {
    header(tag, Buffer.byteLength(value));
    at += protobuf.write(value, at);
  };
  const samplesAt: number[] = [];
  series.forEach((labels, i) => {
    header(TAG.writeRequestTimeseries, sizes[i].timeSeries);
    labels.forEach(([name, value], j) => {
      header(TAG.timeSeriesLabels, sizes[i].labelSizes[j]);
      text(TAG.labelName, name);
      text(TAG.labelValue, value);
    });
    header(TAG.timeSeriesSamples, SAMPLE_BYTES);
    samplesAt.push(at);
    byte(TAG.sampleValue);
    at += 8;
    byte(TAG.sampleTimestamp);
    writeTimestamp(protobuf, at, 2 ** 35);
    at += TIMESTAMP_VARINT_BYTES;
  });
  if (at !== protobuf.length) throw new Error(`wrote ${at} bytes of a ${protobuf.length}-byte WriteRequest`);
  return { protobuf, samplesAt };
}

// ---------------------------------------------------------------- snappy, block format

/** Where a piece of the protobuf sits in the snappy stream, as a literal: `length` bytes from `from` to `to`. */
interface Piece {
  readonly from: number;
  readonly to: number;
  readonly length: number;
}

/** The snappy literal element's tag for `length` bytes (1 to 2^32). */
function literalTag(length: number): number[] {
  const n = length - 1;
  if (n < 60) return [n << 2];
  if (n < 0x100) return [60 << 2, n];
  if (n < 0x10000) return [61 << 2, n & 0xff, n >> 8];
  if (n < 0x1000000) return [62 << 2, n & 0xff, (n >> 8) & 0xff, n >> 16];
  return [63 << 2, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, Math.floor(n / 0x1000000)];
}

/** Literal chunks at most as long as the reference encoder's blocks. */
const MAX_LITERAL = 65536;
const MAX_COPY_OFFSET = 65535;
const MIN_MATCH = 4;

/**
 * Snappy's block format: the uncompressed length as a varint, then elements. With `compress`, a
 * greedy compressor (a hash of 4 bytes to the last position holding them) emits copies (2-byte
 * offsets, up to 64 bytes each) of bytes seen before, never of or into the ranges marked in
 * `volatile`; those stay literals, and `pieces` says where, so that they can be rewritten in the
 * stream without compressing again. Without `compress`: literals only.
 */
export function snappyEncode(input: Buffer, volatile: Uint8Array, compress: boolean): { stream: Buffer; pieces: Piece[] } {
  const out: number[] = [...varint(input.length)];
  const chunks: Buffer[] = [];
  let size = 0;
  const flush = () => {
    chunks.push(Buffer.from(out));
    size += out.length;
    out.length = 0;
  };
  const pieces: Piece[] = [];
  /** Bytes of input before `i` that are volatile: a range is constant when the count does not change over it. */
  const volatileBefore = new Uint32Array(input.length + 1);
  for (let i = 0; i < input.length; i++) volatileBefore[i + 1] = volatileBefore[i] + volatile[i];
  const constant = (from: number, length: number) => volatileBefore[from + length] === volatileBefore[from];

  const emitLiteral = (from: number, to: number) => {
    for (let start = from; start < to; start += MAX_LITERAL) {
      const end = Math.min(to, start + MAX_LITERAL);
      out.push(...literalTag(end - start));
      flush();
      const at = size;
      chunks.push(input.subarray(start, end));
      size += end - start;
      // Runs of volatile bytes in this literal.
      let i = start;
      while (i < end) {
        if (!volatile[i]) {
          i++;
          continue;
        }
        const runStart = i;
        while (i < end && volatile[i]) i++;
        pieces.push({ from: runStart, to: at + (runStart - start), length: i - runStart });
      }
    }
  };

  let literalFrom = 0;
  if (compress) {
    const table = new Int32Array(1 << 15).fill(-1);
    const hash = (i: number) => (Math.imul(input.readUInt32LE(i), 0x1e35a7bd) >>> 17) & 0x7fff;
    let i = 0;
    while (i + MIN_MATCH <= input.length) {
      if (!constant(i, MIN_MATCH)) {
        i++;
        continue;
      }
      const h = hash(i);
      const candidate = table[h];
      table[h] = i;
      if (candidate < 0 || i - candidate > MAX_COPY_OFFSET || input.readUInt32LE(candidate) !== input.readUInt32LE(i)) {
        i++;
        continue;
      }
      let length = MIN_MATCH;
      while (i + length < input.length && !volatile[i + length] && !volatile[candidate + length] && input[candidate + length] === input[i + length]) length++;
      if (literalFrom < i) emitLiteral(literalFrom, i);
      const offset = i - candidate;
      for (let left = length; left > 0; left -= 64) out.push(((Math.min(left, 64) - 1) << 2) | 2, offset & 0xff, offset >> 8);
      i += length;
      literalFrom = i;
    }
  }
  emitLiteral(literalFrom, input.length);
  flush();
  return { stream: Buffer.concat(chunks), pieces };
}

/** Snappy's block format decoded, for checking the encoder. */
export function snappyDecode(stream: Buffer): Buffer {
  let at = 0;
  let length = 0;
  for (let shift = 1; ; shift *= 0x80) {
    const byte = stream[at++];
    length += (byte & 0x7f) * shift;
    if (byte < 0x80) break;
  }
  const out = Buffer.alloc(length);
  let written = 0;
  while (at < stream.length) {
    const tag = stream[at++];
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >> 2;
      if (n >= 60) {
        const bytes = n - 59;
        n = 0;
        for (let b = 0; b < bytes; b++) n += stream[at++] * 0x100 ** b;
      }
      stream.copy(out, written, at, at + n + 1);
      at += n + 1;
      written += n + 1;
      continue;
    }
    let copyLength: number;
    let offset: number;
    if (kind === 1) {
      copyLength = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | stream[at++];
    } else if (kind === 2) {
      copyLength = (tag >> 2) + 1;
      offset = stream.readUInt16LE(at);
      at += 2;
    } else {
      copyLength = (tag >> 2) + 1;
      offset = stream.readUInt32LE(at);
      at += 4;
    }
    if (offset === 0 || offset > written) throw new Error(`snappy copy at ${at} reaches before the start`);
    for (let k = 0; k < copyLength; k++) out[written + k] = out[written - offset + k];
    written += copyLength;
  }
  if (written !== length) throw new Error(`snappy stream decodes to ${written} bytes, its header says ${length}`);
  return out;
}

// ---------------------------------------------------------------- one worker's body

/** A worker's request body, built once; `at(timestamp, value)` rewrites every sample in place. */
export class WriteBody {
  readonly stream: Buffer;
  readonly protobuf: Buffer;
  private readonly samplesAt: number[];
  private readonly pieces: Piece[];

  constructor(worker: number, samples: number, compress: boolean) {
    const { protobuf, samplesAt } = encodeWriteRequest(seriesLabels(worker, samples));
    const volatile = new Uint8Array(protobuf.length);
    for (const at of samplesAt) volatile.fill(1, at + SAMPLE_VALUE_AT, at + SAMPLE_BYTES);
    const { stream, pieces } = snappyEncode(protobuf, volatile, compress);
    this.protobuf = protobuf;
    this.samplesAt = samplesAt;
    this.stream = stream;
    this.pieces = pieces;
  }

  /** Every sample at `timestamp`, series i with value `base * (1 + i % 7)`: counters that grow. */
  at(timestamp: number, base: number): Buffer {
    this.samplesAt.forEach((at, i) => {
      this.protobuf.writeDoubleLE(base * (1 + (i % 7)), at + SAMPLE_VALUE_AT);
      writeTimestamp(this.protobuf, at + SAMPLE_TIMESTAMP_AT, timestamp);
    });
    for (const piece of this.pieces) this.protobuf.copy(this.stream, piece.to, piece.from, piece.from + piece.length);
    return this.stream;
  }
}

// ---------------------------------------------------------------- load

const MS_PER_TICK = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** Non-idle time of all the machine's CPUs so far, in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user): all but idle and iowait.
  return (ticks.slice(0, 8).reduce((sum, t) => sum + t, 0) - ticks[3] - ticks[4]) * MS_PER_TICK;
}

const HEADERS = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'User-Agent': 'prometheus-tls-proxy-bench/remote-write-load',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

type Answer = { status: number; body?: string } | { error: string };

function sender(options: LoadOptions): (body: Buffer) => Promise<Answer> {
  const url = new URL(options.url);
  const secure = url.protocol === 'https:';
  const agentOptions = { keepAlive: true, maxSockets: 1 };
  const agent = secure
    ? new https.Agent({
        ...agentOptions,
        ca: readFileSync(options.tls!.ca),
        cert: readFileSync(options.tls!.certificate),
        key: readFileSync(options.tls!.key),
      })
    : new http.Agent(agentOptions);
  const request = secure ? https.request : http.request;
  return (body) =>
    new Promise((resolve) => {
      const req = request(url, { method: 'POST', agent, headers: { ...HEADERS, 'Content-Length': body.length } }, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => status >= 300 && chunks.push(chunk));
        res.on('end', () => resolve({ status, body: status >= 300 ? Buffer.concat(chunks).toString('utf8').slice(0, 500) : undefined }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      req.end(body);
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const bodies = Array.from({ length: options.workers }, (_, worker) => new WriteBody(worker, options.samplesPerRequest, options.compress));
  // The encoder checked once: what Prometheus will decode is the protobuf, samples rewritten included.
  bodies[0].at(2 ** 40, 1);
  if (!snappyDecode(bodies[0].stream).equals(bodies[0].protobuf)) throw new Error('the snappy stream does not decode to the protobuf');

  let lastTimestamp = Math.max(options.notBeforeMs ?? 0, Date.now() - 1);
  const nextTimestamp = () => (lastTimestamp = Math.max(Date.now(), lastTimestamp + 1));
  const sends = bodies.map(() => sender(options));
  let sequence = 0;
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let firstError: string | undefined;
  const record = (answer: Answer): boolean => {
    if ('status' in answer) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if ('status' in answer && answer.status >= 200 && answer.status < 300) return true;
    const key = 'status' in answer ? String(answer.status) : answer.error;
    errors[key] = (errors[key] ?? 0) + 1;
    firstError ??= 'status' in answer ? `${answer.status}: ${answer.body}` : answer.error;
    return false;
  };

  // Untimed: every connection open (and its TLS handshake done), the series in Prometheus's head.
  const primed = await Promise.all(bodies.map((body, worker) => sends[worker](body.at(nextTimestamp(), ++sequence)).then(record)));

  const latencies: number[] = [];
  let requests = 0;
  let ok = 0;
  const watched = Object.entries(options.watch ?? {});
  const serversBefore = watched.map(([, pids]) => cpuMsOf(pids));
  const machineBefore = machineBusyMs();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + options.seconds * 1000;
  await Promise.all(
    bodies.map(async (body, worker) => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const answer = await sends[worker](body.at(nextTimestamp(), ++sequence));
        latencies.push(performance.now() - sent);
        requests++;
        if (record(answer)) ok++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineBusyMs() - machineBefore;
  const servers = watched.map(([role, pids], i) => [role, cpuMsOf(pids) - serversBefore[i]] as const);
  latencies.sort((a, b) => a - b);
  const acceptedSamples = ok * options.samplesPerRequest;
  return {
    requests,
    ok,
    untimedOk: primed.filter(Boolean).length,
    statuses,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    acceptedSamples,
    seconds,
    samplesPerSecond: acceptedSamples / seconds,
    requestsPerSecond: requests / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    bodyBytes: bodies[0].stream.length,
    protobufBytes: bodies[0].protobuf.length,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    serverCpuMs: Object.fromEntries(servers),
    machineBusyMs: machine,
    lastTimestampMs: lastTimestamp,
  };
}

if (require.main === module) {
  runLoad(JSON.parse(process.argv[2]) as LoadOptions).then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      // Keep-alive sockets would hold the process open.
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
      process.exit(1);
    },
  );
}
