import fc from 'fast-check';
import type { PrometheusTlsProxyProps } from '../../lib';
import { BASIC_AUTH, PROPERTY_SEED } from './fixtures';
import { nginxTest } from './harness/config-checks';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const domainName = fc.array(label, { minLength: 1, maxLength: 4 }).chain((labels) =>
  fc.stringMatching(/^[a-z]{2,6}$/).map((tld) => [...labels, tld].join('.')),
);
const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/).filter((s) => !s.includes('..'));
const pathPrefix = fc.oneof(fc.constant('/'), fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`));
const port = fc.integer({ min: 1, max: 65535 });

/** Valid props that change the rendered nginx.conf, in any combination the construct accepts. */
const validProps: fc.Arbitrary<PrometheusTlsProxyProps> = fc
  .record({
    domainName,
    pathPrefix: fc.option(pathPrefix, { nil: undefined }),
    httpsPort: fc.option(port, { nil: undefined }),
    httpPort: fc.option(port, { nil: undefined }),
    namePrefix: fc.option(label.filter((l) => l.length <= 40 && !['bridge', 'host', 'none'].includes(l)), { nil: undefined }),
    nginxImage: fc.option(fc.constantFrom('nginx:1.22.1', 'nginx:1.23.2-alpine', 'nginx:1.30.1-alpine', `registry.local:5000/ops/nginx:1.27.0@sha256:${'a'.repeat(64)}`), { nil: undefined }),
    certificateMode: fc.option(fc.constantFrom('self-signed' as const, 'private-ca' as const), { nil: undefined }),
    users: fc.uniqueArray(fc.stringMatching(/^[!-9;-~]{1,16}$/), { maxLength: 3 }),
    healthCheckWithoutAuth: fc.option(fc.boolean(), { nil: undefined }),
    enableAdminApi: fc.option(fc.boolean(), { nil: undefined }),
    enableLifecycle: fc.option(fc.boolean(), { nil: undefined }),
    hsts: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ users, healthCheckWithoutAuth, enableAdminApi, enableLifecycle, httpPort, ...props }) => ({
    ...props,
    httpPort: httpPort === (props.httpsPort ?? 443) ? undefined : httpPort,
    // Basic auth is what lets the admin API and lifecycle endpoints be turned on.
    ...(users.length === 0
      ? {}
      : { basicAuthUsers: users.map((username) => ({ username, passwordHash: BASIC_AUTH.passwordHash })), healthCheckWithoutAuth, enableAdminApi, enableLifecycle }),
  }));

describeLive('nginx -t on rendered configs, live', () => {
  test('accepts the config synthesized for every valid combination of props', async () => {
    // GIVEN random valid props, each synthesized through the real construct
    const samples = fc.sample(validProps, { numRuns: 150, seed: PROPERTY_SEED });
    const stacks = samples.map((props, i) => synthesizeProxies(`valid${i}`, { proxy: props }));
    // WHEN
    const results = await nginxTest(stacks.map((stack) => stack.resources));
    // THEN
    const failures = results.flatMap((result, i) => (result.ok ? [] : [{ props: samples[i], output: result.output }]));
    expect({ seed: PROPERTY_SEED, failures }).toEqual({ seed: PROPERTY_SEED, failures: [] });
  }, 120_000);
});
