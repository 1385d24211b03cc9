import { BasicAuthUser, CertificateMode, ClientAuth, FlatOptions } from '../../lib/options';
import { checkAuth } from '../../lib/validation/auth';
import { HASH, SERVER_CERTIFICATE, SERVER_KEY } from './fixtures';
import { Refusal, TOKEN, checkOf, testAcceptances, testRefusals } from './support';

type Options = Partial<FlatOptions>;

const check = checkOf(checkAuth);
const USERS: BasicAuthUser[] = [{ username: 'grafana', passwordHash: HASH }];
const PRIVATE_CA: Options = { certificateMode: CertificateMode.PRIVATE_CA };
const PROVIDED: Options = { certificateMode: CertificateMode.PROVIDED, certificatePem: SERVER_CERTIFICATE, privateKeyPem: SERVER_KEY };
/** Prometheus features that let whoever reaches the proxy change data, stop Prometheus or read its memory. */
const GUARDED_FEATURES = ['enableAdminApi', 'enableLifecycle', 'enableDebugEndpoints', 'enableRemoteWriteReceiver', 'enableOtlpReceiver'] as const;

describe('checkAuth accepts', () => {
  testAcceptances<Options>(
    [
      ['no authentication', {}],
      ['basic auth users', { basicAuthUsers: USERS, healthCheckWithoutAuth: false }],
      [
        'a bcrypt cost of 5 and of 10',
        { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '05') }, { username: 'b', passwordHash: HASH.replace('08', '10') }] },
      ],
      ['bcrypt hashes of every prefix ($2a$, $2b$, $2y$)', { basicAuthUsers: ['2a', '2b', '2y'].map((v, i) => ({ username: `u${i}`, passwordHash: HASH.replace('2y', v) })) }],
      ['a user name of 128 printable characters', { basicAuthUsers: [{ username: '!~'.repeat(64), passwordHash: HASH }] }],
      ['a user name and password hash as tokens', { basicAuthUsers: [{ username: TOKEN, passwordHash: TOKEN }] }],
      ['two token user names, which cannot be compared', { basicAuthUsers: [{ username: TOKEN, passwordHash: HASH }, { username: TOKEN, passwordHash: HASH }] }],
      ['the admin API behind basic auth', { enableAdminApi: true, enableLifecycle: true, basicAuthUsers: USERS }],
      ['every guarded feature behind basic auth', { ...Object.fromEntries(GUARDED_FEATURES.map((key) => [key, true])), basicAuthUsers: USERS }],
      [
        'every guarded feature behind required client certificates',
        { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, ...Object.fromEntries(GUARDED_FEATURES.map((key) => [key, true])) },
      ],
      ['guarded features turned off without authentication', Object.fromEntries(GUARDED_FEATURES.map((key) => [key, false]))],
      ['open health checks behind client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, healthCheckWithoutAuth: true }],
      ['client certificates issued and required by the private CA', { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, clientCertificates: ['grafana', 'alloy.local_1'] }],
      ['optional client certificates from the private CA', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL }],
      ['client certificates checked against a given CA', { ...PROVIDED, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: SERVER_CERTIFICATE }],
      ['the given CA as a token', { ...PROVIDED, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: TOKEN }],
      ['a client certificate name of 64 characters', { ...PRIVATE_CA, clientCertificates: ['a'.repeat(64)] }],
    ],
    check,
  );
});

