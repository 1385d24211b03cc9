import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { DEFAULTS } from './defaults';
import { MAX_NAME_PREFIX_LENGTH } from './names';
import type { PrometheusTlsProxyOptions, ScrapeJob } from './options';

/** Thrown at construction for a bad prop; `prop` names it, the message shows the value and the rule. */
export class PropValidationError extends Error {
  constructor(
    readonly prop: string,
    value: unknown,
    rule: string,
  ) {
    super(`${prop} ${rule} (got ${show(value)})`);
    this.name = 'PropValidationError';
  }
}

/** Tells whether a value is an unresolved Terraform token; injected so this module stays cdktf-free. */
export type IsUnresolved = (value: unknown) => boolean;

function show(value: unknown): string {
  const text = (() => {
    if (typeof value === 'string') return JSON.stringify(value);
    if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
      return JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 77)}...` : v));
    }
    return String(value);
  })();
  // JSON leaves DEL, C1 controls and the line and paragraph separators raw: escape them, to be seen.
  return text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fail(prop: string, value: unknown, rule: string): never {
  throw new PropValidationError(prop, value, rule);
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PROMETHEUS_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const PROMETHEUS_SIZE = /^\d+(\.\d+)?([KMGTPE]i?)?B$/;
const DOCKER_LOG_SIZE = /^[1-9]\d*[kKmMgG][iI]?[bB]?$/;
const DOCKER_NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Docker's predefined networks: no name resolution between containers, or no network at all. */
const PREDEFINED_NETWORKS = ['bridge', 'host', 'none'];
const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const JOB_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
/** What Prometheus's YAML parser refuses (DEL, C1, U+2028/9, U+FFFE/F) or UTF-8 cannot carry, plus C0 controls. */
const UNPARSEABLE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Bounds of the bcrypt cost: nginx hashes on every request in its worker (see BENCHMARKS.md). */
export const BCRYPT_COST = { min: 5, max: 10 } as const;

/**
 * Longest certificate validity: macOS and iOS reject TLS server certificates valid for more than
 * 825 days, even from a private CA.
 */
export const MAX_VALIDITY_HOURS = 825 * 24;

/** Image references: `[registry[:port]/]path[:tag][@sha256:digest]`, with a tag or digest, never `latest`. */
const IMAGE_REF =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(@sha256:[a-f0-9]{64})?$/;

/** A lowercase RFC 1123 host name; `wildcard` allows a leading `*.` label. */
function checkHostName(prop: string, value: string, wildcard: boolean): void {
  const name = wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (value.length === 0 || value.length > 253) fail(prop, value, 'must be a host name of 1 to 253 characters');
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

function checkPathPrefix(value: string): void {
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

function checkPort(prop: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(prop, value, 'must be an integer from 1 to 65535');
}

function checkInteger(prop: string, value: number, min: number, max: number, why = ''): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(prop, value, `must be an integer from ${min} to ${max}${why}`);
  }
}

function checkImage(prop: string, value: string): void {
  const match = IMAGE_REF.exec(value);
  if (!match || value.length > 512) {
    fail(prop, value, 'must be a Docker image reference such as "nginx:1.30.1-alpine" or "repo/name@sha256:<digest>"');
  }
  const [, tag, digest] = match;
  if (!tag && !digest) fail(prop, value, 'must pin a version with a tag or digest');
  if (tag === 'latest') fail(prop, value, 'must pin a version, not "latest"');
  if (tag?.includes('distroless')) {
    fail(prop, value, 'must not be a distroless variant: it lacks the wget of the health check and its data directory is root-owned');
  }
}

/** Prometheus holds durations as int64 nanoseconds and refuses longer ones as "out of range". */
const MAX_DURATION_MS = Math.floor((2 ** 63 - 1) / 1e6);

function checkDuration(prop: string, value: string): void {
  if (value === '' || !PROMETHEUS_DURATION.test(value) || !/[1-9]/.test(value)) {
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

function checkTarget(prop: string, value: string): void {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) fail(prop, value, 'must be "host:port"');
  const [, host, port] = match;
  const hostOk = host.startsWith('[') ? isIP(host.slice(1, -1)) === 6 : isIP(host) === 4 || isHostName(host);
  if (!hostOk) fail(prop, value, 'must be "host:port" with a DNS name, an IPv4 address or a bracketed IPv6 address');
  checkPort(prop, Number(port));
}

function isHostName(value: string): boolean {
  return value.length <= 253 && value.split('.').every((label) => /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label));
}

function checkScrapeJobs(jobs: ScrapeJob[], globalInterval: string | undefined): void {
  const seen = new Set<string>(['prometheus']);
  jobs.forEach((job, i) => {
    const at = `scrapeConfigs[${i}]`;
    if (!JOB_NAME.test(job.jobName)) fail(`${at}.jobName`, job.jobName, 'must be 1 to 128 characters A-Z a-z 0-9 _ . : -');
    if (seen.has(job.jobName)) {
      fail(`${at}.jobName`, job.jobName, 'must be unique and not "prometheus" (the self-scrape job)');
    }
    seen.add(job.jobName);
    if (!Array.isArray(job.targets) || job.targets.length === 0) fail(`${at}.targets`, job.targets, 'must list at least one target');
    job.targets.forEach((target, t) => checkTarget(`${at}.targets[${t}]`, target));
    if (job.metricsPath !== undefined && !/^(\/[A-Za-z0-9._~-]*)+$/.test(job.metricsPath)) {
      fail(`${at}.metricsPath`, job.metricsPath, 'must be an absolute path of unreserved URL characters');
    }
    if (job.scheme !== undefined && job.scheme !== 'http' && job.scheme !== 'https') {
      fail(`${at}.scheme`, job.scheme, 'must be "http" or "https"');
    }
    if (job.scrapeInterval !== undefined) checkDuration(`${at}.scrapeInterval`, job.scrapeInterval);
    if (job.scrapeTimeout !== undefined) {
      checkDuration(`${at}.scrapeTimeout`, job.scrapeTimeout);
      const interval = job.scrapeInterval ?? globalInterval ?? DEFAULTS.scrapeInterval;
      if (durationMs(job.scrapeTimeout) > durationMs(interval)) {
        fail(`${at}.scrapeTimeout`, job.scrapeTimeout, `must not exceed the scrape interval (${interval})`);
      }
    }
    for (const [name, value] of Object.entries(job.labels ?? {})) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) {
        fail(`${at}.labels`, name, 'must have Prometheus label names ([A-Za-z_][A-Za-z0-9_]*, not starting with "__")');
      }
      if (typeof value !== 'string' || UNPARSEABLE_TEXT.test(value)) {
        fail(`${at}.labels`, value, 'must have label values of text without control characters, U+2028, U+2029, U+FFFE, U+FFFF or lone surrogates (Prometheus cannot read them from its YAML)');
      }
    }
  });
}

/**
 * Certificates only, and one key only: text around the blocks would reach the file (and Terraform),
 * and a key appended to the chain would land in the world-readable certificate file.
 */
const CERTIFICATE_BLOCKS = /^(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----[ \t\r\n]*)+$/;
const PRIVATE_KEY_BLOCK = /^-----BEGIN (RSA |EC )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END \1PRIVATE KEY-----[ \t\r\n]*$/;

function checkProvidedCertificate(certificatePem: string, privateKeyPem: string, domainName: string): void {
  if (!CERTIFICATE_BLOCKS.test(certificatePem)) fail('certificatePem', certificatePem, 'must hold PEM certificate blocks and nothing else');
  if (!PRIVATE_KEY_BLOCK.test(privateKeyPem)) fail('privateKeyPem', '<redacted>', 'must hold one PEM private key block and nothing else');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    fail('certificatePem', certificatePem, 'must be a PEM certificate ("-----BEGIN CERTIFICATE-----")');
  }
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    fail('privateKeyPem', '<redacted>', 'must be an unencrypted PEM private key');
  }
  if (!certificate.checkPrivateKey(key)) fail('privateKeyPem', '<redacted>', 'must be the key of certificatePem');
  if (certificate.checkHost(domainName) === undefined) {
    fail('certificatePem', certificate.subjectAltName ?? certificate.subject, `must be valid for domainName "${domainName}"`);
  }
}

/** Refuses a token anywhere in a structure that is rendered at synth time, naming the path to it. */
function renderedThroughout(prop: string, value: unknown, rendered: (prop: string, value: unknown) => void): void {
  rendered(prop, value);
  if (Array.isArray(value)) value.forEach((item, i) => renderedThroughout(`${prop}[${i}]`, item, rendered));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) renderedThroughout(`${prop}.${key}`, item, rendered);
  }
}

/** What one instance publishes on its Docker host. */
export interface HostClaims {
  /** Construct path, to name the other instance in a message. */
  readonly path: string;
  readonly namePrefix: string;
  /** Literal published ports, by prop. */
  readonly ports: ReadonlyArray<{ readonly prop: 'httpsPort' | 'httpPort'; readonly port: number }>;
}

/** Two instances on one Docker host cannot publish the same port or share Docker object names. */
export function checkNoCollision(mine: HostClaims, others: HostClaims[]): void {
  for (const other of others) {
    if (other.namePrefix === mine.namePrefix) {
      fail('namePrefix', mine.namePrefix, `must differ from that of ${other.path} on the same Docker host`);
    }
    for (const { prop, port } of mine.ports) {
      if (other.ports.some((claim) => claim.port === port)) {
        fail(prop, port, `is already published by ${other.path} on the same Docker host`);
      }
    }
  }
}

/** Options that only mean something for a certificate the construct generates. */
const GENERATED_CERTIFICATE_OPTIONS = [
  'keyAlgorithm',
  'rsaBits',
  'ecdsaCurve',
  'validityPeriodHours',
  'earlyRenewalHours',
  'caValidityPeriodHours',
  'subjectAlternativeNames',
  'ipAddresses',
] as const;

/**
 * Checks every option a user gave. Values that are unresolved tokens are accepted where they only
 * reach Terraform and refused where they must be rendered into a file at synth time.
 */
export function validateOptions(options: PrometheusTlsProxyOptions, isUnresolved: IsUnresolved): void {
  const given = <K extends keyof PrometheusTlsProxyOptions>(key: K): boolean => options[key] !== undefined;
  /** For values rendered into nginx.conf or prometheus.yml: a token cannot be rendered. */
  const rendered = (prop: string, value: unknown): void => {
    if (isUnresolved(value)) fail(prop, value, 'is rendered into a config file at synth time and cannot be an unresolved token');
  };
  /** For values that only reach Terraform: a token is checked by Terraform, not here. */
  const literal = (value: unknown): boolean => value !== undefined && !isUnresolved(value);

  if (typeof options.domainName !== 'string') fail('domainName', options.domainName, 'is required');
  rendered('domainName', options.domainName);
  checkHostName('domainName', options.domainName, false);

  if (given('pathPrefix')) {
    rendered('pathPrefix', options.pathPrefix);
    checkPathPrefix(options.pathPrefix!);
  }

  if (literal(options.httpsPort)) checkPort('httpsPort', options.httpsPort!);
  if (given('httpPort')) {
    rendered('httpPort', options.httpPort);
    if (isUnresolved(options.httpsPort)) {
      fail('httpPort', options.httpPort, 'needs a literal httpsPort: the redirect to HTTPS is rendered at synth time');
    }
    checkPort('httpPort', options.httpPort!);
    const httpsPort = options.httpsPort ?? DEFAULTS.httpsPort;
    if (options.httpPort === httpsPort) {
      fail('httpPort', options.httpPort, `must differ from httpsPort (${httpsPort})`);
    }
  }

  if (given('namePrefix')) {
    rendered('namePrefix', options.namePrefix);
    const value = options.namePrefix!;
    if (value.length > MAX_NAME_PREFIX_LENGTH || !DNS_LABEL.test(value)) {
      fail('namePrefix', value, `must be a DNS label of 1 to ${MAX_NAME_PREFIX_LENGTH} characters a-z, 0-9 and inner "-"`);
    }
    if (PREDEFINED_NETWORKS.includes(value)) fail('namePrefix', value, "must not be the name of one of Docker's predefined networks");
  }
  if (literal(options.network)) {
    if (!DOCKER_NETWORK_NAME.test(options.network!)) fail('network', options.network, 'must be a Docker network name ([A-Za-z0-9][A-Za-z0-9_.-]*)');
    if (PREDEFINED_NETWORKS.includes(options.network!)) {
      fail('network', options.network, 'must be a user-defined network: nginx finds Prometheus through its DNS, which "bridge", "host" and "none" lack');
    }
  }
  if (literal(options.nginxImage)) checkImage('nginxImage', options.nginxImage!);
  if (literal(options.prometheusImage)) checkImage('prometheusImage', options.prometheusImage!);

  const mode = options.certificateMode ?? DEFAULTS.certificateMode;
  if (!['self-signed', 'private-ca', 'provided'].includes(mode)) {
    fail('certificateMode', mode, 'must be "self-signed", "private-ca" or "provided"');
  }
  if (mode === 'provided') {
    if (!given('certificatePem')) fail('certificatePem', undefined, 'is required when certificateMode is "provided"');
    if (!given('privateKeyPem')) fail('privateKeyPem', undefined, 'is required when certificateMode is "provided"');
    for (const key of GENERATED_CERTIFICATE_OPTIONS) {
      if (given(key)) fail(key, options[key], 'only applies to generated certificates, not to certificateMode "provided"');
    }
    if (literal(options.certificatePem) && literal(options.privateKeyPem)) {
      checkProvidedCertificate(options.certificatePem!, options.privateKeyPem!, options.domainName);
    }
  } else {
    if (given('certificatePem')) fail('certificatePem', options.certificatePem, 'only applies to certificateMode "provided"');
    if (given('privateKeyPem')) fail('privateKeyPem', '<redacted>', 'only applies to certificateMode "provided"');
  }
  if (mode !== 'private-ca' && given('caValidityPeriodHours')) {
    fail('caValidityPeriodHours', options.caValidityPeriodHours, 'only applies to certificateMode "private-ca"');
  }

  const algorithm = options.keyAlgorithm ?? DEFAULTS.keyAlgorithm;
  if (!['RSA', 'ECDSA'].includes(algorithm)) fail('keyAlgorithm', algorithm, 'must be "RSA" or "ECDSA"');
  if (given('rsaBits')) {
    if (algorithm !== 'RSA') fail('rsaBits', options.rsaBits, 'only applies to keyAlgorithm "RSA"');
    if (![2048, 3072, 4096].includes(options.rsaBits!)) fail('rsaBits', options.rsaBits, 'must be 2048, 3072 or 4096');
  }
  if (given('ecdsaCurve')) {
    if (algorithm !== 'ECDSA') fail('ecdsaCurve', options.ecdsaCurve, 'only applies to keyAlgorithm "ECDSA"');
    if (!['P256', 'P384'].includes(options.ecdsaCurve!)) {
      fail('ecdsaCurve', options.ecdsaCurve, 'must be "P256" or "P384" (curl and browsers refuse P224)');
    }
  }

  const validity = options.validityPeriodHours ?? DEFAULTS.validityPeriodHours;
  if (literal(options.validityPeriodHours)) {
    checkInteger('validityPeriodHours', validity, 1, MAX_VALIDITY_HOURS, ' (825 days: Apple platforms reject longer TLS certificates)');
  }
  if (literal(options.earlyRenewalHours) && !isUnresolved(validity)) {
    checkInteger('earlyRenewalHours', options.earlyRenewalHours!, 0, validity - 1, ' (less than validityPeriodHours)');
  }
  if (literal(options.caValidityPeriodHours) && !isUnresolved(validity)) {
    checkInteger('caValidityPeriodHours', options.caValidityPeriodHours!, validity, 100 * 8760, ' (a CA must outlive the certificates it signs)');
  }
  if (isUnresolved(options.subjectAlternativeNames)) {
    fail('subjectAlternativeNames', options.subjectAlternativeNames, 'must be a list of names (each may be a token), not a list token: domainName is prepended to it');
  }
  if (given('subjectAlternativeNames')) {
    options.subjectAlternativeNames!.forEach((name, i) => {
      if (!isUnresolved(name)) checkHostName(`subjectAlternativeNames[${i}]`, name, true);
    });
  }
  if (literal(options.ipAddresses)) {
    options.ipAddresses!.forEach((ip, i) => {
      if (!isUnresolved(ip) && isIP(ip) === 0) fail(`ipAddresses[${i}]`, ip, 'must be an IPv4 or IPv6 address');
    });
  }

  if (given('scrapeInterval')) {
    rendered('scrapeInterval', options.scrapeInterval);
    checkDuration('scrapeInterval', options.scrapeInterval!);
  }
  if (given('scrapeConfigs')) {
    renderedThroughout('scrapeConfigs', options.scrapeConfigs, rendered);
    if (!Array.isArray(options.scrapeConfigs)) fail('scrapeConfigs', options.scrapeConfigs, 'must be a list of scrape jobs');
    checkScrapeJobs(options.scrapeConfigs, options.scrapeInterval);
  }
  if (literal(options.retentionTime)) checkDuration('retentionTime', options.retentionTime!);
  if (literal(options.retentionSize) && !PROMETHEUS_SIZE.test(options.retentionSize!)) {
    fail('retentionSize', options.retentionSize, 'must be a Prometheus size such as "512MB" or "10GiB" (units B, KB, MB, GB, TB, PB, EB, with or without "i")');
  }

  if (given('basicAuthUsers')) {
    const users = options.basicAuthUsers!;
    if (!Array.isArray(users) || users.length === 0) fail('basicAuthUsers', users, 'must list at least one user when given');
    const names = new Set<string>();
    users.forEach((user, i) => {
      const at = `basicAuthUsers[${i}]`;
      if (!isUnresolved(user.username)) {
        if (!/^[\x21-\x39\x3b-\x7e]{1,64}$/.test(user.username)) {
          fail(`${at}.username`, user.username, 'must be 1 to 64 printable ASCII characters without ":" or spaces');
        }
        if (names.has(user.username)) fail(`${at}.username`, user.username, 'must be unique');
        names.add(user.username);
      }
      if (!isUnresolved(user.passwordHash)) {
        const match = BCRYPT_HASH.exec(user.passwordHash);
        if (!match) fail(`${at}.passwordHash`, user.passwordHash, 'must be a bcrypt hash ("$2y$08$..." from `htpasswd -nbB -C 8 user password`)');
        const cost = Number(match[1]);
        if (cost < BCRYPT_COST.min || cost > BCRYPT_COST.max) {
          fail(
            `${at}.passwordHash`,
            user.passwordHash,
            `must have a bcrypt cost from ${BCRYPT_COST.min} to ${BCRYPT_COST.max} (got ${cost}: nginx checks the hash on every request)`,
          );
        }
      }
    });
  }
  if (given('healthCheckWithoutAuth') && !given('basicAuthUsers')) {
    fail('healthCheckWithoutAuth', options.healthCheckWithoutAuth, 'only applies when basicAuthUsers is given');
  }
  for (const key of ['enableAdminApi', 'enableLifecycle'] as const) {
    if (options[key] === true && !given('basicAuthUsers')) {
      fail(key, true, 'needs basicAuthUsers: it lets anyone who reaches httpsPort delete data or stop Prometheus');
    }
  }

  if (literal(options.nginxMemoryMb)) checkInteger('nginxMemoryMb', options.nginxMemoryMb!, 6, 1 << 20, ' (Docker refuses less than 6 MB)');
  if (literal(options.prometheusMemoryMb)) {
    checkInteger('prometheusMemoryMb', options.prometheusMemoryMb!, 6, 1 << 20, ' (Docker refuses less than 6 MB)');
  }
  if (literal(options.logMaxSize) && !DOCKER_LOG_SIZE.test(options.logMaxSize!)) {
    fail('logMaxSize', options.logMaxSize, 'must be a json-file log size such as "10m" or "100MB" (units k, m, g)');
  }
  if (literal(options.logMaxFiles)) checkInteger('logMaxFiles', options.logMaxFiles!, 1, 100);
}
