import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CertificateMode, ClientAuth, PrometheusTlsProxy } from 'prometheus-tls-proxy';

/**
 * Two Docker hosts: a central Prometheus with Grafana and a node exporter beside it, and an edge
 * agent that forwards its samples to the central one over mTLS.
 */
class MonitoringStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const east = new DockerProvider(this, 'docker-east', { alias: 'east', host: 'ssh://deploy@east.example.com' });
    const west = new DockerProvider(this, 'docker-west', { alias: 'west', host: 'ssh://deploy@west.example.com' });
    new TlsProvider(this, 'tls', {});

    // The central instance: its own CA, client certificates required, a remote-write receiver.
    const central = new PrometheusTlsProxy(this, 'central', {
      dockerProvider: east,
      domainName: 'prometheus.east.example.com',
      namePrefix: 'central', // fixed, so that moving the construct never swaps its TSDB volume
      networkAlias: 'prometheus',
      tls: { certificateMode: CertificateMode.PRIVATE_CA },
      auth: { clientAuth: ClientAuth.REQUIRED },
      prometheus: { enableRemoteWriteReceiver: true, scrapeConfigs: [{ jobName: 'node', targets: ['node-exporter:9100'] }] },
    });

    // A node exporter on the central instance's network, which it scrapes by name.
    const nodeExporter = new Image(this, 'node-exporter-image', { provider: east, name: 'prom/node-exporter:v1.9.1', keepLocally: true });
    new Container(this, 'node-exporter', {
      provider: east,
      name: 'node-exporter',
      image: nodeExporter.imageId,
      networksAdvanced: [{ name: central.networkName }],
      restart: 'unless-stopped',
    });

    // Grafana beside it: its datasource reaches the proxy by its alias over HTTPS, verifies it
    // against the central CA and authenticates with a client certificate from that CA.
    const datasource = central.grafanaDatasource({ clientCertificate: central.issueClientCertificate(this, 'grafana') });
    const grafana = new Image(this, 'grafana-image', { provider: east, name: 'grafana/grafana:12.0.0', keepLocally: true });
    new Container(this, 'grafana', {
      provider: east,
      name: 'grafana',
      image: grafana.imageId,
      networksAdvanced: [{ name: central.networkName }],
      ports: [{ internal: 3000, external: 3000 }],
      upload: datasource.upload,
      restart: 'unless-stopped',
    });

    // An edge agent on the other host, forwarding to the central receiver with a certificate the central CA issues.
    const edge = new PrometheusTlsProxy(this, 'edge', {
      dockerProvider: west,
      domainName: 'prometheus.west.example.com',
      namePrefix: 'edge',
      prometheus: { agentMode: true, externalLabels: { site: 'west' } },
    });
    edge.remoteWriteTo(central);

    new TerraformOutput(this, 'central_url', { value: central.url });
    new TerraformOutput(this, 'central_ca_pem', { value: central.caCertificatePem! });
    new TerraformOutput(this, 'grafana_datasource_url', { value: central.internalUrl });
    new TerraformOutput(this, 'edge_url', { value: edge.url });
  }
}

const app = new App();
new MonitoringStack(app, 'monitoring');
app.synth();
