import { isDeepStrictEqual } from 'node:util';
import type { ClientRole, FlatOptions, PrometheusTlsProxyOptions } from './options';
import { PropValidationError, REDACTED } from './validation';
import { checkObject } from './validation/rules';

/** The groups, and for each deprecated flat prop the field of a group it is an alias of. */
type Group = 'tls' | 'auth' | 'limits' | 'nginx' | 'prometheus' | 'logs';

const ALIASES = {
  certificateMode: ['tls', 'certificateMode'],
  certificatePem: ['tls', 'certificatePem'],
  privateKeyPem: ['tls', 'privateKeyPem'],
  keyAlgorithm: ['tls', 'keyAlgorithm'],
  rsaBits: ['tls', 'rsaBits'],
  ecdsaCurve: ['tls', 'ecdsaCurve'],
  validityPeriodHours: ['tls', 'validityPeriodHours'],
  earlyRenewalHours: ['tls', 'earlyRenewalHours'],
  caValidityPeriodHours: ['tls', 'caValidityPeriodHours'],
  subjectAlternativeNames: ['tls', 'subjectAlternativeNames'],
  ipAddresses: ['tls', 'ipAddresses'],
  hsts: ['tls', 'hsts'],
  basicAuthUsers: ['auth', 'basicAuthUsers'],
  healthCheckWithoutAuth: ['auth', 'healthCheckWithoutAuth'],
  clientAuth: ['auth', 'clientAuth'],
  clientCaCertificatePem: ['auth', 'clientCaCertificatePem'],
  clientCertificates: ['auth', 'clientCertificates'],
  requestsPerSecondPerClient: ['limits', 'requestsPerSecondPerClient'],
  requestBurstPerClient: ['limits', 'requestBurstPerClient'],
  connectionsPerClient: ['limits', 'connectionsPerClient'],
  receiverRequestsPerSecondPerClient: ['limits', 'receiverRequestsPerSecondPerClient'],
  nginxImage: ['nginx', 'image'],
  nginxWorkerProcesses: ['nginx', 'workerProcesses'],
  nginxMemoryMb: ['nginx', 'memoryMb'],
  prometheusImage: ['prometheus', 'image'],
  prometheusMemoryMb: ['prometheus', 'memoryMb'],
  scrapeInterval: ['prometheus', 'scrapeInterval'],
  scrapeConfigs: ['prometheus', 'scrapeConfigs'],
  retentionTime: ['prometheus', 'retentionTime'],
  retentionSize: ['prometheus', 'retentionSize'],
  externalLabels: ['prometheus', 'externalLabels'],
  remoteWrite: ['prometheus', 'remoteWrite'],
  agentMode: ['prometheus', 'agentMode'],
  enableAdminApi: ['prometheus', 'enableAdminApi'],
  enableLifecycle: ['prometheus', 'enableLifecycle'],
  enableDebugEndpoints: ['prometheus', 'enableDebugEndpoints'],
  enableRemoteWriteReceiver: ['prometheus', 'enableRemoteWriteReceiver'],
  enableOtlpReceiver: ['prometheus', 'enableOtlpReceiver'],
  logMaxSize: ['logs', 'maxSize'],
  logMaxFiles: ['logs', 'maxFiles'],} as const satisfies Partial<Record<keyof FlatOptions, readonly [Group, string]>>;

type Alias = keyof typeof ALIASES;

/**
 * Fields of the groups that have no flat alias (they came after the groups): resolution and validation
 * read them under these names, as they read the aliased ones under their flat names.
 */
const GROUP_ONLY = {
  clientCertificateRoles: ['auth', 'clientCertificateRoles'],
  defaultClientCertificateRole: ['auth', 'defaultClientCertificateRole'],
  queriesInFlightPerClient: ['limits', 'queriesInFlightPerClient'],
  receiverBodyLimitMb: ['limits', 'receiverBodyLimitMb'],
  receiverRequestsInFlight: ['limits', 'receiverRequestsInFlight'],
  receiverRequestsInFlightPerSender: ['limits', 'receiverRequestsInFlightPerSender'],
  queryMaxConcurrency: ['prometheus', 'queryMaxConcurrency'],
  queryMaxSamples: ['prometheus', 'queryMaxSamples'],
  queryTimeout: ['prometheus', 'queryTimeout'],
} as const satisfies Record<keyof GroupOnlyOptions, readonly [Group, string]>;

