import type { PrometheusTlsProxyOptions } from '../../lib/options';
import { PropValidationError, validateOptions } from '../../lib/validation';

/** Stands in for cdktf's Token.isUnresolved: validation must work without cdktf. */
export const TOKEN = '${var.token}';
/** How cdktf encodes a number token. */
export const NUMBER_TOKEN = -1e289;
export const isUnresolved = (value: unknown): boolean => value === TOKEN || value === NUMBER_TOKEN;

/** validateOptions on `extra` over the one required prop. */
export function check(extra: Partial<PrometheusTlsProxyOptions>): void {
  validateOptions({ domainName: 'example.com', ...extra } as PrometheusTlsProxyOptions, isUnresolved);
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
