import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Machine } from './machine';
import type { Ratio, Row, SectionResult } from './section';

export interface SectionOutcome extends SectionResult {
  readonly id: string;
  readonly title: string;
  readonly seconds: number;
  /** Set when the section threw: its rows are then missing, the rest of the run is not. */
  readonly error?: string;
}

export interface BenchReport {
  readonly machine: Machine;
  readonly seconds: number;
  readonly sections: SectionOutcome[];
}

const BEGIN = '<!-- bench:begin — written by `npm run bench`; edit outside these markers -->';
const END = '<!-- bench:end -->';

/** The generated part of BENCHMARKS.md: the machine, one table with every section's rows, then each section's notes. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(report.seconds)} s in all.`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; node ${m.node}, npm ${m.npm}; ` +
      `load average ${m.loadAverage.join(' / ')} at the start.`,
    '',
    '| Section | Benchmark | Median | Detail | Ratio | Target |',
    '| --- | --- | ---: | --- | ---: | --- |',
    ...report.sections.flatMap((section) => section.rows.map((row) => tableRow(section.title, row))),
  ];
  for (const section of report.sections) {
    const notes = section.error ? [`Did not complete: ${section.error.split('\n')[0]}`, ...section.notes] : section.notes;
    lines.push('', `### ${section.title}`, '', `${section.seconds.toFixed(0)} s.`, ...notes.map((note) => `- ${note}`));
  }
  return lines.join('\n');
}

/** Replaces the generated part of `path`, keeping what people wrote around it; creates the file if needed. */
export function writeMarkdown(path: string, generated: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${path} has lost its markers ${BEGIN} ... ${END}`);
  writeFileSync(path, `${current.slice(0, begin + BEGIN.length)}\n${generated}\n${current.slice(end)}`);
}

function tableRow(section: string, row: Row): string {
  const cells = [section, row.name, `${formatNumber(row.median)} ${row.unit}`, row.detail ?? '', '', ''];
  if (row.ratio) [cells[4], cells[5]] = [`${row.ratio.value.toFixed(2)}× ${row.ratio.of}`, target(row.ratio)];
  return `| ${cells.join(' | ')} |`;
}

function target(ratio: Ratio): string {
  const { atMost, atLeast } = ratio.target ?? {};
  if (atMost !== undefined) return `≤ ${atMost}×: ${ratio.value <= atMost ? 'met' : 'missed'}`;
  if (atLeast !== undefined) return `≥ ${atLeast}×: ${ratio.value >= atLeast ? 'met' : 'missed'}`;
  return '';
}

export function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}
