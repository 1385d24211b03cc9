import { CertRequest } from '@cdktf/provider-tls/lib/cert-request';
import { TerraformVariable, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import { CertificateMode, ClientAuth, ClientRole, PrometheusTlsProxy, PrometheusTlsProxyProps } from '../lib';
import { HASH, at, stackWithProviders, staged, synth, synthProxy } from './support';

/** Client identities' roles, as the construct declares them: certificates' OUs, password files, and the synth-time rule for admins. */

const privateCa = (domainName: string, props: Partial<PrometheusTlsProxyProps> = {}): PrometheusTlsProxyProps => ({
  domainName,
  tls: { certificateMode: CertificateMode.PRIVATE_CA },
  auth: { clientAuth: ClientAuth.REQUIRED },
  ...props,
});

/** A certificate and key, and a CA of the user's for client certificates, as Terraform variables: what users of their own CA give. */
function theirCa(scope: Construct, auth: PrometheusTlsProxyProps['auth']): Partial<PrometheusTlsProxyProps> {
  const variable = (name: string) => new TerraformVariable(scope, name, { type: 'string' }).stringValue;
  return {
    tls: { certificateMode: CertificateMode.PROVIDED, certificatePem: variable('cert'), privateKeyPem: variable('key') },
    auth: { clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: variable('ca'), ...auth },
  };
}

/** What synthesizing `build` in a stack with its providers reports: cdktf runs the constructs' validations then. */
function synthErrors(build: (scope: ReturnType<typeof stackWithProviders>) => void): string {
  const stack = stackWithProviders();
  build(stack);
  try {
    Testing.fullSynth(stack);
  } catch (error) {
    return String(error);
  }
  return '';
}

describe('client certificates', () => {
  test('carry their role as their OU: named in clientCertificateRoles, else the default role, else a reader\'s', () => {
    // WHEN
    const { json, proxy } = synthProxy({
      ...privateCa('example.com'),
      auth: { clientAuth: ClientAuth.REQUIRED, clientCertificates: ['grafana', 'ops'], clientCertificateRoles: { ops: ClientRole.ADMIN } },
    });
    // THEN
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'grafana', organizational_unit: 'reader' }] });
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'ops', organizational_unit: 'admin' }] });
    expect([proxy.clientCertificate('grafana').role, proxy.clientCertificate('ops').role]).toEqual([ClientRole.READER, ClientRole.ADMIN]);
  });

  test('issueClientCertificate takes a role; remoteWriteTo issues a sender\'s, federate a federator\'s', () => {
    let issued: Record<string, string> = {};
    const { json } = synth((scope) => {
      const central = new PrometheusTlsProxy(scope, 'central', privateCa('central.example.com', { enableRemoteWriteReceiver: true }));
      const edge = new PrometheusTlsProxy(scope, 'edge', { domainName: 'edge.example.com', httpsPort: 8443 });
      const puller = new PrometheusTlsProxy(scope, 'puller', { domainName: 'puller.example.com', httpsPort: 9443 });
      const sender = edge.remoteWriteTo(central).clientCertificate!;
      const federator = puller.federate(central, { match: ['up'] }).clientCertificate!;
      const ops = central.issueClientCertificate(scope, 'ops', ClientRole.ADMIN);
      issued = { sender: sender.role, federator: federator.role, ops: ops.role };
    });
    expect(issued).toEqual({ sender: 'sender', federator: 'federator', ops: 'admin' });
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'edge.example.com-remote-write-central', organizational_unit: 'sender' }] });
    expect(json).toHaveResourceWithProperties(CertRequest, { subject: [{ common_name: 'puller.example.com-federate-central', organizational_unit: 'federator' }] });
  });

  test('nginx reads the role from the OU of the construct\'s CA, and by CN from a CA of the user\'s', () => {
    const own = synthProxy(privateCa('example.com')).proxy.nginxConfig;
    expect(own).toContain('"~^SUCCESS:(?:(?:[^,\\x5c]|\\x5c.)*,)*OU=sender(?:,|$)" sender;');
    let theirs = '';
    synth((scope) => {
      const auth = { clientCertificateRoles: { 'edge-eu': ClientRole.SENDER }, defaultClientCertificateRole: ClientRole.FEDERATOR };
      theirs = new PrometheusTlsProxy(scope, 'p', { domainName: 'example.com', ...theirCa(scope, auth), enableRemoteWriteReceiver: true }).nginxConfig;
    });
    expect(theirs).not.toContain('OU=');
    expect(theirs).toContain('CN=edge-eu(?:,|$)" sender;');
    expect(theirs).toContain('"~^SUCCESS:" federator;');
  });
});

