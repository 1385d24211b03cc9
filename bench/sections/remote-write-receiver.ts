import { join } from 'node:path';
import { CertificateMode, ClientAuth, PrometheusTlsProxyProps } from '../../lib';
import { NGINX_HTTPS_PORT, PROMETHEUS_LISTEN_ADDRESS } from '../../lib/container-layout';
import { startStack, synthesizeProxies } from '../../test/live/harness';
import type { RunningInstance, RunningStack } from '../../test/live/harness';
import type { RunOptions, RunResult } from '../../test/live/harness/processes';
import { listeningPids } from '../proxy/cpu';
import { UNMET_LIMITS } from '../proxy/targets';
import { CLIENT_CPU } from '../proxy/wrk';
import type { LoadOptions, LoadResult } from '../receiver/remote-write-load';
import { median, measureInterleaved, pairedRatio, spread } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const DOMAIN = 'receiver.example.com';
const CLIENT = 'bench';
/** Prometheus's default `max_samples_per_send`: what a sender's full batch holds. */
const SAMPLES_PER_REQUEST = 2000;
/** Concurrent senders (a sender's shards, or several senders), each over a keep-alive connection. */
const WORKERS = 8;
/** Short runs, many rounds: other work on a shared machine comes and goes within seconds, and a round's two runs should see the same. */
const SECONDS = 1.5;
const ROUNDS = 6;
const VARIANTS = ['direct', 'proxied'] as const;
type Variant = (typeof VARIANTS)[number];

/**
 * The central receiver of a fleet: client certificates required, the receiver on, and the per-client
 * request rates out of the way, so that the senders are never throttled: every sender here shares one
 * address, and the receivers' default of 200 requests of 2000 samples a second is less than the
 * receiver takes on two cores.
 */
const PROPS: PrometheusTlsProxyProps = {
  ...UNMET_LIMITS,
  domainName: DOMAIN,
  httpsPort: 8443,
  certificateMode: CertificateMode.PRIVATE_CA,
  clientAuth: ClientAuth.REQUIRED,
  clientCertificates: [CLIENT],
  enableRemoteWriteReceiver: true,
  scrapeInterval: '1s',
};

interface ReceiverSample extends LoadResult {
  /** CPU time per accepted sample in ns, by server role, and `generator` for the client. */
  readonly cpuNsPerSample: Record<string, number>;
  /** Cores the whole machine kept busy during the run (other work on a shared machine included), and ours. */
  readonly machineBusyCores: number;
  readonly ourBusyCores: number;
}

/**
 * Samples per second that Prometheus's remote-write receiver accepts, direct over HTTP on the pod's
 * loopback and through the construct's nginx (HTTPS, client certificate), from a hand-built
 * remote-write 1.0 client (bench/receiver/remote-write-load.ts) running beside them in the pod.
 */
