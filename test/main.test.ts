import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { Testing } from 'cdktf';
import { ExampleStack } from '../main';

describe('the example app', () => {
  const json = Testing.synth(new ExampleStack(Testing.app(), 'example'));
  const outputs = JSON.parse(json).output;

  test('declares the Docker and TLS providers in the stack', () => {
    expect(json).toHaveProvider(DockerProvider);
    expect(json).toHaveProvider(TlsProvider);
  });

  test("outputs the URL, the certificate and the guide's curl check", () => {
    expect(outputs.url.value).toBe('https://example.com/prometheus/');
    expect(outputs.certificate_pem.value).toMatch(/^\$\{tls_self_signed_cert\.[^}]+\.cert_pem\}$/);
    expect(outputs.curl_check.value).toBe('curl --cacert example.com.crt https://example.com/prometheus/api/v1/label/job/values');
  });
});
