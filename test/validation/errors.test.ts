import { CertificateMode } from '../../lib/options';
import { PropValidationError, REDACTED } from '../../lib/validation';
import { check, refusalOf } from './support';

/** What every refusal looks like (lib/validation/errors.ts). */

describe('PropValidationError', () => {
  test('names the prop, says the rule, then shows the value', () => {
    // WHEN
    const error = refusalOf(() => check({ httpsPort: 0 }));
    // THEN
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PropValidationError');
    expect(error.prop).toBe('httpsPort');
    expect(error.message).toBe('httpsPort must be an integer from 1 to 65535 (got 0)');
  });

  test('shows a missing value as undefined', () => {
    // WHEN
    const error = refusalOf(() => check({ certificateMode: CertificateMode.PROVIDED }));
    // THEN
    expect(error.message).toBe('certificatePem is required when certificateMode is "provided" (got undefined)');
  });

  test('can be built directly, for the construct\'s own checks', () => {
    // WHEN
    const error = new PropValidationError('namePrefix', 'a', 'must be longer');
    // THEN
    expect(error.message).toBe('namePrefix must be longer (got "a")');
  });

  test('stands for a secret with "<redacted>"', () => {
    expect(REDACTED).toBe('<redacted>');
  });
});

describe('values in messages', () => {
  test.each<[string, Parameters<typeof check>[0], string]>([
    ['a string is quoted, a newline escaped', { domainName: 'example.com\n' }, '(got "example.com\\n")'],
    ['a C1 control character is escaped', { domainName: 'exa\u0085mple.com' }, '(got "exa\\u0085mple.com")'],
    ['DEL is escaped', { domainName: 'exa\u007fmple.com' }, '(got "exa\\u007fmple.com")'],
    ['a line separator is escaped', { externalLabels: { team: 'a\u2029b' } }, '(got "a\\u2029b")'],
    ['a structure is JSON, its long strings cut at 80 characters', { externalLabels: ['x'.repeat(100)] as never }, `(got ["${'x'.repeat(77)}..."])`],
  ])('%s', (_, options, shown) => {
    // WHEN
    const error = refusalOf(() => check(options));
    // THEN
    expect(error.message.endsWith(shown)).toBe(true);
  });
});
