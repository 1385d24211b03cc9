import { join } from 'node:path';
import { median, runInterleaved, spread } from '../runner/measure';
import type { Row, Section } from '../runner/section';
import { timedSynthCommands } from '../synthesis/compile';
import { readStack } from '../synthesis/equivalence';
import type { SynthPhases } from '../synthesis/timed-synth';

const INSTANCES = [1, 10, 50];

/**
 * Declaring and synthesizing 1, 10 and 50 proxies in one stack: compiled JavaScript in fresh processes,
 * timed inside the process after an untimed synthesis of the same stack, so that start-up, module loading
 * and the JIT's warm-up (the cold start is in the plain-node section) leave the cost that grows with size.
 */
export const synthScaling: Section = {
  id: 'synth-scaling',
  title: 'Synthesis: instances in one stack',
  async run({ root, scratch, log }) {
    const { compiled } = timedSynthCommands(root, scratch);
    const outdir = (instances: number) => join(scratch, `out-${instances}`);
    log(`interleaving ${INSTANCES.join(' / ')} instances`);
    const runs = await runInterleaved(
      INSTANCES.map((instances) => ({
        id: String(instances),
        command: [...compiled, 'scaled', outdir(instances), String(instances), join(scratch, 'warmup')],
        cwd: root,
      })),
      { warmups: 1, minRounds: 3, maxRounds: 7, budgetMs: 8_000 },
    );
    const samples = INSTANCES.map((instances) => {
      const phases: SynthPhases[] = runs.get(String(instances))!.map((run) => JSON.parse(run.stdout));
      return phases.map((phase) => phase.declareMs + phase.synthMs);
    });
    const [one, ten, fifty] = samples.map(median);
    const perInstance = (i: number) => median(samples[i]) / INSTANCES[i];
    const resources = INSTANCES.map((instances) => countResources(readStack(outdir(instances))) / instances);

    const rows: Row[] = INSTANCES.map((instances, i) => ({
      name: `${instances} instance${instances === 1 ? '' : 's'}: declare + synth`,
      median: median(samples[i]),
      unit: 'ms',
      detail: `${perInstance(i).toFixed(1)} ms per instance; ${spread(samples[i])}`,
      ...(i === 0 ? {} : { ratio: { value: perInstance(i) / perInstance(0), of: `per instance, ${instances} / 1` } }),
    }));
    return {
      rows,
      notes: [
        `Marginal cost per added instance: ${((ten - one) / 9).toFixed(1)} ms from 1 to 10, ${((fifty - ten) / 40).toFixed(1)} ms from 10 to 50 ` +
          '(about equal when the cost is linear; the per-instance ratios fall below 1 because one instance also carries the fixed cost of the stack).',
        `Resources per instance in the output: ${[...new Set(resources)].join(', ')} (for ${INSTANCES.join(', ')} instances).`,
      ],
      raw: Object.fromEntries(INSTANCES.map((instances) => [instances, runs.get(String(instances))!.map(({ wallMs, cpuMs, stdout }) => ({ wallMs, cpuMs, ...JSON.parse(stdout) }))])),
    };
  },
};

function countResources(document: unknown): number {
  const resource = (document as { resource: Record<string, object> }).resource;
  return Object.values(resource).reduce((count, byName) => count + Object.keys(byName).length, 0);
}
