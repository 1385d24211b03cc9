/** Validation of the props, cdktf-free: every rule names the prop it refuses and shows the value (secrets excepted). */
export type { IsUnresolved } from './errors';
export { PropValidationError, REDACTED } from './errors';
export type { HostClaims } from './collisions';
export { checkNoCollision } from './collisions';
export { checkRemoteWriteTargets } from './remote-write';
export { durationMs } from './rules';
export { checkBasicAuth, checkScrapeJobs } from './scrape-jobs';
export { BCRYPT_COST, MAX_VALIDITY_HOURS, NGINX_MEMORY_MB, validateOptions } from './validate-options';
