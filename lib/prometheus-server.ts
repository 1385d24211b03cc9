import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { Lazy, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigFiles, configMount } from './config-files';
import { ContainerLimits, runtimeDefaults } from './container-defaults';
import { PROMETHEUS_LISTEN_ADDRESS, PROMETHEUS_PATHS, PROMETHEUS_USER } from './container-layout';
import type { PodAgent } from './pod-agent';
import type { RemoteWriteTarget, ScrapeJob } from './options';
import { PrometheusArgsInput, renderPrometheusArgs } from './render/prometheus-args';
import { BasicAuthFile, RenderedRemoteWrite, RenderedScrapeJob, TlsFiles, renderPrometheusConfig } from './render/prometheus-config';
import { escapeTerraformTemplate } from './render/terraform-escape';
import { DEFAULTS } from './defaults';
import { defaultQueryMaxSamples, goMemoryLimit } from './memory-budget';
import { cdktfTokens, isUnresolved, terraformSecret, terraformText } from './terraform-values';
import { checkRemoteWriteTargets, checkScrapeJobs } from './validation';

/** How long Prometheus may take to close its TSDB when it is stopped (the provider's default, 0, kills it at once). */
export const PROMETHEUS_STOP_SECONDS = 60;

/** Why an agent without a remote-write target is refused when its stack is synthesized. */
export const AGENT_WITHOUT_REMOTE_WRITE =
  'agentMode needs a remote-write target (remoteWrite, or remoteWriteTo after construction): an agent keeps no samples of its own, so it would scrape for nothing';

/** Props of a PrometheusServer: its container, image, volumes and pod, what prometheus.yml holds, and its flags. */
export interface PrometheusServerProps extends ContainerLimits {
  /** Name of the Prometheus container, which has no DNS name of its own on the networks (it shares the pod's). */
  readonly name: string;
  /** Name of the config volume. */
  readonly configVolumeName: string;
  /** The pod agent, which delivers prometheus.yml and its files and has Prometheus reload them. */
  readonly agent: PodAgent;
  /** Name of the TSDB volume. */
  readonly dataVolumeName: string;
  /** The Prometheus image, pinned, whose shell and tools also write the config volume. */
  readonly image: string;
  /** `network_mode` of the pod Prometheus runs in. */
  readonly networkMode: string;
  /** `https://DOMAIN[:PORT]/PREFIX`: what Prometheus puts in the links it generates. */
  readonly externalUrl: string;
  /** Regular expression of the origins whose pages may read the API (`--web.cors.origin`, which Prometheus anchors). */
  readonly corsOrigin: string;
  /** Global scrape (and rule evaluation) interval in prometheus.yml. */
  readonly scrapeInterval: string;
  /** Scrape jobs besides the self-scrape job `prometheus`, to which `addScrapeJob` adds. @default - none */
  readonly scrapeConfigs?: ScrapeJob[];
  /** Labels added to every series sent or federated (`global.external_labels`). @default - none */
  readonly externalLabels?: Record<string, string>;
  /** Where to send samples (`remote_write`), to which `addRemoteWrite` adds. @default - none */
  readonly remoteWrite?: RemoteWriteTarget[];
  /** How long samples are kept (`--storage.tsdb.retention.time`); ignored in agent mode. */
  readonly retentionTime: string;
  /** Most bytes the TSDB's blocks may take (`--storage.tsdb.retention.size`); ignored in agent mode. @default - no size limit */
  readonly retentionSize?: string;
  /** Turns on the admin API (`--web.enable-admin-api`). @default false */
  readonly enableAdminApi?: boolean;
  /** Turns on `/-/reload` and `/-/quit` (`--web.enable-lifecycle`). @default false */
  readonly enableLifecycle?: boolean;
  /** Turns on the remote-write receiver (`--web.enable-remote-write-receiver`). @default false */
  readonly enableRemoteWriteReceiver?: boolean;
  /** Turns on the OTLP receiver (`--web.enable-otlp-receiver`, Prometheus 3). @default false */
  readonly enableOtlpReceiver?: boolean;
  /** Runs Prometheus as an agent (`--agent`): no local TSDB retention, rules or queries. @default false */
  readonly agentMode?: boolean;
  /** Queries evaluated at once (`--query.max-concurrency`). @default 4 */
  readonly queryMaxConcurrency?: number;
  /** Samples one query may load (`--query.max-samples`). @default - half of memoryMb over queryMaxConcurrency queries (memory-budget.ts) */
  readonly queryMaxSamples?: number;
  /** Longest a query may run (`--query.timeout`). @default '2m' */
  readonly queryTimeout?: string;
  /** Docker provider of the image, the volumes and the container. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/**
 * Prometheus in the pod, listening on the pod's loopback only: nothing reaches it but nginx. Its
 * prometheus.yml and the files it points to (CA certificates, client keys, passwords) are on a volume
 * of their own, owned by nobody; the TSDB on another. Scrape jobs and remote-write targets can be added
 * after construction (federation, `remoteWriteTo`): prometheus.yml is rendered at synth time.
 */
export class PrometheusServer extends Construct {
  /** The Prometheus image resource, kept locally on destroy. */
  public readonly image: Image;
  /** The config volume (prometheus.yml and the files it points to). */
  public readonly config: ConfigFiles;
  /** The TSDB volume (the agent's storage in agent mode), mounted at /prometheus. */
  public readonly dataVolume: Volume;
  /** The Prometheus container: read-only root, in the pod's network namespace, its files changing under it (a reload). */
  public readonly container: Container;
  /** The command-line arguments. */
  public readonly args: string[];

