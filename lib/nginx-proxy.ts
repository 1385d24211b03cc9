import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigFile, ConfigFiles } from './config-files';
import { ContainerLimits, runtimeDefaults, tmpfsMount } from './container-defaults';
import { NGINX_HEALTH_CHECK_PORT, NGINX_PATHS } from './container-layout';
import { escapeTerraformTemplate } from './render/terraform-escape';

/** Path of nginx's loopback health listener: Prometheus's `/-/healthy` through nginx. */
export const NGINX_HEALTH_CHECK_PATH = '/healthz';

/** Props of an NginxProxy: its container, image and pod, and the files of its config volume. */
export interface NginxProxyProps extends ContainerLimits {
  /** Name of the nginx container; it has no DNS name of its own on the networks (it shares the pod's). */
  readonly name: string;
  /** Name of the config volume and of the container that writes it. */
  readonly configVolumeName: string;
  /** The nginx image, pinned; its shell and tools also write the config volume. */
  readonly image: string;
  /** `network_mode` of the pod nginx runs in. */
  readonly networkMode: string;
  /** The rendered nginx.conf (literal text). */
  readonly nginxConfig: string;
  /** PEM of the certificate (chain) nginx serves; a token is fine. */
  readonly certificatePem: string;
  /** PEM of the certificate's key, written with mode 0600 for nginx's root master process; pass it sensitive. */
  readonly privateKeyPem: string;
  /** The htpasswd file, when basic auth is on. @default - none */
  readonly htpasswd?: string;
  /** CA certificate client certificates must chain to, when nginx verifies them. @default - none */
  readonly clientCaCertificatePem?: string;
  /** Docker provider of the image, the config volume and its writer, and the container. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/** The container-relative path of a file under nginx's config directory. */
function inConfigDir(path: string): string {
  return path.slice(NGINX_PATHS.configDir.length + 1);
}

/**
 * nginx in the pod: it terminates TLS on the pod's published ports and proxies to Prometheus on the
 * pod's loopback. Read-only root filesystem; its config, certificate and key come on a volume of
 * their own (ConfigFiles), so a certificate renewal or a config change replaces nginx and nothing else.
 */
export class NginxProxy extends Construct {
  /** The nginx image resource, kept locally on destroy. */
  public readonly image: Image;
  /** The config volume (nginx.conf, certificate, key, htpasswd, client CA) and its writer. */
  public readonly config: ConfigFiles;
  /** The nginx container: read-only root, in the pod's network namespace, replaced when its files change. */
  public readonly container: Container;

  /**
   * Declares the image, the config volume with its files, and the nginx container.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the container, the pod to join and the files to serve
   */
  constructor(scope: Construct, id: string, props: NginxProxyProps) {
    super(scope, id);
    const provider = props.provider;
    const files: ConfigFile[] = [
      { path: inConfigDir(NGINX_PATHS.config), content: escapeTerraformTemplate(props.nginxConfig), permissions: '0644' },
      { path: inConfigDir(NGINX_PATHS.certificate), content: props.certificatePem, permissions: '0644' },
      // Read by the root master process only.
      { path: inConfigDir(NGINX_PATHS.privateKey), content: props.privateKeyPem, permissions: '0600' },
      // Read by the workers on every request, so readable by the nginx user.
      ...(props.htpasswd === undefined ? [] : [{ path: inConfigDir(NGINX_PATHS.htpasswd), content: props.htpasswd, permissions: '0644' }]),
      ...(props.clientCaCertificatePem === undefined
        ? []
        : [{ path: inConfigDir(NGINX_PATHS.clientCa), content: props.clientCaCertificatePem, permissions: '0644' }]),
    ];
    this.image = new Image(this, 'image', { provider, name: props.image, keepLocally: true });
    this.config = new ConfigFiles(this, 'config', { provider, name: props.configVolumeName, imageId: this.image.imageId, files });
    this.container = new Container(this, 'container', {
      provider,
      name: props.name,
      image: this.image.imageId,
      entrypoint: ['nginx', '-c', NGINX_PATHS.config, '-g', 'daemon off;'],
      // The master process starts as root to read the key, chowns its temp directories and switches
      // its workers to the nginx user: CHOWN, SETUID, SETGID and nothing else.
      // Named as Docker reports them back (CAP_...), so that plans see no drift.
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      ...runtimeDefaults(props),
      networkMode: props.networkMode,
      volumes: [{ volumeName: this.config.volume.name, containerPath: NGINX_PATHS.configDir, readOnly: true }],
      // Temp files of bodies that outgrow their buffers (bounded: 1 MB requests, streamed receivers), the pid file.
      mounts: [tmpfsMount(NGINX_PATHS.cache, 64), tmpfsMount(NGINX_PATHS.run, 1)],
      labels: [{ label: 'prometheus-tls-proxy.config-revision', value: this.config.revision }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${NGINX_HEALTH_CHECK_PORT}${NGINX_HEALTH_CHECK_PATH}`],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      destroyGraceSeconds: 10,
      dependsOn: [this.config.writer],
    });
  }
}
