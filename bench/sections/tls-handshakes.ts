import { join } from 'node:path';
import { EcdsaCurve, KeyAlgorithm, PrometheusTlsProxyProps } from '../../lib';
import { NGINX_HTTPS_PORT } from '../../lib/container-layout';
import { startStack, synthesizeProxies } from '../../test/live/harness';
import type { RunningInstance } from '../../test/live/harness';
import type { ProbeHost } from '../../test/live/harness/probes';
import { cpuMsOf, listeningPids } from '../proxy/cpu';
import { HandshakeRun, secondConnection, timeHandshakes } from '../proxy/tls';
import { median, measureInterleaved, spread } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const SECONDS = 1;
/** The guide's key against the smallest the construct offers; the third renders `ssl_session_tickets off` (nginx < 1.23.2). */
/** Clients connect to 127.0.0.1 in each pod without SNI (s_time sends none): the address is in the certificate, as ipAddresses puts it. */
const KEYS: Record<string, PrometheusTlsProxyProps> = {
  'RSA-4096': { domainName: 'rsa.example.com', httpsPort: 8443, keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 4096, ipAddresses: ['127.0.0.1'] },
  'ECDSA P-256': { domainName: 'ecdsa.example.com', httpsPort: 9443, keyAlgorithm: KeyAlgorithm.ECDSA, ecdsaCurve: EcdsaCurve.P256, ipAddresses: ['127.0.0.1'] },
  'RSA-4096, nginx 1.22 image (no tickets)': {
    domainName: 'old.example.com',
    httpsPort: 10443,
    keyAlgorithm: KeyAlgorithm.RSA,
    nginxImage: 'nginx:1.22.1-alpine',
    ipAddresses: ['127.0.0.1'],
  },
};
type Key = 'RSA-4096' | 'ECDSA P-256' | 'RSA-4096, nginx 1.22 image (no tickets)';
const COMPARED: Key[] = ['RSA-4096', 'ECDSA P-256'];

const RESUMPTION_CHECKS = {
  'TLS 1.2, session ID (cache)': ['-tls1_2', '-no_ticket'],
  'TLS 1.2, ticket offered': ['-tls1_2'],
  'TLS 1.3': ['-tls1_3'],
} as const;

interface Sample extends HandshakeRun {
  /** CPU time of nginx's processes during the run. */
  readonly serverCpuMs: number;
}

/**
 * TLS handshakes against the construct's nginx: full handshakes per second with the guide's
 * RSA-4096 key and with ECDSA P-256 (openssl s_time -new, TLS 1.3, one client connecting again and
 * again), resumed ones (s_time -reuse, TLS 1.2), and whether a second connection resumes the first's
 * session with the rendered config, for TLS 1.2 (session cache and tickets) and TLS 1.3.
 */
