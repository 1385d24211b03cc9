import { namePrefixFromPath } from './names';
import type { BasicAuthUser, CertificateMode, EcdsaCurve, KeyAlgorithm, PrometheusTlsProxyOptions, ScrapeJob } from './options';
import type { IsUnresolved } from './validate';

export const DEFAULT_NGINX_IMAGE = 'nginx:1.30.1-alpine';
export const DEFAULT_PROMETHEUS_IMAGE = 'prom/prometheus:v3.13.3';

/** Every literal default, in one place: resolveOptions applies them, validation reads them. */
export const DEFAULTS = {
  pathPrefix: '/prometheus',
  httpsPort: 443,
  nginxImage: DEFAULT_NGINX_IMAGE,
  prometheusImage: DEFAULT_PROMETHEUS_IMAGE,
  certificateMode: 'self-signed',
  keyAlgorithm: 'RSA',
  rsaBits: 4096,
  ecdsaCurve: 'P256',
  validityPeriodHours: 8760,
  earlyRenewalHours: 720,
  caValidityPeriodHours: 87600,
  scrapeInterval: '15s',
  retentionTime: '15d',
  healthCheckWithoutAuth: true,
  enableAdminApi: false,
  enableLifecycle: false,
  // Room for nginx's shared TLS session cache and proxy buffers, far below what one host gives it.
  nginxMemoryMb: 256,
  // Prometheus needs roughly 1-3 KB of memory per active series: 2 GiB holds a few hundred thousand.
  prometheusMemoryMb: 2048,
  // 30 MB of logs per container: enough for days of access logs at dashboard rates, bounded on disk.
  logMaxSize: '10m',
  logMaxFiles: 3,
} as const;

/** Options with every default applied once; optional fields stay optional where absence means "off". */
export interface ResolvedOptions {
  readonly domainName: string;
  readonly pathPrefix: string;
  readonly httpsPort: number;
  readonly httpPort?: number;
  readonly namePrefix: string;
  readonly network?: string;
  readonly nginxImage: string;
  readonly prometheusImage: string;
  readonly certificateMode: CertificateMode;
  readonly certificatePem?: string;
  readonly privateKeyPem?: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly rsaBits: number;
  readonly ecdsaCurve: EcdsaCurve;
  readonly validityPeriodHours: number;
  readonly earlyRenewalHours: number;
  readonly caValidityPeriodHours: number;
  readonly subjectAlternativeNames: string[];
  readonly ipAddresses: string[];
  readonly scrapeInterval: string;
  readonly scrapeConfigs: ScrapeJob[];
  readonly retentionTime: string;
  readonly retentionSize?: string;
  readonly basicAuthUsers: BasicAuthUser[];
  readonly healthCheckWithoutAuth: boolean;
  readonly enableAdminApi: boolean;
  readonly enableLifecycle: boolean;
  readonly hsts: boolean;
  readonly nginxMemoryMb: number;
  readonly prometheusMemoryMb: number;
  readonly logMaxSize: string;
  readonly logMaxFiles: number;
}

/**
 * 30 days, or half the validity of a shorter-lived certificate: a renewal window as long as the
 * validity would renew the certificate, and replace nginx, on every deploy.
 */
function defaultEarlyRenewalHours(validityPeriodHours: number, isUnresolved: IsUnresolved): number {
  if (isUnresolved(validityPeriodHours)) return DEFAULTS.earlyRenewalHours;
  return Math.min(DEFAULTS.earlyRenewalHours, Math.floor(validityPeriodHours / 2));
}

export function resolveOptions(options: PrometheusTlsProxyOptions, constructPath: string, isUnresolved: IsUnresolved): ResolvedOptions {
  const certificateMode = options.certificateMode ?? DEFAULTS.certificateMode;
  const validityPeriodHours = options.validityPeriodHours ?? DEFAULTS.validityPeriodHours;
  return {
    ...DEFAULTS,
    ...definedOnly(options),
    domainName: options.domainName,
    namePrefix: options.namePrefix ?? namePrefixFromPath(constructPath),
    certificateMode,
    earlyRenewalHours: options.earlyRenewalHours ?? defaultEarlyRenewalHours(validityPeriodHours, isUnresolved),
    subjectAlternativeNames: options.subjectAlternativeNames ?? [],
    ipAddresses: options.ipAddresses ?? [],
    scrapeConfigs: options.scrapeConfigs ?? [],
    basicAuthUsers: options.basicAuthUsers ?? [],
    hsts: options.hsts ?? certificateMode === 'provided',
  };
}

/** Options without the keys set to undefined, which would otherwise override a default when spread. */
function definedOnly(options: PrometheusTlsProxyOptions): Partial<PrometheusTlsProxyOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