export const remoteWriteReceiver: Section = {
  id: 'receiver',
  title: 'Proxy: remote-write receiver',
  async run({ log, line, root }) {
    log('starting Prometheus with the receiver behind nginx with client certificates required');
    const synthesized = synthesizeProxies('receiver', line, { receiver: PROPS });
    const stack = await startStack(synthesized, line);
    try {
      const [instance] = stack.instances;
      const inPod = (argv: string[], options?: RunOptions): Promise<RunResult> => stack.host.execInNetns(instance.podContainer, argv, options);
      const client = stack.tls.clientCertificate(CLIENT);
      const tls = { ca: instance.trustAnchor, ...client };
      const prometheus = await listeningPids(inPod, Number(PROMETHEUS_LISTEN_ADDRESS.split(':')[1]));
      const processes: Record<Variant, Record<string, number[]>> = {
        direct: { Prometheus: prometheus },
        proxied: { nginx: await listeningPids(inPod, NGINX_HTTPS_PORT), Prometheus: prometheus },
      };
      const options = (variant: Variant, seconds: number, notBeforeMs: number): LoadOptions => ({
        // Prometheus on the pod's loopback; nginx by the domain, which resolves to 127.0.0.1 on the Docker host's files.
        url: variant === 'direct' ? `http://${PROMETHEUS_LISTEN_ADDRESS}/api/v1/write` : `https://${instance.domain}:${NGINX_HTTPS_PORT}${instance.base}api/v1/write`,
        seconds,
        workers: WORKERS,
        samplesPerRequest: SAMPLES_PER_REQUEST,
        compress: true,
        notBeforeMs,
        // CPU time is read by the generator around its timed part only (not its start, nor the untimed requests).
        watch: processes[variant],
        ...(variant === 'proxied' ? { tls } : {}),
      });

      const appendedBefore = await appendedSamples(inPod);
      let lastTimestampMs = 0;
      let sent = 0;
      const measure = async (variant: Variant, seconds: number): Promise<ReceiverSample> => {
        const result = await generate(inPod, root, options(variant, seconds, lastTimestampMs));
        lastTimestampMs = result.lastTimestampMs;
        sent += (result.ok + result.untimedOk) * SAMPLES_PER_REQUEST;
        const perSample = (cpuMs: number) => (cpuMs * 1e6) / Math.max(result.acceptedSamples, 1);
        const ourMs = Object.values(result.serverCpuMs).reduce((sum, ms) => sum + ms, 0) + result.clientCpuMs;
        return {
          ...result,
          cpuNsPerSample: { ...Object.fromEntries(Object.entries(result.serverCpuMs).map(([role, ms]) => [role, perSample(ms)])), generator: perSample(result.clientCpuMs) },
          machineBusyCores: result.machineBusyMs / (result.seconds * 1000),
          ourBusyCores: ourMs / (result.seconds * 1000),
        };
      };

      // Untimed: both paths warm (nginx's upstream connections, Prometheus's head with every series).
      for (const variant of VARIANTS) await measure(variant, 1);
      log(`interleaving ${VARIANTS.join(' / ')}: ${ROUNDS} rounds of ${SECONDS} s, ${WORKERS} senders of ${SAMPLES_PER_REQUEST} samples per request`);
      const samples = await measureInterleaved(VARIANTS, { warmups: 0, minRounds: ROUNDS, maxRounds: ROUNDS, budgetMs: 0 }, (variant) => measure(variant as Variant, SECONDS));
      const [direct, proxied] = VARIANTS.map((variant) => samples.get(variant)!);

      // What Prometheus says it took: every sample sent and answered 2xx, plus its scrapes of itself.
      const appended = (await appendedSamples(inPod)) - appendedBefore;
      const outOfOrder = await metricSum(inPod, 'prometheus_tsdb_out_of_order_samples_total');
      const series = await querySeriesThroughProxy(stack, instance, tls);

      const rate = (of: readonly ReceiverSample[]) => of.map((s) => s.samplesPerSecond);
      const ratio = pairedRatio(rate(proxied), rate(direct));
      const rows: Row[] = [
        receiverRow(`remote write, ${SAMPLES_PER_REQUEST} samples/request, ${WORKERS} senders: Prometheus direct (HTTP)`, direct),
        receiverRow(`remote write, ${SAMPLES_PER_REQUEST} samples/request, ${WORKERS} senders: through the construct’s nginx (HTTPS, mTLS)`, proxied, {
          value: ratio,
          of: 'proxied / direct, paired',
          target: { atLeast: 0.8 },
        }),
      ];
      const cpu = (of: readonly ReceiverSample[], role: string) => median(of.map((s) => s.cpuNsPerSample[role] ?? 0));
      const servers = (of: readonly ReceiverSample[]) => cpu(of, 'nginx') + cpu(of, 'Prometheus');
      const all = (of: readonly ReceiverSample[]) => servers(of) + cpu(of, 'generator');
      const measured = [...samples.values()].flat();
      const statuses = countsOf(measured.map((s) => s.statuses));
      const errors = countsOf(measured.map((s) => s.errors));
      const firstError = measured.find((s) => s.firstError)?.firstError;
      return {
        rows,
        notes: [
          `A hand-built Prometheus remote-write 1.0 client (bench/receiver/remote-write-load.ts): protobuf WriteRequest, snappy block format, ` +
            `\`Content-Encoding: snappy\`, \`X-Prometheus-Remote-Write-Version: 0.1.0\`. ${WORKERS} senders, each with one request in flight over a ` +
            `keep-alive connection of its own, each owning ${SAMPLES_PER_REQUEST} series (node_exporter-like labels, ${WORKERS * SAMPLES_PER_REQUEST} in all; ` +
            `a count through the proxy afterwards finds ${series}) and sending every one of them once per request (${SAMPLES_PER_REQUEST} samples, ` +
            `Prometheus's default max_samples_per_send) at a timestamp that only grows, so that nothing is out of order. Bodies: ${median(proxied.map((s) => s.bodyBytes))} bytes of snappy ` +
            `(copies of repeated label bytes, samples as literals) for ${median(proxied.map((s) => s.protobufBytes))} bytes of protobuf.`,
          `The client runs in the pod on CPU ${CLIENT_CPU} (taskset), nginx and Prometheus unpinned; direct: http://${PROMETHEUS_LISTEN_ADDRESS}/api/v1/write on ` +
            `the pod's loopback; proxied: https://${DOMAIN}:${NGINX_HTTPS_PORT}${instance.base}api/v1/write with the client certificate “${CLIENT}”, ` +
            `trusting the private CA. One untimed run of 1 s each, then ${ROUNDS} rounds of ${SECONDS} s runs, the order rotating; each run starts with an untimed ` +
            'request per sender (its connection and TLS handshake).',
          'Ratio: how many samples the central receiver takes through the proxy for each one it takes direct, from the same senders on the same two cores; ' +
            'the proxy costs nginx’s CPU (TLS, the client certificate’s verification, the body copied through), the client’s TLS and a hop per request. ' +
            `The median of the per-round ratios of accepted samples per second, proxied / direct (${direct
            .map((d, i) => (proxied[i].samplesPerSecond / d.samplesPerSecond).toFixed(2))
            .join(', ')}); the ratio of the medians is ${(median(rate(proxied)) / median(rate(direct))).toFixed(2)}×. Target ≥ 0.8×.`,
          `CPU per accepted sample (median ns): direct Prometheus ${cpu(direct, 'Prometheus').toFixed(0)}, client ${cpu(direct, 'generator').toFixed(0)}; ` +
            `proxied nginx ${cpu(proxied, 'nginx').toFixed(0)}, Prometheus ${cpu(proxied, 'Prometheus').toFixed(0)}, client ${cpu(proxied, 'generator').toFixed(0)} ` +
            `(nginx ${((cpu(proxied, 'nginx') * SAMPLES_PER_REQUEST) / 1000).toFixed(0)} µs per request). With the cores saturated, CPU per sample predicts ` +
            `proxied / direct ${(servers(direct) / servers(proxied)).toFixed(2)}× for the servers alone, ${(all(direct) / all(proxied)).toFixed(2)}× with the client.`,
          `Cores busy during the runs (median): the whole machine direct ${median(direct.map((s) => s.machineBusyCores)).toFixed(2)}, proxied ` +
            `${median(proxied.map((s) => s.machineBusyCores)).toFixed(2)}, of which this benchmark's processes ${median(direct.map((s) => s.ourBusyCores)).toFixed(2)} ` +
            `and ${median(proxied.map((s) => s.ourBusyCores)).toFixed(2)}: on a shared machine, other work takes the rest, and moves throughput more than CPU per sample.`,
          `Prometheus appended ${appended} samples (prometheus_tsdb_head_samples_appended_total) for ${sent} sent and answered 2xx, untimed requests included ` +
            `(${appended - sent} more: its scrapes of itself); out-of-order samples ${outOfOrder}. ` +
            `Answers of the measured runs: ${statuses || 'none'}` +
            (errors ? `; not accepted: ${errors}, the first: ${firstError}.` : '.'),
        ],
        raw: Object.fromEntries(samples),
      };
    } finally {
      await stack.stop();
    }
  },
};

