import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PrometheusTlsProxy } from '../../lib';

/** `instances` proxies in one stack, each on its own host port, for the synthesis-scaling benchmark. */
export class ScaledStack extends TerraformStack {
  constructor(scope: Construct, id: string, instances: number) {
    super(scope, id);
    new DockerProvider(this, 'docker', {});
    new TlsProvider(this, 'tls', {});
    for (let i = 1; i <= instances; i++) {
      new PrometheusTlsProxy(this, `prometheus-${i}`, { domainName: `prometheus-${i}.example.com`, httpsPort: 9000 + i });
    }
  }
}
