import { CertificateMode, EcdsaCurve, KeyAlgorithm, FlatOptions } from '../../lib/options';
import { checkCertificates } from '../../lib/validation/certificates';
import { SERVER_CERTIFICATE, SERVER_KEY } from './fixtures';
import { NUMBER_TOKEN, Refusal, TOKEN, checkOf, testAcceptances, testRefusals } from './support';

type Options = Partial<FlatOptions>;

const check = checkOf(checkCertificates);
const PRIVATE_CA: Options = { certificateMode: CertificateMode.PRIVATE_CA };
const PROVIDED: Options = { certificateMode: CertificateMode.PROVIDED, certificatePem: SERVER_CERTIFICATE, privateKeyPem: SERVER_KEY };
/** Options that only mean something for a certificate the construct generates. */
const GENERATED_CERTIFICATE_OPTIONS: Options = {
  keyAlgorithm: KeyAlgorithm.ECDSA,
  rsaBits: 2048,
  ecdsaCurve: EcdsaCurve.P256,
  validityPeriodHours: 1000,
  earlyRenewalHours: 10,
  caValidityPeriodHours: 90000,
  subjectAlternativeNames: ['prom.example.com'],
  ipAddresses: ['10.0.0.1'],
};

describe('checkCertificates accepts', () => {
  testAcceptances<Options>(
    [
      ['the defaults', {}],
      ['ECDSA P384', { keyAlgorithm: KeyAlgorithm.ECDSA, ecdsaCurve: EcdsaCurve.P384 }],
      ['RSA of 3072 bits', { keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 3072 }],
      ['private CA validity', { ...PRIVATE_CA, caValidityPeriodHours: 20000 }],
      ['a CA exactly as long-lived as its certificates', { ...PRIVATE_CA, validityPeriodHours: 1000, caValidityPeriodHours: 1000 }],
      ['the longest validity Apple platforms take', { validityPeriodHours: 825 * 24 }],
      ['renewal from issue to one hour before expiry', { validityPeriodHours: 100, earlyRenewalHours: 99 }],
      ['no early renewal', { earlyRenewalHours: 0 }],
      ['wildcard and IP SANs', { subjectAlternativeNames: ['*.example.com', 'prom.internal'], ipAddresses: ['10.0.0.1', '::1'] }],
      ['a provided certificate and key', PROVIDED],
      ['a provided certificate and key as tokens', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN }],
      ['validityPeriodHours as a token, with an early renewal it cannot be compared with', { validityPeriodHours: NUMBER_TOKEN, earlyRenewalHours: 100_000 }],
      ['earlyRenewalHours as a token', { earlyRenewalHours: NUMBER_TOKEN }],
      ['caValidityPeriodHours as a token', { ...PRIVATE_CA, caValidityPeriodHours: NUMBER_TOKEN }],
      ['HSTS either way', { hsts: true }],
    ],
    check,
  );
});

describe('checkCertificates refuses, naming the prop and showing the value', () => {
  const refusals: Refusal<Options>[] = [
    ['an unknown certificate mode', { certificateMode: 'acme' as never }, 'certificateMode', /"self-signed", "private-ca", "provided" \(CertificateMode\)/],
    ['a certificate mode as a token', { certificateMode: TOKEN as never }, 'certificateMode', /cannot be an unresolved token/],
    ['a provided certificate missing', { certificateMode: CertificateMode.PROVIDED }, 'certificatePem', /required/],
    ['a provided key missing', { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN }, 'privateKeyPem', /required/],
    ['a certificate outside provided mode', { certificatePem: TOKEN }, 'certificatePem', /only applies/],
    ['a key outside provided mode', { ...PRIVATE_CA, privateKeyPem: TOKEN }, 'privateKeyPem', /only applies to certificateMode "provided"/],
    ...Object.entries(GENERATED_CERTIFICATE_OPTIONS).map(
      ([key, value]): Refusal<Options> => [
        `${key} with a provided certificate`,
        { certificateMode: CertificateMode.PROVIDED, certificatePem: TOKEN, privateKeyPem: TOKEN, [key]: value },
        key,
        /only applies to generated certificates/,
      ],
    ),
    ['a CA validity without a private CA', { caValidityPeriodHours: 90000 }, 'caValidityPeriodHours', /private-ca/],

    ['an unknown key algorithm', { keyAlgorithm: 'DSA' as never }, 'keyAlgorithm', /"ECDSA", "RSA" \(KeyAlgorithm\)/],
    ['RSA of 1024 bits', { keyAlgorithm: KeyAlgorithm.RSA, rsaBits: 1024 }, 'rsaBits', /2048, 3072 or 4096/],
    ['RSA bits with the default ECDSA key', { rsaBits: 2048 }, 'rsaBits', /only applies to keyAlgorithm "RSA"/],
    ['RSA bits with an ECDSA key', { keyAlgorithm: KeyAlgorithm.ECDSA, rsaBits: 2048 }, 'rsaBits', /only applies/],
    ['the P224 curve', { keyAlgorithm: KeyAlgorithm.ECDSA, ecdsaCurve: 'P224' as never }, 'ecdsaCurve', /P224/],
    ['a curve with an RSA key', { keyAlgorithm: KeyAlgorithm.RSA, ecdsaCurve: EcdsaCurve.P256 }, 'ecdsaCurve', /only applies to keyAlgorithm "ECDSA"/],
    ['a validity of 0 hours', { validityPeriodHours: 0 }, 'validityPeriodHours'],
    ['a fractional validity', { validityPeriodHours: 1.5 }, 'validityPeriodHours'],
    ['a validity Apple platforms reject', { validityPeriodHours: 825 * 24 + 1 }, 'validityPeriodHours', /825 days/],
    ['renewal as early as the validity', { validityPeriodHours: 100, earlyRenewalHours: 100 }, 'earlyRenewalHours', /less than validityPeriodHours/],
    ['renewal as early as the default validity', { earlyRenewalHours: 8760 }, 'earlyRenewalHours', /0 to 8759/],
    ['a negative renewal', { earlyRenewalHours: -1 }, 'earlyRenewalHours'],
    ['a CA shorter-lived than its certificates', { ...PRIVATE_CA, validityPeriodHours: 1000, caValidityPeriodHours: 999 }, 'caValidityPeriodHours', /outlive/],
    ['a CA valid for more than a century', { ...PRIVATE_CA, caValidityPeriodHours: 876001 }, 'caValidityPeriodHours', /876000/],
    ['SANs as a list token', { subjectAlternativeNames: TOKEN as never }, 'subjectAlternativeNames', /list token/],
    ['a SAN as a token: it is rendered into nginx.conf', { subjectAlternativeNames: ['prom.example.com', TOKEN] }, 'subjectAlternativeNames[1]', /cannot be an unresolved token/],
    ['IP SANs as a list token', { ipAddresses: TOKEN as never }, 'ipAddresses', /list token/],
    ['an IP SAN as a token', { ipAddresses: [TOKEN] }, 'ipAddresses[0]', /cannot be an unresolved token/],
    ['an IP SAN out of range', { ipAddresses: ['10.0.0.256'] }, 'ipAddresses[0]', /IPv4 or IPv6/],
    ['an IPv6 address with a zone', { ipAddresses: ['fe80::1%eth0'] }, 'ipAddresses[0]', /without a zone/],
    ['a DNS name as an IP SAN', { ipAddresses: ['::1', 'example.com'] }, 'ipAddresses[1]'],
  ];
  testRefusals(refusals, check);
});
