import { spawnSync } from 'node:child_process';

/** One command that a benchmark runs again and again. */
export interface Variant {
  readonly id: string;
  readonly command: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Keep timing when the command exits non-zero (the test suite), instead of aborting the section. */
  readonly mayFail?: boolean;
}

export interface Run {
  readonly wallMs: number;
  /** User + system CPU time of the command's whole process tree. */
  readonly cpuMs: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Schedule {
  /** Untimed runs of each variant before the first round: disk cache, the toolchain's own start-up. */
  readonly warmups: number;
  readonly minRounds: number;
  readonly maxRounds: number;
  /** No round starts after this much time once `minRounds` are done. */
  readonly budgetMs: number;
}

/**
 * Runs every variant once per round, rotating which goes first, so that a machine that gets busier or
 * quieter during the run shifts all variants alike and the ratios stay fair. Returns the runs per variant.
 */
export function runInterleaved(variants: readonly Variant[], schedule: Schedule): Promise<Map<string, Run[]>> {
  const byId = new Map(variants.map((variant) => [variant.id, variant]));
  return measureInterleaved([...byId.keys()], schedule, async (id) => runOnce(byId.get(id)!));
}

/**
 * The schedule of runInterleaved for any measurement, e.g. a load generator against a running server
 * with the server's CPU time read around it: `measure` takes a variant's id and returns a sample.
 */
export async function measureInterleaved<T>(ids: readonly string[], schedule: Schedule, measure: (id: string) => Promise<T>): Promise<Map<string, T[]>> {
  for (let i = 0; i < schedule.warmups; i++) for (const id of ids) await measure(id);
  const samples = new Map<string, T[]>(ids.map((id) => [id, []]));
  const start = performance.now();
  for (let round = 0; round < schedule.maxRounds; round++) {
    if (round >= schedule.minRounds && performance.now() - start > schedule.budgetMs) break;
    for (const id of rotated(ids, round)) samples.get(id)!.push(await measure(id));
  }
  return samples;
}

/** Round `round`'s order: the variants rotated so that each goes first in turn. */
function rotated<T>(variants: readonly T[], round: number): T[] {
  const first = round % variants.length;
  return [...variants.slice(first), ...variants.slice(0, first)];
}

/**
 * bash's `times`, after the command, prints the CPU time of its whole process tree: other load on a shared
 * machine stretches wall time much more than CPU time, so both are kept.
 */
export const WITH_CPU_TIME = ['bash', '-c', '"$@"; status=$?; times >&2; exit $status', 'bench'];

export function runOnce(variant: Variant): Run {
  const [file, ...args] = [...WITH_CPU_TIME, ...variant.command];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, args, {
    cwd: variant.cwd,
    env: { ...process.env, ...variant.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  if (result.status !== 0 && !variant.mayFail) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`\`${variant.command.join(' ')}\` exited with ${result.status}:\n${output}`);
  }
  return { wallMs, status: result.status, stdout: result.stdout, ...splitCpuTime(result.stderr) };
}

/** Separates what WITH_CPU_TIME's `times` printed from the command's own stderr. */
export function splitCpuTime(stderr: string): { cpuMs: number; stderr: string } {
  // The last line of `times` holds the children's user and system time, e.g. "0m1.234s 0m0.210s".
  const lines = stderr.trimEnd().split('\n');
  const [user, system] = lines[lines.length - 1].split(' ').map(minutesAndSeconds);
  return { cpuMs: user + system, stderr: lines.slice(0, -2).join('\n') };
}

function minutesAndSeconds(text: string): number {
  const [, minutes, seconds] = /^(\d+)m([\d.]+)s$/.exec(text)!;
  return (Number(minutes) * 60 + Number(seconds)) * 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The timings of runs, for the JSON. */
export function times(runs: readonly Run[]): { wallMs: number; cpuMs: number }[] {
  return runs.map(({ wallMs, cpuMs }) => ({ wallMs, cpuMs }));
}

/** `min 812, max 990, n=6`: enough to see how noisy a median is. */
export function spread(values: readonly number[], digits = 0): string {
  return `min ${Math.min(...values).toFixed(digits)}, max ${Math.max(...values).toFixed(digits)}, n=${values.length}`;
}

/** The median of the per-round ratios a[i] / b[i]: robust when the machine's load drifts between rounds. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.slice(0, b.length).map((value, i) => value / b[i]));
}
