import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';

/**
 * The example app (main.ts) written out by hand, without the construct: the same resources with the same
 * attributes, rendered files as literals. The synthesis benchmarks compare against it and check that both
 * synthesize the same Terraform JSON up to logical IDs; when the construct's output changes, their notes
 * name the resources that differ, and the literals here follow.
 */
export class HandWrittenStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});
    new TlsProvider(this, 'tls', {});

    const key = new PrivateKey(this, 'key', { algorithm: 'RSA', rsaBits: 4096 });
    const certificate = new SelfSignedCert(this, 'certificate', {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: 'example.com' }],
      dnsNames: ['example.com'],
      validityPeriodHours: 8760,
      earlyRenewalHours: 720,
      allowedUses: ['key_encipherment', 'digital_signature', 'server_auth'],
    });

    const network = new Network(this, 'network', { name: NAME, driver: 'bridge' });
    const data = new Volume(this, 'data', { name: `${NAME}-data` });
    const nginxImage = new Image(this, 'nginx-image', { name: 'nginx:1.30.1-alpine', keepLocally: true });
    const prometheusImage = new Image(this, 'prometheus-image', { name: 'prom/prometheus:v3.13.3', keepLocally: true });

    const logging = { logDriver: 'json-file', logOpts: { 'max-size': '10m', 'max-file': '3' } };
    const hardening = { securityOpts: ['no-new-privileges:true'], restart: 'unless-stopped' };

    const prometheus = new Container(this, 'prometheus', {
      name: `${NAME}-prometheus`,
      image: prometheusImage.imageId,
      entrypoint: ['/bin/prometheus'],
      command: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        '--storage.tsdb.retention.time=15d',
        '--web.external-url=https://example.com/prometheus',
        '--web.route-prefix=/',
      ],
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      ...hardening,
      ...logging,
      memory: 2048,
      networksAdvanced: [{ name: network.name }],
      volumes: [{ volumeName: data.name, containerPath: '/prometheus' }],
      upload: [{ file: '/etc/prometheus/prometheus.yml', content: PROMETHEUS_YML, permissions: '0644' }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/healthy'],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        startPeriod: '60s',
      },
      destroyGraceSeconds: 60,
      stopTimeout: 60,
    });

    new Container(this, 'nginx', {
      name: `${NAME}-nginx`,
      image: nginxImage.imageId,
      entrypoint: ['nginx', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETGID', 'SETUID'] },
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      ...hardening,
      ...logging,
      memory: 256,
      networksAdvanced: [{ name: network.name }],
      ports: [{ internal: 443, external: 443 }],
      upload: [
        { file: '/etc/nginx/nginx.conf', content: NGINX_CONF, permissions: '0644' },
        { file: '/etc/nginx/tls/server.crt', content: certificate.certPem, permissions: '0644' },
        { file: '/etc/nginx/tls/server.key', content: key.privateKeyPem, permissions: '0600' },
      ],
      destroyGraceSeconds: 10,
      dependsOn: [prometheus],
      // A bare address: cdktf 0.21 writes a resource here as `${...}`, which Terraform rejects.
      lifecycle: { replaceTriggeredBy: [`docker_container.${prometheus.friendlyUniqueId}`] },
    });

    new TerraformOutput(this, 'url', { value: 'https://example.com/prometheus/' });
    new TerraformOutput(this, 'certificate_pem', { value: certificate.certPem });
    new TerraformOutput(this, 'curl_check', {
      description: "The guide's check, after writing certificate_pem to example.com.crt",
      value: 'curl --cacert example.com.crt https://example.com/prometheus/api/v1/label/job/values',
    });
  }
}

/** Docker object names as the construct derives them for the path `example/prometheus`. */
const NAME = 'example-prometheus-da678ace';

const NGINX_CONF = `# Rendered by prometheus-tls-proxy for https://example.com/prometheus/; changes here are replaced on the next deploy.
user nginx;
worker_processes auto;
pid /var/run/nginx.pid;
error_log /dev/stderr warn;

events {
    worker_connections 1024;
}

http {
    server_tokens off;
    access_log /dev/stdout;
    server_names_hash_bucket_size 512;

    client_max_body_size 1m;
    client_header_timeout 15s;
    client_body_timeout 15s;
    large_client_header_buffers 4 16k;
    keepalive_timeout 65s;
    send_timeout 60s;
    client_body_temp_path /var/cache/nginx/client_temp;
    proxy_temp_path /var/cache/nginx/proxy_temp;

    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_prefer_server_ciphers off;
    ssl_session_cache shared:TLS:10m;
    ssl_session_timeout 1d;
    ssl_session_tickets on;

    upstream prometheus {
        server example-prometheus-da678ace-prometheus:9090;
        keepalive 32;
    }

    server {
        listen 443 ssl;
        server_name example.com;

        ssl_certificate /etc/nginx/tls/server.crt;
        ssl_certificate_key /etc/nginx/tls/server.key;

        absolute_redirect off;

        add_header X-Content-Type-Options "nosniff" always;
        add_header X-Frame-Options "DENY" always;
        add_header Content-Security-Policy "frame-ancestors 'none'" always;
        add_header Referrer-Policy "no-referrer" always;

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout 5s;
        proxy_send_timeout 60s;
        proxy_read_timeout 150s;

        location = /prometheus {
            return 301 /prometheus/$is_args$args;
        }

        location /prometheus/ {
            limit_except GET POST {
                deny all;
            }
            proxy_pass http://prometheus/;
        }

        location ^~ /prometheus/api/v1/admin/ {
            deny all;
        }

        location ^~ /prometheus/-/quit {
            deny all;
        }

        location ^~ /prometheus/-/reload {
            deny all;
        }

        location / {
            return 404;
        }
    }
}
`;

const PROMETHEUS_YML = `# Rendered by prometheus-tls-proxy; changes here are replaced on the next deploy.
global:
  scrape_interval: 15s
  evaluation_interval: 15s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets:
          - localhost:9090
`;

if (require.main === module) {
  const app = new App();
  new HandWrittenStack(app, 'example');
  app.synth();
}
