import type { Tokens } from '../tokens';

/** Thrown at construction for a bad prop; `prop` names it, the message shows the value and the rule. */
export class PropValidationError extends Error {
  /** The value as the message shows it. */
  readonly shown: string;

  constructor(
    readonly prop: string,
    value: unknown,
    readonly rule: string,
  ) {
    const shown = show(value);
    super(`${prop} ${rule} (got ${shown})`);
    this.name = 'PropValidationError';
    this.shown = shown;
  }

  /** The same error naming the props another way (as the user spelled them), the value shown as before. */
  respelled(prop: string, rule: string): PropValidationError {
    const error = new PropValidationError(prop, undefined, rule);
    Object.assign(error, { shown: this.shown, message: `${prop} ${rule} (got ${this.shown})` });
    error.stack = `${error.name}: ${error.message}\n${(this.stack ?? '').split('\n').slice(1).join('\n')}`;
    return error;
  }
}

/** Stands for a secret in messages: errors reach CI logs. */
export const REDACTED = '<redacted>';

export function show(value: unknown): string {
  const text = (() => {
    if (typeof value === 'string') return JSON.stringify(value);
    if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
      return JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 77)}...` : v));
    }
    return String(value);
  })();
  // JSON leaves DEL, C1 controls and the line and paragraph separators raw: escape them, to be seen.
  return text.replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function fail(prop: string, value: unknown, rule: string): never {
  throw new PropValidationError(prop, value, rule);
}

/** A value as a message shows it: a token as the expression it stands for (a number token reads as `-8.1e+298` otherwise). */
export function shownValue(value: unknown, tokens: Tokens): unknown {
  return tokens.isUnresolved(value) ? tokens.expression(value) : value;
}

/** For values rendered into nginx.conf or prometheus.yml at synth time: a token cannot be rendered. */
export function checkRendered(prop: string, value: unknown, tokens: Tokens): void {
  if (tokens.isUnresolved(value)) fail(prop, shownValue(value, tokens), 'is rendered into a config file at synth time and cannot be an unresolved token');
}

/** Refuses a token anywhere in a structure that is rendered at synth time, naming the path to it. */
export function checkRenderedThroughout(prop: string, value: unknown, tokens: Tokens): void {
  checkRendered(prop, value, tokens);
  if (Array.isArray(value)) value.forEach((item, i) => checkRenderedThroughout(`${prop}[${i}]`, item, tokens));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) checkRenderedThroughout(`${prop}.${key}`, item, tokens);
  }
}
