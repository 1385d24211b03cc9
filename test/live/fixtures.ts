/** Constants the live tests share. */

/**
 * The seed of a property test's samples: FC_SEED to replay a run (every failure shows it); under
 * CI=true a fixed one, so that CI judges a change and not the luck of a draw (it is the seed that once
 * found a host escape in remoteWrite URLs); else a new one each run, so that local runs keep exploring.
 */
const CI_SEED = 877953265;
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? (process.env.CI === 'true' ? CI_SEED : Date.now() % 2 ** 31));

/**
 * A basic auth user whose bcrypt hash (cost 5, the lowest the construct accepts) was made once with
 * `perl -e 'print crypt("live-test-password", q($2y$05$bGl2ZS10ZXN0LXNhbHQuLu))'` (glibc's libxcrypt,
 * the crypt(3) nginx itself calls), so that no test run needs a bcrypt tool.
 */
export const BASIC_AUTH = {
  username: 'grafana',
  password: 'live-test-password',
  passwordHash: '$2y$05$bGl2ZS10ZXN0LXNhbHQuLuGAZqEzgeni1dB8vqeDnVp.61pm0g7u2',
} as const;

/** Response headers of issue 4, with the values the construct renders. */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
} as const;

/** Every TLS 1.2 cipher suite openssl knows that is not AEAD (CBC, RC4, NULL, ...), for `-cipher`. */
export const ALL_NON_AEAD_TLS12 = 'ALL:COMPLEMENTOFALL:!AESGCM:!AESCCM:!CHACHA20:!ARIAGCM';

/**
 * What every TLS 1.2 suite the proxy accepts must be: forward-secret (ECDHE) and AEAD (AES-GCM or
 * ChaCha20-Poly1305), with the certificate's key type, in openssl's names as sslscan prints them.
 */
export const ECDHE_AEAD_TLS12 = /^ECDHE-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/;

/**
 * A certificate for example.com and its key, for `certificateMode: 'provided'`: an ECDSA P-256 pair
 * valid for a century, made once with `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256
 * -nodes -days 36500 -subj /CN=example.com -addext subjectAltName=DNS:example.com`. A test key, worth
 * nothing: it protects no server.
 */
export const PROVIDED_TLS = {
  certificatePem: [
    '-----BEGIN CERTIFICATE-----',
    'MIIBmzCCAUGgAwIBAgIUJ7qJF6FupeDApwlqwAaMX0yzzkgwCgYIKoZIzj0EAwIw',
    'FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wIBcNMjYxMTI3MTMzOTMxWhgPMjEyNjEx',
    'MDMxMzM5MzFaMBYxFDASBgNVBAMMC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYI',
    'KoZIzj0DAQcDQgAEDFdy8itK67h1bRp2CxkNWLlSWzIuvQgk9Tte3w/1JCB8dFTb',
    '53lOGCfYdrkkYGFyC2k07Kzw9ylKElseamePnKNrMGkwHQYDVR0OBBYEFJfPiEs9',
    'ssb2vbwmK/GC/rn9vG8iMB8GA1UdIwQYMBaAFJfPiEs9ssb2vbwmK/GC/rn9vG8i',
    'MA8GA1UdEwEB/wQFMAMBAf8wFgYDVR0RBA8wDYILZXhhbXBsZS5jb20wCgYIKoZI',
    'zj0EAwIDSAAwRQIgAtxrB9mn+wyrnMdpdj/AxxO6d0+P2HpWDpefMxOevbACIQDT',
    'ppA/R1HrnbW7bm/PgaZJ1wk4ppQgosx0IocPcC+a7g==',
    '-----END CERTIFICATE-----',
    '',
  ].join('\n'),
  privateKeyPem: [
    '-----BEGIN PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbS5kSeyBoRDtaRi8',
    'yER15qUBnWjcSoNEi/V7WMvy1SShRANCAAQMV3LyK0rruHVtGnYLGQ1YuVJbMi69',
    'CCT1O17fD/UkIHx0VNvneU4YJ9h2uSRgYXILaTTsrPD3KUoSWx5qZ4+c',
    '-----END PRIVATE KEY-----',
    '',
  ].join('\n'),
} as const;
