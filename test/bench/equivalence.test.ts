import { differenceUpToLogicalIds } from '../../bench/synthesis/equivalence';

/** A stack's Terraform JSON with a key and a certificate that refers to it, under the given logical IDs. */
function stack(keyId: string, certificateId: string, bits = 4096): object {
  return {
    '//': { metadata: { stackName: 'example' } },
    output: { pem: { value: `\${tls_self_signed_cert.${certificateId}.cert_pem}` } },
    resource: {
      tls_private_key: { [keyId]: { '//': { metadata: { path: `example/${keyId}` } }, algorithm: 'RSA', rsa_bits: bits } },
      tls_self_signed_cert: {
        [certificateId]: { private_key_pem: `\${tls_private_key.${keyId}.private_key_pem}`, depends_on: [`tls_private_key.${keyId}`] },
      },
    },
  };
}

describe('differenceUpToLogicalIds', () => {
  test('finds none between stacks that differ only in logical IDs and metadata', () => {
    expect(differenceUpToLogicalIds(stack('proxy_key_1A2B3C4D', 'proxy_certificate_5E6F7A8B'), stack('key', 'certificate'))).toBeUndefined();
  });

  test('names both copies of a resource whose attributes differ, and of those that refer to it', () => {
    expect(differenceUpToLogicalIds(stack('a', 'b', 4096), stack('key', 'certificate', 2048))).toBe(
      'output differ; only in the first: tls_private_key.a, tls_self_signed_cert.b; ' +
        'only in the second: tls_private_key.key, tls_self_signed_cert.certificate',
    );
  });

  test('tells a reference from a longer address that starts with it', () => {
    expect(differenceUpToLogicalIds(stack('key', 'key-2'), stack('k', 'c'))).toBeUndefined();
  });
});