/** The group-only fields, under the names resolution reads them by. */
export interface GroupOnlyOptions {
  readonly clientCertificateRoles?: Record<string, ClientRole>;
  readonly defaultClientCertificateRole?: ClientRole;
  readonly queriesInFlightPerClient?: number;
  readonly receiverBodyLimitMb?: number;
  readonly receiverRequestsInFlight?: number;
  readonly receiverRequestsInFlightPerSender?: number;
  readonly queryMaxConcurrency?: number;
  readonly queryMaxSamples?: number;
  readonly queryTimeout?: string;
}

/** Every prop as resolution reads it: the flat ones, each group's aliased fields under their flat names, and the group-only fields. */
export type GivenFlatOptions = FlatOptions & GroupOnlyOptions;

/** Props whose values can hold a secret: a conflict between two of their values shows neither. */
const SECRET_PROPS: ReadonlySet<string> = new Set(['privateKeyPem', 'basicAuthUsers', 'scrapeConfigs', 'remoteWrite']);

/** The props as given, flat, and how the user spelled each. */
export interface GivenOptions {
  /** Each grouped field under its flat name: what resolution and validation read. */
  readonly options: GivenFlatOptions;
  /** The prop as the user spelled it: a flat name as given, or its group's field; for one not given, the documented (grouped) name. */
  spelled(flat: string): string;
}

/**
 * Merges the groups (`tls`, `auth`, ...) and their deprecated flat aliases into one flat set, refusing a
 * prop given both ways with different values.
 */
export function givenOptions(props: PrometheusTlsProxyOptions): GivenOptions {
  const { tls, auth, limits, nginx, prometheus, logs, ...flat } = props;
  const groups = { tls, auth, limits, nginx, prometheus, logs } as unknown as Record<Group, Readonly<Record<string, unknown>> | undefined>;
  for (const [group, value] of Object.entries(groups)) if (value !== undefined) checkObject(group, value);
  const options: Record<string, unknown> = { ...flat };
  const spelling = new Map<string, string>();
  for (const [alias, [group, field]] of Object.entries(ALIASES) as [Alias, readonly [Group, string]][]) {
    const grouped = groups[group]?.[field];
    const path = `${group}.${field}`;
    if (grouped !== undefined && flat[alias] !== undefined && !isDeepStrictEqual(grouped, flat[alias])) {
      const shown = SECRET_PROPS.has(alias) ? REDACTED : grouped;
      throw new PropValidationError(path, shown, `and ${alias} (its deprecated alias) are both given, with different values: give ${path} only`);
    }
    if (grouped !== undefined) options[alias] = grouped;
    spelling.set(alias, flat[alias] !== undefined && grouped === undefined ? alias : path);
  }
  for (const [name, [group, field]] of Object.entries(GROUP_ONLY) as [string, readonly [Group, string]][]) {
    const grouped = groups[group]?.[field];
    if (grouped !== undefined) options[name] = grouped;
    spelling.set(name, `${group}.${field}`);
  }
  return { options: options as unknown as GivenFlatOptions, spelled: (name) => spelling.get(name) ?? name };
}

/** The aliased flat names in a message's text, not as a field of something else (`.scrapeInterval`). */
const ALIAS_IN_TEXT = new RegExp(`(?<![\\w.])(${[...Object.keys(ALIASES), ...Object.keys(GROUP_ONLY)].join('|')})(?![\\w])`, 'g');

/**
 * An error of validation, which names props by their flat names, with the props spelled as the user
 * spelled them: the prop it names and those its rule mentions. Anything else is returned as it is.
 */
export function spelledAsGiven(error: unknown, given: GivenOptions): unknown {
  if (!(error instanceof PropValidationError)) return error;
  const prop = error.prop.replace(/^[A-Za-z]+/, (name) => given.spelled(name));
  const rule = error.rule.replace(ALIAS_IN_TEXT, (name) => given.spelled(name));
  return prop === error.prop && rule === error.rule ? error : error.respelled(prop, rule);
}
