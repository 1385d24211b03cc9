import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Container, ContainerUpload } from '@cdktf/provider-docker/lib/container';
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
 * attributes, the files uploaded to the containers kept beside it in hand-written/. The synthesis benchmarks
 * compare against it and check that both synthesize the same Terraform JSON up to logical IDs; when the
 * construct's output changes, their notes name the resources that differ, and this stack and its files follow.
 *
 * The layout: a pause container owns the network namespace (publishes 443, joins the network); nginx and
 * Prometheus join it with read-only roots. Each reads its config from a volume that a one-shot writer
 * container fills from its uploads; the writer's id in a label replaces the reader whenever the files change.
 */
export class HandWrittenStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});
    new TlsProvider(this, 'tls', {});

    const key = new PrivateKey(this, 'key', { algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    const certificate = new SelfSignedCert(this, 'certificate', {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: 'example.com' }],
      dnsNames: ['example.com', NAME],
      validityPeriodHours: 8760,
      earlyRenewalHours: 720,
      allowedUses: ['digital_signature', 'server_auth'],
    });

    const network = new Network(this, 'network', { name: NAME, driver: 'bridge' });
    const pauseImage = new Image(this, 'pause-image', { name: 'registry.k8s.io/pause:3.10', keepLocally: true });
    const nginxImage = new Image(this, 'nginx-image', { name: 'nginx:1.30.6-alpine', keepLocally: true });
    const prometheusImage = new Image(this, 'prometheus-image', { name: 'prom/prometheus:v3.13.4', keepLocally: true });

    // Uploaded as Terraform strings: neither file has a `${` or `%{`, which Terraform would read as a template.
    const file = (name: string) => readFileSync(join(__dirname, 'hand-written', name), 'utf8');
    const longRunning = (memoryMb: number) => ({
      readOnly: true,
      securityOpts: ['no-new-privileges:true'],
      restart: 'unless-stopped',
      memory: memoryMb,
      memorySwap: memoryMb,
      logDriver: 'json-file',
      logOpts: { 'max-size': '10m', 'max-file': '3' },
    });

    const pod = new Container(this, 'pod', {
      name: `${NAME}-pod`,
      image: pauseImage.imageId,
      user: '65535:65535',
      capabilities: { drop: ['ALL'] },
      ...longRunning(16),
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '0' },
      networksAdvanced: [{ name: network.name, aliases: [NAME] }],
      ports: [{ internal: 443, external: 443 }],
    });
    const inPod = `container:${pod.id}`;

    const nginxConfig = configVolume(this, 'nginx-config', {
      name: `${NAME}-nginx-config`,
      image: nginxImage,
      files: [
        { file: '/staging/nginx.conf', content: file('nginx.conf'), permissions: '0644' },
        { file: '/staging/tls/server.crt', content: certificate.certPem, permissions: '0644' },
        { file: '/staging/tls/server.key', content: key.privateKeyPem, permissions: '0600' },
      ],
    });
    new Container(this, 'nginx', {
      name: `${NAME}-nginx`,
      image: nginxImage.imageId,
      entrypoint: ['nginx', '-c', '/etc/nginx/rendered/nginx.conf', '-g', 'daemon off;'],
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      ...longRunning(256),
      networkMode: inPod,
      volumes: [{ volumeName: nginxConfig.volume.name, containerPath: '/etc/nginx/rendered', readOnly: true }],
      mounts: [
        { type: 'tmpfs', target: '/var/cache/nginx', tmpfsOptions: { sizeBytes: 64 * 1024 * 1024 } },
        { type: 'tmpfs', target: '/run', tmpfsOptions: { sizeBytes: 1024 * 1024 } },
      ],
      labels: [{ label: 'prometheus-tls-proxy.config-revision', value: nginxConfig.writer.id }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8081/healthz'],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      destroyGraceSeconds: 10,
      dependsOn: [nginxConfig.writer],
    });

    const prometheusConfig = configVolume(this, 'prometheus-config', {
      name: `${NAME}-prometheus-config`,
      image: prometheusImage,
      files: [{ file: '/staging/prometheus.yml', content: file('prometheus.yml'), permissions: '0644' }],
      owner: '65534:65534',
    });
    const data = new Volume(this, 'data', { name: `${NAME}-data` });
    new Container(this, 'prometheus', {
      name: `${NAME}-prometheus`,
      image: prometheusImage.imageId,
      entrypoint: ['/bin/prometheus'],
      command: [
        '--config.file=/etc/prometheus/rendered/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        '--storage.tsdb.retention.time=15d',
        '--web.listen-address=127.0.0.1:9090',
        '--web.external-url=https://example.com/prometheus',
        '--web.route-prefix=/',
        `--web.cors.origin=https://example\\.com|https://${NAME}`,
      ],
      user: '65534:65534',
      capabilities: { drop: ['ALL'] },
      ...longRunning(2048),
      networkMode: inPod,
      volumes: [
        { volumeName: data.name, containerPath: '/prometheus' },
        { volumeName: prometheusConfig.volume.name, containerPath: '/etc/prometheus/rendered', readOnly: true },
      ],
      labels: [{ label: 'prometheus-tls-proxy.config-revision', value: prometheusConfig.writer.id }],
      healthcheck: {
        test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/healthy'],
        interval: '30s',
        timeout: '5s',
        retries: 3,
        startPeriod: '1m0s',
      },
      destroyGraceSeconds: 60,
      stopTimeout: 60,
      dependsOn: [prometheusConfig.writer],
    });

    new TerraformOutput(this, 'url', { value: 'https://example.com/prometheus/' });
    new TerraformOutput(this, 'certificate_pem', { value: certificate.certPem });
    new TerraformOutput(this, 'curl_check', {
      description: "The guide's check, after writing certificate_pem to example.com.crt",
      value: 'curl --cacert example.com.crt https://example.com/prometheus/api/v1/label/job/values',
    });
  }
}

