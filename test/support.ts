import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PodAgent, PodAgentProps, PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';

/**
 * What the construct tests share, on cdktf's Testing: `Testing.synthScope` and the jest matchers that
 * test/setup.ts installs (`toHaveResourceWithProperties` compares the synthesized snake_case keys, and
 * blocks such as `upload` come out as arrays: wrap partial expectations in `expect.objectContaining`).
 */

/** A synthesized resource, with its snake_case attributes. */
export type Resource = Record<string, any>;
/** The synthesized resources, by type and logical id. */
export type Resources = Record<string, Record<string, Resource>>;

/** A bcrypt hash of cost 8 that no known password hashes to. */
export const HASH = '$2y$08$' + 'x'.repeat(53);

/** The synthesized JSON of what `build` declares in a stack of its own, and its resources. */
export function synth(build: (scope: Construct) => void): { json: string; resources: Resources } {
  const json = Testing.synthScope(build);
  return { json, resources: JSON.parse(json).resource ?? {} };
}

/** One PrometheusTlsProxy `proxy` for example.com with `props`, synthesized. */
export function synthProxy(props: Partial<PrometheusTlsProxyProps> = {}): { json: string; resources: Resources; proxy: PrometheusTlsProxy } {
  let proxy!: PrometheusTlsProxy;
  const result = synth((scope) => {
    proxy = new PrometheusTlsProxy(scope, 'proxy', { domainName: 'example.com', ...props });
  });
  return { ...result, proxy };
}

/** A stack that declares the Docker and TLS providers, as synthesis with validations requires. */
export function stackWithProviders(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new DockerProvider(stack, 'docker', {});
  new TlsProvider(stack, 'tls', {});
  return stack;
}

/** Whether a logical id is that of the construct at `path` (below the instance), e.g. `nginx/container`. */
export function isAt(id: string, path: string): boolean {
  return new RegExp(`(^|_)${path.replace(/\//g, '_')}_[0-9A-F]{8}$`).test(id);
}

/** The one resource of `type` at `path` (e.g. `nginx/container`). */
export function at(resources: Resources, type: string, path: string): Resource {
  const matches = Object.entries(resources[type] ?? {}).filter(([id]) => isAt(id, path));
  expect(matches).toHaveLength(1);
  return matches[0][1];
}

/** `${type.id.attribute}` of the resource of `type` at `path`. */
export function ref(resources: Resources, type: string, path: string, attribute: string): string {
  const [id] = Object.keys(resources[type]).filter((id) => isAt(id, path));
  return `\${${type}.${id}.${attribute}}`;
}

/** Props of a PodAgent `agent` for the parts' tests: the pod `p-pod` and its members `p-nginx` and `p-prometheus`. */
export const AGENT_PROPS: PodAgentProps = {
  name: 'p-agent',
  image: 'nginx:1.30.6-alpine',
  pod: 'p-pod',
  members: ['p-nginx', 'p-prometheus'],
  dockerSocketPath: '/var/run/docker.sock',
  graceSeconds: 60,
  logMaxSize: '10m',
  logMaxFiles: 3,
};

/** A PodAgent `agent` in `scope`, with `overrides`: what ConfigFiles and its consumers deliver through. */
export function podAgent(scope: Construct, overrides: Partial<PodAgentProps> = {}): PodAgent {
  return new PodAgent(scope, 'agent', { ...AGENT_PROPS, ...overrides });
}

/** A synthesized upload's content as the file receives it: Terraform reads `$${` and `%%{` as `${` and `%{`. */
export function unescaped(content: string): string {
  return content.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** What the agent container delivers to `consumer` (`nginx`, `prometheus`): its uploads under the consumer's staging directory, by path in the revision. */
export function staged(agent: Resource, consumer: string): Record<string, { content: string; permissions: string }> {
  const prefix = `/agent/staging/${consumer}/`;
  return Object.fromEntries(
    agent.upload.filter((u: Resource) => u.file.startsWith(prefix)).map((u: Resource) => [u.file.slice(prefix.length), { content: u.content, permissions: u.permissions }]),
  );
}

/** The shell assignments of the agent container's manifest, by variable. */
export function manifestOf(agent: Resource): Record<string, string> {
  const manifest = unescaped(agent.upload.find((u: Resource) => u.file === '/agent/manifest').content);
  return Object.fromEntries([...manifest.matchAll(/^(\w+)='([^']*)'$/gm)].map(([, name, value]) => [name, value]));
}

/**
 * Every resource address that refers, directly or through others, to `address` in its attributes:
 * what a replacement of it can replace. `depends_on` orders the apply and replaces nothing, so it is
 * not followed.
 */
export function dependents(resources: Resources, address: string): Set<string> {
  const found = new Set<string>();
  let frontier = [address];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const [type, byId] of Object.entries(resources)) {
      for (const [id, resource] of Object.entries(byId)) {
        const self = `${type}.${id}`;
        const { depends_on: _ordering, ...attributes } = resource;
        const body = JSON.stringify(attributes);
        if (!found.has(self) && frontier.some((a) => body.includes(`\${${a}.`))) {
          found.add(self);
          next.push(self);
        }
      }
    }
    frontier = next;
  }
  return found;
}

/** What `action` throws, or a failure when it throws nothing. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}
