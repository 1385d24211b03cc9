/**
 * How Prometheus's memory limit is shared out, from what one query or one remote-write request can
 * take of it, as measured on Prometheus 3.5 and 2.42 under the construct's images (BENCHMARKS.md,
 * "Bounded queries and receivers"). Pure: resolution derives the defaults of the query and receiver
 * limits from these, and the README explains them.
 */

/** What Prometheus holds per sample a query loads, at most: 44 to 57 bytes measured on 3.5, 86 on 2.42. */
export const BYTES_PER_LOADED_SAMPLE = 100;

/** The share of the memory limit that concurrent queries may take; the head block, the WAL and scrapes need the rest. */
export const QUERY_MEMORY_SHARE = 0.5;

/** The share that concurrent remote-write requests may take, while being unmarshalled. */
export const RECEIVER_MEMORY_SHARE = 0.25;

/** The most a snappy block decodes to per byte of it (21.3 measured with 64-byte copies). */
export const SNAPPY_MAX_EXPANSION = 21;

/** What Prometheus holds per decoded byte of a remote-write request while it unmarshals it: 10 to 12.5 measured. */
export const UNMARSHAL_BYTES_PER_DECODED_BYTE = 13;

/** Where Go's garbage collector aims, as a share of the limit (`GOMEMLIMIT`; Prometheus 3's own `--auto-gomemlimit` ratio). */
export const GO_MEMORY_LIMIT_SHARE = 0.9;

/** `--query.max-samples`: `concurrency` queries of that many samples take QUERY_MEMORY_SHARE of `memoryMb`. */
export function defaultQueryMaxSamples(memoryMb: number, concurrency: number): number {
  return Math.floor((memoryMb * 2 ** 20 * QUERY_MEMORY_SHARE) / (concurrency * BYTES_PER_LOADED_SAMPLE));
}

/** Receiver requests at once: as many of the largest allowed body as RECEIVER_MEMORY_SHARE of `memoryMb` holds, at least one. */
export function defaultReceiverRequestsInFlight(memoryMb: number, bodyLimitMb: number): number {
  const perRequestMb = bodyLimitMb * SNAPPY_MAX_EXPANSION * UNMARSHAL_BYTES_PER_DECODED_BYTE;
  return Math.max(1, Math.floor((memoryMb * RECEIVER_MEMORY_SHARE) / perRequestMb));
}

/** `GOMEMLIMIT` for a memory limit in MB, in Go's units. */
export function goMemoryLimit(memoryMb: number): string {
  return `${Math.floor(memoryMb * GO_MEMORY_LIMIT_SHARE)}MiB`;
}
