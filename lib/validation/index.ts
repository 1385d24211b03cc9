/**
 * Validation of the props, cdktf-free: every rule names the prop it refuses and shows the value
 * (secrets excepted). Values that are unresolved tokens are accepted where they only reach Terraform
 * and refused where they must be rendered into a file at synth time. Scrape jobs and remote-write
 * targets, which can be added after construction, are checked by the PrometheusServer that renders them.
 */
import { checkAuth } from './auth';
import { checkCertificates } from './certificates';
import { checkImages } from './images';
import type { ValidationInput } from './input';
import { checkLimits } from './limits';
import { checkNamesAndPorts } from './names-and-ports';
import { checkPrometheusConfig } from './prometheus-config';

export { PropValidationError, REDACTED } from './errors';
export type { ValidationInput } from './input';
export type { HostClaims } from './collisions';
export { checkNoCollision } from './collisions';
export { checkRemoteWriteTargets } from './remote-write';
export { checkBasicAuth, checkScrapeJobs } from './scrape-jobs';

/** The topics, in the order their rules run: the first rule a value breaks is the one reported. */
const TOPICS = [checkNamesAndPorts, checkImages, checkCertificates, checkAuth, checkPrometheusConfig, checkLimits];

/** Checks the resolved options, one topic at a time. */
export function validateOptions(input: ValidationInput): void {
  for (const check of TOPICS) check(input);
}
