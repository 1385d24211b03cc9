import { isIP } from 'node:net';
import { CertificateMode, EcdsaCurve, FlatOptions, KeyAlgorithm } from '../options';
import { REDACTED, checkRendered, fail } from './errors';
import { ValidationInput, isGiven, isLiteral } from './input';
import { checkEnum, checkHostName, checkInteger, checkKeyPair } from './rules';

/**
 * Longest certificate validity: macOS and iOS reject TLS server certificates valid for more than
 * 825 days, even from a private CA.
 */
export const MAX_VALIDITY_HOURS = 825 * 24;

/** A CA's longest validity: a century. */
const MAX_CA_VALIDITY_HOURS = 100 * 8760;

/** Options that only mean something for a certificate the construct generates. */
const GENERATED_CERTIFICATE_OPTIONS = [
  'keyAlgorithm',
  'rsaBits',
  'ecdsaCurve',
  'validityPeriodHours',
  'earlyRenewalHours',
  'caValidityPeriodHours',
  'subjectAlternativeNames',
  'ipAddresses',
] as const satisfies readonly (keyof FlatOptions)[];

/** Where the certificate comes from, its key, its validity and its names. */
export function checkCertificates(input: ValidationInput): void {
  checkMode(input);
  checkKey(input);
  checkValidity(input);
  checkNames(input);
}

function checkMode(input: ValidationInput): void {
  const { options, given, tokens } = input;
  // The enum-like props decide what is rendered: none may be a token.
  for (const prop of ['certificateMode', 'keyAlgorithm', 'ecdsaCurve'] as const) checkRendered(prop, given[prop], tokens);
  checkEnum('certificateMode', options.certificateMode, CertificateMode, 'CertificateMode');
  if (options.certificateMode === CertificateMode.PROVIDED) {
    if (!isGiven(input, 'certificatePem')) fail('certificatePem', undefined, 'is required when certificateMode is "provided"');
    if (!isGiven(input, 'privateKeyPem')) fail('privateKeyPem', undefined, 'is required when certificateMode is "provided"');
    for (const key of GENERATED_CERTIFICATE_OPTIONS) {
      if (isGiven(input, key)) fail(key, given[key], 'only applies to generated certificates, not to certificateMode "provided"');
    }
    const certificate = checkKeyPair('certificatePem', options.certificatePem, 'privateKeyPem', options.privateKeyPem, tokens);
    if (certificate !== undefined && certificate.checkHost(options.domainName) === undefined) {
      fail('certificatePem', certificate.subjectAltName ?? certificate.subject, `must be valid for domainName "${options.domainName}"`);
    }
  } else {
    if (isGiven(input, 'certificatePem')) fail('certificatePem', given.certificatePem, 'only applies to certificateMode "provided"');
    if (isGiven(input, 'privateKeyPem')) fail('privateKeyPem', REDACTED, 'only applies to certificateMode "provided"');
  }
  if (options.certificateMode !== CertificateMode.PRIVATE_CA && isGiven(input, 'caValidityPeriodHours')) {
    fail('caValidityPeriodHours', given.caValidityPeriodHours, 'only applies to certificateMode "private-ca"');
  }
}

function checkKey(input: ValidationInput): void {
  const { options, given } = input;
  checkEnum('keyAlgorithm', options.keyAlgorithm, KeyAlgorithm, 'KeyAlgorithm');
  if (given.rsaBits !== undefined) {
    if (options.keyAlgorithm !== KeyAlgorithm.RSA) fail('rsaBits', given.rsaBits, 'only applies to keyAlgorithm "RSA"');
    if (isLiteral(input, given.rsaBits) && ![2048, 3072, 4096].includes(given.rsaBits)) fail('rsaBits', given.rsaBits, 'must be 2048, 3072 or 4096');
  }
  if (given.ecdsaCurve !== undefined) {
    if (options.keyAlgorithm !== KeyAlgorithm.ECDSA) fail('ecdsaCurve', given.ecdsaCurve, 'only applies to keyAlgorithm "ECDSA"');
    checkEnum('ecdsaCurve', given.ecdsaCurve, EcdsaCurve, 'EcdsaCurve; curl and browsers refuse P224');
  }
}

/** Each bound is checked where both sides are literal: a token is Terraform's to check. */
function checkValidity(input: ValidationInput): void {
  const { options, given } = input;
  const validity = options.validityPeriodHours;
  if (!isLiteral(input, validity)) return;
  checkInteger('validityPeriodHours', validity, 1, MAX_VALIDITY_HOURS, ' (825 days: Apple platforms reject longer TLS certificates)');
  if (isLiteral(input, given.earlyRenewalHours)) {
    checkInteger('earlyRenewalHours', given.earlyRenewalHours!, 0, validity - 1, ' (less than validityPeriodHours)');
  }
  if (isLiteral(input, given.caValidityPeriodHours)) {
    checkInteger('caValidityPeriodHours', given.caValidityPeriodHours!, validity, MAX_CA_VALIDITY_HOURS, ' (a CA must outlive the certificates it signs)');
  }
}

/** The SAN's names and addresses, rendered into nginx.conf as server names. */
function checkNames({ options, tokens }: ValidationInput): void {
  if (tokens.isUnresolved(options.subjectAlternativeNames)) {
    fail('subjectAlternativeNames', tokens.expression(options.subjectAlternativeNames), 'must be a list of names, not a list token: they are rendered into nginx.conf');
  }
  options.subjectAlternativeNames.forEach((name, i) => {
    checkRendered(`subjectAlternativeNames[${i}]`, name, tokens);
    checkHostName(`subjectAlternativeNames[${i}]`, name, true);
  });
  if (tokens.isUnresolved(options.ipAddresses)) {
    fail('ipAddresses', tokens.expression(options.ipAddresses), 'must be a list of addresses, not a list token: they are rendered into nginx.conf');
  }
  options.ipAddresses.forEach((ip, i) => {
    checkRendered(`ipAddresses[${i}]`, ip, tokens);
    // Node's isIP takes an IPv6 zone (`fe80::1%eth0`), which no certificate or Host header carries.
    if (isIP(ip) === 0 || ip.includes('%')) fail(`ipAddresses[${i}]`, ip, 'must be an IPv4 or IPv6 address, without a zone');
  });
}
