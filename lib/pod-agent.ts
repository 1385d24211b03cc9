import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Lazy, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { ConfigFiles } from './config-files';
import { AGENT_PATHS } from './container-layout';
import { AGENT_DOCKER_SOCKET, renderAgentProxyConf } from './render/agent-proxy';
import { AGENT_SCRIPT, renderAgentManifest } from './render/agent-script';
import { escapeTerraformTemplate } from './render/terraform-escape';

/** Seconds between the agent's supervision rounds: how soon a member a restart left down is started again. */
export const AGENT_PERIOD_SECONDS = 5;

/** Props of a PodAgent: its container and image, the socket of the engine, and the pod it keeps. */
export interface PodAgentProps {
  /** Name of the agent container. */
  readonly name: string;
  /** The image it runs (the nginx image: BusyBox for its program, nginx for its Docker API proxy). */
  readonly image: string;
  /** The pod's container, whose members the agent keeps in its network namespace. */
  readonly pod: string;
  /** The containers that join the pod. */
  readonly members: string[];
  /** The Docker engine's socket on the Docker host. */
  readonly dockerSocketPath: string;
  /** How long a member restarted into a new pod may take to stop, in seconds. */
  readonly graceSeconds: number;
  /** json-file log rotation: size of one file, e.g. `10m`. */
  readonly logMaxSize: string;
  /** json-file log rotation: files kept. */
  readonly logMaxFiles: number;
  /** Docker provider of the image and the container. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/**
 * The pod's agent: what a kubelet does for a Kubernetes pod, which Docker does not do for ours.
 *
 * - It delivers config. Terraform uploads every consumer's files into it (a change of any file
 *   replaces the agent, and nothing else); it writes them to the consumer's config volume as a new
 *   revision, checks the revision inside the running consumer (`nginx -t`, `promtool check config`),
 *   makes it current in one rename and has the consumer reload (SIGHUP). A revision the consumer
 *   rejects never becomes current: the old one keeps serving, the agent's log says why, and the agent
 *   stays unhealthy, which fails the deploy (`wait`). So a certificate renewal or a new scrape job
 *   restarts no process.
 * - It keeps the pod together. Docker starts a member that joins the pod's network namespace only
 *   while the pod runs, and does not retry one whose start failed (moby#50326): a daemon restart can
 *   leave nginx or Prometheus down. A member still running in the namespace of a pod restarted under
 *   it is cut off (moby#24935). The agent starts the first and restarts the second, within a few seconds.
 *
 * It needs the Docker socket for both (signals, checks and starts are Engine API calls); it has no
 * network, runs nothing it is not given, and a proxy of its own passes only the calls it makes, for
 * the instance's containers (render/agent-proxy.ts). It runs as its own container, outside the pod,
 * so that nothing it does depends on the pod running. Why a socket-holding agent at all: README,
 * "The pod agent".
 */
export class PodAgent extends Construct {
  /** The image resource (the nginx image), kept locally on destroy. */
  public readonly image: Image;
  /** The agent container: no network, the Docker socket and the config volumes mounted, healthy once every delivery is made. */
  public readonly container: Container;

  private readonly deliveries: ConfigFiles[] = [];

  /**
   * Declares the image and the agent container; consumers are added with `deliver`.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the container, the engine's socket and the pod to keep
   */
  constructor(scope: Construct, id: string, props: PodAgentProps) {
    super(scope, id);
    const provider = props.provider;
    this.image = new Image(this, 'image', { provider, name: props.image, keepLocally: true });
    const manifest = () =>
      renderAgentManifest({
        consumers: this.deliveries.map((config) => ({
          name: config.consumer.key,
          container: config.consumer.container,
          volumePath: `${AGENT_PATHS.volumes}/${config.consumer.key}`,
          mountPath: config.consumer.mountPath,
          owner: `${config.owner?.uid ?? 0}:${config.owner?.gid ?? 0}`,
          check: config.consumer.check,
          verify: config.consumer.verify,
        })),
        pod: props.pod,
        members: props.members,
        graceSeconds: props.graceSeconds,
        periodSeconds: AGENT_PERIOD_SECONDS,
      });
    const proxy = () => renderAgentProxyConf({ supervised: [props.pod, ...props.members], consumers: this.deliveries.map((config) => config.consumer.container) });
    this.container = new Container(this, 'container', {
      provider,
      name: props.name,
      image: this.image.imageId,
      entrypoint: ['/bin/sh', AGENT_PATHS.script],
      // Root: the socket is root's; it writes files for other owners (CHOWN, FOWNER, DAC_OVERRIDE) and needs nothing else.
      user: '0:0',
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'] },
      securityOpts: ['no-new-privileges:true'],
      // Outside the pod, and on no network: it answers nobody, and nothing it does waits for the pod.
      networkMode: 'none',
      restart: 'unless-stopped',
      memory: 32,
      memorySwap: 32,
      logDriver: 'json-file',
      logOpts: { 'max-size': props.logMaxSize, 'max-file': String(props.logMaxFiles) },
      // Lazy, for volumes delivered after construction: written as Terraform reads them (snake_case), which a token's value is not mapped to.
      volumes: Lazy.anyValue({
        produce: () => [
          { host_path: props.dockerSocketPath, container_path: AGENT_DOCKER_SOCKET },
          ...this.deliveries.map((config) => ({ volume_name: config.volume.name, container_path: `${AGENT_PATHS.volumes}/${config.consumer.key}` })),
        ],
      }),
      // Its root is where Terraform delivers the files: a fresh one for every change, as the agent is replaced with them.
      upload: Lazy.anyValue({
        produce: () => [
          { file: AGENT_PATHS.script, content: escapeTerraformTemplate(AGENT_SCRIPT), permissions: '0755' },
          { file: AGENT_PATHS.manifest, content: escapeTerraformTemplate(manifest()), permissions: '0644' },
          { file: AGENT_PATHS.proxyConfig, content: escapeTerraformTemplate(proxy()), permissions: '0644' },
          ...this.deliveries.flatMap((config) =>
            config.files.map((file) => ({ file: `${AGENT_PATHS.staging}/${config.consumer.key}/${file.path}`, content: file.content, permissions: file.permissions })),
          ),
        ],
      }),
      // Every 5 s: Docker's health check costs the container ~14 ms of CPU a run (runc exec), and `wait` sees health no sooner than one interval.
      healthcheck: { test: ['CMD', 'test', '-f', AGENT_PATHS.healthy], interval: '5s', timeout: '2s', retries: 1 },
      // The deploy waits for every delivery, and fails with the agent unhealthy when a consumer rejects one.
      wait: true,
      waitTimeout: 30,
      destroyGraceSeconds: 5,
    });
  }

  /**
   * Delivers a config volume's files to its consumer, now and on every change.
   * @param config the files, their volume and their consumer
   */
  public deliver(config: ConfigFiles): void {
    if (this.deliveries.some((other) => other.consumer.key === config.consumer.key)) throw new Error(`pod agent: ${config.consumer.key} has a config volume already`);
    this.deliveries.push(config);
  }
}
