import { sweepLeftovers } from './harness/engine/janitor';

/** After the last test file: whatever a worker that crashed left on the engine goes now, not at the next run. */
export default async function globalTeardown(): Promise<void> {
  await sweepLeftovers().catch(() => undefined);
}
