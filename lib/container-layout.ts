/**
 * Where files live inside the containers, and the ports inside the pod. The root filesystems are
 * read-only: each container's config arrives on a volume of its own, written by a one-shot container
 * (see config-files.ts), and what a process writes goes to a tmpfs or the TSDB volume.
 * The live tests mount and write each file at these exact paths.
 */
export const NGINX_PATHS = {
  /** Mount point of the nginx config volume, read-only. */
  configDir: '/etc/nginx/rendered',
  config: '/etc/nginx/rendered/nginx.conf',
  certificate: '/etc/nginx/rendered/tls/server.crt',
  privateKey: '/etc/nginx/rendered/tls/server.key',
  clientCa: '/etc/nginx/rendered/tls/client-ca.crt',
  htpasswd: '/etc/nginx/rendered/htpasswd',
  /** Temp files of request and response bodies that outgrow their buffers (a tmpfs). */
  cache: '/var/cache/nginx',
  /** Where the pid file goes (a tmpfs). */
  run: '/run',
  pidFile: '/run/nginx.pid',
} as const;

export const PROMETHEUS_PATHS = {
  /** Mount point of the Prometheus config volume, read-only. */
  configDir: '/etc/prometheus/rendered',
  config: '/etc/prometheus/rendered/prometheus.yml',
  /**
   * The image's own data directory: a fresh named volume mounted here inherits the image's
   * ownership (nobody), which is what lets Prometheus, running as nobody, write its TSDB.
   */
  tsdb: '/prometheus',
} as const;

/** Where the one-shot writer of a config volume finds its uploads, and where it mounts the volume. */
export const CONFIG_WRITER_PATHS = {
  staging: '/staging',
  volume: '/config',
} as const;

/** Prometheus listens here, on the pod's loopback only: nothing but nginx in the pod reaches it. */
export const PROMETHEUS_LISTEN_ADDRESS = '127.0.0.1:9090';
export const NGINX_HTTPS_PORT = 443;
export const NGINX_HTTP_PORT = 80;
/** The nginx health listener, on the pod's loopback only. */
export const NGINX_HEALTH_CHECK_PORT = 8081;
/** The user Prometheus runs as in its image: nobody. */
export const PROMETHEUS_USER = { uid: 65534, gid: 65534 } as const;
