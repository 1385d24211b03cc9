import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Run, pairedRatio, runInterleaved, times } from '../runner/measure';
import { timeRow } from '../runner/rows';
import type { Section } from '../runner/section';
import { differenceUpToLogicalIds, equivalenceNote, readStack } from '../synthesis/equivalence';

/**
 * `npx cdktf synth` of the example app (main.ts, the app command of cdktf.json) against the same command
 * with the app switched to the hand-written stack, both run from the repository root, interleaved.
 */
export const synthCli: Section = {
  id: 'synth-cli',
  title: 'Synthesis: `npx cdktf synth`',
  async run({ root, scratch, log }) {
    // The same runtime as the example app's command, pointed at the other file.
    const app: string = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app;
    const handWrittenApp = app.replace('main.ts', 'bench/synthesis/hand-written-stack.ts');
    const synth = (id: string, ...args: string[]) => ({
      id,
      command: ['npx', 'cdktf', 'synth', ...args, '--output', join(scratch, id)],
      cwd: root,
    });
    log('interleaving example app / hand-written stack');
    const runs = await runInterleaved([synth('construct'), synth('hand-written', '--app', handWrittenApp)], {
      warmups: 1,
      minRounds: 2,
      maxRounds: 5,
      budgetMs: 10_000,
    });
    const construct = runs.get('construct')!;
    const handWritten = runs.get('hand-written')!;
    const wall = (of: Run[]) => of.map((run) => run.wallMs);
    const difference = differenceUpToLogicalIds(readStack(join(scratch, 'construct')), readStack(join(scratch, 'hand-written')));

    return {
      rows: [
        timeRow('construct (example app)', construct, { baseline: handWritten, of: 'construct / hand-written', target: { atMost: 1.1 } }),
        timeRow('hand-written stack', handWritten),
      ],
      notes: [
        equivalenceNote(difference),
        `Paired ratio (median of the per-round ratios): ${pairedRatio(wall(construct), wall(handWritten)).toFixed(2)}×.`,
      ],
      raw: { app, handWrittenApp, equivalent: difference === undefined, difference, construct: times(construct), handWritten: times(handWritten) },
    };
  },
};
