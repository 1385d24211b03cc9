import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PrometheusTlsProxy, PrometheusTlsProxyProps } from './lib';

/** The guide's setup: Prometheus at https://example.com/prometheus/ on the local Docker engine. */
export class ExampleStack extends TerraformStack {
  /**
   * @param overrides props on top of the guide's (the live suite pins older images with them)
   */
  constructor(scope: Construct, id: string, overrides: Omit<PrometheusTlsProxyProps, 'domainName'> = {}) {
    super(scope, id);
    // Uses DOCKER_HOST when set (unix:///var/run/docker.sock, ssh://user@host, ...).
    new DockerProvider(this, 'docker', {});
    new TlsProvider(this, 'tls', {});

    // namePrefix fixes the Docker names (and the TSDB volume's) whatever the construct's path becomes.
    const proxy = new PrometheusTlsProxy(this, 'prometheus', { domainName: 'example.com', namePrefix: 'prometheus', ...overrides });

    new TerraformOutput(this, 'url', { value: proxy.url });
    new TerraformOutput(this, 'certificate_pem', { value: proxy.certificatePem });
    new TerraformOutput(this, 'curl_check', {
      description: "The guide's check, after writing certificate_pem to example.com.crt",
      value: `curl --cacert example.com.crt ${proxy.url}api/v1/label/job/values`,
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ExampleStack(app, 'example');
  app.synth();
}
