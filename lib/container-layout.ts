/** Where files live inside the two containers; the live tests write each upload at these exact paths. */
export const NGINX_PATHS = {
  config: '/etc/nginx/nginx.conf',
  certificate: '/etc/nginx/tls/server.crt',
  privateKey: '/etc/nginx/tls/server.key',
  htpasswd: '/etc/nginx/htpasswd',
} as const;

export const PROMETHEUS_PATHS = {
  config: '/etc/prometheus/prometheus.yml',
  /**
   * The image's own data directory: a fresh named volume mounted here inherits the image's
   * ownership (nobody), which is what lets Prometheus, running as nobody, write its TSDB.
   */
  tsdb: '/prometheus',
} as const;

export const PROMETHEUS_PORT = 9090;
export const NGINX_HTTPS_PORT = 443;
export const NGINX_HTTP_PORT = 80;
/** The nginx health listener, on the container's loopback only. */
export const NGINX_HEALTH_CHECK_PORT = 8081;
