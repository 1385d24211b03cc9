/**
 * Edits of a rendered nginx.conf, for tuning candidates. Each throws when the config does not hold
 * what it edits, so that a candidate never measures the unchanged config by mistake.
 */

/** Sets every `name VALUE;` directive (at any depth) to `value`. */
export function setDirective(config: string, name: string, value: string): string {
  return edit(config, directive(name, ''), (indent) => `${indent}${name} ${value};`);
}

/** Removes every `name ...;` directive, with its line. */
export function removeDirective(config: string, name: string): string {
  return edit(config, directive(name, '\\n'), () => '');
}

/** Adds directives at the top of the `http` block. */
export function addToHttp(config: string, lines: readonly string[]): string {
  return edit(config, /^()http \{\n/gm, () => `http {\n${lines.map((line) => `    ${line}\n`).join('')}`);
}

/** A whole directive line, its indentation captured. */
function directive(name: string, end: string): RegExp {
  return new RegExp(`^([ \\t]*)${name} [^;\\n]*;${end}`, 'gm');
}

function edit(config: string, pattern: RegExp, replace: (indent: string) => string): string {
  const edited = config.replace(pattern, (_line: string, indent: string) => replace(indent));
  if (edited === config) throw new Error(`the config holds nothing that matches ${pattern}`);
  return edited;
}
