import type { GivenFlatOptions } from '../../lib/given-options';
import { resolveOptions } from '../../lib/resolve-options';
import type { Tokens } from '../../lib/tokens';
import { PropValidationError, ValidationInput, validateOptions } from '../../lib/validation';

/** Stands in for a cdktf string token: validation must work without cdktf. */
export const TOKEN = '${var.token}';
/** How cdktf encodes a number token: a huge negative double. */
export const NUMBER_TOKEN = -1e289;
/** What the number token stands for, as messages must show it. */
export const NUMBER_TOKEN_EXPRESSION = '${var.number}';

/** Stand-ins for cdktf's answers (terraform-values.ts): the construct tests check the real ones. */
export const TOKENS: Tokens = {
  isUnresolved: (value) => value === TOKEN || value === NUMBER_TOKEN,
  expression: (value) => (value === NUMBER_TOKEN ? NUMBER_TOKEN_EXPRESSION : String(value)),
  networkKey: (name) => name,
};

/** The validation input for `extra` over the one required prop, resolved as the construct resolves it. */
export function inputOf(extra: Partial<GivenFlatOptions>): ValidationInput {
  const given = { domainName: 'example.com', ...extra } as GivenFlatOptions;
  return { options: resolveOptions(given, 'stack/proxy', TOKENS), given, tokens: TOKENS };
}

/** Every topic's validation on `extra` over the one required prop. */
export function check(extra: Partial<GivenFlatOptions>): void {
  validateOptions(inputOf(extra));
}

/** One topic's validation on `extra` over the one required prop. */
export function checkOf(topic: (input: ValidationInput) => void): (extra: Partial<GivenFlatOptions>) => void {
  return (extra) => topic(inputOf(extra));
}

/** The error `action` throws; fails the test when it throws none. */
export function refusalOf(action: () => void): PropValidationError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PropValidationError);
    return error as PropValidationError;
  }
  throw new Error('expected a PropValidationError, but the input was accepted');
}

/** The message starts with the prop, then says what is allowed and shows what was given. */
export function expectNamesProp(error: PropValidationError, prop: string, detail: RegExp = /./): void {
  expect(error.prop).toBe(prop);
  expect(error.message.startsWith(`${prop} `)).toBe(true);
  expect(error.message).toMatch(/\(got .*\)$/s);
  expect(error.message).toMatch(detail);
}

/** One refusal: what is wrong, the input, the prop the message must start with, and what else it must say. */
export type Refusal<T> = [description: string, input: T, prop: string, detail?: RegExp];

/** A table of refusals of `run`, each named after what it refuses. */
export function testRefusals<T>(rows: Refusal<T>[], run: (input: T) => void): void {
  const cases = rows.map(([description, input, prop, detail]) => ({ description, input, prop, detail: detail ?? /./ }));
  test.each(cases)('$description', ({ input, prop, detail }) => {
    // WHEN
    const error = refusalOf(() => run(input));
    // THEN
    expectNamesProp(error, prop, detail);
  });
}

/** A table of inputs `run` accepts, each named after what it shows is allowed. */
export function testAcceptances<T>(rows: [description: string, input: T][], run: (input: T) => void): void {
  test.each(rows.map(([description, input]) => ({ description, input })))('$description', ({ input }) => {
    // WHEN / THEN
    expect(() => run(input)).not.toThrow();
  });
}
