import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { PrometheusTlsProxy } from '../lib';
import { StackClaims } from '../lib/stack-claims';
import { synth } from './support';

/** What the instances of one stack claim, checked as each is declared (lib/stack-claims.ts; the rules are validation/collisions.ts). */
describe('instances of one stack', () => {
  test('two instances in one stack share no Docker name', () => {
    // WHEN
    const { resources } = synth((scope) => {
      new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
      new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', httpsPort: 8443 });
    });
    // THEN: no container, network or volume has the name of another of its kind
    const names = ['docker_container', 'docker_network', 'docker_volume'].flatMap((type) => Object.values(resources[type]).map((resource) => `${type}:${resource.name}`));
    expect(new Set(names).size).toBe(names.length);
  });

  test('two instances on one Docker host cannot publish the same port', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com' });
      }),
    ).toThrow(/^httpsPort is already published by .*\/a on the same Docker host \(got 443\)/);
  });

  test("an omitted dockerProvider and the stack's default provider given explicitly are the same host", () => {
    expect(() =>
      synth((scope) => {
        const docker = new DockerProvider(scope, 'docker', {});
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', dockerProvider: docker });
      }),
    ).toThrow(/^httpsPort is already published by .*\/a on the same Docker host/);
  });

  test('two instances on one Docker host cannot share a namePrefix, nor an alias on a shared network', () => {
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', namePrefix: 'mon' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', namePrefix: 'mon', httpsPort: 8443 });
      }),
    ).toThrow(/^namePrefix must differ from that of .*\/a/);
    expect(() =>
      synth((scope) => {
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: 'shared', networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: 'shared', networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network shared/);
  });

  test('two instances cannot share an alias on a network given as a token, which is compared as the network it names', () => {
    expect(() =>
      synth((scope) => {
        const network = new Network(scope, 'monitoring', { name: 'monitoring' });
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: network.name, networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: 'monitoring', networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network monitoring/);
    expect(() =>
      synth((scope) => {
        const name = new TerraformVariable(scope, 'network', { type: 'string' });
        new PrometheusTlsProxy(scope, 'a', { domainName: 'a.example.com', network: name.stringValue, networkAlias: 'prom' });
        new PrometheusTlsProxy(scope, 'b', { domainName: 'b.example.com', network: name.stringValue, networkAlias: 'prom', httpsPort: 8443 });
      }),
    ).toThrow(/^networkAlias is already the alias of .*\/a on network \$\{var\.network\}/);
  });

  test('instances of different stacks claim nothing of each other', () => {
    const app = new App();
    expect(() => {
      for (const name of ['a', 'b']) new PrometheusTlsProxy(new TerraformStack(app, name), 'prometheus', { domainName: `${name}.example.com`, namePrefix: 'mon' });
    }).not.toThrow();
  });

  test('the claims are a construct of the stack, declaring no resources, shared by its instances', () => {
    // GIVEN
    const stack = new TerraformStack(new App(), 'stack');
    new PrometheusTlsProxy(stack, 'a', { domainName: 'a.example.com' });
    new PrometheusTlsProxy(stack, 'b', { domainName: 'b.example.com', httpsPort: 8443 });
    // THEN
    const claims = stack.node.children.filter((child) => child instanceof StackClaims);
    expect(claims).toHaveLength(1);
    expect(claims[0].node.children).toEqual([]);
    expect(StackClaims.of(stack)).toBe(claims[0]);
  });
});
