import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';

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

/** Uploads of a config writer, by path inside the volume. */
export function staged(writer: Resource): Record<string, { content: string; permissions: string }> {
  return Object.fromEntries(writer.upload.map((u: Resource) => [u.file.replace(/^\/staging\//, ''), { content: u.content, permissions: u.permissions }]));
}

/** Every resource address that refers, directly or through others, to `address`. */
export function dependents(resources: Resources, address: string): Set<string> {
  const found = new Set<string>();
  let frontier = [address];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const [type, byId] of Object.entries(resources)) {
      for (const [id, resource] of Object.entries(byId)) {
        const self = `${type}.${id}`;
        const body = JSON.stringify(resource);
        if (!found.has(self) && frontier.some((a) => body.includes(`\${${a}.`) || (resource.depends_on ?? []).includes(a))) {
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
