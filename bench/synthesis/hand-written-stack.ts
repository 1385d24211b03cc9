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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The example app (main.ts) written out by hand, without the construct: the same resources with the same
 * attributes, the files uploaded to the containers kept beside it in hand-written/. The synthesis benchmarks compare against it and check that both
 * synthesize the same Terraform JSON up to logical IDs; when the construct's output changes, their notes
 * name the resources that differ, and this stack and its files follow.
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
    const file = (name: string) => readFileSync(join(__dirname, 'hand-written', name), 'utf8');
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
      memorySwap: 2048,
      networksAdvanced: [{ name: network.name }],
      volumes: [{ volumeName: data.name, containerPath: '/prometheus' }],
      upload: [{ file: '/etc/prometheus/prometheus.yml', content: file('prometheus.yml'), permissions: '0644' }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/healthy'],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        startPeriod: '1m0s',
      },
      destroyGraceSeconds: 60,
      stopTimeout: 60,
    });

    new Container(this, 'nginx', {
      name: `${NAME}-nginx`,
      image: nginxImage.imageId,
      entrypoint: ['nginx', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      ...hardening,
      ...logging,
      memory: 256,
      memorySwap: 256,
      networksAdvanced: [{ name: network.name }],
      ports: [{ internal: 443, external: 443 }],
      upload: [
        { file: '/etc/nginx/nginx.conf', content: file('nginx.conf'), permissions: '0644' },
        { file: '/etc/nginx/tls/server.crt', content: certificate.certPem, permissions: '0644' },
        { file: '/etc/nginx/tls/server.key', content: key.privateKeyPem, permissions: '0600' },
      ],
      healthcheck: {
        test: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8081/healthz || { nginx -s reload; exit 1; }'],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      destroyGraceSeconds: 10,
      dependsOn: [prometheus],
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

if (require.main === module) {
  const app = new App();
  new HandWrittenStack(app, 'example');
  app.synth();
}
