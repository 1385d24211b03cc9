/**
 * Upload contents reach Terraform as string templates, where `${` and `%{` start an interpolation or
 * a directive. Rendered text is escaped (`$${`, `%%{`) so that it arrives in the file verbatim.
 * Apply only to text without cdktf tokens: escaping a token would break it.
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
