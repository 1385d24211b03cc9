import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack } from 'cdktf';
import { PrometheusTlsProxy, PrometheusTlsProxyProps } from '../../../lib';
import { ExampleStack } from '../../../main';
import { SynthesizedStack, synthesize } from './terraform';

/** The example app of main.ts, synthesized as `cdktf synth` does. */
export function synthesizeExampleApp(): SynthesizedStack {
  return synthesize('example', (app) => new ExampleStack(app, 'example'));
}

/** A stack that declares the two providers, as main.ts does, and one PrometheusTlsProxy per entry. */
export function synthesizeProxies(name: string, proxies: Record<string, PrometheusTlsProxyProps>): SynthesizedStack {
  return synthesize(name, (app) => {
    const stack = new TerraformStack(app, name);
    new DockerProvider(stack, 'docker', {});
    new TlsProvider(stack, 'tls', {});
    for (const [id, props] of Object.entries(proxies)) new PrometheusTlsProxy(stack, id, props);
    return stack;
  });
}
