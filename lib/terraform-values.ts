import { Fn, Token } from 'cdktf';
import { escapeTerraformTemplate } from './render/terraform-escape';

/** Whether a value is an unresolved Terraform token: the construct side's one answer, which validation receives injected. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Literal text reaches Terraform escaped (`$${`, `%%{`), so it arrives verbatim; a token stays a token. */
export function terraformText(text: string): string {
  return isUnresolved(text) ? text : escapeTerraformTemplate(text);
}

/**
 * A secret as Terraform should carry it: verbatim, and hidden from plans and outputs (`sensitive()`).
 * A literal argument of a cdktf function lands in an HCL quoted string inside `${...}`, where cdktf
 * escapes `${` and newlines but leaves `\`, `"` and `%{` (a template directive) as they are:
 * those are escaped here. A token's text holds none of them.
 */
export function terraformSecret(text: string): string {
  return Fn.sensitive(text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%\{/g, () => '%%{'));
}
