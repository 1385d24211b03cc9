import { RunningStack, startStack } from './harness/running-stack';
import type { SynthesizedStack } from './harness/terraform';

/** Generous but bounded: RSA 4096 keys, a TSDB and nginx on 2 cores. */
export const START_TIMEOUT_MS = 90_000;

/**
 * Starts a synthesized stack once for the enclosing describe block and stops it after, even when a
 * test or the start itself fails. Returns an accessor for the tests.
 */
export function useRunningStack(synthesize: () => SynthesizedStack): () => RunningStack {
  let stack: RunningStack | undefined;
  beforeAll(async () => {
    stack = await startStack(synthesize());
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error('the stack did not start (see the beforeAll error)');
    return stack;
  };
}
