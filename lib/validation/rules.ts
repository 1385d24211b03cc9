import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { Tokens } from '../tokens';
import { REDACTED, fail, shownValue } from './errors';

/** Small checks every validator composes; each names the prop it is given. */

export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A DNS label that is not all digits: as a host name, URL parsers would read it as an IPv4 address. */
export const HOST_LABEL = /^(?!\d+$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PROMETHEUS_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const DOCKER_NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Docker's predefined networks: no name resolution between containers, or no network at all. */
export const PREDEFINED_NETWORKS = ['bridge', 'host', 'none'];
/** What Prometheus's YAML parser refuses (DEL, C1, U+2028/9, U+FFFE/F) or UTF-8 cannot carry, plus C0 controls. */
export const UNPARSEABLE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A lowercase RFC 1123 host name; `wildcard` allows a leading `*.` label. */
export function checkHostName(prop: string, value: string, wildcard: boolean): void {
  const name = wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) fail(prop, value, 'must be a host name of 1 to 253 characters');
  if (/[A-Z]/.test(value)) fail(prop, value, 'must be lowercase');
  if (isIP(value)) fail(prop, value, 'must be a DNS name, not an IP address (put IP addresses in ipAddresses)');
  if (value.includes('*') && !wildcard) fail(prop, value, 'must not be a wildcard');
  const labels = name.split('.');
  if (!labels.every((label) => DNS_LABEL.test(label))) {
    fail(
      prop,
      value,
      'must be a DNS host name: dot-separated labels of 1 to 63 characters a-z, 0-9 and inner "-" (no scheme, port, path or trailing dot)',
    );
  }
  if (/^\d+$/.test(labels[labels.length - 1])) fail(prop, value, 'must not end in an all-numeric label');
}

export function checkPathPrefix(value: string): void {
  const prop = 'pathPrefix';
  if (value === '/') return;
  if (!value.startsWith('/')) fail(prop, value, 'must start with "/"');
  if (value.endsWith('/')) fail(prop, value, 'must not end with "/" (except "/" itself)');
  if (value.length > 256) fail(prop, value, 'must be at most 256 characters');
  if (value.includes('//')) fail(prop, value, 'must not contain "//"');
  if (value.includes('..')) fail(prop, value, 'must not contain ".."');
  const segments = value.slice(1).split('/');
  if (!segments.every((s) => PATH_SEGMENT.test(s) && s !== '.')) {
    fail(prop, value, 'must be "/" or "/"-separated segments of unreserved URL characters A-Z a-z 0-9 - . _ ~');
  }
}

export function checkPort(prop: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(prop, value, 'must be an integer from 1 to 65535');
}

export function checkInteger(prop: string, value: number, min: number, max: number, why = ''): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(prop, value, `must be an integer from ${min} to ${max}${why}`);
  }
}

/** Image references: `[registry[:port]/]path[:tag][@sha256:digest]`, with a tag or digest, never `latest`. */
const IMAGE_REF =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(@sha256:[a-f0-9]{64})?$/;

export function checkImage(prop: string, value: string): void {
  const match = IMAGE_REF.exec(value);
  if (!match || value.length > 512) {
    fail(prop, value, 'must be a Docker image reference such as "nginx:1.30.6-alpine" or "repo/name@sha256:<digest>"');
  }
  const [, tag, digest] = match;
  if (!tag && !digest) fail(prop, value, 'must pin a version with a tag or digest');
  if (tag === 'latest') fail(prop, value, 'must pin a version, not "latest"');
}

/** Prometheus holds durations as int64 nanoseconds and refuses longer ones as "out of range". */
const MAX_DURATION_MS = Math.floor((2 ** 63 - 1) / 1e6);

export function checkDuration(prop: string, value: string): void {
  if (typeof value !== 'string' || value === '' || !PROMETHEUS_DURATION.test(value) || !/[1-9]/.test(value)) {
    fail(prop, value, 'must be a non-zero Prometheus duration such as "15s", "1h30m" or "15d" (units ms, s, m, h, d, w, y)');
  }
  if (durationMs(value) > MAX_DURATION_MS) fail(prop, value, 'must not exceed 292y, the longest duration Prometheus can hold');
}

/** Milliseconds of a Prometheus duration that checkDuration accepted. */
export function durationMs(value: string): number {
  const unitMs: Record<string, number> = { y: 31536e6, w: 6048e5, d: 864e5, h: 36e5, m: 6e4, s: 1e3, ms: 1 };
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(amount) * unitMs[unit];
  return total;
}

/** `host:port` with a DNS name (underscores allowed, as Docker names have them), IPv4 or bracketed IPv6. */
export function checkTarget(prop: string, value: string): void {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) fail(prop, value, 'must be "host:port"');
  const [, host, port] = match;
  const hostOk = host.startsWith('[') ? isIP(host.slice(1, -1)) === 6 : isIP(host) === 4 || isTargetHostName(host);
  if (!hostOk) fail(prop, value, 'must be "host:port" with a DNS name, an IPv4 address or a bracketed IPv6 address');
  checkPort(prop, Number(port));
}

