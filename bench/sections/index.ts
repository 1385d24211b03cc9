import { accessLog } from './access-log';
import { basicAuth } from './basic-auth';
import { configChanges } from './config-changes';
import { npmTest } from './npm-test';
import { proxyThroughput } from './proxy-throughput';
import { proxyTuning } from './proxy-tuning';
import { remoteWriteReceiver } from './remote-write-receiver';
import type { Section } from '../runner/section';
import { synthCli } from './synth-cli';
import { synthNode } from './synth-node';
import { synthScaling } from './synth-scaling';
import { tlsHandshakes } from './tls-handshakes';

/**
 * Every section `npm run bench` runs, in this order. To add one: write bench/sections/<id>.ts exporting
 * a `Section` whose `run` returns rows, notes and raw samples (bench/runner/measure.ts times commands
 * or any measurement side by side; bench/proxy/ loads a running instance with wrk), and list it here.
 * Mind the budget: a full run takes about eight minutes on a 2-core machine, half of it `npm test`.
 */
export const SECTIONS: Section[] = [synthCli, synthNode, synthScaling, npmTest, proxyThroughput, accessLog, configChanges, tlsHandshakes, basicAuth, remoteWriteReceiver];

/** Sections that only run when named with `--only`: they take too long for every run. */
export const ON_REQUEST: Section[] = [proxyTuning];
