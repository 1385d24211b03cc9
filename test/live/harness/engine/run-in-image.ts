import { Engine, demultiplex } from './client';
import { recordCreated } from './janitor';
import { TarEntry, tar } from './tar';

export interface OneShot {
  readonly image: string;
  /** The process: entrypoint and arguments. */
  readonly argv: string[];
  /** Files put in place before it starts, absolute paths. */
  readonly files?: readonly { readonly path: string; readonly content: string | Buffer; readonly mode?: number; readonly uid?: number }[];
  /** @default the image's user */
  readonly user?: string;
  /** @default 120 s */
  readonly timeoutMs?: number;
}

export interface OneShotResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one process in a fresh container of `image`, with no network, and removes the container:
 * the harness's own checks (`nginx -t`, `promtool check`) on the binaries of a line's image.
 */
export async function runInImage(run: OneShot, engine = new Engine()): Promise<OneShotResult> {
  const [entrypoint, ...cmd] = run.argv;
  const { Id } = await engine.call<{ Id: string }>('POST', '/containers/create', {
    body: { Image: run.image, Entrypoint: [entrypoint], Cmd: cmd, ...(run.user ? { User: run.user } : {}), HostConfig: { NetworkMode: 'none' } },
  });
  recordCreated('container', Id, engine.socketPath);
  try {
    if (run.files && run.files.length > 0) {
      const entries: TarEntry[] = run.files.map((file) => ({
        path: file.path.replace(/^\//, ''),
        content: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
        mode: file.mode ?? 0o644,
        uid: file.uid ?? 0,
        gid: file.uid ?? 0,
      }));
      await engine.call('PUT', `/containers/${Id}/archive`, { query: { path: '/' }, body: tar(entries) });
    }
    await engine.call('POST', `/containers/${Id}/start`);
    const { StatusCode } = await engine.call<{ StatusCode: number }>('POST', `/containers/${Id}/wait`, { timeoutMs: run.timeoutMs ?? 120_000 });
    const logs = await engine.call<Buffer>('GET', `/containers/${Id}/logs`, { query: { stdout: 1, stderr: 1 } });
    return { code: StatusCode, ...demultiplex(Buffer.isBuffer(logs) ? logs : Buffer.alloc(0)) };
  } finally {
    await engine.request('DELETE', `/containers/${Id}`, { query: { force: 1, v: 1 } });
  }
}