  private readonly props: PrometheusServerProps;
  private readonly scrapeJobs: RenderedScrapeJob[] = [];
  private readonly remoteWriteTargets: RenderedRemoteWrite[] = [];

  /**
   * Declares the image, the config volume, the TSDB volume and the Prometheus container, then adds
   * `scrapeConfigs` and `remoteWrite`.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the container, the pod to join, what prometheus.yml holds and the flags
   */
  constructor(scope: Construct, id: string, props: PrometheusServerProps) {
    super(scope, id);
    const provider = props.provider;
    const tokens = cdktfTokens(this);
    checkScrapeJobs(props.scrapeConfigs ?? [], props.scrapeInterval, [], 0, tokens);
    checkRemoteWriteTargets(props.remoteWrite ?? [], [], 0, tokens);
    this.props = props;
    this.args = renderPrometheusArgs(argsInput(props));
    this.image = new Image(this, 'image', { provider, name: props.image, keepLocally: true });
    const configYaml = Lazy.stringValue({ produce: () => escapeTerraformTemplate(this.configYaml) });
    this.config = new ConfigFiles(this, 'config', {
      provider,
      name: props.configVolumeName,
      owner: PROMETHEUS_USER,
      files: [{ path: 'prometheus.yml', content: configYaml, permissions: '0644' }],
      agent: props.agent,
      consumer: {
        key: 'prometheus',
        container: props.name,
        mountPath: PROMETHEUS_PATHS.configDir,
        check: ['promtool', 'check', 'config', '{revision}/prometheus.yml'],
        verify: `metrics:http://${PROMETHEUS_LISTEN_ADDRESS}/metrics prometheus_config_last_reload`,
      },
    });
    this.dataVolume = new Volume(this, 'data', { provider, name: props.dataVolumeName });
    this.container = this.declareContainer(props);
    // remoteWriteTo may add the target after construction: checked when the stack is synthesized.
    if (props.agentMode) this.node.addValidation({ validate: () => (this.remoteWriteTargets.length > 0 ? [] : [AGENT_WITHOUT_REMOTE_WRITE]) });
    for (const job of props.scrapeConfigs ?? []) this.pushScrapeJob(job);
    for (const target of props.remoteWrite ?? []) this.pushRemoteWrite(target);
  }

  /** The rendered prometheus.yml, as it stands. */
  public get configYaml(): string {
    return renderPrometheusConfig({
      scrapeInterval: this.props.scrapeInterval,
      selfTarget: PROMETHEUS_LISTEN_ADDRESS,
      scrapeConfigs: this.scrapeJobs,
      externalLabels: this.props.externalLabels ?? {},
      remoteWrite: this.remoteWriteTargets,
      agentMode: this.props.agentMode ?? false,
    });
  }

  /**
   * Adds a scrape job, its certificates, key and password written next to prometheus.yml.
   * @param job a job whose name is not yet taken (nor `prometheus`)
   */
  public addScrapeJob(job: ScrapeJob): void {
    checkScrapeJobs([job], this.props.scrapeInterval, this.scrapeJobs.map((j) => j.jobName), this.scrapeJobs.length, cdktfTokens(this));
    this.pushScrapeJob(job);
  }

  /**
   * Adds a remote-write target, its secrets written as files next to prometheus.yml, sensitive.
   * @param target a target whose name, if given, is not yet taken
   */
  public addRemoteWrite(target: RemoteWriteTarget): void {
    const names = this.remoteWriteTargets.flatMap((t) => (t.name === undefined ? [] : [t.name]));
    checkRemoteWriteTargets([target], names, this.remoteWriteTargets.length, cdktfTokens(this));
    this.pushRemoteWrite(target);
  }

  /** The Prometheus container: the image's user with no capability, on a read-only root, its TSDB and config mounted. */
  private declareContainer(props: PrometheusServerProps): Container {
    const config = configMount(this.config, props.agent, PROMETHEUS_PATHS.configDir);
    return new Container(this, 'container', {
      provider: props.provider,
      name: props.name,
      image: this.image.imageId,
      entrypoint: ['/bin/prometheus'],
      command: this.args,
      // Go's collector works harder as the heap nears the limit, instead of the kernel killing Prometheus
      // at it (Prometheus 3 sets the same itself; 2.x does not). A limit that is a Terraform value: 3's own.
      env: isUnresolved(props.memoryMb) ? undefined : [`GOMEMLIMIT=${goMemoryLimit(props.memoryMb)}`],
      user: `${PROMETHEUS_USER.uid}:${PROMETHEUS_USER.gid}`,
      capabilities: { drop: ['ALL'] },
      ...runtimeDefaults(props),
      networkMode: props.networkMode,
      volumes: [{ volumeName: this.dataVolume.name, containerPath: PROMETHEUS_PATHS.tsdb }, config.volume],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://${PROMETHEUS_LISTEN_ADDRESS}/-/healthy`],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        // Go's spelling of durations, which is what the provider reads back: anything else is drift.
        startPeriod: '1m0s',
      },
      destroyGraceSeconds: PROMETHEUS_STOP_SECONDS,
      stopTimeout: PROMETHEUS_STOP_SECONDS,
      dependsOn: config.dependsOn,
    });
  }

