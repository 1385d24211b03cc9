import { request as httpRequest } from 'node:http';

/** The Docker Engine API version of dockerd 20.10, which the provider negotiates down to. */
export const API_VERSION = '1.41';

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export interface EngineResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (an object) or raw bytes (a tar archive). */
  readonly body?: unknown;
  readonly contentType?: string;
  /** @default 120 s */
  readonly timeoutMs?: number;
}

/** An error answer of the Engine API, with its status and message. */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    message: string,
  ) {
    super(`${method} ${path}: ${status} ${message}`);
    this.name = 'EngineError';
  }
}

/** A Docker Engine API client over the daemon's unix socket: what the provider's Go client sends, as HTTP. */
export class Engine {
  constructor(readonly socketPath: string = DEFAULT_SOCKET) {}

  /** One request; the whole answer, whatever its status. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<EngineResponse> {
    const query = Object.entries(options.query ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    const fullPath = `/v${API_VERSION}${path}${query ? `?${query}` : ''}`;
    const raw = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { Host: 'docker' };
    if (raw !== undefined) {
      headers['Content-Type'] = options.contentType ?? (Buffer.isBuffer(options.body) ? 'application/x-tar' : 'application/json');
      headers['Content-Length'] = raw.length;
    }
    return new Promise<EngineResponse>((resolve, reject) => {
      const req = httpRequest({ socketPath: this.socketPath, method, path: fullPath, headers, timeout: options.timeoutMs ?? 120_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${fullPath}: no answer within ${options.timeoutMs ?? 120_000} ms`)));
      req.on('error', reject);
      req.end(raw);
    });
  }

  /** A request that must succeed (2xx or 304); its JSON answer, or undefined for an empty one. */
  async call<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.request(method, path, options);
    if (response.status >= 300 && response.status !== 304) throw new EngineError(response.status, method, path, message(response.body));
    if (response.body.length === 0) return undefined as T;
    const type = String(response.headers['content-type'] ?? '');
    return (type.includes('json') ? JSON.parse(response.body.toString('utf8')) : response.body) as T;
  }

  /** A JSON answer, or undefined when the object does not exist (404). */
  async find<T = unknown>(path: string): Promise<T | undefined> {
    const response = await this.request('GET', path);
    if (response.status === 404) return undefined;
    if (response.status >= 300) throw new EngineError(response.status, 'GET', path, message(response.body));
    return JSON.parse(response.body.toString('utf8')) as T;
  }

  /** Whether the daemon answers `/_ping`. */
  async ping(): Promise<boolean> {
    try {
      return (await this.request('GET', '/_ping', { timeoutMs: 2000 })).status === 200;
    } catch {
      return false;
    }
  }
}

function message(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

/**
 * stdout and stderr of a stream in Docker's multiplexed format (8-byte frame headers: stream, 0, 0, 0,
 * length), as logs and non-TTY execs and attaches answer.
 */
export function demultiplex(stream: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= stream.length) {
    const kind = stream[offset];
    const length = stream.readUInt32BE(offset + 4);
    const frame = stream.subarray(offset + 8, offset + 8 + length);
    (kind === 2 ? err : out).push(frame);
    offset += 8 + length;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
