import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeMachine } from './runner/machine';
import { BenchReport, SectionOutcome, renderMarkdown, writeMarkdown } from './runner/report';
import { ON_REQUEST, SECTIONS } from './sections';
import { ensureHostAddresses } from '../test/live/harness/engine/host-view';
import { ensureLines } from '../test/live/harness/engine/images';
import { LINES_ENV, currentLine } from '../test/live/harness/image-lines';

/**
 * `npm run bench`: runs every section in bench/sections, one after the other, and writes BENCHMARKS.md and
 * bench/results/latest.json. `npm run bench -- --only synth-cli,npm-test` runs some sections and only prints
 * the table (JSON in bench/results/tmp/partial.json), leaving the committed report alone.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '..');
  const only = onlyIds(process.argv.slice(2));
  const sections = only ? [...SECTIONS, ...ON_REQUEST].filter((section) => only.includes(section.id)) : SECTIONS;
  // The CLI's version check would wait on a network this machine does not have.
  process.env.CHECKPOINT_DISABLE ??= '1';

  // The current nginx and Prometheus lines' images, as the live suite runs them (built or found in the cache).
  await ensureHostAddresses(8);
  process.env[LINES_ENV] = JSON.stringify(await ensureLines());
  const line = currentLine()!;

  const machine = describeMachine();
  const start = performance.now();
  const outcomes: SectionOutcome[] = [];
  for (const section of sections) {
    const scratch = join(root, 'bench/results/tmp', section.id);
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    log(`${section.id}: ${section.title}`);
    const sectionStart = performance.now();
    const seconds = () => (performance.now() - sectionStart) / 1000;
    try {
      const result = await section.run({ root, scratch, line, log: (message) => log(`  ${message}`) });
      outcomes.push({ id: section.id, title: section.title, seconds: seconds(), ...result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  failed: ${message}`);
      outcomes.push({ id: section.id, title: section.title, seconds: seconds(), rows: [], notes: [], raw: null, error: message });
    }
  }

  const report: BenchReport = { machine, seconds: (performance.now() - start) / 1000, sections: outcomes };
  const markdown = renderMarkdown(report);
  if (only) {
    writeFileSync(join(root, 'bench/results/tmp/partial.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${markdown}\n`);
  } else {
    writeFileSync(join(root, 'bench/results/latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeMarkdown(join(root, 'BENCHMARKS.md'), markdown);
    log(`wrote BENCHMARKS.md and bench/results/latest.json (${Math.round(report.seconds)} s)`);
  }
}

function onlyIds(args: string[]): string[] | undefined {
  const index = args.indexOf('--only');
  if (index < 0) return undefined;
  const ids = (args[index + 1] ?? '').split(',').filter(Boolean);
  const known = [...SECTIONS, ...ON_REQUEST].map((section) => section.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes section ids among ${known.join(', ')} (got "${ids.join(',')}")`);
  }
  return ids;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : error}\n`);
  process.exitCode = 1;
});
