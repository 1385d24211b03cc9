import type { ImageLine } from '../../test/live/harness/image-lines';

/**
 * The contract between the runner and a section. A section measures one thing (synthesis from the CLI,
 * proxy throughput, ...) and hands back rows for the report's table, notes for the text under it and its
 * raw numbers for the JSON. Sections report; none of them passes or fails anything.
 */
export interface Section {
  /** Short and stable: the key in results JSON and the name `npm run bench -- --only` takes. */
  readonly id: string;
  /** Heading in BENCHMARKS.md. */
  readonly title: string;
  run(context: BenchContext): Promise<SectionResult>;
}

export interface BenchContext {
  /** The repository root; commands run here. */
  readonly root: string;
  /** The nginx/Prometheus line the proxy sections run on (the current one, as the images ship). */
  readonly line: ImageLine;
  /** A fresh, git-ignored scratch directory for this section (`bench/results/tmp/<id>`). */
  readonly scratch: string;
  /** Progress for the terminal; not part of the report. */
  log(message: string): void;
}

export interface SectionResult {
  readonly rows: Row[];
  /** Findings and caveats, rendered as a list under the section's table. */
  readonly notes: string[];
  /** Every sample, for the JSON; whatever shape suits the section. */
  readonly raw: unknown;
}

/** One line of the report's table. */
export interface Row {
  readonly name: string;
  readonly median: number;
  /** `ms`, `req/s`, ... */
  readonly unit: string;
  /** How the samples spread, or what else belongs next to the median (p99, per-instance cost). */
  readonly detail?: string;
  readonly ratio?: Ratio;
}

export interface Ratio {
  readonly value: number;
  /** What is divided by what, e.g. `construct / hand-written`. */
  readonly of: string;
  readonly target?: { readonly atMost?: number; readonly atLeast?: number };
}
