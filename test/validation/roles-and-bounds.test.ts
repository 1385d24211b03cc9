import type { GivenFlatOptions } from '../../lib/given-options';
import { CertificateMode, ClientAuth, ClientRole } from '../../lib/options';
import { checkAuth, unreachableAdminEndpoints } from '../../lib/validation/auth';
import { checkLimits } from '../../lib/validation/limits';
import { checkPrometheusConfig } from '../../lib/validation/prometheus-config';
import { HASH } from './fixtures';
import { NUMBER_TOKEN, TOKEN, checkOf, testAcceptances, testRefusals } from './support';

type Options = Partial<GivenFlatOptions>;

const PRIVATE_CA: Options = { certificateMode: CertificateMode.PRIVATE_CA, clientAuth: ClientAuth.REQUIRED };
const RECEIVER: Options = { enableRemoteWriteReceiver: true, basicAuthUsers: [{ username: 'edge', passwordHash: HASH, role: ClientRole.SENDER }] };

describe('roles', () => {
  const check = checkOf(checkAuth);
  testAcceptances<Options>(
    [
      ['a user of each role', { basicAuthUsers: Object.values(ClientRole).map((role, i) => ({ username: `u${i}`, passwordHash: HASH, role })) }],
      ['certificate roles by CN and a default role', { ...PRIVATE_CA, clientCertificateRoles: { grafana: ClientRole.READER, ops: ClientRole.ADMIN }, defaultClientCertificateRole: ClientRole.FEDERATOR }],
      ['certificate roles with optional client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL, clientCertificateRoles: { edge: ClientRole.SENDER } }],
    ],
    check,
  );
  testRefusals<Options>(
    [
      ['an unknown user role', { basicAuthUsers: [{ username: 'a', passwordHash: HASH, role: 'root' as never }] }, 'basicAuthUsers[0].role', /"reader", "sender", "federator", "alert-sender", "admin" \(ClientRole\)/],
      ['an unknown certificate role', { ...PRIVATE_CA, clientCertificateRoles: { ops: 'root' as never } }, 'clientCertificateRoles.ops', /\(ClientRole\)/],
      ['a certificate role as a token', { ...PRIVATE_CA, clientCertificateRoles: { ops: TOKEN as never } }, 'clientCertificateRoles.ops', /unresolved token/],
      ['a CN nginx cannot name', { ...PRIVATE_CA, clientCertificateRoles: { 'ops team': ClientRole.ADMIN } }, 'clientCertificateRoles', /CNs of 1 to 64 characters/],
      ['an unknown default role', { ...PRIVATE_CA, defaultClientCertificateRole: 'root' as never }, 'defaultClientCertificateRole', /\(ClientRole\)/],
      ['certificate roles with client certificates off', { clientCertificateRoles: { ops: ClientRole.ADMIN } }, 'clientCertificateRoles', /only applies when clientAuth/],
      ['a default certificate role with client certificates off', { defaultClientCertificateRole: ClientRole.ADMIN }, 'defaultClientCertificateRole', /only applies when clientAuth/],
    ],
    check,
  );
});

describe('the admin endpoints need an admin, at synth', () => {
  test.each([
    ['basic auth without an admin user', { adminEndpoints: ['enableAdminApi'], basicAuthRoles: [ClientRole.READER, ClientRole.SENDER] }, [/enableAdminApi need an admin.*basicAuthUsers role ClientRole\.ADMIN/]],
    ['required certificates without an admin certificate', { adminEndpoints: ['enableLifecycle', 'enableDebugEndpoints'], certificateRoles: [ClientRole.READER] }, [/enableLifecycle, enableDebugEndpoints need an admin.*ClientRole\.ADMIN/]],
    ['both, with an admin user but no admin certificate', { adminEndpoints: ['enableAdminApi'], basicAuthRoles: [ClientRole.ADMIN], certificateRoles: [] }, [/issue a client certificate/]],
  ])('%s is refused', (_, facts, messages) => {
    const errors = unreachableAdminEndpoints(facts);
    expect(errors).toHaveLength(messages.length);
    messages.forEach((message, i) => expect(errors[i]).toMatch(message));
  });

  test.each([
    ['no admin endpoint', { adminEndpoints: [], basicAuthRoles: [ClientRole.READER], certificateRoles: [ClientRole.READER] }],
    ['an admin user', { adminEndpoints: ['enableAdminApi'], basicAuthRoles: [ClientRole.READER, ClientRole.ADMIN] }],
    ['an admin certificate', { adminEndpoints: ['enableAdminApi'], certificateRoles: [ClientRole.SENDER, ClientRole.ADMIN] }],
  ])('%s is accepted', (_, facts) => {
    expect(unreachableAdminEndpoints(facts)).toEqual([]);
  });
});

describe('bounded queries', () => {
  const check = checkOf(checkPrometheusConfig);
  testAcceptances<Options>(
    [
      ['the defaults', {}],
      ['fewer samples and more concurrency', { queryMaxConcurrency: 8, queryMaxSamples: 1_000_000 }],
      ['more samples with the memory for them', { prometheusMemoryMb: 8192, queryMaxSamples: 10_000_000 }],
      ['a memory limit that is a token', { prometheusMemoryMb: NUMBER_TOKEN, queryMaxSamples: 50_000_000 }],
      ['a longer timeout', { queryTimeout: '5m' }],
    ],
    check,
  );
  testRefusals<Options>(
    [
      ['Prometheus\'s default of 50 million samples in 2 GB', { queryMaxSamples: 50_000_000 }, 'queryMaxSamples', /lets 4 queries of 50000000 samples take ~19074 MB.*more than prometheusMemoryMb \(2048\)/],
      ['the samples of 2 GB in 1 GB', { queryMaxSamples: 2_684_354, prometheusMemoryMb: 1024, queryMaxConcurrency: 8 }, 'queryMaxSamples', /lets 8 queries .*more than prometheusMemoryMb \(1024\)/],
      ['a million samples in 64 MB', { queryMaxConcurrency: 2, prometheusMemoryMb: 64, queryMaxSamples: 1_000_000 }, 'queryMaxSamples', /more than prometheusMemoryMb \(64\)/],
      ['a concurrency of 0', { queryMaxConcurrency: 0 }, 'queryMaxConcurrency', /integer from 1 to 256/],
      ['samples below 1000', { queryMaxSamples: 10 }, 'queryMaxSamples', /integer from 1000/],
      ['a timeout that is no duration', { queryTimeout: '2 minutes' }, 'queryTimeout', /Prometheus duration/],
      ['samples as a token', { queryMaxSamples: NUMBER_TOKEN }, 'queryMaxSamples', /unresolved token/],
      ['query bounds on an agent', { agentMode: true, remoteWrite: [{ url: 'https://central.example.com/api/v1/write' }], queryTimeout: '1m' }, 'queryTimeout', /does not apply in agentMode/],
    ],
    check,
  );
});

describe('bounded receivers', () => {
  const check = checkOf(checkLimits);
  testAcceptances<Options>(
    [
      ['the defaults with a receiver', RECEIVER],
      ['a larger body with fewer in flight', { ...RECEIVER, receiverBodyLimitMb: 8, receiverRequestsInFlight: 1, receiverRequestsInFlightPerSender: 1 }],
      ['32 MB bodies, what Prometheus decodes at most', { ...RECEIVER, receiverBodyLimitMb: 32 }],
      ['queries in flight per client', { queriesInFlightPerClient: 4 }],
    ],
    check,
  );
  testRefusals<Options>(
    [
      ['a body limit of 0', { ...RECEIVER, receiverBodyLimitMb: 0 }, 'receiverBodyLimitMb', /integer from 1 to 32/],
      ['a body limit past what Prometheus decodes', { ...RECEIVER, receiverBodyLimitMb: 64 }, 'receiverBodyLimitMb', /integer from 1 to 32/],
      ['no receiver request in flight', { ...RECEIVER, receiverRequestsInFlight: 0 }, 'receiverRequestsInFlight', /integer from 1/],
      ['a fraction of a sender\'s request', { ...RECEIVER, receiverRequestsInFlightPerSender: 1.5 }, 'receiverRequestsInFlightPerSender', /integer/],
      ['no query in flight', { queriesInFlightPerClient: 0 }, 'queriesInFlightPerClient', /integer from 1/],
      ['receiver limits without a receiver', { receiverBodyLimitMb: 2 }, 'receiverBodyLimitMb', /only applies with enableRemoteWriteReceiver or enableOtlpReceiver/],
    ],
    check,
  );
});
