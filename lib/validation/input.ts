import type { GivenFlatOptions } from '../given-options';
import type { ResolvedOptions } from '../resolve-options';
import type { Tokens } from '../tokens';

/** What every validation topic reads. */
export interface ValidationInput {
  /** The options with every default applied: the values that will be rendered and declared. */
  readonly options: ResolvedOptions;
  /** The options as given: rules that refuse a prop where it does not apply ask whether it was given. */
  readonly given: GivenFlatOptions;
  readonly tokens: Tokens;
}

/** Whether the user gave `key` at all. */
export function isGiven(input: ValidationInput, key: keyof GivenFlatOptions): boolean {
  return input.given[key] !== undefined;
}

/** A value that only reaches Terraform is checked here when literal; Terraform checks a token. */
export function isLiteral(input: ValidationInput, value: unknown): boolean {
  return value !== undefined && !input.tokens.isUnresolved(value);
}
