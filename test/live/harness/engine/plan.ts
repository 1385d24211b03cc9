import { isDeepStrictEqual } from 'node:util';
import type { TerraformResources } from '../terraform';

/**
 * Terraform's part, as far as the live suite needs it: a state of resource address → id and
 * attributes; a refresh that asks each provider whether its objects still exist; a plan that
 * creates what is new, replaces what a ForceNew attribute (or a taint) changes, updates in place
 * what only updatable attributes change, and destroys what left the configuration; and an apply in
 * Terraform's destroy-then-create order. A computed attribute (an id, a PEM) of a resource that is
 * created or replaced is unknown at plan time, so whatever refers to it in a ForceNew attribute is
 * replaced with it, as Terraform does.
 */

export type Attributes = Record<string, unknown>;

/** A resource as the state holds it. */
export interface ResourceState {
  readonly type: string;
  readonly name: string;
  /** The configured attributes as last applied, every reference evaluated. */
  readonly configured: Attributes;
  /** What the provider computed or read back: `id`, `image_id`, `cert_pem`, `exit_code`, ... */
  readonly computed: Attributes;
  /** What it depended on when applied: Terraform destroys it before them. */
  readonly dependencies: readonly Address[];
  /** Its create failed after the object existed: the next plan replaces it (Terraform's taint). */
  readonly tainted?: boolean;
}

/** A provider's create that failed once the object existed: Terraform keeps it in the state, tainted. */
export class CreateError extends Error {
  constructor(
    message: string,
    readonly computed: Attributes,
  ) {
    super(message);
    this.name = 'CreateError';
  }
}

export type Address = string;

/** What plays a provider: one per resource type prefix (`docker_`, `tls_`). */
export interface ResourceProvider {
  /** Whether a change of this top-level configured attribute replaces the resource. */
  forcesNew(type: string, attribute: string): boolean;
  /** Creates the object; returns its computed attributes (with `id`). */
  create(type: string, name: string, configured: Attributes): Promise<Attributes>;
  /** Refresh: the computed attributes as the object has them now, or undefined when it is gone. */
  read(type: string, state: ResourceState): Promise<Attributes | undefined>;
  /** Applies a change of updatable attributes in place; returns the new computed attributes. */
  update(type: string, state: ResourceState, configured: Attributes): Promise<Attributes>;
  delete(type: string, state: ResourceState): Promise<void>;
  /** Whether the object must be replaced although its configuration did not change (a certificate due for renewal). */
  mustReplace?(type: string, state: ResourceState): boolean;
  /**
   * Configured attributes whose value differs from what the provider's Read wrote back into the state
   * (drift): Terraform diffs the configuration against that state, so each is a change on every plan.
   */
  drift?(type: string, state: ResourceState, configured: Attributes): string[];
}

export type Action = 'create' | 'replace' | 'update' | 'delete';

export interface PlannedChange {
  readonly address: Address;
  readonly action: Action;
  /** The attributes whose change caused it (`(tainted)`, `(renewal)` or `(new)` otherwise). */
  readonly because: readonly string[];
}

export interface ApplyResult {
  /** The changes, in the order the plan listed them (topological order of the configuration). */
  readonly changes: readonly PlannedChange[];
  /** What the refresh found gone, and dropped from the state, before planning. */
  readonly vanished: readonly Address[];
}

const UNKNOWN = '\u0000(known after apply)\u0000';

function containsUnknown(value: unknown): boolean {
  return JSON.stringify(value)?.includes(JSON.stringify(UNKNOWN).slice(1, -1)) ?? false;
}

/** `type.name.attribute` anywhere in an expression (`${x.y.z}`, `${sensitive(x.y.z)}`): only declared addresses count. */
const REFERENCE = /\b([a-z][a-z0-9_]*)\.([\w-]+)\.([\w-]+)/g;

/** Addresses a resource's attributes refer to, and those of its `depends_on`. */
function dependenciesOf(resource: Attributes, declared: ReadonlySet<Address>): Address[] {
  const found = new Set<Address>();
  for (const [, type, name] of JSON.stringify(resource).matchAll(REFERENCE)) {
    const address = `${type}.${name}`;
    if (declared.has(address)) found.add(address);
  }
  for (const address of (resource.depends_on as string[] | undefined) ?? []) if (declared.has(address)) found.add(address);
  return [...found];
}

/** Configuration addresses in dependency order (dependencies first); a cycle is an error, as in Terraform. */
function topologicalOrder(resources: ReadonlyMap<Address, Attributes>): Address[] {
  const declared = new Set(resources.keys());
  const order: Address[] = [];
  const state = new Map<Address, 'visiting' | 'done'>();
  const visit = (address: Address, path: Address[]): void => {
    if (state.get(address) === 'done') return;
    if (state.get(address) === 'visiting') throw new Error(`Terraform would refuse the cycle ${[...path, address].join(' → ')}`);
    state.set(address, 'visiting');
    for (const dependency of dependenciesOf(resources.get(address)!, declared)) visit(dependency, [...path, address]);
    state.set(address, 'done');
    order.push(address);
  };
  for (const address of [...declared].sort()) visit(address, []);
  return order;
}

