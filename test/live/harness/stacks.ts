import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack } from 'cdktf';
import { PrometheusTlsProxy, PrometheusTlsProxyProps } from '../../../lib';
import { ExampleStack } from '../../../main';
import { hostAddress } from './engine/host-view';
import { ImageLine } from './image-lines';
import { SynthesizedStack, synthesize } from './terraform';

/** The example app of main.ts, synthesized as `cdktf synth` does, with the images of `line` where it pins older ones. */
export function synthesizeExampleApp(line: ImageLine): SynthesizedStack {
  return synthesize('example', (app) => new ExampleStack(app, 'example', line.images));
}

/**
 * A stack that declares the two providers, as main.ts does, and one PrometheusTlsProxy per entry
 * (with `line`'s images); `extend` adds what else the stack needs (scrape targets, wiring).
 */
export function synthesizeProxies(
  name: string,
  line: ImageLine,
  proxies: Record<string, PrometheusTlsProxyProps>,
  extend?: (stack: TerraformStack, instances: Record<string, PrometheusTlsProxy>) => void,
): SynthesizedStack {
  return synthesize(name, (app) => {
    const stack = new TerraformStack(app, name);
    new DockerProvider(stack, 'docker', {});
    new TlsProvider(stack, 'tls', {});
    const instances = Object.fromEntries(Object.entries(proxies).map(([id, props]) => [id, new PrometheusTlsProxy(stack, id, { ...line.images, ...props })]));
    extend?.(stack, instances);
    return stack;
  });
}

/**
 * Public DNS for `instance`'s containers: each of `domains` resolves, in its pod (whose /etc/hosts
 * nginx and Prometheus share), to the Docker host's address where the other instances publish their
 * ports, as between hosts. A `host` (extra_hosts) entry on the pod, which a user with split-horizon
 * DNS would add the same way.
 */
export function resolvesOnHost(instance: PrometheusTlsProxy, ...domains: string[]): void {
  instance.podContainer.addOverride('host', domains.map((host) => ({ host, ip: hostAddress() })));
}
