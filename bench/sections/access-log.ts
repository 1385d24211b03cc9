import { NGINX_PATHS } from '../../lib/container-layout';
import { ACCESS_LOG_BUFFER, ACCESS_LOG_FLUSH } from '../../lib/render/nginx/http';
import type { BesideOptions } from '../../test/live/harness';
import { LoadTarget, loadRow, measureLoad, throughputRatio } from '../proxy/load';
import { prometheusWithOwnTls } from '../proxy/native-tls';
import { ACCEPT_GZIP, LABEL_VALUES, QUERY_UP } from '../proxy/queries';
import { UNMET_LIMITS, withInstance } from '../proxy/targets';
import type { Load } from '../proxy/wrk';
import { median, measureInterleaved, pairedRatio } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const DOMAIN = 'logs.example.com';
const NATIVE_TLS_PORT = 9091;
/** The access log the construct renders (stdout, buffered), which each variant replaces. */
const RENDERED = `access_log /dev/stdout proxy buffer=${ACCESS_LOG_BUFFER} flush=${ACCESS_LOG_FLUSH};`;

/** Each variant: a copy of the construct's nginx with its access log changed, and the log driver of its container. */
const COPIES: Record<string, { title: string; accessLog: string; logDriver?: string }> = {
  'log-off': { title: 'access log off', accessLog: 'access_log off;' },
  'log-unbuffered': { title: 'stdout, a write per request (json-file), as before', accessLog: 'access_log /dev/stdout proxy;' },
  'log-local': { title: 'stdout, a write per request, local log driver', accessLog: 'access_log /dev/stdout proxy;', logDriver: 'local' },
  'log-local-buffered': { title: 'stdout, buffered, local log driver', accessLog: RENDERED, logDriver: 'local' },
  'log-file': { title: 'a file on the tmpfs, buffered', accessLog: `access_log ${NGINX_PATHS.cache}/access.log proxy buffer=${ACCESS_LOG_BUFFER} flush=${ACCESS_LOG_FLUSH};` },
};

const LOAD: Load = { connections: 16, seconds: 2 };

/**
 * What nginx's access log costs on a real engine, where every line goes through the container's
 * stdout into Docker's log driver, and what the options cost instead: side by side against one
 * Prometheus, each option a copy of the construct's nginx in the pod, against Prometheus direct and
 * Prometheus's own TLS (the issue's bars: ≥ 0.6× direct, ≥ 1.0× native TLS).
 */
export const accessLog: Section = {
  id: 'access-log',
  title: 'Access log: what it costs on the engine, and the options',
  async run({ log, line }) {
    const beside: BesideOptions = {
      nginx: Object.fromEntries(
        Object.entries(COPIES).map(([name, copy]) => [
          name,
          {
            config: ({ rendered }: { rendered: string }) => {
              if (!rendered.includes(RENDERED)) throw new Error(`the rendered config has no \`${RENDERED}\``);
              return rendered.replace(RENDERED, copy.accessLog);
            },
            logDriver: copy.logDriver,
          },
        ]),
      ),
      prometheus: { 'native-tls-prometheus': prometheusWithOwnTls(NATIVE_TLS_PORT) },
    };
    const props = { domainName: DOMAIN, httpsPort: 8443, scrapeInterval: '1s', ...UNMET_LIMITS };
    return withInstance(props, { name: 'logs', line, beside }, async (instance, targets) => {
      const variants = ['direct', 'native TLS', 'construct', ...Object.keys(COPIES)];
      const target = (variant: string, path: string, headers: readonly string[]): LoadTarget => {
        if (variant === 'direct') return targets.direct(path, headers);
        if (variant === 'native TLS') return targets.nativeTls(path, NATIVE_TLS_PORT, headers);
        return targets.proxied(path, variant === 'construct' ? undefined : variant, headers);
      };
      for (const variant of variants) await measureLoad(instance, target(variant, QUERY_UP, []), { connections: 16, seconds: 1 });
      const rows: Row[] = [];
      const notes: string[] = [];
      const raw: Record<string, unknown> = {};
      for (const [name, path, headers] of [['query=up', QUERY_UP, []], ['label values, gzip', LABEL_VALUES, [ACCEPT_GZIP]]] as const) {
        log(`interleaving ${variants.join(' / ')} for ${name}`);
        const samples = await measureInterleaved(variants, { warmups: 0, minRounds: 3, maxRounds: 3, budgetMs: 0 }, (variant) =>
          measureLoad(instance, target(variant, path, headers), LOAD),
        );
        const title = (variant: string) => `${name}: ${variant === 'direct' ? 'Prometheus direct (HTTP)' : variant === 'native TLS' ? 'Prometheus’s own TLS' : variant === 'construct' ? `construct, as rendered (stdout, buffered ${ACCESS_LOG_BUFFER}, flush ${ACCESS_LOG_FLUSH}, json-file)` : COPIES[variant].title}`;
        for (const variant of variants) {
          const of = samples.get(variant)!;
          if (variant === 'direct' || variant === 'native TLS') rows.push(loadRow(title(variant), of));
          else rows.push(loadRow(title(variant), of, throughputRatio(of, samples.get('direct')!, 'this / direct', name === 'query=up' ? { atLeast: 0.6 } : undefined)));
        }
        const rates = (variant: string) => samples.get(variant)!.map((s) => s.requestsPerSecond);
        notes.push(
          `${name}: paired ratios, each against direct and against native TLS: ` +
            variants
              .filter((v) => v !== 'direct' && v !== 'native TLS')
              .map((v) => `${v} ${pairedRatio(rates(v), rates('direct')).toFixed(2)}× / ${pairedRatio(rates(v), rates('native TLS')).toFixed(2)}×`)
              .join(', ') +
            `; medians ${variants.map((v) => `${v} ${median(rates(v)).toFixed(0)}`).join(', ')} req/s.`,
        );
        raw[name] = Object.fromEntries(samples);
      }
      notes.unshift(
        `wrk -t1 -c${LOAD.connections}, ${LOAD.seconds} s runs, three interleaved rounds, in the pod's network namespace beside nginx. ` +
          'Each option is a copy of the construct’s nginx container in the pod, with its access_log directive (and, for “local”, its log driver) changed. ' +
          'The json-file and local drivers are Docker’s: the line leaves nginx through a pipe to containerd-shim, and dockerd encodes and writes it; ' +
          'their CPU is not in the per-request columns (those count nginx, Prometheus and wrk), but it is in the throughput.',
      );
      return { rows, notes, raw };
    }, [NATIVE_TLS_PORT]);
  },
};
