import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { LocallySignedCert } from '@cdktf/provider-tls/lib/locally-signed-cert';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { SelfSignedCert } from '@cdktf/provider-tls/lib/self-signed-cert';
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { CertificateAuthority, CertificateUsage, ClientCertificate, EcdsaCurve, KeyAlgorithm, ServerCertificate, SignedCertificate } from '../../lib';
import { at, ref, synth } from '../support';

/** A CA `ca` of `scope`, RSA-2048 so that leaves that inherit its key show it. */
function authority(scope: Construct): CertificateAuthority {
  return new CertificateAuthority(scope, 'ca', { commonName: 'Test CA', key: { algorithm: KeyAlgorithm.RSA, rsaBits: 2048 }, validityPeriodHours: 87600, earlyRenewalHours: 720 });
}

describe('CertificateAuthority', () => {
  test('is a key and a self-signed CA certificate that signs certificates and CRLs', () => {
    // WHEN
    const { json, resources } = synth((scope) => authority(scope));
    // THEN
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'RSA', rsa_bits: 2048 });
    expect(at(resources, 'tls_self_signed_cert', 'ca/certificate')).toMatchObject({
      subject: [{ common_name: 'Test CA' }],
      is_ca_certificate: true,
      set_subject_key_id: true,
      validity_period_hours: 87600,
      allowed_uses: ['cert_signing', 'crl_signing', 'digital_signature'],
      private_key_pem: ref(resources, 'tls_private_key', 'ca/key', 'private_key_pem'),
    });
  });
});

describe('ServerCertificate', () => {
  test('self-signed by default: an ECDSA P-256 key, the domain as CN and first SAN, server_auth only', () => {
    // WHEN
    const { json, resources } = synth((scope) => new ServerCertificate(scope, 'tls', { domainName: 'example.com', subjectAlternativeNames: ['prom'], ipAddresses: ['10.0.0.5'] }));
    // THEN
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'ECDSA', ecdsa_curve: 'P256' });
    expect(at(resources, 'tls_self_signed_cert', 'tls/certificate')).toMatchObject({
      subject: [{ common_name: 'example.com' }],
      dns_names: ['example.com', 'prom'],
      ip_addresses: ['10.0.0.5'],
      allowed_uses: ['digital_signature', 'server_auth'],
      validity_period_hours: 8760,
      early_renewal_hours: 720,
    });
  });

  test('an RSA key may also encipher; an ECDSA one of another curve only signs', () => {
    const rsa = synth((scope) => new ServerCertificate(scope, 'tls', { domainName: 'example.com', key: { algorithm: KeyAlgorithm.RSA } })).json;
    expect(rsa).toHaveResourceWithProperties(PrivateKey, { algorithm: 'RSA', rsa_bits: 4096 });
    expect(rsa).toHaveResourceWithProperties(SelfSignedCert, { allowed_uses: ['key_encipherment', 'digital_signature', 'server_auth'] });
    expect(synth((scope) => new ServerCertificate(scope, 'tls', { domainName: 'example.com', key: { ecdsaCurve: EcdsaCurve.P384 } })).json).toHaveResourceWithProperties(PrivateKey, { ecdsa_curve: 'P384' });
  });

  test('signed by an authority: a request for the names and a certificate the CA signs, with a key of its own', () => {
    // WHEN
    let certificate!: ServerCertificate;
    const { json, resources } = synth((scope) => {
      certificate = new ServerCertificate(scope, 'tls', { domainName: 'example.com', authority: authority(scope) });
    });
    // THEN
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'example.com' }], dns_names: ['example.com'] });
    expect(at(resources, 'tls_locally_signed_cert', 'tls/signed/certificate')).toMatchObject({
      ca_cert_pem: ref(resources, 'tls_self_signed_cert', 'ca/certificate', 'cert_pem'),
      ca_private_key_pem: ref(resources, 'tls_private_key', 'ca/key', 'private_key_pem'),
      allowed_uses: ['digital_signature', 'server_auth'],
    });
    expect(at(resources, 'tls_private_key', 'tls/signed/key').algorithm).toBe('ECDSA');
    expect(certificate.certificateRequest).toBeInstanceOf(CertRequest);
  });

  test('provided: declares nothing, passes the certificate on, and wraps the key in sensitive()', () => {
    // WHEN
    let certificate!: ServerCertificate;
    const { resources } = synth((scope) => {
      const key = new TerraformVariable(scope, 'key', { type: 'string' });
      certificate = new ServerCertificate(scope, 'tls', { domainName: 'example.com', providedCertificatePem: 'PEM ${x}', providedPrivateKeyPem: key.stringValue });
    });
    // THEN
    expect(resources).toEqual({});
    expect(certificate.certificatePem).toBe('PEM $${x}');
    expect(certificate.privateKey).toBeUndefined();
    expect(certificate.certificate).toBeUndefined();
  });

  test('a domain longer than a CN may be stays in the SAN only', () => {
    const domainName = `${'a'.repeat(60)}.example.com`;
    expect(synth((scope) => new ServerCertificate(scope, 'tls', { domainName })).json).toHaveResourceWithProperties(SelfSignedCert, { subject: [{}], dns_names: [domainName] });
  });
});

describe('ClientCertificate and SignedCertificate', () => {
  test('a client certificate authenticates a client only, with the CA\'s key options, for a year by default', () => {
    // WHEN
    let client!: ClientCertificate;
    const { json, resources } = synth((scope) => {
      client = new ClientCertificate(scope, 'client', { authority: authority(scope), commonName: 'grafana' });
    });
    // THEN
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'grafana', organizational_unit: 'reader' }] });
    expect(at(resources, 'tls_locally_signed_cert', 'client/certificate')).toMatchObject({
      allowed_uses: ['key_encipherment', 'digital_signature', 'client_auth'],
      validity_period_hours: 8760,
      early_renewal_hours: 720,
    });
    expect(at(resources, 'tls_private_key', 'client/key')).toMatchObject({ algorithm: 'RSA', rsa_bits: 2048 });
    expect(client.commonName).toBe('grafana');
  });

  test('a signed certificate takes a key of its own when given one', () => {
    const { json } = synth((scope) => {
      new SignedCertificate(scope, 'leaf', { authority: authority(scope), usage: CertificateUsage.SERVER, commonName: 'x', key: { algorithm: KeyAlgorithm.ECDSA }, validityPeriodHours: 1, earlyRenewalHours: 0 });
    });
    expect(json).toHaveResourceWithProperties(LocallySignedCert, { allowed_uses: ['digital_signature', 'server_auth'], validity_period_hours: 1 });
    expect(json).toHaveResourceWithProperties(PrivateKey, { algorithm: 'ECDSA', ecdsa_curve: 'P256' });
  });
});
