import { appendFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../debian-root';
import { Engine } from './client';

/**
 * Every container, network and volume the harness creates is destroyed by the stack that made it
 * (`stop`). A run that dies first (a crash, a killed jest) would leave them on the engine, holding
 * ports and names the next run needs: each process lists what it creates in a file of its own, and
 * the next run's global setup removes what a dead process left.
 */
const DIRECTORY = join(CACHE, 'created');

export type Kind = 'container' | 'network' | 'volume';

export function recordCreated(kind: Kind, id: string, socketPath: string): void {
  mkdirSync(DIRECTORY, { recursive: true });
  appendFileSync(join(DIRECTORY, `${process.pid}.jsonl`), `${JSON.stringify({ kind, id, socketPath })}\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes what dead processes created and left behind; returns how many objects it removed. */
export async function sweepLeftovers(): Promise<number> {
  let removed = 0;
  let files: string[];
  try {
    files = readdirSync(DIRECTORY).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return 0;
  }
  for (const file of files) {
    const pid = Number(file.replace(/\.jsonl$/, ''));
    if (alive(pid)) continue;
    const entries = readFileSync(join(DIRECTORY, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { kind: Kind; id: string; socketPath: string });
    // Containers first: networks and volumes in use cannot go.
    for (const kind of ['container', 'network', 'volume'] as const) {
      for (const entry of entries.filter((e) => e.kind === kind)) {
        const engine = new Engine(entry.socketPath);
        if (!(await engine.ping())) continue;
        const path = { container: `/containers/${entry.id}`, network: `/networks/${entry.id}`, volume: `/volumes/${entry.id}` }[kind];
        const response = await engine.request('DELETE', path, { query: kind === 'network' ? {} : { force: 1, v: kind === 'container' ? 1 : undefined } });
        if (response.status < 300) removed++;
      }
    }
    rmSync(join(DIRECTORY, file), { force: true });
  }
  return removed;
}
