import { isIP } from 'node:net';
import { RelabelAction, RelabelRule, RemoteWriteQueue, RemoteWriteTarget } from '../options';
import type { Tokens } from '../tokens';
import { REDACTED, checkRendered, checkRenderedThroughout, fail } from './errors';
import { checkBasicAuth, checkTlsFiles } from './scrape-jobs';
import { UNPARSEABLE_TEXT, checkDuration, checkInteger, checkList, checkObject, durationMs } from './rules';

/** Fields that reach Terraform only (uploaded as files): tokens are fine there, and secrets are never shown. */
const TERRAFORM_ONLY = ['caCertificatePem', 'clientCertificatePem', 'clientPrivateKeyPem', 'basicAuthPassword', 'bearerToken'] as const;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;
/** Headers Prometheus sets itself and refuses in `headers`. */
const RESERVED_HEADERS = [
  'authorization', 'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive',
  'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'accept-encoding', 'x-prometheus-remote-write-version',
  'x-prometheus-remote-read-version', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
];

/** Remote-write targets, numbered from `firstIndex`; `existingNames` are the names already taken. */
export function checkRemoteWriteTargets(targets: RemoteWriteTarget[], existingNames: string[], firstIndex: number, tokens: Tokens): void {
  checkRendered('remoteWrite', targets, tokens);
  checkList('remoteWrite', targets, tokens, 'remote-write targets');
  const names = new Set(existingNames);
  targets.forEach((target, i) => {
    const at = `remoteWrite[${firstIndex + i}]`;
    checkObject(at, target);
    const rendered = Object.fromEntries(Object.entries(target).filter(([key]) => !(TERRAFORM_ONLY as readonly string[]).includes(key)));
    checkRenderedThroughout(at, rendered, tokens);
    checkUrl(`${at}.url`, target.url);
    if (target.name !== undefined) {
      if (!NAME.test(target.name)) fail(`${at}.name`, target.name, 'must be 1 to 64 characters A-Z a-z 0-9 _ . -');
      if (names.has(target.name)) fail(`${at}.name`, target.name, 'must be unique among the remote-write targets');
      names.add(target.name);
    }
    checkTlsFiles(at, target, tokens);
    checkBasicAuth(at, target);
    if (target.bearerToken === '') fail(`${at}.bearerToken`, REDACTED, 'must not be empty');
    if (target.bearerToken !== undefined && target.basicAuthUsername !== undefined) {
      fail(`${at}.bearerToken`, REDACTED, 'and basic auth exclude each other: Prometheus sends one Authorization header');
    }
    checkHeaders(at, target.headers ?? {});
    checkQueue(at, target.queue ?? {});
    if (target.writeRelabelConfigs !== undefined) {
      checkList(`${at}.writeRelabelConfigs`, target.writeRelabelConfigs, tokens, 'relabelling rules');
      target.writeRelabelConfigs.forEach((rule, r) => checkRelabelRule(`${at}.writeRelabelConfigs[${r}]`, rule));
    }
  });
}

/** Extra request headers: token names, none Prometheus sets itself, values that may be credentials. */
function checkHeaders(at: string, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`${at}.headers`, name, 'must have HTTP header names (RFC 9110 token characters)');
    if (RESERVED_HEADERS.includes(name.toLowerCase())) fail(`${at}.headers`, name, 'must not set a header Prometheus sets itself (use basicAuth or bearerToken for Authorization)');
    // A value may be a credential (an API key): never shown.
    if (typeof value !== 'string' || UNPARSEABLE_TEXT.test(value)) fail(`${at}.headers`, REDACTED, `must have header values without control characters (${name})`);
  }
}

/** Queue tuning: positive sizes, durations, and each lower bound at most its upper one. */
function checkQueue(at: string, queue: RemoteWriteQueue): void {
  for (const key of ['capacity', 'maxShards', 'minShards', 'maxSamplesPerSend'] as const) {
    if (queue[key] !== undefined) checkInteger(`${at}.queue.${key}`, queue[key]!, 1, 10_000_000);
  }
  if (queue.minShards !== undefined && queue.maxShards !== undefined && queue.minShards > queue.maxShards) {
    fail(`${at}.queue.minShards`, queue.minShards, `must not exceed maxShards (${queue.maxShards})`);
  }
  for (const key of ['batchSendDeadline', 'minBackoff', 'maxBackoff'] as const) {
    if (queue[key] !== undefined) checkDuration(`${at}.queue.${key}`, queue[key]!);
  }
  if (queue.minBackoff !== undefined && queue.maxBackoff !== undefined && durationMs(queue.minBackoff) > durationMs(queue.maxBackoff)) {
    fail(`${at}.queue.minBackoff`, queue.minBackoff, `must not exceed maxBackoff (${queue.maxBackoff})`);
  }
}

