import { ScrapeScheme, ScrapeJob } from '../options';
import type { Tokens } from '../tokens';
import { REDACTED, checkRendered, checkRenderedThroughout, fail } from './errors';
import { UNPARSEABLE_TEXT, checkCertificatePem, checkDuration, checkHostName, checkKeyPair, checkLabels, checkList, checkObject, checkTarget, checkUserName, durationMs } from './rules';

const JOB_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
const METRICS_PATH = /^(\/[A-Za-z0-9._~-]*)+$/;
const PARAM_NAME = /^[A-Za-z0-9_.~[\]-]{1,64}$/;

/** Fields of a scrape job that reach Terraform only (uploaded files): tokens are fine there. */
const TERRAFORM_ONLY = ['caCertificatePem', 'clientCertificatePem', 'clientPrivateKeyPem', 'basicAuthPassword'] as const;

/**
 * Scrape jobs, numbered from `firstIndex` (jobs added later are checked against those before them).
 * `existing` are the job names already taken; `prometheus` (the self-scrape job) always is.
 * `globalInterval` is the resolved global scrape interval, which a job's timeout may not exceed either.
 */
export function checkScrapeJobs(jobs: ScrapeJob[], globalInterval: string, existing: string[], firstIndex: number, tokens: Tokens): void {
  checkRendered('scrapeConfigs', jobs, tokens);
  checkList('scrapeConfigs', jobs, tokens, 'scrape jobs');
  const seen = new Set<string>(['prometheus', ...existing]);
  jobs.forEach((job, i) => {
    const at = `scrapeConfigs[${firstIndex + i}]`;
    checkObject(at, job);
    checkTargetsLiteral(at, job, tokens);
    const rendered = Object.fromEntries(Object.entries(job).filter(([key]) => !(TERRAFORM_ONLY as readonly string[]).includes(key)));
    checkRenderedThroughout(at, rendered, tokens);
    if (!JOB_NAME.test(job.jobName)) fail(`${at}.jobName`, job.jobName, 'must be 1 to 128 characters A-Z a-z 0-9 _ . : -');
    if (seen.has(job.jobName)) fail(`${at}.jobName`, job.jobName, 'must be unique and not "prometheus" (the self-scrape job)');
    seen.add(job.jobName);
    if (!Array.isArray(job.targets) || job.targets.length === 0) fail(`${at}.targets`, job.targets, 'must list at least one target');
    job.targets.forEach((target, t) => checkTarget(`${at}.targets[${t}]`, target));
    if (job.metricsPath !== undefined && !METRICS_PATH.test(job.metricsPath)) {
      fail(`${at}.metricsPath`, job.metricsPath, 'must be an absolute path of unreserved URL characters');
    }
    if (job.scheme !== undefined && !Object.values(ScrapeScheme).includes(job.scheme)) {
      fail(`${at}.scheme`, job.scheme, 'must be "http" or "https" (ScrapeScheme)');
    }
    if (job.scrapeInterval !== undefined) checkDuration(`${at}.scrapeInterval`, job.scrapeInterval);
    if (job.scrapeTimeout !== undefined) {
      checkDuration(`${at}.scrapeTimeout`, job.scrapeTimeout);
      const interval = job.scrapeInterval ?? globalInterval;
      if (durationMs(job.scrapeTimeout) > durationMs(interval)) {
        fail(`${at}.scrapeTimeout`, job.scrapeTimeout, `must not exceed the scrape interval (${interval})`);
      }
    }
    if (job.labels !== undefined) checkLabels(`${at}.labels`, job.labels);
    for (const [name, values] of Object.entries(job.queryParams ?? {})) {
      if (!PARAM_NAME.test(name)) fail(`${at}.queryParams`, name, 'must have parameter names of URL characters A-Z a-z 0-9 _ . ~ [ ] -');
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || UNPARSEABLE_TEXT.test(v))) {
        fail(`${at}.queryParams.${name}`, values, 'must be a list of values without control characters');
      }
    }
    checkTlsFiles(at, job, tokens);
    checkBasicAuth(at, job);
  });
}

/**
 * Targets are rendered into prometheus.yml, so a container's name as a token (`container.name`) cannot
 * be one; the name itself, which Docker's DNS resolves on a shared network, can.
 */
function checkTargetsLiteral(at: string, job: ScrapeJob, tokens: Tokens): void {
  if (!Array.isArray(job.targets)) return;
  job.targets.forEach((target, t) => {
    if (tokens.isUnresolved(target)) {
      fail(
        `${at}.targets[${t}]`,
        tokens.expression(target),
        'is rendered into prometheus.yml at synth time and cannot be a token: write the container\'s name itself, e.g. "node-exporter:9100" (Docker\'s DNS resolves it on a network both join)',
      );
    }
  });
}

/** A basic auth client: user and password together, the user printable ASCII without ":". */
export function checkBasicAuth(at: string, auth: { basicAuthUsername?: string; basicAuthPassword?: string }): void {
  if ((auth.basicAuthUsername === undefined) !== (auth.basicAuthPassword === undefined)) {
    fail(`${at}.basicAuthPassword`, auth.basicAuthPassword === undefined ? undefined : REDACTED, 'and basicAuthUsername go together');
  }
  if (auth.basicAuthPassword === '') fail(`${at}.basicAuthPassword`, REDACTED, 'must not be empty');
  if (auth.basicAuthUsername !== undefined) checkUserName(`${at}.basicAuthUsername`, auth.basicAuthUsername);
}

/** The PEMs and server name of a TLS client config (scrape job or remote-write target). */
export function checkTlsFiles(
  at: string,
  tls: { caCertificatePem?: string; clientCertificatePem?: string; clientPrivateKeyPem?: string; serverName?: string },
  tokens: Tokens,
): void {
  if (tls.caCertificatePem !== undefined && !tokens.isUnresolved(tls.caCertificatePem)) checkCertificatePem(`${at}.caCertificatePem`, tls.caCertificatePem);
  checkKeyPair(`${at}.clientCertificatePem`, tls.clientCertificatePem, `${at}.clientPrivateKeyPem`, tls.clientPrivateKeyPem, tokens);
  if ((tls.clientCertificatePem === undefined) !== (tls.clientPrivateKeyPem === undefined)) {
    fail(`${at}.clientPrivateKeyPem`, tls.clientPrivateKeyPem === undefined ? undefined : REDACTED, 'and clientCertificatePem go together');
  }
  if (tls.serverName !== undefined) checkHostName(`${at}.serverName`, tls.serverName, false);
}
