import { definedOnly } from './defined';
import { DEFAULTS } from './defaults';
import { namePrefixFromPath } from './names';
import type { GivenFlatOptions } from './given-options';
import { defaultQueryMaxSamples, defaultReceiverRequestsInFlight } from './memory-budget';
import { BasicAuthUser, CertificateMode, ClientAuth, ClientRole, EcdsaCurve, KeyAlgorithm, RemoteWriteTarget, ScrapeJob } from './options';
import type { Tokens } from './tokens';

/** Options with every default applied once; optional fields stay optional where absence means "off". */
export interface ResolvedOptions {
  readonly domainName: string;
  readonly pathPrefix: string;
  readonly httpsPort: number;
  readonly httpPort?: number;
  readonly namePrefix: string;
  readonly network?: string;
  readonly additionalNetworks: string[];
  readonly networkAlias: string;
  readonly nginxImage: string;
  readonly prometheusImage: string;
  readonly pauseImage: string;
  readonly dockerSocketPath: string;
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
  readonly enableDebugEndpoints: boolean;
  readonly hsts: boolean;
  readonly requestsPerSecondPerClient: number;
  readonly requestBurstPerClient: number;
  readonly connectionsPerClient: number;
  readonly receiverRequestsPerSecondPerClient: number;
  readonly clientAuth: ClientAuth;
  readonly clientCaCertificatePem?: string;
  readonly clientCertificates: string[];
  readonly externalLabels: Record<string, string>;
  readonly remoteWrite: RemoteWriteTarget[];
  readonly enableRemoteWriteReceiver: boolean;
  readonly enableOtlpReceiver: boolean;
  readonly agentMode: boolean;
  readonly nginxWorkerProcesses: number;
  readonly nginxMemoryMb: number;
  readonly prometheusMemoryMb: number;
  readonly logMaxSize: string;
  readonly logMaxFiles: number;
  /** Each user with its role resolved (READER unless given). */
  readonly basicAuthRoles: Record<string, ClientRole>;
  readonly clientCertificateRoles: Record<string, ClientRole>;
  readonly defaultClientCertificateRole: ClientRole;
  readonly queriesInFlightPerClient: number;
  readonly receiverBodyLimitMb: number;
  readonly receiverRequestsInFlight: number;
  readonly receiverRequestsInFlightPerSender: number;
  readonly queryMaxConcurrency: number;
  readonly queryMaxSamples: number;
  readonly queryTimeout: string;
}

/**
 * 30 days, or half the validity of a shorter-lived certificate: a renewal window as long as the
 * validity would renew the certificate, and replace nginx, on every deploy.
 */
function defaultEarlyRenewalHours(validityPeriodHours: number, tokens: Tokens): number {
  if (tokens.isUnresolved(validityPeriodHours)) return DEFAULTS.earlyRenewalHours;
  return Math.min(DEFAULTS.earlyRenewalHours, Math.floor(validityPeriodHours / 2));
}

/** Each user's role, READER unless given (resolution accepts anything: validation refuses what is no list of users). */
function basicAuthRoles(users: unknown): Record<string, ClientRole> {
  if (!Array.isArray(users)) return {};
  return Object.fromEntries(users.map((user: Partial<BasicAuthUser> | undefined) => [String(user?.username), user?.role ?? DEFAULTS.clientRole]));
}

/**
 * The options as given, with every default applied: the one place defaults are computed. It runs
 * before validation and accepts anything, so that validation reads the values that will be used.
 */
export function resolveOptions(given: GivenFlatOptions, constructPath: string, tokens: Tokens): ResolvedOptions {
  const certificateMode = given.certificateMode ?? DEFAULTS.certificateMode;
  const validityPeriodHours = given.validityPeriodHours ?? DEFAULTS.validityPeriodHours;
  const namePrefix = given.namePrefix ?? namePrefixFromPath(constructPath);
  const prometheusMemoryMb = given.prometheusMemoryMb ?? DEFAULTS.prometheusMemoryMb;
  const queryMaxConcurrency = given.queryMaxConcurrency ?? DEFAULTS.queryMaxConcurrency;
  const receiverBodyLimitMb = given.receiverBodyLimitMb ?? DEFAULTS.receiverBodyLimitMb;
  // Derived from values that may be Terraform tokens: only a literal memory limit gives a literal default.
  const literal = (...values: number[]) => values.every((value) => !tokens.isUnresolved(value));
  return {
    ...DEFAULTS,
    ...definedOnly(given),
    domainName: given.domainName,
    namePrefix,
    networkAlias: given.networkAlias ?? namePrefix,
    additionalNetworks: given.additionalNetworks ?? [],
    certificateMode,
    earlyRenewalHours: given.earlyRenewalHours ?? defaultEarlyRenewalHours(validityPeriodHours, tokens),
    subjectAlternativeNames: given.subjectAlternativeNames ?? [],
    ipAddresses: given.ipAddresses ?? [],
    scrapeConfigs: given.scrapeConfigs ?? [],
    basicAuthUsers: given.basicAuthUsers ?? [],
    clientCertificates: given.clientCertificates ?? [],
    externalLabels: given.externalLabels ?? {},
    remoteWrite: given.remoteWrite ?? [],
    hsts: given.hsts ?? certificateMode !== CertificateMode.SELF_SIGNED,
    basicAuthRoles: basicAuthRoles(given.basicAuthUsers),
    clientCertificateRoles: given.clientCertificateRoles ?? {},
    defaultClientCertificateRole: given.defaultClientCertificateRole ?? DEFAULTS.clientRole,
    queryMaxConcurrency,
    queryMaxSamples:
      given.queryMaxSamples ?? (literal(prometheusMemoryMb, queryMaxConcurrency) ? defaultQueryMaxSamples(prometheusMemoryMb, queryMaxConcurrency) : DEFAULTS.queryMaxSamplesFallback),
    receiverBodyLimitMb,
    receiverRequestsInFlight: given.receiverRequestsInFlight ?? (literal(prometheusMemoryMb, receiverBodyLimitMb) ? defaultReceiverRequestsInFlight(prometheusMemoryMb, receiverBodyLimitMb) : 1),
  };
}
