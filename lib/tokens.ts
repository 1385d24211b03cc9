/**
 * What resolution and validation may ask about Terraform values. They import nothing from cdktf: the
 * construct answers with cdktf (terraform-values.ts), the tests with stand-ins.
 */
export interface Tokens {
  /** Whether a value is an unresolved Terraform token (cdktf's `Token.isUnresolved`). */
  isUnresolved(value: unknown): boolean;
  /** A token as the Terraform expression it stands for, e.g. `${var.port}`: how messages show it. */
  expression(value: unknown): string;
  /**
   * What a Docker network name compares as: a literal name as itself, a token naming a network of the
   * stack declared with a literal name as that name, any other token as its expression.
   */
  networkKey(name: string): string;
}
