import { isIP } from 'node:net';
import { DEFAULTS } from '../defaults';
import { MAX_NAME_PREFIX_LENGTH } from '../names';
import { CertificateMode, ClientAuth, EcdsaCurve, KeyAlgorithm, PrometheusTlsProxyOptions } from '../options';
import { MIN_NGINX_VERSION, atLeast, imageVersion, prometheusFeatures } from '../render/image-versions';
import { WORKER_CONNECTIONS } from '../render/nginx-conf';
import { IsUnresolved, REDACTED, checkRendered, checkRenderedThroughout, fail } from './errors';
import { checkRemoteWriteTargets } from './remote-write';
import {
  HOST_LABEL,
  PREDEFINED_NETWORKS,
  checkCertificatePem,
  checkDockerNetworkName,
  checkDuration,
  checkHostName,
  checkImage,
  checkInteger,
  checkKeyPair,
  checkLabels,
  checkList,
  checkObject,
  checkPathPrefix,
  checkPort,
  checkUserName,
  kindOf,
} from './rules';
import { MAX_COMMON_NAME_LENGTH } from '../tls/keys';
import { checkScrapeJobs } from './scrape-jobs';

/** Bounds of the bcrypt cost: nginx hashes on every request in its worker (see BENCHMARKS.md). */
export const BCRYPT_COST = { min: 5, max: 10 } as const;

/**
 * Longest certificate validity: macOS and iOS reject TLS server certificates valid for more than
 * 825 days, even from a private CA.
 */
export const MAX_VALIDITY_HOURS = 825 * 24;

/** Memory a busy nginx worker holds (buffers, TLS state), and what the master and shared zones take besides. */
export const NGINX_MEMORY_MB = { perWorker: 32, base: 64 } as const;

