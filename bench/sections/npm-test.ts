import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runInterleaved } from '../runner/measure';
import { timeRow } from '../runner/rows';
import type { Section } from '../runner/section';

/** Wall time of `npm test` as a developer runs it: type check, unit tests and the live suite when there is one. */
export const npmTest: Section = {
  id: 'npm-test',
  title: 'npm test',
  async run({ root, log }) {
    log('timing npm test');
    const runs = (await runInterleaved([{ id: 'npm test', command: ['npm', 'test'], cwd: root, mayFail: true }], {
      warmups: 0,
      minRounds: 1,
      maxRounds: 3,
      budgetMs: 20_000,
    })).get('npm test')!;
    // Jest's summary, e.g. "Tests:       193 passed, 193 total".
    const summaries = runs.map((run) => /^Tests:\s+(.+)$/m.exec(`${run.stdout}\n${run.stderr}`)?.[1] ?? 'no jest summary');
    const failed = runs.filter((run) => run.status !== 0);
    const live = join(root, 'test/live');
    const liveTests = existsSync(live) ? readdirSync(live, { recursive: true }).filter((file) => String(file).endsWith('.test.ts')) : [];

    const row = timeRow('npm test', runs);

    return {
      rows: [{ ...row, detail: `${summaries[0]}; ${row.detail}` }],
      notes: [
        liveTests.length > 0
          ? `Includes the live suite (${liveTests.length} file${liveTests.length === 1 ? '' : 's'} under test/live/).`
          : 'No live suite yet (no test file under test/live/): type check and unit tests only.',
        ...(failed.length > 0 ? [`${failed.length} of ${runs.length} runs exited non-zero (exit ${failed[0].status}); timed all the same.`] : []),
      ],
      raw: runs.map(({ wallMs, cpuMs, status }, i) => ({ wallMs, cpuMs, status, summary: summaries[i] })),
    };
  },
};
