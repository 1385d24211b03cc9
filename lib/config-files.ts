import { Container } from '@cdktf/provider-docker/lib/container';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { CONFIG_WRITER_PATHS } from './container-layout';

/** The label that carries a config volume's revision: a consumer carrying it is replaced when its files change. */
const CONFIG_REVISION_LABEL = 'prometheus-tls-proxy.config-revision';

/** One file of a config volume. */
export interface ConfigFile {
  /** Path inside the volume, e.g. `tls/server.key`. */
  readonly path: string;
  /** The file's content, uploaded as given: literal text already escaped for Terraform templates, a token (e.g. a PEM) as it is. */
  readonly content: string;
  /** Octal mode, e.g. `0600`. */
  readonly permissions: string;
}

/** Numeric owner of files. */
export interface FileOwner {
  /** User id the files are chowned to, e.g. 65534 (nobody). */
  readonly uid: number;
  /** Group id the files are chowned to. */
  readonly gid: number;
}

/** Props of ConfigFiles: the volume's name, the image that writes it, the files and their owner. */
export interface ConfigFilesProps {
  /** Name of the volume and of the container that writes it. */
  readonly name: string;
  /** Image whose /bin/sh, find, cp and chown (BusyBox in both default images) write the volume: the consumer's own. */
  readonly imageId: string;
  /** The files the volume holds (`addFile` adds more). */
  readonly files: ConfigFile[];
  /** Who the files belong to in the volume. @default - root */
  readonly owner?: FileOwner;
  /** Docker provider of the volume and the writer. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/**
 * Config files on a volume of their own, for a container whose root filesystem is read-only.
 *
 * The Docker provider uploads files with `CopyToContainer(..., "/")`, which Docker refuses into a
 * read-only root filesystem. So a one-shot container receives the uploads in a staging directory,
 * replaces the volume's content with them (no stale file survives a change), sets their owner,
 * deletes its staging copy and exits; Terraform waits for it (`attach`) and fails the apply unless it
 * exited 0. The consumer mounts the volume read-only and carries `revision` in a label, which makes
 * Terraform replace it whenever the files change.
 */
export class ConfigFiles extends Construct {
  /** The volume holding the files, to mount read-only. */
  public readonly volume: Volume;
  /** The one-shot container that writes the volume. */
  public readonly writer: Container;
  /** Changes whenever the files do (the writer's id): put it on the consumer to replace it with them. */
  public readonly revision: string;

  private readonly files: ConfigFile[];

  /**
   * Declares the volume and the one-shot writer container.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the volume's name, the writer's image, the files and their owner
   */
  constructor(scope: Construct, id: string, props: ConfigFilesProps) {
    super(scope, id);
    const { staging, volume } = CONFIG_WRITER_PATHS;
    const owner = props.owner;
    this.files = [...props.files];
    this.volume = new Volume(this, 'volume', { provider: props.provider, name: props.name });
    const script = [
      'set -e',
      `find ${volume} -mindepth 1 -maxdepth 1 -exec rm -rf {} +`,
      `cp -a ${staging}/. ${volume}/`,
      ...(owner === undefined ? [] : [`chown -R ${owner.uid}:${owner.gid} ${volume}`]),
      `rm -rf ${staging}`,
    ].join('; ');
    this.writer = new Container(this, 'writer', {
      provider: props.provider,
      name: props.name,
      image: props.imageId,
      entrypoint: ['/bin/sh', '-c', script],
      user: '0:0',
      // Root without these could neither replace files another owner holds nor set the owner.
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'] },
      securityOpts: ['no-new-privileges:true'],
      networkMode: 'none',
      memory: 32,
      memorySwap: 32,
      // Stated, so that log options a daemon.json sets are not read back as a change on every plan.
      logDriver: 'json-file',
      logOpts: { 'max-size': '1m', 'max-file': '1' },
      volumes: [{ volumeName: this.volume.name, containerPath: volume }],
      upload: this.uploads(),
      // Run to completion once per change, and stay (exited) in the state without being re-created.
      attach: true,
      mustRun: false,
      restart: 'no',
      lifecycle: {
        postcondition: [
          { condition: '${self.exit_code == 0}', errorMessage: `writing the config volume ${props.name} failed: see docker logs ${props.name}` },
        ],
      },
    });
    this.revision = this.writer.id;
  }

  /**
   * Adds a file, which the writer uploads with the others.
   * @param file a file whose path is not yet written
   */
  public addFile(file: ConfigFile): void {
    if (this.files.some((existing) => existing.path === file.path)) throw new Error(`config volume: ${file.path} is already written`);
    this.files.push(file);
    this.writer.putUpload(this.uploads());
  }

  private uploads() {
    return this.files.map((file) => ({ file: `${CONFIG_WRITER_PATHS.staging}/${file.path}`, content: file.content, permissions: file.permissions }));
  }
}

/**
 * How a container receives its config: the volume mounted read-only at `containerPath`, the label
 * that replaces the container when the files change, and the writer it waits for. nginx and Prometheus
 * both take their config this way, so that another delivery (a long-running config agent) replaces
 * ConfigFiles and this function, and nothing in them.
 * @param config the files
 * @param containerPath where the consumer reads them
 */
export function configMount(config: ConfigFiles, containerPath: string) {
  return {
    volume: { volumeName: config.volume.name, containerPath, readOnly: true },
    label: { label: CONFIG_REVISION_LABEL, value: config.revision },
    dependsOn: [config.writer],
  };
}