const BCRYPT_HASH = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
/** A client certificate's name is its CN. */
const CLIENT_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_COMMON_NAME_LENGTH - 1}}$`);
const PROMETHEUS_SIZE = /^\d+(\.\d+)?([KMGTPE]i?)?B$/;
const DOCKER_LOG_SIZE = /^[1-9]\d*[kKmMgG][iI]?[bB]?$/;

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
 * reach Terraform and refused where they must be rendered into a file at synth time. Secrets
 * (password hashes, keys, passwords, tokens) are never shown in a message: errors reach CI logs.
 */
export function validateOptions(options: PrometheusTlsProxyOptions, isUnresolved: IsUnresolved): void {
  const given = <K extends keyof PrometheusTlsProxyOptions>(key: K): boolean => options[key] !== undefined;
  const rendered = (prop: string, value: unknown): void => checkRendered(prop, value, isUnresolved);
  /** For values that only reach Terraform: a token is checked by Terraform, not here. */
  const literal = (value: unknown): boolean => value !== undefined && !isUnresolved(value);
  const enumValue = <T extends string>(prop: string, value: T, allowed: Record<string, T>, name: string): void => {
    if (!Object.values(allowed).includes(value)) fail(prop, value, `must be ${Object.values(allowed).map((v) => `"${v}"`).join(', ')} (${name})`);
  };

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
    if (options.httpPort === httpsPort) fail('httpPort', options.httpPort, `must differ from httpsPort (${httpsPort})`);
  }

  if (given('namePrefix')) {
    rendered('namePrefix', options.namePrefix);
    const value = options.namePrefix!;
    if (value.length > MAX_NAME_PREFIX_LENGTH || !HOST_LABEL.test(value)) {
      fail('namePrefix', value, `must be a DNS label of 1 to ${MAX_NAME_PREFIX_LENGTH} characters a-z, 0-9 and inner "-", not all digits (it is the network alias by default)`);
    }
    if (PREDEFINED_NETWORKS.includes(value)) fail('namePrefix', value, "must not be the name of one of Docker's predefined networks");
  }
  if (given('networkAlias')) {
    rendered('networkAlias', options.networkAlias);
    if (!HOST_LABEL.test(options.networkAlias!)) {
      fail('networkAlias', options.networkAlias, 'must be a DNS label of 1 to 63 characters a-z, 0-9 and inner "-", not all digits (URL parsers read those as an address)');
    }
  }
  if (literal(options.network)) checkDockerNetworkName('network', options.network!);
  if (given('additionalNetworks')) {
    if (isUnresolved(options.additionalNetworks) || !Array.isArray(options.additionalNetworks)) {
      fail('additionalNetworks', options.additionalNetworks, 'must be a list of network names (each may be a token)');
    }
    // The pod's first network: the one given, or its private one, named after namePrefix.
    const seen = new Set([options.network ?? options.namePrefix].filter((name): name is string => name !== undefined));
    options.additionalNetworks.forEach((network, i) => {
      if (isUnresolved(network)) return;
      checkDockerNetworkName(`additionalNetworks[${i}]`, network);
      if (seen.has(network)) fail(`additionalNetworks[${i}]`, network, "must be listed once, and not be the pod's first network");
      seen.add(network);
    });
  }
  for (const prop of ['nginxImage', 'prometheusImage', 'pauseImage'] as const) {
    if (literal(options[prop])) checkImage(prop, options[prop]!);
  }
  if (literal(options.nginxImage)) {
    const version = imageVersion(options.nginxImage!);
    if (version !== undefined && !atLeast(version, MIN_NGINX_VERSION)) {
      fail('nginxImage', options.nginxImage, `must be nginx ${MIN_NGINX_VERSION.join('.')} or later: the rendered config uses its directives`);
    }
  }
  if (literal(options.prometheusImage) && options.prometheusImage!.includes('distroless')) {
    fail('prometheusImage', options.prometheusImage, 'must not be a distroless variant: it lacks the wget of the health check and the shell that writes its config volume');
  }

  // The enum-like props decide what is rendered: none may be a token.
  for (const prop of ['certificateMode', 'keyAlgorithm', 'ecdsaCurve', 'clientAuth'] as const) rendered(prop, options[prop]);
  const mode = options.certificateMode ?? DEFAULTS.certificateMode;
  enumValue('certificateMode', mode, CertificateMode, 'CertificateMode');
  if (mode === CertificateMode.PROVIDED) {
    if (!given('certificatePem')) fail('certificatePem', undefined, 'is required when certificateMode is "provided"');
    if (!given('privateKeyPem')) fail('privateKeyPem', undefined, 'is required when certificateMode is "provided"');
    for (const key of GENERATED_CERTIFICATE_OPTIONS) {
      if (given(key)) fail(key, options[key], 'only applies to generated certificates, not to certificateMode "provided"');
    }
    const certificate = checkKeyPair('certificatePem', options.certificatePem, 'privateKeyPem', options.privateKeyPem, isUnresolved);
    if (certificate !== undefined && certificate.checkHost(options.domainName) === undefined) {
      fail('certificatePem', certificate.subjectAltName ?? certificate.subject, `must be valid for domainName "${options.domainName}"`);
    }
  } else {
    if (given('certificatePem')) fail('certificatePem', options.certificatePem, 'only applies to certificateMode "provided"');
    if (given('privateKeyPem')) fail('privateKeyPem', REDACTED, 'only applies to certificateMode "provided"');
  }
  if (mode !== CertificateMode.PRIVATE_CA && given('caValidityPeriodHours')) {
    fail('caValidityPeriodHours', options.caValidityPeriodHours, 'only applies to certificateMode "private-ca"');
  }

  const algorithm = options.keyAlgorithm ?? DEFAULTS.keyAlgorithm;
  enumValue('keyAlgorithm', algorithm, KeyAlgorithm, 'KeyAlgorithm');
  if (given('rsaBits')) {
    if (algorithm !== KeyAlgorithm.RSA) fail('rsaBits', options.rsaBits, 'only applies to keyAlgorithm "RSA"');
    if (literal(options.rsaBits) && ![2048, 3072, 4096].includes(options.rsaBits!)) fail('rsaBits', options.rsaBits, 'must be 2048, 3072 or 4096');
  }
  if (given('ecdsaCurve')) {
    if (algorithm !== KeyAlgorithm.ECDSA) fail('ecdsaCurve', options.ecdsaCurve, 'only applies to keyAlgorithm "ECDSA"');
    enumValue('ecdsaCurve', options.ecdsaCurve!, EcdsaCurve, 'EcdsaCurve; curl and browsers refuse P224');
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
    fail('subjectAlternativeNames', options.subjectAlternativeNames, 'must be a list of names, not a list token: they are rendered into nginx.conf');
  }
  options.subjectAlternativeNames?.forEach((name, i) => {
    rendered(`subjectAlternativeNames[${i}]`, name);
    checkHostName(`subjectAlternativeNames[${i}]`, name, true);
  });
  if (isUnresolved(options.ipAddresses)) fail('ipAddresses', options.ipAddresses, 'must be a list of addresses, not a list token: they are rendered into nginx.conf');
  options.ipAddresses?.forEach((ip, i) => {
    rendered(`ipAddresses[${i}]`, ip);
    // Node's isIP takes an IPv6 zone (`fe80::1%eth0`), which no certificate or Host header carries.
    if (isIP(ip) === 0 || ip.includes('%')) fail(`ipAddresses[${i}]`, ip, 'must be an IPv4 or IPv6 address, without a zone');
  });

  if (given('scrapeInterval')) {
    rendered('scrapeInterval', options.scrapeInterval);
    checkDuration('scrapeInterval', options.scrapeInterval!);
  }
  if (given('scrapeConfigs')) {
    rendered('scrapeConfigs', options.scrapeConfigs);
    checkScrapeJobs(options.scrapeConfigs!, options.scrapeInterval, [], 0, isUnresolved);
  }
  if (literal(options.retentionTime)) checkDuration('retentionTime', options.retentionTime!);
  if (literal(options.retentionSize) && !PROMETHEUS_SIZE.test(options.retentionSize!)) {
    fail('retentionSize', options.retentionSize, 'must be a Prometheus size such as "512MB" or "10GiB" (units B, KB, MB, GB, TB, PB, EB, with or without "i")');
  }

  if (given('basicAuthUsers')) {
    const users = options.basicAuthUsers!;
    checkList('basicAuthUsers', users, isUnresolved, 'users');
    if (users.length === 0) fail('basicAuthUsers', kindOf(users), 'must list at least one user when given');
    const names = new Set<string>();
    users.forEach((user, i) => {
      const at = `basicAuthUsers[${i}]`;
      checkObject(at, user);
      if (!isUnresolved(user.username)) {
        checkUserName(`${at}.username`, user.username);
        if (names.has(user.username)) fail(`${at}.username`, user.username, 'must be unique');
        names.add(user.username);
      }
      if (!isUnresolved(user.passwordHash)) {
        // A value that is not a hash may be the password itself: never shown.
        const match = BCRYPT_HASH.exec(user.passwordHash);
        if (!match) fail(`${at}.passwordHash`, REDACTED, 'must be a bcrypt hash ("$2y$08$..." from `htpasswd -nbB -C 8 user password`)');
        const cost = Number(match[1]);
        if (cost < BCRYPT_COST.min || cost > BCRYPT_COST.max) {
          fail(`${at}.passwordHash`, REDACTED, `must have a bcrypt cost from ${BCRYPT_COST.min} to ${BCRYPT_COST.max} (got cost ${cost}: nginx checks the hash on every request)`);
        }
      }
    });
  }

  const clientAuth = options.clientAuth ?? DEFAULTS.clientAuth;
  enumValue('clientAuth', clientAuth, ClientAuth, 'ClientAuth');
  if (given('clientCaCertificatePem')) {
    if (mode === CertificateMode.PRIVATE_CA) fail('clientCaCertificatePem', options.clientCaCertificatePem, 'does not apply to certificateMode "private-ca": client certificates chain to the construct\'s CA');
    if (clientAuth === ClientAuth.OFF) fail('clientCaCertificatePem', options.clientCaCertificatePem, 'only applies when clientAuth is "optional" or "required"');
    if (literal(options.clientCaCertificatePem)) checkCertificatePem('clientCaCertificatePem', options.clientCaCertificatePem!);
  }
  if (clientAuth !== ClientAuth.OFF && mode !== CertificateMode.PRIVATE_CA && !given('clientCaCertificatePem')) {
    fail('clientAuth', clientAuth, 'needs certificateMode "private-ca" (the construct\'s CA) or clientCaCertificatePem to verify client certificates against');
  }
  if (given('clientCertificates')) {
    checkList('clientCertificates', options.clientCertificates, isUnresolved, 'names');
    if (mode !== CertificateMode.PRIVATE_CA) fail('clientCertificates', options.clientCertificates, 'needs certificateMode "private-ca": the construct\'s CA issues them');
    const seen = new Set<string>();
    options.clientCertificates!.forEach((name, i) => {
      rendered(`clientCertificates[${i}]`, name);
      if (!CLIENT_NAME.test(name)) fail(`clientCertificates[${i}]`, name, `must be 1 to ${MAX_COMMON_NAME_LENGTH} characters A-Z a-z 0-9 . _ - (the certificate's CN)`);
      if (seen.has(name)) fail(`clientCertificates[${i}]`, name, 'must be unique');
      seen.add(name);
    });
  }

  const authenticated = given('basicAuthUsers') || clientAuth === ClientAuth.REQUIRED;
  if (given('healthCheckWithoutAuth') && !authenticated) {
    fail('healthCheckWithoutAuth', options.healthCheckWithoutAuth, 'only applies when basicAuthUsers is given or clientAuth is "required"');
  }
  for (const key of ['enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const) {
    if (options[key] === true && !authenticated) {
      fail(key, true, 'needs basicAuthUsers or clientAuth "required": it lets anyone who reaches httpsPort change data, stop Prometheus or read its memory');
    }
  }
  if (literal(options.prometheusImage)) {
    const features = prometheusFeatures(options.prometheusImage!);
    const needs = [
      ['enableOtlpReceiver', features.otlpReceiver, '3.0'],
      ['enableRemoteWriteReceiver', features.remoteWriteReceiver, '2.33'],
      ['agentMode', features.agentMode, '2.32'],
    ] as const;
    for (const [prop, available, version] of needs) {
      if (options[prop] === true && !available) fail(prop, true, `needs Prometheus ${version} or later (prometheusImage is ${options.prometheusImage})`);
    }
  }
  if (options.agentMode === true) {
    for (const key of ['enableAdminApi', 'enableRemoteWriteReceiver', 'enableOtlpReceiver', 'retentionTime', 'retentionSize'] as const) {
      if (given(key) && options[key] !== false) fail(key, options[key], 'does not apply in agentMode: an agent has no TSDB, admin API or receivers');
    }
  }
  if (given('externalLabels')) {
    checkRenderedThroughout('externalLabels', options.externalLabels, isUnresolved);
    checkLabels('externalLabels', options.externalLabels!);
  }
  if (given('remoteWrite')) {
    rendered('remoteWrite', options.remoteWrite);
    checkRemoteWriteTargets(options.remoteWrite!, [], 0, isUnresolved);
  }

  const limits = [
    ['requestsPerSecondPerClient', 1, 100_000],
    ['requestBurstPerClient', 0, 100_000],
    ['connectionsPerClient', 1, WORKER_CONNECTIONS],
    ['receiverRequestsPerSecondPerClient', 1, 100_000],
    ['nginxWorkerProcesses', 1, 64],
  ] as const;
  for (const [prop, min, max] of limits) {
    if (given(prop)) {
      rendered(prop, options[prop]);
      checkInteger(prop, options[prop]!, min, max);
    }
  }
  const workers = options.nginxWorkerProcesses ?? DEFAULTS.nginxWorkerProcesses;
  const nginxMemoryMb = options.nginxMemoryMb ?? DEFAULTS.nginxMemoryMb;
  if (literal(nginxMemoryMb)) {
    const least = NGINX_MEMORY_MB.base + NGINX_MEMORY_MB.perWorker * workers;
    const why = ` (${workers} worker processes at ~${NGINX_MEMORY_MB.perWorker} MB each when busy, plus the TLS session cache and limit zones)`;
    if (given('nginxMemoryMb')) checkInteger('nginxMemoryMb', nginxMemoryMb, least, 1 << 20, why);
    else if (nginxMemoryMb < least) fail('nginxWorkerProcesses', workers, `needs nginxMemoryMb of at least ${least}${why}`);
  }
  if (literal(options.prometheusMemoryMb)) {
    checkInteger('prometheusMemoryMb', options.prometheusMemoryMb!, 64, 1 << 20, ' (Prometheus needs tens of MB before its first series)');
  }
  if (literal(options.logMaxSize) && !DOCKER_LOG_SIZE.test(options.logMaxSize!)) {
    fail('logMaxSize', options.logMaxSize, 'must be a json-file log size such as "10m" or "100MB" (units k, m, g)');
  }
  if (literal(options.logMaxFiles)) checkInteger('logMaxFiles', options.logMaxFiles!, 1, 100);
}
