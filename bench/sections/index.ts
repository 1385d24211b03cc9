import { npmTest } from './npm-test';
import type { Section } from '../runner/section';
import { synthCli } from './synth-cli';
import { synthNode } from './synth-node';
import { synthScaling } from './synth-scaling';

/**
 * Every section `npm run bench` runs, in this order. To add one (proxy throughput, TLS handshakes, ...):
 * write bench/sections/<id>.ts exporting a `Section` whose `run` returns rows, notes and raw samples
 * (bench/runner/measure.ts times commands side by side), and list it here. Mind the budget: a full run
 * should stay under about three minutes on a 2-core machine.
 */
export const SECTIONS: Section[] = [synthCli, synthNode, synthScaling, npmTest];
