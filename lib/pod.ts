import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { runtimeDefaults } from './container-defaults';

/** A port the pod publishes on its Docker host. */
export interface PublishedPort {
  /** Port inside the pod (nginx's listener). */
  readonly containerPort: number;
  /** Port on the Docker host, which may be a Terraform value. */
  readonly hostPort: number;
}

/** Props of a Pod: the pause container's name and image, its networks and aliases, and the ports it publishes. */
export interface PodProps {
  /** Name of the pause container, which resolves on the pod's networks. */
  readonly name: string;
  /** Pinned pause image. */
  readonly image: string;
  /** An existing network to join. @default - a private network named `privateNetworkName` */
  readonly network?: string;
  /** Name of the private network when `network` is not given. */
  readonly privateNetworkName: string;
  /** More existing networks to join. @default - none */
  readonly additionalNetworks?: string[];
  /** DNS names of the pod on each of its networks. @default - none */
  readonly aliases?: string[];
  /** Ports published on the Docker host for the pod's listeners (nginx's). */
  readonly ports: PublishedPort[];
  /** json-file log rotation of the pause container: size of one file, e.g. `10m`. */
  readonly logMaxSize: string;
  /** json-file log rotation of the pause container: files kept. */
  readonly logMaxFiles: number;
  /** Docker provider of the network, image and container. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/**
 * The owner of the network namespace nginx and Prometheus share, as a Kubernetes pod's pause
 * container: it publishes the ports and joins the networks (with the aliases), and does nothing else.
 *
 * Why a pause container rather than Prometheus owning the namespace: a container joined with
 * `network_mode = "container:<id>"` keeps a dead namespace when its owner restarts (moby#24935) and
 * must be replaced when its owner is. Prometheus restarts (an OOM kill, a crash) and is replaced
 * (a new image, flags or config); the pause process does neither. So nginx and Prometheus restart
 * and are replaced independently of each other, and only a change to the pod itself (ports,
 * networks, aliases) replaces both.
 */
export class Pod extends Construct {
  /** The private network (absent when joining an existing `network`). */
  public readonly network?: Network;
  /** The pause image resource, kept locally on destroy. */
  public readonly image: Image;
  /** The pause container: joins the networks with the aliases, publishes the ports, owns the namespace. */
  public readonly container: Container;
  /** Name of the pod's first network. */
  public readonly networkName: string;
  /** `network_mode` of a container joining the pod: the full id, which Docker reads back unchanged. */
  public readonly networkMode: string;

  /**
   * Declares the private network (unless `network` is given), the pause image and the pause container.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props names, networks and ports of the pod
   */
  constructor(scope: Construct, id: string, props: PodProps) {
    super(scope, id);
    const provider = props.provider;
    this.network =
      props.network === undefined ? new Network(this, 'network', { provider, name: props.privateNetworkName, driver: 'bridge' }) : undefined;
    this.networkName = this.network?.name ?? props.network!;
    this.image = new Image(this, 'image', { provider, name: props.image, keepLocally: true });
    const networks = [this.networkName, ...(props.additionalNetworks ?? [])];
    this.container = new Container(this, 'container', {
      provider,
      name: props.name,
      image: this.image.imageId,
      // The image's user (65535) and entrypoint (/pause): it only waits for a signal, holding nothing.
      user: '65535:65535',
      capabilities: { drop: ['ALL'] },
      ...runtimeDefaults({ memoryMb: 16, logMaxSize: props.logMaxSize, logMaxFiles: props.logMaxFiles }),
      // A namespace's sysctls belong to its owner. nginx binds 443 without NET_BIND_SERVICE; Docker 20.10+
      // sets this already, stated for other engines.
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      networksAdvanced: networks.map((name) => ({ name, aliases: props.aliases })),
      ports: props.ports.map((port) => ({ internal: port.containerPort, external: port.hostPort })),
    });
    this.networkMode = `container:${this.container.id}`;
  }
}
