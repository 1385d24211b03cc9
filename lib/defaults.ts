import { namePrefixFromPath } from './names';
import type { BasicAuthUser, CertificateMode, EcdsaCurve, KeyAlgorithm, PrometheusTlsProxyOptions, ScrapeJob } from './options';
import type { IsUnresolved } from './validate';

export const DEFAULT_NGINX_IMAGE = 'nginx:1.30.1-alpine';
export const DEFAULT_PROMETHEUS_IMAGE = 'prom/prometheus:v3.13.3';

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

export const DEFAULT_VALIDITY_HOURS = 8760;
export const DEFAULT_EARLY_RENEWAL_HOURS = 720;

/**
 * 30 days, or half the validity of a shorter-lived certificate: a renewal window as long as the
 * validity would renew the certificate, and replace nginx, on every deploy.
 */
function defaultEarlyRenewalHours(validityPeriodHours: number, isUnresolved: IsUnresolved): number {
  if (isUnresolved(validityPeriodHours)) return DEFAULT_EARLY_RENEWAL_HOURS;
  return Math.min(DEFAULT_EARLY_RENEWAL_HOURS, Math.floor(validityPeriodHours / 2));
}

export function resolveOptions(options: PrometheusTlsProxyOptions, constructPath: string, isUnresolved: IsUnresolved): ResolvedOptions {
  const certificateMode = options.certificateMode ?? 'self-signed';
  const validityPeriodHours = options.validityPeriodHours ?? DEFAULT_VALIDITY_HOURS;
  return {
    ...options,
    pathPrefix: options.pathPrefix ?? '/prometheus',
    httpsPort: options.httpsPort ?? 443,
    namePrefix: options.namePrefix ?? namePrefixFromPath(constructPath),
    nginxImage: options.nginxImage ?? DEFAULT_NGINX_IMAGE,
    prometheusImage: options.prometheusImage ?? DEFAULT_PROMETHEUS_IMAGE,
    certificateMode,
    keyAlgorithm: options.keyAlgorithm ?? 'RSA',
    rsaBits: options.rsaBits ?? 4096,
    ecdsaCurve: options.ecdsaCurve ?? 'P256',
    validityPeriodHours,
    earlyRenewalHours: options.earlyRenewalHours ?? defaultEarlyRenewalHours(validityPeriodHours, isUnresolved),
    caValidityPeriodHours: options.caValidityPeriodHours ?? 87600,
    subjectAlternativeNames: options.subjectAlternativeNames ?? [],
    ipAddresses: options.ipAddresses ?? [],
    scrapeInterval: options.scrapeInterval ?? '15s',
    scrapeConfigs: options.scrapeConfigs ?? [],
    retentionTime: options.retentionTime ?? '15d',
    basicAuthUsers: options.basicAuthUsers ?? [],
    healthCheckWithoutAuth: options.healthCheckWithoutAuth ?? true,
    enableAdminApi: options.enableAdminApi ?? false,
    enableLifecycle: options.enableLifecycle ?? false,
    hsts: options.hsts ?? certificateMode === 'provided',
    nginxMemoryMb: options.nginxMemoryMb ?? 256,
    prometheusMemoryMb: options.prometheusMemoryMb ?? 2048,
    logMaxSize: options.logMaxSize ?? '10m',
    logMaxFiles: options.logMaxFiles ?? 3,
  };
}
