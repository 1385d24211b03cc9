/** The Prometheus API calls the proxy benchmarks load, as paths below the API's base. */

export const QUERY_UP = 'api/v1/query?query=up';
export const LABEL_VALUES = 'api/v1/label/job/values';

/** Heavier: a rate over Prometheus's own histogram buckets, every second of an hour. */
export const RANGE_QUERY = 'rate(prometheus_http_request_duration_seconds_bucket[1m])';

/**
 * RANGE_QUERY over the hour before `end` (Unix seconds) at a 1 s step. A fixed end makes every run
 * read the same samples while Prometheus keeps scraping.
 */
export function rangeQuery(end: number): string {
  return `api/v1/query_range?query=${encodeURIComponent(RANGE_QUERY)}&start=${end - 3600}&end=${end}&step=1`;
}

/** Grafana's Go HTTP client asks for gzip on every request; Prometheus then compresses its answers. */
export const ACCEPT_GZIP = 'Accept-Encoding: gzip';