export const tlsHandshakes: Section = {
  id: 'tls',
  title: 'TLS: handshakes and session resumption',
  async run({ scratch, log, line }) {
    log(`starting nginx with ${Object.keys(KEYS).join(', ')}`);
    const stack = await startStack(synthesizeProxies('tls', line, Object.fromEntries(Object.entries(KEYS).map(([, props], i) => [`key${i}`, props]))), line);
    try {
      const byKey = new Map((Object.keys(KEYS) as Key[]).map((key, i) => [key, stack.instances[i]]));
      const address = `127.0.0.1:${NGINX_HTTPS_PORT}`;
      /** openssl runs in the key's pod, beside nginx, as a client on the same host. */
      const pod = (key: Key): ProbeHost => ({ exec: (argv, options) => stack.host.execInNetns(byKey.get(key)!.podContainer, argv, options) });
      const pids = new Map(await Promise.all(COMPARED.map(async (key) => [key, await listeningPids((argv) => pod(key).exec(argv), NGINX_HTTPS_PORT)] as const)));
      const measure = async (key: Key, mode: '-new' | '-reuse', protocol: string[]): Promise<Sample> => {
        const before = cpuMsOf(pids.get(key)!);
        const run = await timeHandshakes(pod(key), address, mode, SECONDS, protocol);
        return { ...run, serverCpuMs: cpuMsOf(pids.get(key)!) - before };
      };

      log('full handshakes, TLS 1.3');
      const full = await measureInterleaved(COMPARED, { warmups: 0, minRounds: 2, maxRounds: 2, budgetMs: 0 }, (key) => measure(key as Key, '-new', []));
      log('resumed handshakes, TLS 1.2');
      const resumed = await measureInterleaved(COMPARED, { warmups: 0, minRounds: 1, maxRounds: 1, budgetMs: 0 }, (key) => measure(key as Key, '-reuse', ['-tls1_2']));
      log('session resumption checks');
      const checks: Record<string, Record<string, string>> = {};
      for (const [key, instance] of byKey) checks[key] = await resumptionChecks(pod(key), instance, address, scratch);

      const rate = (samples: Sample[]) => median(samples.map(perSecond));
      const serverMs = (key: Key) => median(full.get(key)!.map(serverMsPerHandshake));
      const rows: Row[] = [
        ...COMPARED.map((key, i) =>
          handshakeRow(`full handshakes, TLS 1.3: ${key}`, full.get(key)!, i === 0 ? undefined : rate(full.get(key)!) / rate(full.get(COMPARED[0])!)),
        ),
        ...COMPARED.map((key) => handshakeRow(`resumed handshakes, TLS 1.2 (s_time -reuse): ${key}`, resumed.get(key)!)),
      ];
      return {
        rows,
        notes: [
          `openssl s_time for ${SECONDS} s per run, one connection at a time from inside each pod to nginx on its loopback (no request sent, no SNI: the address is in the certificate); ` +
            'full handshakes in two rounds, rotating which key goes first. One sequential client is bound by the round trip of client and ' +
            'server CPU; the server’s CPU per handshake (nginx’s processes, from /proc) gives what nginx could serve per core.',
          `nginx’s CPU per full handshake: ${COMPARED.map((key) => `${key} ${serverMs(key).toFixed(2)} ms`).join(', ')}, so a core completes ` +
            `${(serverMs(COMPARED[0]) / serverMs(COMPARED[1])).toFixed(1)}× as many ECDSA P-256 handshakes as RSA-4096 ones (the RSA-4096 signature ` +
            'dominates; the sequential client’s rate ratio is smaller because its own share of each handshake does not shrink).',
          ...Object.entries(checks).map(([key, results]) => `Second connection resumes the first’s session, ${key}: ` + Object.entries(results).map(([check, line]) => `${check}: ${line}`).join('; ') + '.'),
          's_time -reuse cannot resume TLS 1.3 sessions (it never reads the ticket, which comes after the handshake), hence TLS 1.2 for the rates; s_client shows TLS 1.3 resuming.',
        ],
        raw: { full: Object.fromEntries(full), resumed: Object.fromEntries(resumed), checks },
      };
    } finally {
      await stack.stop();
    }
  },
};

function perSecond(sample: Sample): number {
  return (sample.connections * 1000) / sample.wallMs;
}

function serverMsPerHandshake(sample: Sample): number {
  return sample.serverCpuMs / sample.connections;
}

function handshakeRow(name: string, samples: Sample[], ratioToRsa?: number): Row {
  const serverMs = median(samples.map(serverMsPerHandshake));
  const reused = samples.reduce((sum, sample) => sum + sample.reused, 0);
  const total = samples.reduce((sum, sample) => sum + sample.connections, 0);
  return {
    name,
    median: median(samples.map(perSecond)),
    unit: 'handshakes/s',
    detail:
      `nginx CPU ${serverMs.toFixed(2)} ms per handshake (≈ ${(1000 / serverMs).toFixed(0)}/s per core); ` +
      `${reused} of ${total} resumed; ${spread(samples.map(perSecond))}`,
    ...(ratioToRsa === undefined ? {} : { ratio: { value: ratioToRsa, of: 'ECDSA / RSA' } }),
  };
}

async function resumptionChecks(host: ProbeHost, instance: RunningInstance, address: string, scratch: string): Promise<Record<string, string>> {
  const results: Record<string, string> = {};
  for (const [check, options] of Object.entries(RESUMPTION_CHECKS)) {
    results[check] = await secondConnection(host, address, [...options], join(scratch, `${instance.nginxContainer}-${check.replace(/\W+/g, '-')}.pem`));
  }
  return results;
}
