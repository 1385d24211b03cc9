import { addToHttp, removeDirective, setDirective } from './config-edits';

/** Under which requests a candidate is compared with the rendered config. */
export type TuningLoad = 'query=up' | 'query=up, gzip' | 'range' | 'range, gzip';

/** A change to the rendered nginx.conf, run beside it and measured against it. */
export interface Candidate {
  /** Part of the container's name. */
  readonly id: string;
  readonly change: string;
  readonly edit: (rendered: string) => string;
  readonly loads: readonly TuningLoad[];
}

/** Every directive of nginx-side compression, and the header that keeps Prometheus from compressing. */
const NGINX_GZIP = ['gzip', 'gzip_types', 'gzip_min_length', 'gzip_proxied', 'gzip_vary', 'proxy_set_header Accept-Encoding'];

/**
 * What the issue asks to tune, each as one edit of whatever the renderer writes today, so that the
 * same list measures the alternatives to each choice made: a kept change shows here as its reversal.
 */
export const CANDIDATES: readonly Candidate[] = [
  { id: 'keepalive-8', change: 'upstream keepalive 8', edit: (c) => setDirective(c, 'keepalive', '8'), loads: ['query=up'] },
  { id: 'keepalive-128', change: 'upstream keepalive 128', edit: (c) => setDirective(c, 'keepalive', '128'), loads: ['query=up'] },
  { id: 'no-keepalive', change: 'no upstream keepalive', edit: (c) => removeDirective(c, 'keepalive'), loads: ['query=up'] },
  {
    id: 'keepalive-requests',
    change: 'keepalive_requests 1000 (nginx’s default: clients reconnect every 1000 requests)',
    edit: (c) => setDirective(c, 'keepalive_requests', '1000'),
    loads: ['query=up'],
  },
  { id: 'workers-1', change: 'worker_processes 1', edit: (c) => setDirective(c, 'worker_processes', '1'), loads: ['query=up', 'range'] },
  { id: 'no-access-log', change: 'access_log off', edit: (c) => setDirective(c, 'access_log', 'off'), loads: ['query=up'] },
  {
    id: 'buffered-log',
    change: 'access_log buffered (32k, flushed every second)',
    edit: (c) => setDirective(c, 'access_log', '/dev/stdout combined buffer=32k flush=1s'),
    loads: ['query=up'],
  },
  { id: 'unbuffered', change: 'proxy_buffering off', edit: (c) => addToHttp(c, ['proxy_buffering off;']), loads: ['query=up', 'range'] },
  { id: 'proxy-buffers', change: 'proxy_buffers 16 16k', edit: (c) => addToHttp(c, ['proxy_buffer_size 16k;', 'proxy_buffers 16 16k;']), loads: ['range'] },
  { id: 'ssl-buffer-4k', change: 'ssl_buffer_size 4k', edit: (c) => addToHttp(c, ['ssl_buffer_size 4k;']), loads: ['range'] },
  {
    id: 'prometheus-gzip',
    change: 'Prometheus compresses, nginx passes through (no nginx gzip)',
    edit: (c) => NGINX_GZIP.reduce(removeDirective, c),
    loads: ['query=up, gzip', 'range, gzip'],
  },
];
