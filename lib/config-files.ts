import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { PodAgent } from './pod-agent';

/** One file of a config volume. */
export interface ConfigFile {
  /** Path inside the revision directory, e.g. `tls/server.key`. */
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

/** How the process reading a config volume takes a new revision: the pod agent checks it there, then has it reload. */
export interface ConfigConsumer {
  /** Short name of the consumer, a shell name (`nginx`, `prometheus`): its staging and volume directories in the agent. */
  readonly key: string;
  /** Name of the consumer's container. */
  readonly container: string;
  /** Where the consumer mounts the volume. */
  readonly mountPath: string;
  /** The check the agent runs in the consumer before a revision becomes current, `{revision}` standing for the revision's directory. */
  readonly check: string[];
  /** How the agent knows the reload took: `workers` (nginx) or `metrics:URL NAME` (a Prometheus-style `NAME_successful` metric). */
  readonly verify: string;
}

/** Props of ConfigFiles: the volume's name, the files and their owner, and the agent that delivers them to whom. */
export interface ConfigFilesProps {
  /** Name of the volume. */
  readonly name: string;
  /** The files the volume holds (`addFile` adds more). */
  readonly files: ConfigFile[];
  /** Who the files belong to in the volume. @default - root */
  readonly owner?: FileOwner;
  /** The pod agent that writes the volume and reloads its consumer. */
  readonly agent: PodAgent;
  /** The process that reads it. */
  readonly consumer: ConfigConsumer;
  /** Docker provider of the volume. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/**
 * Config files on a volume of their own, for a container whose root filesystem is read-only. The pod
 * agent writes them (see pod-agent.ts): Terraform uploads them into the agent, which makes them the
 * volume's current revision and has the consumer reload, so that a change of any file (a renewed
 * certificate, a scrape job) reaches the running process without a restart.
 */
export class ConfigFiles extends Construct {
  /** The volume holding the files, to mount read-only. */
  public readonly volume: Volume;
  /** Who the files belong to in the volume. */
  public readonly owner?: FileOwner;
  /** The process that reads them. */
  public readonly consumer: ConfigConsumer;

  private readonly fileList: ConfigFile[];

  /**
   * Declares the volume, and hands the files to the agent.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the volume's name, the files, their owner, the agent and the consumer
   */
  constructor(scope: Construct, id: string, props: ConfigFilesProps) {
    super(scope, id);
    this.fileList = [...props.files];
    this.owner = props.owner;
    this.consumer = props.consumer;
    this.volume = new Volume(this, 'volume', { provider: props.provider, name: props.name });
    props.agent.deliver(this);
  }

  /** The files, as they stand. */
  public get files(): ConfigFile[] {
    return [...this.fileList];
  }

  /**
   * Adds a file, which the agent delivers with the others.
   * @param file a file whose path is not yet written
   */
  public addFile(file: ConfigFile): void {
    if (this.fileList.some((existing) => existing.path === file.path)) throw new Error(`config volume: ${file.path} is already written`);
    this.fileList.push(file);
  }
}

/**
 * How a container receives its config: the volume mounted read-only at `containerPath`, and the agent
 * to wait for (it writes the first revision before the container starts). nginx and Prometheus both
 * take their config this way.
 * @param config the files
 * @param containerPath where the consumer reads them
 */
export function configMount(config: ConfigFiles, agent: PodAgent, containerPath: string) {
  return {
    volume: { volumeName: config.volume.name, containerPath, readOnly: true },
    dependsOn: [agent.container],
  };
}