describe('checkAuth refuses, naming the prop and showing the value', () => {
  const refusals: Refusal<Options>[] = [
    ['an empty user list', { basicAuthUsers: [] }, 'basicAuthUsers', /at least one/],
    ['users that are no list', { basicAuthUsers: 'grafana' as never }, 'basicAuthUsers', /must be a list of users \(got "string"\)/],
    ['a user name with a colon', { basicAuthUsers: [{ username: 'a:b', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['a user name with a space', { basicAuthUsers: [{ username: 'a b', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['an empty user name', { basicAuthUsers: [{ username: '', passwordHash: HASH }] }, 'basicAuthUsers[0].username'],
    ['a user name of 129 characters', { basicAuthUsers: [{ username: 'u'.repeat(129), passwordHash: HASH }] }, 'basicAuthUsers[0].username', /128/],
    ['a user name twice', { basicAuthUsers: [{ username: 'a', passwordHash: HASH }, { username: 'a', passwordHash: HASH }] }, 'basicAuthUsers[1].username', /unique/],
    ['a password instead of its hash', { basicAuthUsers: [{ username: 'a', passwordHash: 'secret' }] }, 'basicAuthUsers[0].passwordHash', /bcrypt hash .*\(got "<redacted>"\)$/],
    ['a SHA-1 hash', { basicAuthUsers: [{ username: 'a', passwordHash: '{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=' }] }, 'basicAuthUsers[0].passwordHash', /bcrypt hash/],
    ['an unknown bcrypt prefix', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('2y', '2x') }] }, 'basicAuthUsers[0].passwordHash'],
    ['a bcrypt cost of 12', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '12') }] }, 'basicAuthUsers[0].passwordHash', /cost from 5 to 10 \(got cost 12/],
    ['a bcrypt cost of 4', { basicAuthUsers: [{ username: 'a', passwordHash: HASH.replace('08', '04') }] }, 'basicAuthUsers[0].passwordHash', /got cost 4/],

    ['an unknown client auth', { clientAuth: 'mutual' as never }, 'clientAuth', /"off", "optional", "required" \(ClientAuth\)/],
    ['client auth as a token', { clientAuth: TOKEN as never }, 'clientAuth', /cannot be an unresolved token/],
    ['required client certificates with nothing to verify them', { clientAuth: ClientAuth.REQUIRED }, 'clientAuth', /private-ca.*clientCaCertificatePem/],
    ['optional client certificates with a provided server certificate only', { ...PROVIDED, clientAuth: ClientAuth.OPTIONAL }, 'clientAuth', /needs certificateMode "private-ca"/],
    [
      'a client CA besides the private CA',
      { ...PRIVATE_CA, clientAuth: ClientAuth.REQUIRED, clientCaCertificatePem: SERVER_CERTIFICATE },
      'clientCaCertificatePem',
      /does not apply to certificateMode "private-ca"/,
    ],
    ['a client CA with client certificates off', { ...PROVIDED, clientCaCertificatePem: SERVER_CERTIFICATE }, 'clientCaCertificatePem', /only applies when clientAuth/],
    ['client certificates without the private CA', { clientCertificates: ['grafana'] }, 'clientCertificates', /needs certificateMode "private-ca"/],
    ['a client certificate name with a space', { ...PRIVATE_CA, clientCertificates: ['ok', 'bad name'] }, 'clientCertificates[1]', /certificate's CN/],
    ['a client certificate name with a leading dot', { ...PRIVATE_CA, clientCertificates: ['.grafana'] }, 'clientCertificates[0]'],
    ['a client certificate name of 65 characters', { ...PRIVATE_CA, clientCertificates: ['a'.repeat(65)] }, 'clientCertificates[0]', /1 to 64 characters/],
    ['a client certificate name twice', { ...PRIVATE_CA, clientCertificates: ['grafana', 'grafana'] }, 'clientCertificates[1]', /unique/],
    ['a client certificate name as a token', { ...PRIVATE_CA, clientCertificates: [TOKEN] }, 'clientCertificates[0]', /cannot be an unresolved token/],

    ['open health checks without authentication', { healthCheckWithoutAuth: false }, 'healthCheckWithoutAuth', /basicAuthUsers/],
    ['open health checks behind optional client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL, healthCheckWithoutAuth: true }, 'healthCheckWithoutAuth', /clientAuth is "required"/],
    ...GUARDED_FEATURES.map((key): Refusal<Options> => [`${key} without authentication`, { [key]: true }, key, /needs basicAuthUsers or clientAuth "required"/]),
    ['the admin API behind optional client certificates', { ...PRIVATE_CA, clientAuth: ClientAuth.OPTIONAL, enableAdminApi: true }, 'enableAdminApi', /basicAuthUsers/],
  ];
  testRefusals(refusals, check);
});
