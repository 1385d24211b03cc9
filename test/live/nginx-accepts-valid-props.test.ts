import fc from 'fast-check';
import { CertificateMode, ClientAuth, ClientRole, PrometheusTlsProxyProps } from '../../lib';
import { IMAGES } from '../../lib/defaults';
import { prometheusFeatures } from '../../lib/render/image-versions';
import { BASIC_AUTH, PROPERTY_SEED } from './fixtures';
import { nginxTest } from './harness/config-checks';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/).filter((l) => !/^\d+$/.test(l));
const domainName = fc.array(label, { minLength: 1, maxLength: 4 }).chain((labels) =>
  fc.stringMatching(/^[a-z]{2,6}$/).map((tld) => [...labels, tld].join('.')),
);
const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/).filter((s) => !s.includes('..'));
const pathPrefix = fc.oneof(fc.constant('/'), fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`));
const port = fc.integer({ min: 1, max: 65535 });
const ip = fc.oneof(fc.ipV4(), fc.ipV6());

/**
 * Valid props that change the rendered nginx.conf, in any combination the construct accepts with
 * `images` (the line's) and a Prometheus with or without an OTLP receiver.
 */
function validProps(images: fc.Arbitrary<string | undefined>, otlp: boolean): fc.Arbitrary<PrometheusTlsProxyProps> {
  return fc
    .record({
      domainName,
      pathPrefix: fc.option(pathPrefix, { nil: undefined }),
      httpsPort: fc.option(port, { nil: undefined }),
      httpPort: fc.option(port, { nil: undefined }),
      namePrefix: fc.option(label.filter((l) => l.length <= 40 && !['bridge', 'host', 'none'].includes(l)), { nil: undefined }),
      networkAlias: fc.option(label, { nil: undefined }),
      subjectAlternativeNames: fc.option(fc.uniqueArray(domainName, { maxLength: 2 }), { nil: undefined }),
      ipAddresses: fc.option(fc.uniqueArray(ip, { maxLength: 2 }), { nil: undefined }),
      nginxImage: images,
      certificateMode: fc.option(fc.constantFrom(CertificateMode.SELF_SIGNED, CertificateMode.PRIVATE_CA), { nil: undefined }),
      clientAuth: fc.constantFrom(ClientAuth.OFF, ClientAuth.OPTIONAL, ClientAuth.REQUIRED),
      users: fc.uniqueArray(fc.stringMatching(/^[!-9;-~]{1,16}$/), { maxLength: 3 }),
      roles: fc.array(fc.option(fc.constantFrom(...Object.values(ClientRole)), { nil: undefined }), { minLength: 3, maxLength: 3 }),
      defaultClientCertificateRole: fc.option(fc.constantFrom(...Object.values(ClientRole)), { nil: undefined }),
      queriesInFlightPerClient: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
      receiverBodyLimitMb: fc.option(fc.integer({ min: 1, max: 32 }), { nil: undefined }),
      receiverRequestsInFlightPerSender: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
      healthCheckWithoutAuth: fc.option(fc.boolean(), { nil: undefined }),
      enableAdminApi: fc.boolean(),
      enableLifecycle: fc.boolean(),
      enableDebugEndpoints: fc.boolean(),
      enableRemoteWriteReceiver: fc.boolean(),
      enableOtlpReceiver: fc.boolean(),
      agentMode: fc.boolean(),
      hsts: fc.option(fc.boolean(), { nil: undefined }),
      nginxWorkerProcesses: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      requestsPerSecondPerClient: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
      requestBurstPerClient: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
      connectionsPerClient: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    })
    .map(({ users, roles, defaultClientCertificateRole, queriesInFlightPerClient, receiverBodyLimitMb, receiverRequestsInFlightPerSender, clientAuth, certificateMode, healthCheckWithoutAuth, enableAdminApi, enableLifecycle, enableDebugEndpoints, enableRemoteWriteReceiver, enableOtlpReceiver, agentMode, httpPort, ...props }) => {
      // Client certificates chain to the construct's CA; the opt-in endpoints need authentication, and an admin.
      const certificates = certificateMode === CertificateMode.PRIVATE_CA ? clientAuth : ClientAuth.OFF;
      const authenticated = users.length > 0 || certificates === ClientAuth.REQUIRED;
      const receivers = authenticated && !agentMode && (enableRemoteWriteReceiver || (otlp && enableOtlpReceiver));
      return {
        ...props,
        certificateMode,
        clientAuth: certificates,
        agentMode,
        // An agent needs a remote-write target when its stack is synthesized (issue 16).
        remoteWrite: agentMode ? [{ url: 'https://receiver.example.org/api/v1/write' }] : undefined,
        httpPort: httpPort === (props.httpsPort ?? 443) ? undefined : httpPort,
        // The first user an admin, the others of any role (or none: a reader).
        basicAuthUsers: users.length === 0 ? undefined : users.map((username, i) => ({ username, passwordHash: BASIC_AUTH.passwordHash, role: i === 0 ? ClientRole.ADMIN : roles[i] })),
        auth: {
          ...(certificates === ClientAuth.OFF ? {} : { defaultClientCertificateRole }),
          ...(certificates === ClientAuth.REQUIRED ? { clientCertificates: ['ops'], clientCertificateRoles: { ops: ClientRole.ADMIN } } : {}),
        },
        limits: { queriesInFlightPerClient, ...(receivers ? { receiverBodyLimitMb, receiverRequestsInFlightPerSender } : {}) },
        ...(authenticated
          ? {
              healthCheckWithoutAuth,
              enableLifecycle,
              enableDebugEndpoints,
              ...(agentMode ? {} : { enableAdminApi, enableRemoteWriteReceiver, enableOtlpReceiver: otlp && enableOtlpReceiver }),
            }
          : {}),
      };
    });
}

describeLive(
  'nginx -t on rendered configs, live',
  (line) => {
    test(`accepts the config synthesized for every valid combination of props`, async () => {
      // GIVEN random valid props, each synthesized through the real construct, for images this line's nginx can stand in for
      const images =
        line.id === 'current'
          ? fc.option(fc.constantFrom('nginx:1.25.1', 'nginx:1.30.6-alpine', `registry.local:5000/ops/nginx:1.27.0@sha256:${'a'.repeat(64)}`), { nil: undefined })
          : fc.constant(line.images.nginxImage);
      const otlp = prometheusFeatures(line.images.prometheusImage ?? IMAGES.prometheus).otlpReceiver;
      const samples = fc.sample(validProps(images, otlp), { numRuns: 150, seed: PROPERTY_SEED });
      const stacks = samples.map((props, i) => synthesizeProxies(`valid${i}`, line, { proxy: props }));
      // WHEN
      const results = await nginxTest(stacks.map((stack) => stack.resources), line);
      // THEN
      const failures = results.flatMap((result, i) => (result.ok ? [] : [{ props: samples[i], output: result.output }]));
      expect({ seed: PROPERTY_SEED, line: line.id, failures }).toEqual({ seed: PROPERTY_SEED, line: line.id, failures: [] });
    }, 120_000);
  },
  ['current', 'debian12'],
);