  /** Adds a job that validation accepted, writing its files. */
  private pushScrapeJob(job: ScrapeJob): void {
    const index = this.scrapeJobs.length;
    this.scrapeJobs.push({
      jobName: job.jobName,
      targets: job.targets,
      metricsPath: job.metricsPath,
      scheme: job.scheme,
      scrapeInterval: job.scrapeInterval,
      scrapeTimeout: job.scrapeTimeout,
      labels: job.labels,
      honorLabels: job.honorLabels,
      params: job.queryParams,
      tls: this.tlsFiles(`scrape/${index}`, job),
      basicAuth: this.basicAuthFile(`scrape/${index}`, job),
    });
  }

  /** Adds a target that validation accepted, writing its secrets. */
  private pushRemoteWrite(target: RemoteWriteTarget): void {
    const index = this.remoteWriteTargets.length;
    const dir = `remote-write/${index}`;
    this.remoteWriteTargets.push({
      url: target.url,
      name: target.name,
      tls: this.tlsFiles(dir, target),
      basicAuth: this.basicAuthFile(dir, target),
      bearerTokenFile: target.bearerToken === undefined ? undefined : this.secretFile(`${dir}/token`, target.bearerToken),
      headers: target.headers,
      queue: target.queue,
      writeRelabelConfigs: target.writeRelabelConfigs,
    });
  }

  private tlsFiles(
    dir: string,
    tls: { caCertificatePem?: string; clientCertificatePem?: string; clientPrivateKeyPem?: string; serverName?: string },
  ): TlsFiles | undefined {
    const files: TlsFiles = {
      caFile: tls.caCertificatePem === undefined ? undefined : this.file(`${dir}/ca.crt`, terraformText(tls.caCertificatePem), '0644'),
      certFile: tls.clientCertificatePem === undefined ? undefined : this.file(`${dir}/client.crt`, terraformText(tls.clientCertificatePem), '0644'),
      keyFile: tls.clientPrivateKeyPem === undefined ? undefined : this.secretFile(`${dir}/client.key`, tls.clientPrivateKeyPem),
      serverName: tls.serverName,
    };
    return Object.values(files).some((value) => value !== undefined) ? files : undefined;
  }

  private basicAuthFile(dir: string, auth: { basicAuthUsername?: string; basicAuthPassword?: string }): BasicAuthFile | undefined {
    if (auth.basicAuthUsername === undefined) return undefined;
    return { username: auth.basicAuthUsername, passwordFile: this.secretFile(`${dir}/password`, auth.basicAuthPassword!) };
  }

  private secretFile(path: string, secret: string): string {
    return this.file(path, terraformSecret(secret), '0600');
  }

  /** Writes a file into the config volume and returns its path as prometheus.yml names it: relative to its own directory, the revision's. */
  private file(path: string, content: string, permissions: string): string {
    this.config.addFile({ path, content, permissions });
    return path;
  }
}

/** The flags' input: the props, and where the container keeps its config and TSDB and listens. */
function argsInput(props: PrometheusServerProps): PrometheusArgsInput {
  return {
    configPath: PROMETHEUS_PATHS.config,
    tsdbPath: PROMETHEUS_PATHS.tsdb,
    retentionTime: props.retentionTime,
    retentionSize: props.retentionSize,
    externalUrl: props.externalUrl,
    listenAddress: PROMETHEUS_LISTEN_ADDRESS,
    corsOrigin: props.corsOrigin,
    enableAdminApi: props.enableAdminApi ?? false,
    enableLifecycle: props.enableLifecycle ?? false,
    enableRemoteWriteReceiver: props.enableRemoteWriteReceiver ?? false,
    enableOtlpReceiver: props.enableOtlpReceiver ?? false,
    agentMode: props.agentMode ?? false,
    query: {
      maxConcurrency: props.queryMaxConcurrency ?? DEFAULTS.queryMaxConcurrency,
      maxSamples:
        props.queryMaxSamples ??
        (isUnresolved(props.memoryMb) ? DEFAULTS.queryMaxSamplesFallback : defaultQueryMaxSamples(props.memoryMb, props.queryMaxConcurrency ?? DEFAULTS.queryMaxConcurrency)),
      timeout: props.queryTimeout ?? DEFAULTS.queryTimeout,
    },
  };
}
