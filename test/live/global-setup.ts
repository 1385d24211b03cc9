import { Engine } from './harness/engine/client';
import { ensureHostAddresses } from './harness/engine/host-view';
import { ensureLines } from './harness/engine/images';
import { sweepLeftovers } from './harness/engine/janitor';
import { LINES_ENV } from './harness/image-lines';
import { LIVE_MISSING_ENV, missingRequirements } from './harness/requirements';

/**
 * Before any test file runs, and once for all jest workers: the Docker engine must answer; what a
 * dead run left on it goes; each worker gets an address to publish on (host-view.ts); both lines'
 * images are built from their Debian roots, or found in the cache by recipe. What is missing, and
 * the lines' package versions, reach the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const missing: string[] = [];
  const fail = (what: string) => {
    missing.push(what);
    process.env[LIVE_MISSING_ENV] = JSON.stringify(missing);
  };
  if (missingRequirements().length > 0) return;
  const engine = new Engine();
  if (!(await engine.ping())) return fail(`a Docker engine answering on ${engine.socketPath} (apt-get install docker.io, then dockerd &)`);
  try {
    const removed = await sweepLeftovers();
    if (removed > 0) console.warn(`\nremoved ${removed} containers, networks and volumes a dead live-suite run left on the engine\n`);
    await ensureHostAddresses(8);
    process.env[LINES_ENV] = JSON.stringify(await ensureLines());
  } catch (error) {
    fail(`the lines' images, which could not be built: ${(error as Error).message}`);
  }
}
