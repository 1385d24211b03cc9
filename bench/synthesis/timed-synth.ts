import { App } from 'cdktf';

/**
 * One synthesis in a fresh process, timed from inside:
 *   timed-synth SUBJECT OUTDIR [INSTANCES [WARMUP_OUTDIR]]
 * SUBJECT is `example` (main.ts's ExampleStack), `hand-written` (the same resources without the construct)
 * or `scaled` (INSTANCES proxies in one stack). Prints the phases in ms as JSON: loading the subject's
 * modules (on top of cdktf), declaring the stack, and app.synth(). With WARMUP_OUTDIR, an untimed
 * synthesis of the same subject there first warms the JIT, leaving the cost that grows with the stack.
 */
export interface SynthPhases {
  readonly loadMs: number;
  readonly declareMs: number;
  readonly synthMs: number;
}

async function main(): Promise<void> {
  const [subject, outdir, instances = '1', warmupOutdir] = process.argv.slice(2);
  const start = performance.now();
  const declare = await load(subject, Number(instances));
  const loaded = performance.now();
  if (warmupOutdir) {
    const warmup = new App({ outdir: warmupOutdir });
    declare(warmup);
    warmup.synth();
  }
  const declaring = performance.now();
  const app = new App({ outdir });
  declare(app);
  const declared = performance.now();
  app.synth();
  const synthesized = performance.now();
  const phases: SynthPhases = { loadMs: loaded - start, declareMs: declared - declaring, synthMs: synthesized - declared };
  process.stdout.write(JSON.stringify(phases));
}

async function load(subject: string, instances: number): Promise<(app: App) => void> {
  switch (subject) {
    case 'example': {
      const { ExampleStack } = await import('../../main');
      return (app) => new ExampleStack(app, 'example');
    }
    case 'hand-written': {
      const { HandWrittenStack } = await import('./hand-written-stack');
      return (app) => new HandWrittenStack(app, 'example');
    }
    case 'scaled': {
      const { ScaledStack } = await import('./scaled-stack');
      return (app) => new ScaledStack(app, 'example', instances);
    }
    default:
      throw new Error(`subject must be example, hand-written or scaled (got "${subject}")`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exitCode = 1;
});
