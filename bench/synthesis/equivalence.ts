import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Resources = Record<string, Record<string, Json>>;

/** The Terraform JSON that cdktf wrote for `stack` below an output directory. */
export function readStack(outdir: string, stack = 'example'): Json {
  return JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/**
 * Undefined when the two documents declare the same Terraform up to logical IDs; otherwise what differs,
 * named by the documents' own addresses.
 */
export function differenceUpToLogicalIds(a: unknown, b: unknown): string | undefined {
  const [first, second] = [canonical(a), canonical(b)];
  const keys = [...new Set([...Object.keys(first.rest), ...Object.keys(second.rest)])];
  const differing = keys.filter((key) => !isDeepStrictEqual(first.rest[key], second.rest[key]));
  const unmatched = [...second.resources];
  const onlyInFirst = first.resources.filter(({ name }) => {
    const match = unmatched.findIndex((other) => other.name === name);
    if (match >= 0) unmatched.splice(match, 1);
    return match < 0;
  });
  const problems = [
    ...(differing.length > 0 ? [`${differing.join(', ')} differ`] : []),
    ...(onlyInFirst.length > 0 ? [`only in the first: ${onlyInFirst.map(({ address }) => address).join(', ')}`] : []),
    ...(unmatched.length > 0 ? [`only in the second: ${unmatched.map(({ address }) => address).join(', ')}`] : []),
  ];
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** The report's note on a `differenceUpToLogicalIds` result. */
export function equivalenceNote(difference: string | undefined): string {
  return difference === undefined
    ? 'Construct and hand-written stack synthesize the same Terraform JSON up to logical IDs (checked on this run’s output).'
    : `Construct and hand-written stack do NOT synthesize the same Terraform (${difference}): bring the hand-written stack up to date.`;
}

interface Canonical {
  /** Everything but the resources, references renamed. */
  readonly rest: Record<string, Json>;
  /** Same name, same declaration: the name hashes the body. */
  readonly resources: { readonly address: string; readonly name: string }[];
}

/**
 * The document without cdktf's "//" metadata (Terraform ignores it) and with every resource named after
 * what it declares, references included: `docker_container.<hash of its body>`, where the body refers to
 * other resources by their new names. References form no cycle, so renaming until nothing changes ends;
 * two stacks that differ only in logical IDs come out identical.
 */
function canonical(document: unknown): Canonical {
  const { resource, ...rest } = stripMetadata(document as Json) as { resource?: Resources } & Record<string, Json>;
  const resources: Resources = resource ?? {};
  const addresses = Object.entries(resources).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => ({ type, body: byName[name], address: `${type}.${name}` })),
  );
  if (addresses.length === 0) return { rest, resources: [] };

  const alternatives = addresses.map(({ address }) => address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const reference = new RegExp(`\\b(${alternatives.sort((x, y) => y.length - x.length).join('|')})(?![\\w-])`, 'g');
  let names = new Map(addresses.map(({ type, address }) => [address, type]));
  for (let pass = 0; pass <= addresses.length; pass++) {
    const renamed = new Map(
      addresses.map(({ type, body, address }) => {
        const hash = createHash('sha256').update(JSON.stringify(rename(body, reference, names))).digest('hex');
        return [address, `${type}.${hash.slice(0, 12)}`];
      }),
    );
    const stable = addresses.every(({ address }) => renamed.get(address) === names.get(address));
    names = renamed;
    if (stable) break;
  }
  return {
    rest: rename(rest, reference, names) as Record<string, Json>,
    resources: addresses.map(({ address }) => ({ address, name: names.get(address)! })),
  };
}

function stripMetadata(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, item]) => [key, stripMetadata(item)]));
}

function rename(value: Json, reference: RegExp, names: Map<string, string>): Json {
  if (typeof value === 'string') return value.replace(reference, (address) => names.get(address)!);
  if (Array.isArray(value)) return value.map((item) => rename(item, reference, names));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rename(item, reference, names)]));
}