/** An http(s) URL without credentials (they go in basicAuth) or a fragment. */
function checkUrl(prop: string, value: string): void {
  // Anything before an @ may be a password: such a URL is never shown, whatever else is wrong with it.
  const shown = typeof value === 'string' && /^[^/?#]*\/\/[^/?#]*@/.test(value) ? REDACTED : value;
  if (shown === REDACTED) fail(prop, shown, 'must not carry credentials: use basicAuthUsername and basicAuthPassword');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(prop, shown, 'must be an absolute http(s) URL');
  }
  if (!['http:', 'https:'].includes(url.protocol)) fail(prop, shown, 'must be an http or https URL');
  if (url.hash || /[\s\u0000-\u001f\u007f]/.test(value)) fail(prop, shown, 'must be a URL without a fragment, spaces or control characters');
  // RFC 3986 characters only: browsers' parser reads a backslash as a slash, Go's refuses it.
  if (!/^[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]+$/.test(value)) fail(prop, shown, 'must be a URL of RFC 3986 characters (escape others with %)');
  // The WHATWG parser decodes escapes in the host (`or%2eg` → `or.g`); Go's refuses them: none there.
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*%/.test(value)) fail(prop, shown, 'must have a host without % escapes');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!(isIP(host) || /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/.test(host))) {
    fail(prop, shown, 'must have a DNS name or an IP address as its host');
  }
  // Go's URL parser, which Prometheus uses, refuses a % that starts no escape; browsers' does not.
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) fail(prop, shown, 'must escape "%" as "%25"');
}

/** A relabelling rule, with the field combinations Prometheus's own validation accepts (relabel.go). */
function checkRelabelRule(at: string, rule: RelabelRule): void {
  checkObject(at, rule);
  const action = rule.action ?? RelabelAction.REPLACE;
  if (!Object.values(RelabelAction).includes(action)) fail(`${at}.action`, action, `must be one of ${Object.values(RelabelAction).join(', ')} (RelabelAction)`);
  (rule.sourceLabels ?? []).forEach((name, i) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`${at}.sourceLabels[${i}]`, name, 'must be a label name');
  });
  // A label name, or a template of the regex's groups (`${1}`).
  if (rule.targetLabel !== undefined && !/^[A-Za-z0-9_${}]{1,128}$/.test(rule.targetLabel)) {
    fail(`${at}.targetLabel`, rule.targetLabel, 'must be a label name or a template such as "${1}"');
  }
  for (const key of ['separator', 'regex', 'replacement'] as const) {
    const value = rule[key];
    if (value !== undefined && (typeof value !== 'string' || UNPARSEABLE_TEXT.test(value))) fail(`${at}.${key}`, value, 'must be text without control characters');
  }
  const needsTarget = [RelabelAction.REPLACE, RelabelAction.HASHMOD, RelabelAction.LOWERCASE, RelabelAction.UPPERCASE, RelabelAction.KEEPEQUAL, RelabelAction.DROPEQUAL];
  if (needsTarget.includes(action) && rule.targetLabel === undefined) fail(`${at}.targetLabel`, undefined, `is required for action "${action}"`);
  if (action === RelabelAction.HASHMOD) checkInteger(`${at}.modulus`, rule.modulus ?? 0, 1, 2 ** 32);
  // Prometheus refuses fields these actions ignore, so that a rule does what it says.
  const only: Partial<Record<RelabelAction, (keyof RelabelRule)[]>> = {
    [RelabelAction.LABELDROP]: ['regex', 'action'],
    [RelabelAction.LABELKEEP]: ['regex', 'action'],
    [RelabelAction.LOWERCASE]: ['sourceLabels', 'separator', 'regex', 'targetLabel', 'action'],
    [RelabelAction.UPPERCASE]: ['sourceLabels', 'separator', 'regex', 'targetLabel', 'action'],
    [RelabelAction.KEEPEQUAL]: ['sourceLabels', 'targetLabel', 'action'],
    [RelabelAction.DROPEQUAL]: ['sourceLabels', 'targetLabel', 'action'],
  };
  const allowed = only[action];
  const extra = allowed && (Object.keys(rule) as (keyof RelabelRule)[]).find((key) => rule[key] !== undefined && !allowed.includes(key));
  if (extra) fail(`${at}.${extra}`, rule[extra], `does not apply to action "${action}"`);
}