/** Attribute names Terraform reads as meta-arguments, not as the provider's. */
const META = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each', '//']);

/**
 * Evaluates a JSON attribute tree the way Terraform evaluates string templates before a value
 * reaches a provider: `evaluate` handles one string (see evaluateTemplate in ../terraform.ts).
 */
function evaluateTree(value: unknown, evaluate: (template: string) => string): unknown {
  if (typeof value === 'string') return evaluate(value);
  if (Array.isArray(value)) return value.map((item) => evaluateTree(item, evaluate));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateTree(v, evaluate)]));
  return value;
}

export interface ApplyOptions {
  /** Addresses to replace whatever their configuration (`terraform apply -replace=...`). */
  readonly replace?: readonly Address[];
}

/** Turns `${type.name.attr}` references into values; `lookup` answers each one. */
export type TemplateEvaluator = (template: string, lookup: (reference: string) => string | undefined) => string;

/**
 * The state of one stack and what changes it: `apply` refreshes, plans and applies a configuration
 * (the `resource` object of a synthesized cdk.tf.json) with the providers given by type prefix.
 */
export class TerraformState {
  readonly resources = new Map<Address, ResourceState>();

  constructor(
    private readonly providers: Readonly<Record<string, ResourceProvider>>,
    private readonly evaluateTemplate: TemplateEvaluator,
  ) {}

  private providerOf(type: string): ResourceProvider {
    const prefix = Object.keys(this.providers).find((p) => type.startsWith(p));
    if (prefix === undefined) throw new Error(`no provider plays ${type}`);
    return this.providers[prefix];
  }

  /** `terraform refresh`: drops what its provider no longer finds; returns the addresses dropped. */
  async refresh(): Promise<Address[]> {
    const vanished: Address[] = [];
    await Promise.all(
      [...this.resources].map(async ([address, resource]) => {
        const computed = await this.providerOf(resource.type).read(resource.type, resource);
        if (computed === undefined) {
          this.resources.delete(address);
          vanished.push(address);
        } else {
          this.resources.set(address, { ...resource, computed });
        }
      }),
    );
    return vanished.sort();
  }

  /** A computed or configured attribute of a resource in the state, as a reference reads it. */
  valueOf(reference: string): string | undefined {
    const [type, name, attribute] = reference.split('.');
    const resource = this.resources.get(`${type}.${name}`);
    if (resource === undefined) return undefined;
    const value = attribute in resource.computed ? resource.computed[attribute] : resource.configured[attribute];
    return value === undefined ? undefined : String(value);
  }

  /** Refresh, plan and apply `configuration`. Throws (after applying what it could, as Terraform does) when a step fails. */
  async apply(configuration: TerraformResources, options: ApplyOptions = {}): Promise<ApplyResult> {
    const vanished = await this.refresh();
    const resources = new Map<Address, Attributes>();
    for (const [type, byName] of Object.entries(configuration)) {
      for (const [name, attributes] of Object.entries(byName)) resources.set(`${type}.${name}`, attributes);
    }
    const order = topologicalOrder(resources);
    const changes = this.plan(resources, order, new Set(options.replace ?? []));
    const byAddress = new Map(changes.map((change) => [change.address, change]));

    // Destroy first, dependents before what they depend on (as the state recorded them): everything
    // replaced, and what left the configuration.
    const doomed = new Set([...this.resources.keys()].filter((address) => !resources.has(address) || byAddress.get(address)?.action === 'replace'));
    const destroyOrder = this.destroyOrder(doomed);
    for (const address of destroyOrder) {
      const resource = this.resources.get(address)!;
      await this.providerOf(resource.type).delete(resource.type, resource);
      this.resources.delete(address);
    }
    // Then create and update, dependencies first, with every reference now known.
    for (const address of order) {
      const change = byAddress.get(address);
      if (change === undefined || change.action === 'delete') continue;
      const [type, name] = splitAddress(address);
      const attributes = resources.get(address)!;
      const configured = this.evaluateKnown(attributes);
      const provider = this.providerOf(type);
      const dependencies = dependenciesOf(attributes, new Set(resources.keys()));
      let computed: Attributes;
      try {
        computed = change.action === 'update' ? await provider.update(type, this.resources.get(address)!, configured) : await provider.create(type, name, configured);
      } catch (error) {
        if (error instanceof CreateError) this.resources.set(address, { type, name, configured, computed: error.computed, dependencies, tainted: true });
        throw new Error(`${address}: ${(error as Error).message}`, { cause: error });
      }
      this.resources.set(address, { type, name, configured, computed, dependencies });
      this.checkPostconditions(address, attributes, computed);
    }
    return { changes, vanished };
  }

