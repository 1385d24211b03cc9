import { prometheusFeatures } from '../render/image-versions';
import { checkRendered, checkRenderedThroughout, fail } from './errors';
import { ValidationInput, isGiven, isLiteral } from './input';
import { BYTES_PER_LOADED_SAMPLE } from '../memory-budget';
import { checkDuration, checkInteger, checkLabels } from './rules';

const PROMETHEUS_SIZE = /^\d+(\.\d+)?([KMGTPE]i?)?B$/;

/** Props an agent has no use for: it keeps no TSDB and serves no admin API or receivers. */
const SERVER_ONLY = [
  'enableAdminApi',
  'enableRemoteWriteReceiver',
  'enableOtlpReceiver',
  'retentionTime',
  'retentionSize',
  'queryMaxConcurrency',
  'queryMaxSamples',
  'queryTimeout',
] as const;

/** Prometheus's settings: its intervals, retention, labels, and the features its image and mode have. */
export function checkPrometheusConfig(input: ValidationInput): void {
  const { options, given, tokens } = input;
  checkRendered('scrapeInterval', options.scrapeInterval, tokens);
  checkDuration('scrapeInterval', options.scrapeInterval);
  if (isLiteral(input, options.retentionTime)) checkDuration('retentionTime', options.retentionTime);
  if (isLiteral(input, options.retentionSize) && !PROMETHEUS_SIZE.test(options.retentionSize!)) {
    fail('retentionSize', options.retentionSize, 'must be a Prometheus size such as "512MB" or "10GiB" (units B, KB, MB, GB, TB, PB, EB, with or without "i")');
  }
  checkQueryEngine(input);
  if (given.externalLabels !== undefined) {
    checkRenderedThroughout('externalLabels', given.externalLabels, tokens);
    checkLabels('externalLabels', given.externalLabels);
  }
  checkFeatures(input);
}

/**
 * The query engine's bounds: rendered as flags. A query's samples are what memory-budget.ts sizes; a
 * value that lets the concurrent queries take more than the memory limit is refused, as it is what lets
 * one query kill Prometheus.
 */
function checkQueryEngine(input: ValidationInput): void {
  const { options, tokens } = input;
  for (const prop of ['queryMaxConcurrency', 'queryMaxSamples', 'queryTimeout'] as const) checkRendered(prop, options[prop], tokens);
  checkInteger('queryMaxConcurrency', options.queryMaxConcurrency, 1, 256);
  checkInteger('queryMaxSamples', options.queryMaxSamples, 1000, 2 ** 31 - 1);
  checkDuration('queryTimeout', options.queryTimeout);
  if (!isLiteral(input, options.prometheusMemoryMb)) return;
  const neededMb = Math.ceil((options.queryMaxConcurrency * options.queryMaxSamples * BYTES_PER_LOADED_SAMPLE) / 2 ** 20);
  if (neededMb > options.prometheusMemoryMb) {
    const prop = isGiven(input, 'queryMaxSamples') ? 'queryMaxSamples' : 'queryMaxConcurrency';
    fail(
      prop,
      options[prop],
      `lets ${options.queryMaxConcurrency} queries of ${options.queryMaxSamples} samples take ~${neededMb} MB at ~${BYTES_PER_LOADED_SAMPLE} bytes a sample, more than prometheusMemoryMb (${options.prometheusMemoryMb}): raise prometheusMemoryMb with it`,
    );
  }
}

/** What the image's Prometheus version has, and what agent mode leaves out. */
function checkFeatures(input: ValidationInput): void {
  const { options, given } = input;
  if (isLiteral(input, options.prometheusImage)) {
    const features = prometheusFeatures(options.prometheusImage);
    const needs = [
      ['enableOtlpReceiver', features.otlpReceiver, '3.0'],
      ['enableRemoteWriteReceiver', features.remoteWriteReceiver, '2.33'],
      ['agentMode', features.agentMode, '2.32'],
    ] as const;
    for (const [prop, available, version] of needs) {
      if (options[prop] === true && !available) fail(prop, true, `needs Prometheus ${version} or later (prometheusImage is ${options.prometheusImage})`);
    }
  }
  if (options.agentMode !== true) return;
  for (const key of SERVER_ONLY) {
    if (isGiven(input, key) && given[key] !== false) fail(key, given[key], 'does not apply in agentMode: an agent has no TSDB, query engine, admin API or receivers');
  }
}
