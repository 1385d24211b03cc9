import { Network } from '@cdktf/provider-docker/lib/network';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { cdktfTokens, terraformSecret, terraformText } from '../lib/terraform-values';

describe('cdktfTokens', () => {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const tokens = cdktfTokens(stack);
  const port = new TerraformVariable(stack, 'port', { type: 'number' });
  const name = new TerraformVariable(stack, 'name', { type: 'string' });
  const monitoring = new Network(stack, 'monitoring', { name: 'monitoring' });
  const named = new Network(stack, 'named', { name: name.stringValue });

  test('tells tokens from literals, numbers included', () => {
    expect([port.numberValue, name.stringValue, `${monitoring.name}:9100`].map(tokens.isUnresolved)).toEqual([true, true, true]);
    expect([443, 'monitoring'].map(tokens.isUnresolved)).toEqual([false, false]);
  });

  test('shows a token as the Terraform expression it stands for, a number token too', () => {
    expect(tokens.expression(port.numberValue)).toBe('${var.port}');
    expect(tokens.expression(`${monitoring.name}:9100`)).toBe('${docker_network.monitoring.name}:9100');
  });

  test('compares a network token as the literal name its network was declared with, other tokens as their expression', () => {
    expect(tokens.networkKey(monitoring.name)).toBe('monitoring');
    expect(tokens.networkKey('monitoring')).toBe('monitoring');
    expect(tokens.networkKey(named.name)).toBe('${docker_network.named.name}');
    expect(tokens.networkKey(name.stringValue)).toBe('${var.name}');
  });
});

describe('terraformText and terraformSecret', () => {
  test('escape literal text for Terraform templates, and leave a token a token', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const token = new TerraformVariable(stack, 'pem', { type: 'string' }).stringValue;
    expect(terraformText('a ${b} %{c}')).toBe('a $${b} %%{c}');
    expect(terraformText(token)).toBe(token);
  });

  test('wrap a secret in sensitive(), escaping what cdktf leaves raw in its argument', () => {
    const secret = terraformSecret('p"\\%{x}');
    expect(JSON.parse(Testing.synthScope((scope) => new TerraformVariable(scope, 'v', { default: secret }))).variable.v.default).toBe('${sensitive("p\\"\\\\%%{x}")}');
  });
});