/** `204 ×3012, 400 ×2`: counts by key, summed over runs. */
function countsOf(records: readonly Record<string, number>[]): string {
  const sums = new Map<string, number>();
  for (const record of records) for (const [key, count] of Object.entries(record)) sums.set(key, (sums.get(key) ?? 0) + count);
  return [...sums].map(([key, count]) => `${key} ×${count}`).join(', ');
}

function receiverRow(name: string, samples: readonly ReceiverSample[], ratio?: Row['ratio']): Row {
  const of = (pick: (sample: ReceiverSample) => number) => median(samples.map(pick));
  const roles = Object.keys(samples[0].cpuNsPerSample);
  const errors = samples.reduce((sum, s) => sum + s.requests - s.ok, 0);
  return {
    name,
    median: of((s) => s.samplesPerSecond),
    unit: 'samples/s',
    detail:
      `${of((s) => s.requestsPerSecond).toFixed(0)} req/s, p50 ${of((s) => s.p50Ms).toFixed(1)} ms, p99 ${of((s) => s.p99Ms).toFixed(1)} ms; ` +
      `CPU ns/sample: ${roles.map((role) => `${role} ${of((s) => s.cpuNsPerSample[role]).toFixed(0)}`).join(', ')}; ` +
      `${spread(samples.map((s) => s.samplesPerSecond))}${errors > 0 ? `; ${errors} non-2xx` : ''}`,
    ...(ratio ? { ratio } : {}),
  };
}

