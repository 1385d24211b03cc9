import { DefaultTokenResolver, Fn, StringConcat, TerraformResource, TerraformStack, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { escapeTerraformTemplate } from './render/terraform-escape';
import type { Tokens } from './tokens';

/** Whether a value is an unresolved Terraform token: the construct side's one answer, which validation receives injected. */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** cdktf's answers to what resolution and validation ask about Terraform values, for tokens used in `scope`'s stack. */
export function cdktfTokens(scope: IConstruct): Tokens {
  const expression = (value: unknown): string => {
    const resolved = Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false });
    return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
  };
  return {
    isUnresolved,
    expression,
    networkKey: (name) => {
      if (!isUnresolved(name)) return name;
      const key = expression(name);
      return declaredNetworkName(scope, key, expression) ?? key;
    },
  };
}

/** The literal name of the docker_network of `scope`'s stack whose `name` attribute is `reference`, if there is one. */
function declaredNetworkName(scope: IConstruct, reference: string, expression: (value: unknown) => string): string | undefined {
  for (const construct of TerraformStack.of(scope).node.findAll()) {
    if (!(construct instanceof TerraformResource) || construct.terraformResourceType !== 'docker_network') continue;
    const network = construct as unknown as { name: string; nameInput?: string };
    if (expression(network.name) === reference && network.nameInput !== undefined && !isUnresolved(network.nameInput)) return network.nameInput;
  }
  return undefined;
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
