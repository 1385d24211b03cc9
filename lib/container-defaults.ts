/** Memory limit and log rotation of a long-running container, whose hardening is fixed (see runtimeDefaults). */
export interface ContainerLimits {
  /** Memory limit in MB, with no swap on top. */
  readonly memoryMb: number;
  /** json-file log rotation: size of one file, e.g. `10m`. */
  readonly logMaxSize: string;
  /** json-file log rotation: files kept. */
  readonly logMaxFiles: number;
}

/**
 * Settings of a long-running container: a read-only root filesystem, no new privileges, restarts,
 * memory without swap and rotated json-file logs. Spelled as Docker reports them back, so that a
 * second plan sees no drift (the provider's Read copies memory_swap and log_opts from Docker).
 */
export function runtimeDefaults(limits: ContainerLimits) {
  return {
    readOnly: true,
    securityOpts: ['no-new-privileges:true'],
    restart: 'unless-stopped',
    // Without memory_swap Docker allows twice the memory as swap; no swap also keeps the TSDB's page cache honest.
    memory: limits.memoryMb,
    memorySwap: limits.memoryMb,
    logDriver: 'json-file',
    logOpts: { 'max-size': limits.logMaxSize, 'max-file': String(limits.logMaxFiles) },
  };
}

/** A tmpfs mount (`mounts`, which forces replacement when changed, unlike the `tmpfs` map). */
export function tmpfsMount(target: string, sizeMb: number) {
  return { type: 'tmpfs', target, tmpfsOptions: { sizeBytes: sizeMb * 1024 * 1024 } };
}
