import type { PrometheusCopy } from '../../test/live/harness';

const DIRECTORY = '/etc/prometheus/native-tls';

/**
 * A copy of the construct's Prometheus that serves HTTPS itself on the pod's loopback `port`, with the
 * construct's certificate and key: `--web.config.file` with `tls_server_config`, what a user would pick
 * instead of a proxy. Everything else (flags, scrape config, image) is the construct's.
 */
export function prometheusWithOwnTls(port: number): PrometheusCopy {
  return {
    args: (args) => [
      ...args.map((arg) => (arg.startsWith('--web.listen-address=') ? `--web.listen-address=127.0.0.1:${port}` : arg)),
      `--web.config.file=${DIRECTORY}/web.yml`,
    ],
    files: ({ certificate, privateKey }) => [
      { file: `${DIRECTORY}/web.yml`, content: `tls_server_config:\n  cert_file: ${DIRECTORY}/tls.crt\n  key_file: ${DIRECTORY}/tls.key\n` },
      { file: `${DIRECTORY}/tls.crt`, content: certificate },
      { file: `${DIRECTORY}/tls.key`, content: privateKey },
    ],
  };
}
