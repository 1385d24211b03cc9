import type { ProbeHost } from '../../test/live/harness/probes';

export interface HandshakeRun {
  /** Handshakes completed, one after the other, from one client. */
  readonly connections: number;
  /** Of those, how many resumed a session. */
  readonly reused: number;
  /** Wall time of the whole run, measured here: s_time reports whole seconds only. */
  readonly wallMs: number;
}

/**
 * `openssl s_time` against `address` (`ip:443`) for `seconds`: `-new` makes every connection a full
 * handshake, `-reuse` offers the first connection's session on every later one. Connections only, no
 * request, so that the handshake is what is timed.
 */
export async function timeHandshakes(host: ProbeHost, address: string, mode: '-new' | '-reuse', seconds: number, protocol: string[] = []): Promise<HandshakeRun> {
  const start = performance.now();
  const result = await host.exec(['openssl', 's_time', '-connect', address, mode, '-time', String(seconds), ...protocol], { timeoutMs: (seconds + 15) * 1000 });
  const wallMs = performance.now() - start;
  const summary = /^(\d+) connections in [\d.]+s;/m.exec(result.stdout);
  if (result.code !== 0 || !summary) throw new Error(`openssl s_time ${mode} ${address} failed (${result.code}):\n${result.stdout}${result.stderr}`);
  // Progress lines of one character per connection: `r` for a resumed session, `*` for a full handshake.
  const progress = result.stdout.split('\n').filter((line) => /^[*r]+$/.test(line.trim())).join('');
  return { connections: Number(summary[1]), reused: (progress.match(/r/g) ?? []).length, wallMs };
}

/**
 * Whether a second connection resumes the session of a first, with `s_client -sess_out` then
 * `-sess_in`. The first sends a request and reads until nginx closes, so that a TLS 1.3 client has
 * read the session ticket, which arrives after the handshake. Returns s_client's `New, ...` or
 * `Reused, ...` line of the second connection.
 */
export async function secondConnection(host: ProbeHost, address: string, options: string[], sessionFile: string): Promise<string> {
  const client = ['openssl', 's_client', '-connect', address, ...options].join(' ');
  const script =
    `printf 'GET / HTTP/1.1\\r\\nHost: bench\\r\\nConnection: close\\r\\n\\r\\n' | ${client} -ign_eof -sess_out ${sessionFile} >/dev/null 2>&1 && ` +
    `${client} -sess_in ${sessionFile} </dev/null 2>/dev/null | grep -E '^(New|Reused),'`;
  const result = await host.exec(['sh', '-c', script]);
  return result.stdout.trim() || `no session line (exit ${result.code})`;
}
