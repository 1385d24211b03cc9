import { Fn, Token } from 'cdktf';
import { escapeTerraformTemplate } from './render/terraform-escape';

/** Literal text reaches Terraform escaped (`$${`, `%%{`), so it arrives verbatim; a token stays a token. */
export function terraformText(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTerraformTemplate(text);
}

/**
 * A secret as Terraform should carry it: verbatim, and hidden from plans and outputs (`sensitive()`).
 * cdktf escapes `${` in the literal parts of a function's arguments itself, but not `%{`, which
 * would start a template directive: only that is escaped here (a token's text holds neither).
 */
export function terraformSecret(text: string): string {
  return Fn.sensitive(text.replace(/%\{/g, () => '%%{'));
}
