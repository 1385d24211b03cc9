import type { ImageLine } from './harness/image-lines';
import { RunningStack, startStack } from './harness/running-stack';
import type { SynthesizedStack } from './harness/terraform';

/** Generous but bounded: a TSDB, nginx and the probes on 2 cores. */
export const START_TIMEOUT_MS = 90_000;

/**
 * Starts a synthesized stack on `line` once for the enclosing describe block and stops it after,
 * even when a test or the start itself fails. Returns an accessor for the tests.
 */
export function useRunningStack(line: ImageLine, synthesize: () => SynthesizedStack): () => RunningStack {
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    stack = await startStack(synthesize(), line);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  }, START_TIMEOUT_MS);
  return () => {
    if (!stack) throw new Error('the stack did not start (see the beforeAll error)');
    return stack;
  };
}
