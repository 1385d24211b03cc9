/**
 * Where files live inside the containers, and the ports inside the pod. The root filesystems are
 * read-only: each container's config arrives on a volume of its own, which the pod agent writes
 * (see pod-agent.ts): each revision in a directory of its own, the `current` link naming the one in
 * use, so that a process reads its config through `current/` and a reload switches it whole. What a
 * process writes goes to a tmpfs or the TSDB volume. The live tests read each file at these paths.
 */

/** The link in a config volume to the revision in use. */
export const CURRENT_REVISION = 'current';

/** nginx's files, relative to the directory of nginx.conf (its conf prefix), as nginx.conf names them. */
export const NGINX_FILES = {
  config: 'nginx.conf',
  certificate: 'tls/server.crt',
  privateKey: 'tls/server.key',
  clientCa: 'tls/client-ca.crt',
  htpasswd: 'htpasswd',
} as const;

export const NGINX_PATHS = {
  /** Mount point of the nginx config volume, read-only. */
  configDir: '/etc/nginx/rendered',
  config: `/etc/nginx/rendered/${CURRENT_REVISION}/${NGINX_FILES.config}`,
  certificate: `/etc/nginx/rendered/${CURRENT_REVISION}/${NGINX_FILES.certificate}`,
  privateKey: `/etc/nginx/rendered/${CURRENT_REVISION}/${NGINX_FILES.privateKey}`,
  clientCa: `/etc/nginx/rendered/${CURRENT_REVISION}/${NGINX_FILES.clientCa}`,
  htpasswd: `/etc/nginx/rendered/${CURRENT_REVISION}/${NGINX_FILES.htpasswd}`,
  /** Temp files of request and response bodies that outgrow their buffers (a tmpfs). */
  cache: '/var/cache/nginx',
  /** Where the pid file goes (a tmpfs). */
  run: '/run',
  pidFile: '/run/nginx.pid',
} as const;

export const PROMETHEUS_PATHS = {
  /** Mount point of the Prometheus config volume, read-only; prometheus.yml names its other files relative to its own directory. */
  configDir: '/etc/prometheus/rendered',
  config: `/etc/prometheus/rendered/${CURRENT_REVISION}/prometheus.yml`,
  /**
   * The image's own data directory: a fresh named volume mounted here inherits the image's
   * ownership (nobody), which is what lets Prometheus, running as nobody, write its TSDB.
   */
  tsdb: '/prometheus',
} as const;

/** The pod agent's files: its program, what it delivers and supervises, its proxy, its staged uploads, its state. */
export const AGENT_PATHS = {
  script: '/agent/agent.sh',
  manifest: '/agent/manifest',
  proxyConfig: '/agent/proxy.conf',
  /** Each consumer's files arrive under `staging/<consumer>/`. */
  staging: '/agent/staging',
  /** Each consumer's config volume is mounted at `volumes/<consumer>`. */
  volumes: '/agent/volumes',
  /** The file whose presence is its health: every delivery made. */
  healthy: '/agent/state/healthy',
} as const;

/** Prometheus listens here, on the pod's loopback only: nothing but nginx in the pod reaches it. */
export const PROMETHEUS_LISTEN_ADDRESS = '127.0.0.1:9090';
export const NGINX_HTTPS_PORT = 443;
export const NGINX_HTTP_PORT = 80;
/** The nginx health listener, on the pod's loopback only. */
export const NGINX_HEALTH_CHECK_PORT = 8081;
/** nginx's gate for the receivers' requests, on the pod's loopback only (render/nginx/servers.ts). */
export const NGINX_RECEIVER_GATE_PORT = 8082;
/** The user Prometheus runs as in its image: nobody. */
export const PROMETHEUS_USER = { uid: 65534, gid: 65534 } as const;
