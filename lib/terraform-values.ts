import { Fn, Token } from 'cdktf';
import { escapeTerraformTemplate } from './render/terraform-escape';

/** Literal text reaches Terraform escaped (`$${`, `%%{`), so it arrives verbatim; a token stays a token. */
export function terraformText(text: string): string {
  return Token.isUnresolved(text) ? text : escapeTerraformTemplate(text);
}

/** A secret as Terraform should carry it: verbatim, and hidden from plans and outputs (`sensitive()`). */
export function terraformSecret(text: string): string {
  return Fn.sensitive(terraformText(text));
}