function isTargetHostName(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

/** A Prometheus label set: valid names, not reserved, and values Prometheus can read from YAML. */
export function checkLabels(prop: string, labels: Record<string, string>): void {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) fail(prop, labels, 'must be a map of label names to values');
  for (const [name, value] of Object.entries(labels)) {
    checkLabelName(prop, name);
    if (typeof value !== 'string' || UNPARSEABLE_TEXT.test(value)) {
      fail(prop, value, 'must have label values of text without control characters, U+2028, U+2029, U+FFFE, U+FFFF or lone surrogates (Prometheus cannot read them from its YAML)');
    }
  }
}

export function checkLabelName(prop: string, name: string): void {
  if (!LABEL_NAME.test(name) || name.startsWith('__')) {
    fail(prop, name, 'must have Prometheus label names ([A-Za-z_][A-Za-z0-9_]*, not starting with "__")');
  }
}

/**
 * Certificates only, and one key only: text around the blocks would reach the file (and Terraform),
 * and a key appended to the chain would land in a world-readable certificate file.
 */
const CERTIFICATE_BLOCKS = /^(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----[ \t\r\n]*)+$/;
const PRIVATE_KEY_BLOCK = /^-----BEGIN (RSA |EC )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1PRIVATE KEY-----[ \t\r\n]*$/;

/** A PEM as a message may show it: never when it holds a key, which a swapped prop would leak into CI logs. */
function showablePem(value: unknown): unknown {
  return typeof value === 'string' && /PRIVATE KEY/.test(value) ? REDACTED : value;
}

/** PEM certificates that parse; returns the first. */
export function checkCertificatePem(prop: string, value: string): X509Certificate {
  if (typeof value !== 'string' || !CERTIFICATE_BLOCKS.test(value)) fail(prop, showablePem(value), 'must hold PEM certificate blocks and nothing else');
  try {
    return new X509Certificate(value);
  } catch {
    fail(prop, showablePem(value), 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----")');
  }
}

/** One unencrypted PEM private key; never shown. */
export function checkPrivateKeyPem(prop: string, value: string): ReturnType<typeof createPrivateKey> {
  if (typeof value !== 'string' || !PRIVATE_KEY_BLOCK.test(value)) fail(prop, REDACTED, 'must hold one PEM private key block and nothing else');
  try {
    return createPrivateKey(value);
  } catch {
    fail(prop, REDACTED, 'must be an unencrypted PEM private key');
  }
}

/** A certificate and its key, each checked when literal, and matched when both are. */
export function checkKeyPair(
  certificateProp: string,
  certificatePem: string | undefined,
  keyProp: string,
  privateKeyPem: string | undefined,
  tokens: Tokens,
): X509Certificate | undefined {
  const literal = (value: string | undefined): value is string => value !== undefined && !tokens.isUnresolved(value);
  const certificate = literal(certificatePem) ? checkCertificatePem(certificateProp, certificatePem) : undefined;
  const key = literal(privateKeyPem) ? checkPrivateKeyPem(keyProp, privateKeyPem) : undefined;
  if (certificate && key && !certificate.checkPrivateKey(key)) fail(keyProp, REDACTED, `must be the key of ${certificateProp}`);
  return certificate;
}

/** The kind of a value that should have been a list, for messages: its content may hold secrets. */
export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

/** A list, refused naming the prop and showing only what kind of value came instead. */
export function checkList(prop: string, value: unknown, tokens: Tokens, what: string): asserts value is unknown[] {
  if (tokens.isUnresolved(value)) fail(prop, shownValue(value, tokens), `must be a list of ${what}, not a list token`);
  if (!Array.isArray(value)) fail(prop, kindOf(value), `must be a list of ${what}`);
}

/** One of an enum's values, listed in the message with the enum's name (`name` may add why). */
export function checkEnum<T extends string>(prop: string, value: T, allowed: Record<string, T>, name: string): void {
  if (!Object.values(allowed).includes(value)) fail(prop, value, `must be ${Object.values(allowed).map((v) => `"${v}"`).join(', ')} (${name})`);
}

/** An object of props, not null, a string or a list. */
export function checkObject(prop: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(prop, kindOf(value), 'must be an object');
}

/**
 * Longest basic auth user name, ours (basicAuthUsers) and the ones sent to others: a bound rather than a
 * protocol limit (RFC 7617 sets none), long enough for the account names services issue (e-mail
 * addresses, tenant ids), short enough to keep htpasswd lines and access-log lines small.
 */
export const MAX_USER_NAME_LENGTH = 128;

/** A basic auth user name: printable ASCII without ":" (it ends the name in the header) or whitespace. */
export function checkUserName(prop: string, value: string): void {
  if (typeof value !== 'string' || !/^[\x21-\x39\x3b-\x7e]+$/.test(value) || value.length > MAX_USER_NAME_LENGTH) {
    fail(prop, value, `must be 1 to ${MAX_USER_NAME_LENGTH} printable ASCII characters without ":" or spaces`);
  }
}

/** A DNS name a value can be made of: a Docker object or alias. */
export function checkDockerNetworkName(prop: string, value: string): void {
  if (!DOCKER_NETWORK_NAME.test(value)) fail(prop, value, 'must be a Docker network name ([A-Za-z0-9][A-Za-z0-9_.-]*)');
  if (PREDEFINED_NETWORKS.includes(value)) {
    fail(prop, value, 'must be a user-defined network: containers find each other through its DNS, which "bridge", "host" and "none" lack');
  }
}
