import { Run, median, spread } from './measure';
import type { Ratio, Row } from './section';

/**
 * A row of timed runs: the median wall time, with the median CPU time and the spread beside it. With
 * `versus`, the ratio of the medians to the baseline's: wall time in the ratio column, CPU time beside it.
 */
export function timeRow(name: string, runs: readonly Run[], versus?: Omit<Ratio, 'value'> & { baseline: readonly Run[] }): Row {
  const wall = (of: readonly Run[]) => median(of.map((run) => run.wallMs));
  const cpu = (of: readonly Run[]) => median(of.map((run) => run.cpuMs));
  const cpuRatio = versus ? ` (${(cpu(runs) / cpu(versus.baseline)).toFixed(2)}×)` : '';
  const row = { name, median: wall(runs), unit: 'ms', detail: `CPU ${cpu(runs).toFixed(0)} ms${cpuRatio}; ${spread(runs.map((run) => run.wallMs))}` };
  if (!versus) return row;
  const { baseline, ...ratio } = versus;
  return { ...row, ratio: { ...ratio, value: wall(runs) / wall(baseline) } };
}