describe('basic auth users', () => {
  test('each route with roles reads a password file of its roles\' users, all of them sensitive', () => {
    // WHEN
    const users = [
      { username: 'grafana', passwordHash: HASH },
      { username: 'edge', passwordHash: HASH, role: ClientRole.SENDER },
      { username: 'ops', passwordHash: HASH, role: ClientRole.ADMIN },
    ];
    const { resources } = synthProxy({ auth: { basicAuthUsers: users }, enableRemoteWriteReceiver: true, enableAdminApi: true });
    // THEN
    const files = staged(at(resources, 'docker_container', 'agent/container'), 'nginx');
    const usersIn = (file: string) => [...files[file].content.matchAll(/(?:^|\\n|")(\w+):\$2y/g)].map(([, name]) => name);
    expect(usersIn('htpasswd')).toEqual(['grafana', 'edge', 'ops']);
    expect(usersIn('htpasswd-reader-admin')).toEqual(['grafana', 'ops']);
    expect(usersIn('htpasswd-reader-federator-admin')).toEqual(['grafana', 'ops']);
    expect(usersIn('htpasswd-sender-admin')).toEqual(['edge', 'ops']);
    expect(usersIn('htpasswd-admin')).toEqual(['ops']);
    for (const file of Object.keys(files).filter((name) => name.startsWith('htpasswd'))) expect(files[file].content).toMatch(/^\$\{sensitive\(/);
  });

  test('a role with no user gets a file that refuses every password', () => {
    const { resources } = synthProxy({ auth: { basicAuthUsers: [{ username: 'grafana', passwordHash: HASH }] } });
    const files = staged(at(resources, 'docker_container', 'agent/container'), 'nginx');
    expect(files['htpasswd-reader-federator-admin'].content).toContain('grafana:');
    expect(Object.keys(files).filter((name) => name.startsWith('htpasswd')).sort()).toEqual(['htpasswd', 'htpasswd-reader-admin', 'htpasswd-reader-federator-admin']);
  });
});

describe('admin endpoints need an admin, checked at synth once every certificate is issued', () => {
  test('basic auth readers only: refused, naming what to give', () => {
    const errors = synthErrors((stack) => new PrometheusTlsProxy(stack, 'p', { domainName: 'example.com', enableAdminApi: true, auth: { basicAuthUsers: [{ username: 'grafana', passwordHash: HASH }] } }));
    expect(errors).toMatch(/enableAdminApi need an admin to reach them: give one of basicAuthUsers role ClientRole\.ADMIN/);
  });

  test('required certificates, none an admin\'s: refused; one issued after construction: accepted', () => {
    const refused = synthErrors((stack) => new PrometheusTlsProxy(stack, 'p', privateCa('example.com', { enableLifecycle: true })));
    expect(refused).toMatch(/enableLifecycle need an admin to reach them: issue a client certificate with role ClientRole\.ADMIN/);
    const accepted = synthErrors((stack) => new PrometheusTlsProxy(stack, 'p', privateCa('example.com', { enableLifecycle: true })).issueClientCertificate(stack, 'ops', ClientRole.ADMIN));
    expect(accepted).toBe('');
  });

  test('a CA of the user\'s whose certificates are admins by CN: accepted', () => {
    const errors = synthErrors(
      (stack) =>
        new PrometheusTlsProxy(stack, 'p', { domainName: 'example.com', ...theirCa(stack, { clientCertificateRoles: { ops: ClientRole.ADMIN } }), enableAdminApi: true }),
    );
    expect(errors).toBe('');
  });
});
