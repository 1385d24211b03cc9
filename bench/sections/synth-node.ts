import { join } from 'node:path';
import { Run, Variant, median, pairedRatio, runInterleaved } from '../runner/measure';
import { timeRow } from '../runner/rows';
import type { Section } from '../runner/section';
import { timedSynthCommands } from '../synthesis/compile';
import { differenceUpToLogicalIds, equivalenceNote, readStack } from '../synthesis/equivalence';
import type { SynthPhases } from '../synthesis/timed-synth';

const SUBJECTS = ['example', 'hand-written'] as const;

/**
 * App + stack + app.synth() in a fresh `node` process, without the CLI: once through the TypeScript loader
 * the example app runs with (cdktf.json), once compiled to JavaScript as a package consumer runs it. The process reports its own phases,
 * which show where the construct's cost lies.
 */
export const synthNode: Section = {
  id: 'synth-node',
  title: 'Synthesis: plain `node`',
  async run({ root, scratch, log }) {
    const runtimes = timedSynthCommands(root, scratch);
    const variants: Variant[] = Object.entries(runtimes).flatMap(([runtime, command]) =>
      SUBJECTS.map((subject) => ({ id: `${runtime} ${subject}`, command: [...command, subject, join(scratch, `${runtime}-${subject}`)], cwd: root })),
    );
    log(`interleaving ${variants.map((variant) => variant.id).join(' / ')}`);
    const runs = await runInterleaved(variants, { warmups: 1, minRounds: 3, maxRounds: 8, budgetMs: 7_000 });
    const of = (id: string) => runs.get(id)!;
    const wall = (id: string) => of(id).map((run) => run.wallMs);
    const difference = differenceUpToLogicalIds(readStack(join(scratch, 'compiled-example')), readStack(join(scratch, 'compiled-hand-written')));

    return {
      rows: Object.keys(runtimes).flatMap((runtime) => [
        timeRow(`construct (example app), ${runtime}`, of(`${runtime} example`), {
          baseline: of(`${runtime} hand-written`),
          of: 'construct / hand-written',
          target: { atMost: 1.1 },
        }),
        timeRow(`hand-written stack, ${runtime}`, of(`${runtime} hand-written`)),
      ]),
      notes: [
        equivalenceNote(difference),
        ...Object.keys(runtimes).map(
          (runtime) =>
            `${runtime}, paired ratio ${pairedRatio(wall(`${runtime} example`), wall(`${runtime} hand-written`)).toFixed(2)}×; ` +
            `medians in ms, construct vs hand-written: ${SUBJECTS.map((subject) => phases(of(`${runtime} ${subject}`))).join(' vs ')}.`,
        ),
        'Load: importing the stack’s modules on top of cdktf (the TypeScript loader transpiles each file it loads); ' +
          'declare: constructing the stack; synth: app.synth() writing the JSON.',
      ],
      raw: Object.fromEntries(variants.map(({ id }) => [id, of(id).map(({ wallMs, cpuMs, stdout }) => ({ wallMs, cpuMs, ...JSON.parse(stdout) }))])),
    };
  },
};

function phases(runs: Run[]): string {
  const samples: SynthPhases[] = runs.map((run) => JSON.parse(run.stdout));
  const of = (phase: keyof SynthPhases) => median(samples.map((sample) => sample[phase])).toFixed(0);
  return `load ${of('loadMs')}, declare ${of('declareMs')}, synth ${of('synthMs')}`;
}