/** One run of the generator in the pod, as a plain file: nsenter into the host's mount namespace keeps no usable cwd, so every path is absolute. */
async function generate(inPod: (argv: string[], options?: RunOptions) => Promise<RunResult>, root: string, options: LoadOptions): Promise<LoadResult> {
  const argv = [
    'taskset', '-c', CLIENT_CPU,
    process.execPath, '-r', join(root, 'node_modules/sucrase/register/index.js'), join(root, 'bench/receiver/remote-write-load.ts'),
    JSON.stringify(options),
  ];
  const result = await inPod(argv, { timeoutMs: (options.seconds + 30) * 1000 });
  if (result.code !== 0) throw new Error(`the remote-write generator exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return JSON.parse(result.stdout) as LoadResult;
}

/** The sum of a metric's series on Prometheus's own /metrics, read on the pod's loopback. */
async function metricSum(inPod: (argv: string[]) => Promise<RunResult>, name: string): Promise<number> {
  const { stdout } = await inPod(['curl', '-s', '--max-time', '10', `http://${PROMETHEUS_LISTEN_ADDRESS}/metrics`]);
  return stdout
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function appendedSamples(inPod: (argv: string[]) => Promise<RunResult>): Promise<number> {
  return metricSum(inPod, 'prometheus_tsdb_head_samples_appended_total');
}

/** The number of the generator's series, asked through the proxy with the client certificate. */
async function querySeriesThroughProxy(stack: RunningStack, instance: RunningInstance, tls: { ca: string; certificate: string; key: string }): Promise<string> {
  const query = encodeURIComponent('count({cluster="bench"})');
  const { stdout } = await stack.exec(['curl', '-s', '--max-time', '10', '--cacert', tls.ca, '--cert', tls.certificate, '--key', tls.key, `${instance.url}api/v1/query?query=${query}`]);
  try {
    const answer = JSON.parse(stdout) as { data: { result: { value: [number, string] }[] } };
    return `${answer.data.result[0]?.value[1] ?? 0} series`;
  } catch {
    return `no answer (${stdout.slice(0, 200)})`;
  }
}