  /** `doomed` in an order where each goes before anything it depended on. */
  private destroyOrder(doomed: ReadonlySet<Address>): Address[] {
    const order: Address[] = [];
    const done = new Set<Address>();
    const visit = (address: Address): void => {
      if (done.has(address)) return;
      done.add(address);
      // Dependents first.
      for (const [other, resource] of this.resources) if (doomed.has(other) && resource.dependencies.includes(address)) visit(other);
      order.push(address);
    };
    for (const address of [...doomed].sort()) visit(address);
    return order;
  }

  private plan(resources: ReadonlyMap<Address, Attributes>, order: readonly Address[], replace: ReadonlySet<Address>): PlannedChange[] {
    const planned = new Map<Address, PlannedChange>();
    /** Values of references as the plan sees them: unknown for computed attributes of what is (re)created. */
    const lookup = (reference: string): string | undefined => {
      const [type, name, attribute] = reference.split('.');
      const address = `${type}.${name}`;
      const configured = resources.get(address);
      if (configured === undefined) return undefined;
      const action = planned.get(address)?.action;
      if (attribute in configured) return String(evaluateTree(configured[attribute], (t) => this.evaluateTemplate(t, lookup)));
      if (action === 'create' || action === 'replace') return UNKNOWN;
      return this.valueOf(reference);
    };
    for (const address of order) {
      const [type] = splitAddress(address);
      const attributes = resources.get(address)!;
      const configured = this.configuredOf(attributes, (template) => this.evaluateTemplate(template, lookup));
      const current = this.resources.get(address);
      const provider = this.providerOf(type);
      if (current === undefined) {
        planned.set(address, { address, action: 'create', because: ['(new)'] });
        continue;
      }
      if (replace.has(address) || current.tainted) {
        planned.set(address, { address, action: 'replace', because: [current.tainted ? '(tainted)' : '(replace requested)'] });
        continue;
      }
      if (provider.mustReplace?.(type, current)) {
        planned.set(address, { address, action: 'replace', because: ['(renewal)'] });
        continue;
      }
      const names = new Set([...Object.keys(configured), ...Object.keys(current.configured)]);
      const drifted = containsUnknown(configured) ? [] : (provider.drift?.(type, current, configured) ?? []);
      const changed = [...names]
        .filter((name) => containsUnknown(configured[name]) || !isDeepStrictEqual(configured[name], current.configured[name]) || drifted.includes(name))
        .sort();
      if (changed.length === 0) continue;
      const forcing = changed.filter((name) => provider.forcesNew(type, name));
      planned.set(address, forcing.length > 0 ? { address, action: 'replace', because: forcing } : { address, action: 'update', because: changed });
    }
    for (const address of this.resources.keys()) {
      if (!resources.has(address)) planned.set(address, { address, action: 'delete', because: ['(removed)'] });
    }
    return [...order.filter((address) => planned.has(address)), ...[...planned.keys()].filter((address) => !resources.has(address))].map(
      (address) => planned.get(address)!,
    );
  }

  /** A resource's provider attributes, every template evaluated (meta-arguments left out). */
  private configuredOf(attributes: Attributes, evaluate: (template: string) => string): Attributes {
    return Object.fromEntries(
      Object.entries(attributes)
        .filter(([name]) => !META.has(name))
        .map(([name, value]) => [name, evaluateTree(value, evaluate)]),
    );
  }

  private evaluateKnown(attributes: Attributes): Attributes {
    const configured = this.configuredOf(attributes, (template) => this.evaluateTemplate(template, (reference) => this.valueOf(reference)));
    if (containsUnknown(configured)) throw new Error('internal: a value is still unknown at apply');
    return configured;
  }

  /** `lifecycle.postcondition`: the construct's own conditions on `self` (a config writer's exit code). */
  private checkPostconditions(address: Address, attributes: Attributes, computed: Attributes): void {
    const conditions = ((attributes.lifecycle as { postcondition?: { condition: string; error_message: string }[] } | undefined)?.postcondition ?? []);
    for (const { condition, error_message: message } of conditions) {
      const match = /^\$\{self\.(\w+) == (\d+)\}$/.exec(condition);
      if (!match) throw new Error(`${address}: the harness evaluates postconditions of the form \${self.attr == N}, not ${condition}`);
      if (Number(computed[match[1]]) !== Number(match[2])) throw new Error(`${address}: Resource postcondition failed: ${message}`);
    }
  }
}

function splitAddress(address: Address): [string, string] {
  const dot = address.indexOf('.');
  return [address.slice(0, dot), address.slice(dot + 1)];
}
