import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';

/** `resource.<type>.<logical id>` of a synthesized cdk.tf.json, attributes as Terraform reads them. */
export type TerraformResources = Record<string, Record<string, Record<string, unknown>>>;

export interface SynthesizedStack {
  readonly name: string;
  /** The cdk.tf.json text, exactly as `cdktf synth` writes it. */
  readonly json: string;
  readonly resources: TerraformResources;
}

/**
 * Synthesizes a stack through a real cdktf App into a temporary outdir and reads back the
 * `cdk.tf.json` it wrote: the same path `cdktf synth` takes, validations included.
 */
export function synthesize(name: string, define: (app: App) => TerraformStack): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'ptp-synth-'));
  try {
    const app = new App({ outdir });
    const stack = define(app);
    app.synth();
    const json = readFileSync(join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8');
    return { name, json, resources: JSON.parse(json).resource ?? {} };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Values of Terraform references (`type.name.attribute`), as evaluateTemplate looks them up. */
export type References = Pick<ReadonlyMap<string, string>, 'has' | 'get'>;

/**
 * Evaluates a Terraform JSON string template the way Terraform does before a value reaches a
 * provider: `${ref}` becomes the value `references` holds for it, `${sensitive(x)}` the value of `x`
 * (a reference or a string literal: sensitivity only hides a value from plans), and `$${` and `%%{`
 * are the escapes of `${` and `%{`. Anything else Terraform would evaluate (an unknown reference, an
 * expression, a `%{...}` directive) is an error: the harness never guesses a value.
 */
export function evaluateTemplate(template: string, references: References): string {
  const value = (expression: string, match: string): string => {
    if (references.has(expression)) return references.get(expression)!;
    const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(expression);
    if (literal) return evaluateTemplate(unquote(literal[1]), references);
    throw new Error(`Terraform would evaluate ${JSON.stringify(match)}, which the live harness cannot resolve`);
  };
  return template.replace(/\$\$\{|%%\{|\$\{sensitive\(("(?:[^"\\]|\\.)*"|[\w.-]+)\)\}|\$\{([^}]*)\}|%\{/g, (match, sensitive?: string, reference?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (sensitive !== undefined) return value(sensitive, match);
    if (reference !== undefined) return value(reference, match);
    throw new Error(`Terraform would evaluate ${JSON.stringify(match)}, which the live harness cannot resolve`);
  });
}

/** The content of an HCL quoted string (itself a template, evaluated by the caller). */
function unquote(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
    if (escape.startsWith('u') && escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    if (escape in simple) return simple[escape];
    throw new Error(`HCL escape \\${escape} is not modelled`);
  });
}

/** `${type.name.attribute}` → `type.name.attribute`; undefined when the value is not exactly one reference. */
export function referenceOf(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\$\{([\w-]+\.[\w-]+\.[\w-]+)\}$/.exec(value)?.[1] : undefined;
}

/**
 * Every string of the stack's resources evaluated as a template, references left as they were:
 * throws where Terraform would evaluate anything but a reference to a resource of the stack, i.e.
 * where a value reaching the output could inject an expression or a directive.
 */
export function evaluateResources(resources: TerraformResources): TerraformResources {
  const declared = declaredReferences(resources);
  const evaluate = (value: unknown): unknown => {
    if (typeof value === 'string') return evaluateTemplate(value, declared);
    if (Array.isArray(value)) return value.map(evaluate);
    // Lifecycle conditions are Terraform expressions by design (the construct's own, fixed text), not values.
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'lifecycle' ? v : evaluate(v)]));
    return value;
  };
  return evaluate(resources) as TerraformResources;
}

/** References to the stack's own resources, each evaluating to itself (`${type.name.attribute}`): left for later. */
export function declaredReferences(resources: TerraformResources): References {
  return {
    has: (reference) => {
      const [type, id] = reference.split('.');
      return resources[type]?.[id] !== undefined;
    },
    get: (reference) => `\${${reference}}`,
  };
}
