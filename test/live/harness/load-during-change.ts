/**
 * A client of the proxy for the whole of a change (a renewal, a config change): one request every
 * `intervalMs` on a new TLS connection, and one every `intervalMs` on a kept-alive connection, as a
 * browser and Grafana make them. Runs until SIGTERM, then prints one JSON line: the outcome of every
 * request and the certificate each connection was served.
 *
 * The kept-alive client retries a GET once when it fails on a reused connection before any byte of
 * the answer arrived: a server may close an idle connection while the request is under way, and
 * every HTTP client that keeps connections alive (browsers, Go, curl) retries then, as RFC 9112
 * section 9.3.1 allows for idempotent requests (Node's docs give the same recipe: `reusedSocket`).
 *
 *   node -r sucrase/register load-during-change.ts URL CA_FILE INTERVAL_MS
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, get } from 'node:https';
import type { TLSSocket } from 'node:tls';

/** One request's outcome, as the JSON line prints it. */
export interface Outcome {
  readonly at: number;
  readonly client: 'new-connection' | 'keep-alive';
  /** The HTTP status, or the error's code. */
  readonly result: number | string;
  /** SHA-256 of the certificate the connection was served (new connections only). */
  readonly certificate?: string;
  readonly retried?: boolean;
}

const [url, caFile, intervalText] = process.argv.slice(2);
const ca = readFileSync(caFile);
const interval = Number(intervalText);
const outcomes: Outcome[] = [];
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1, ca });

function once(agent: Agent | false): Promise<{ status: number | string; certificate?: string; reused: boolean; answered: boolean }> {
  return new Promise((resolve) => {
    let answered = false;
    const request = get(url, { agent, ca, timeout: 5000 }, (response) => {
      answered = true;
      const socket = response.socket as TLSSocket;
      const peer = socket.getPeerCertificate?.();
      const certificate = peer?.raw ? createHash('sha256').update(peer.raw).digest('hex') : undefined;
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, certificate, reused: request.reusedSocket, answered }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, reused: request.reusedSocket, answered }));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, reused: request.reusedSocket, answered }));
  });
}

async function newConnection(): Promise<void> {
  const result = await once(false);
  outcomes.push({ at: Date.now(), client: 'new-connection', result: result.status, certificate: result.certificate });
}

async function keptAlive(): Promise<void> {
  let result = await once(keepAlive);
  let retried = false;
  if (typeof result.status === 'string' && result.reused && !result.answered) {
    retried = true;
    result = await once(keepAlive);
  }
  outcomes.push({ at: Date.now(), client: 'keep-alive', result: result.status, retried });
}

const timers = [setInterval(() => void newConnection(), interval), setInterval(() => void keptAlive(), interval)];
process.on('SIGTERM', () => {
  timers.forEach(clearInterval);
  // Requests under way get their outcome first.
  setTimeout(() => {
    process.stdout.write(`${JSON.stringify(outcomes)}\n`);
    process.exit(0);
  }, 6000);
});
process.stdout.write('started\n');
