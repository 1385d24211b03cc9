/**
 * Keys and certificates for the PEM rules, each a test key worth nothing: it protects no server. Made
 * once with openssl 3, valid for a century (validation does not look at dates):
 * - SERVER_*: `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500
 *   -subj /CN=example.com -addext subjectAltName=DNS:example.com`, its key also as SEC1 (`openssl ec`);
 * - WILDCARD_*: the same for `*.example.net`;
 * - OTHER_KEY: `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`, the key of nothing here;
 * - ENCRYPTED_KEY: OTHER_KEY under `openssl pkcs8 -topk8 -passout pass:x`.
 */

export const SERVER_CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBmjCCAUGgAwIBAgIUMEL7fuyiJp6WxFc9EkeejquWO8wwCgYIKoZIzj0EAwIw',
  'FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wIBcNMjYxMjAxMjMxMzU2WhgPMjEyNjEx',
  'MDcyMzEzNTZaMBYxFDASBgNVBAMMC2V4YW1wbGUuY29tMFkwEwYHKoZIzj0CAQYI',
  'KoZIzj0DAQcDQgAEmK3B/MoNNd/hKTwawj+ur8nAICWr9ZPe70KVAVSiw+3GFC1R',
  'gJ+8XUM6ZPGP24pYM6RlcoTBruWTMl2zzT6fGKNrMGkwHQYDVR0OBBYEFPUvCkDc',
  'H+IlBmXu+GqrlUw2+0rTMB8GA1UdIwQYMBaAFPUvCkDcH+IlBmXu+GqrlUw2+0rT',
  'MA8GA1UdEwEB/wQFMAMBAf8wFgYDVR0RBA8wDYILZXhhbXBsZS5jb20wCgYIKoZI',
  'zj0EAwIDRwAwRAIgG+4UkunTJ0CGAM8UgdraV2Z0tB5QHqE9+zTyYXBezScCIFoA',
  'lZXfyOOtKLc4hZTmO6GvLmgFGW7EzNy7jVOqzXNf',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export const SERVER_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZQVei+XH3HViDMR5',
  '1/ZVmjJEYRAlcsdR9L96dbRd+DWhRANCAASYrcH8yg013+EpPBrCP66vycAgJav1',
  'k97vQpUBVKLD7cYULVGAn7xdQzpk8Y/bilgzpGVyhMGu5ZMyXbPNPp8Y',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

export const SERVER_KEY_SEC1 = [
  '-----BEGIN EC PRIVATE KEY-----',
  'MHcCAQEEIGUFXovlx9x1YgzEedf2VZoyRGEQJXLHUfS/enW0Xfg1oAoGCCqGSM49',
  'AwEHoUQDQgAEmK3B/MoNNd/hKTwawj+ur8nAICWr9ZPe70KVAVSiw+3GFC1RgJ+8',
  'XUM6ZPGP24pYM6RlcoTBruWTMl2zzT6fGA==',
  '-----END EC PRIVATE KEY-----',
  '',
].join('\n');

export const WILDCARD_CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBnTCCAUOgAwIBAgIUdUpNR3L9Kneto3YJj5Jiejok3s0wCgYIKoZIzj0EAwIw',
  'FjEUMBIGA1UEAwwLZXhhbXBsZS5uZXQwIBcNMjYxMjAxMjMxMzU2WhgPMjEyNjEx',
  'MDcyMzEzNTZaMBYxFDASBgNVBAMMC2V4YW1wbGUubmV0MFkwEwYHKoZIzj0CAQYI',
  'KoZIzj0DAQcDQgAEoCzbMJ2ETVifK6I378yRYhlxh3Eowc7lEoqzmOKsubUvGsTO',
  'Hc+girrIikhbZgAiO22ufncDGWkRct6qc2PhfKNtMGswHQYDVR0OBBYEFLaAOWX9',
  '/nlF0mMOKMrYk4TTea0iMB8GA1UdIwQYMBaAFLaAOWX9/nlF0mMOKMrYk4TTea0i',
  'MA8GA1UdEwEB/wQFMAMBAf8wGAYDVR0RBBEwD4INKi5leGFtcGxlLm5ldDAKBggq',
  'hkjOPQQDAgNIADBFAiB7me4jTOqvbaQ8JS5Nh2wOv/IZtdAb15+1jj9pJhI5VQIh',
  'AOwgTFubh1cRaQwBvdlGYzPzAl6rVqHLi2+BNUmm6b4Q',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export const WILDCARD_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLb5CEJSPOm64izP2',
  'H0nkEnoDePifdQ8HInwqJeAWm26hRANCAASgLNswnYRNWJ8rojfvzJFiGXGHcSjB',
  'zuUSirOY4qy5tS8axM4dz6CKusiKSFtmACI7ba5+dwMZaRFy3qpzY+F8',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

export const OTHER_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga1enZP8HVSnQ1u4g',
  'iHDO7Lgq0HAftQW33VXCITSfQTehRANCAAQ1BdsHozcMU8dbWBbk4GSU/8ITWlD2',
  'Rz3rv/EvNqH+MjT3U0ZO5opaqe8SXImRqzjsIJsIDZxLjbxZD9Qm4pAU',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');

export const ENCRYPTED_KEY = [
  '-----BEGIN ENCRYPTED PRIVATE KEY-----',
  'MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAi/SeJSMQSbSgICCAAw',
  'DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEECesEjgL3jhjRaAAtDFPshYEgZAk',
  'uPKExzBLLDcUWUyzGvvkteSyRiU3z9beS2Xx6QbZtz6Nld37olBCSek+RjzqwX+o',
  '2eYi2A2t9bRGVt65F2+LlubvTSVPEqXiyddpvJ2aBkJ2esrTfNs1JCoYA8UMNGmI',
  'Fi+Q3Ako4TULJxlRF3viW7s3A1re3NfrJ1Br6mDyu8nNTd02EkOM93Ph9OvLtXA=',
  '-----END ENCRYPTED PRIVATE KEY-----',
  '',
].join('\n');

/** PEM-shaped, but no certificate or key inside. */
export const PEM_SHAPED = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
export const KEY_SHAPED = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';

/** A well-formed bcrypt hash of cost 8; no password hashes to it that anyone knows. */
export const HASH = '$2y$08$' + 'a'.repeat(53);

/** Stands for every secret a test passes: no message may contain it. */
export const SECRET = 'hunter2';
