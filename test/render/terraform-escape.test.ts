import { escapeTerraformTemplate } from '../../lib/render/terraform-escape';

describe('escapeTerraformTemplate', () => {
  test.each([
    ['a ${b} c', 'a $${b} c'],
    ['%{ if x }', '%%{ if x }'],
    ['$host $is_args$args', '$host $is_args$args'],
    ['${a}${b}%{c}', '$${a}$${b}%%{c}'],
    ['100% {', '100% {'],
  ])('%j → %j', (text, escaped) => {
    expect(escapeTerraformTemplate(text)).toBe(escaped);
  });
});