/** The example app's `namePrefix`: the Docker objects' names and the pod's network alias. */
const NAME = 'prometheus';

/**
 * A config volume and the one-shot container that writes it: the files are uploaded under /staging, copied
 * over the volume's old content (owned by `owner` if given), and the container exits; Terraform waits for it
 * and fails unless it exited 0. It has to be done this way because the provider cannot upload into a
 * container with a read-only root.
 */
function configVolume(scope: Construct, id: string, props: { name: string; image: Image; files: ContainerUpload[]; owner?: string }) {
  const volume = new Volume(scope, id, { name: props.name });
  const script = [
    'set -e',
    'find /config -mindepth 1 -maxdepth 1 -exec rm -rf {} +',
    'cp -a /staging/. /config/',
    ...(props.owner === undefined ? [] : [`chown -R ${props.owner} /config`]),
    'rm -rf /staging',
  ];
  const writer = new Container(scope, `${id}-writer`, {
    name: props.name,
    image: props.image.imageId,
    entrypoint: ['/bin/sh', '-c', script.join('; ')],
    user: '0:0',
    capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER'] },
    securityOpts: ['no-new-privileges:true'],
    networkMode: 'none',
    memory: 32,
    memorySwap: 32,
    logDriver: 'json-file',
    logOpts: { 'max-size': '1m', 'max-file': '1' },
    volumes: [{ volumeName: volume.name, containerPath: '/config' }],
    upload: props.files,
    attach: true,
    mustRun: false,
    restart: 'no',
    lifecycle: {
      postcondition: [
        { condition: '${self.exit_code == 0}', errorMessage: `writing the config volume ${props.name} failed: see docker logs ${props.name}` },
      ],
    },
  });
  return { volume, writer };
}

if (require.main === module) {
  const app = new App();
  new HandWrittenStack(app, 'example');
  app.synth();
}
