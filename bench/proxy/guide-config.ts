import { NGINX_PATHS } from '../../lib/container-layout';

/**
 * The nginx.conf of Prometheus's guide "Securing Prometheus API and UI endpoints using TLS encryption"
 * (../shared/reference/securing-prometheus-with-tls.txt), with only its path bug fixed: `location
 * /prometheus/` rather than `/prometheus`, which sent `//api/v1/...` upstream. The certificate paths
 * and Prometheus's address are the container's; nothing is added, so nginx's defaults apply (one
 * worker, no upstream keep-alive, HTTP/1.0 to Prometheus, no session cache).
 */
export function guideConfig(domain: string, upstream: string): string {
  return `events {}

http {
    server {
        listen              443 ssl;
        server_name         ${domain};
        ssl_certificate     ${NGINX_PATHS.certificate};
        ssl_certificate_key ${NGINX_PATHS.privateKey};

        location /prometheus/ {
          proxy_pass http://${upstream}/;
        }
    }
}
`;
}
