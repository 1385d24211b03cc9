import fc from 'fast-check';
import { parse } from 'yaml';
import { CertificateMode, PrometheusTlsProxyProps } from '../../lib';
import { NGINX_PATHS } from '../../lib/container-layout';
import { PropValidationError } from '../../lib/validation';
import { BASIC_AUTH, PROPERTY_SEED, PROVIDED_TLS } from './fixtures';
import { nginxTest, promtoolCheck } from './harness/config-checks';
import { uploadedFiles } from './harness/containers';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { TerraformResources, evaluateResources } from './harness/terraform';

type Resource = Record<string, any>;

/** A string prop, how to set it, valid values for it, and where an accepted value must land, exactly. */
interface Target {
  /** The prop as error messages name it. */
  readonly prop: string;
  /** What the tests are named after, one per target: `prop`, or more where two targets share a prop. */
  readonly name?: string;
  /** The props that set the value; strings stand for enum values, as a JavaScript caller passes them. */
  readonly props: (value: string) => Record<string, unknown>;
  /** Values the construct must accept; each is tried as it is, and in hostile variations. */
  readonly valid: string[];
  /** Near-valid strings: the allowed characters and shape, loosely, so that both outcomes come up. */
  readonly grammar: RegExp;
  /** Checks an accepted value against the evaluated resources and the rendered files. */
  readonly lands: (value: string, output: Output) => void;
}

/** The synthesized stack with every string evaluated once, as Terraform would hand it to the providers. */
interface Output {
  /** As synthesized, before evaluation. */
  readonly stack: TerraformResources;
  readonly resources: TerraformResources;
  readonly nginxConf: string;
  readonly prometheusYml: string;
  readonly htpasswd: string[];
  readonly containers: Resource[];
}

const only = (resources: TerraformResources, type: string): Resource => {
  const all = Object.values(resources[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};
const byName = (output: Output, suffix: string): Resource => output.containers.find((c) => String(c.name).endsWith(suffix))!;
const command = (output: Output): string[] => byName(output, '-prometheus').command;
const job = (output: Output): Resource => parse(output.prometheusYml).scrape_configs[1];
const scrapeJob = (fields: Record<string, unknown>) => ({ scrapeConfigs: [{ jobName: 'node', targets: ['node:9100'], ...fields }] });
const remoteWrite = (fields: Record<string, unknown>) => ({ remoteWrite: [{ url: 'https://receiver.example.org/api/v1/write', ...fields }] });
/** The evaluated upload of the pod agent that lands at `file` in nginx's current config revision. */
const nginxUpload = (output: Output, file: string): Resource =>
  byName(output, '-agent').upload.find((u: Resource) => u.file === `/agent/staging/nginx/${file.slice('/etc/nginx/rendered/current/'.length)}`);
/** Types and counts of the TLS resources a stack declares. */
const tlsResources = (output: Output): Record<string, number> =>
  Object.fromEntries(Object.entries(output.resources).filter(([type]) => type.startsWith('tls_')).map(([type, all]) => [type, Object.keys(all).length]));
/** server_name of the TLS server: the names it answers to. */
const serverNames = (conf: string): string[] => /^\s*server_name (?!~)(.*);$/m.exec(conf.slice(conf.indexOf('ssl_reject_handshake')))![1].split(' ');
const locations = (conf: string): string[] => [...conf.matchAll(/^\s*location (.*) \{$/gm)].map((m) => m[1]);
const pod = (output: Output): Resource => byName(output, '-pod');

const TARGETS: Target[] = [
  {
    prop: 'domainName',
    props: (v) => ({ domainName: v }),
    valid: ['example.com', 'a.b-c.d', 'x'.repeat(63) + '.io'],
    grammar: /^[a-z0-9*-]{1,12}(\.[a-z0-9-]{0,12}){0,3}$/,
    lands: (v, o) => {
      expect(serverNames(o.nginxConf)[0]).toBe(v);
      expect(only(o.resources, 'tls_self_signed_cert').dns_names[0]).toBe(v);
    },
  },
  {
    prop: 'pathPrefix',
    props: (v) => ({ pathPrefix: v }),
    valid: ['/', '/prometheus', '/ops/prom', '/a.b~c_d-e'],
    grammar: /^\/[A-Za-z0-9._~\/%-]{0,20}$/,
    lands: (v, o) => {
      expect(locations(o.nginxConf)).toContain(v === '/' ? '/' : `${v}/`);
      if (v !== '/') expect(locations(o.nginxConf)).toContain(`= ${v}`);
    },
  },
  {
    prop: 'namePrefix',
    props: (v) => ({ namePrefix: v }),
    valid: ['prom', 'team-a-prom-1'],
    grammar: /^[a-z0-9-]{1,44}$/,
    lands: (v, o) => {
      expect(o.containers.map((c) => c.name).sort()).toEqual([`${v}-agent`, `${v}-nginx`, `${v}-pod`, `${v}-prometheus`]);
      // The network alias defaults to it, so the certificate and nginx carry it too.
      expect(serverNames(o.nginxConf)).toContain(v);
      expect(pod(o).networks_advanced[0].aliases).toEqual([v]);
    },
  },
  {
    prop: 'network',
    props: (v) => ({ network: v }),
    valid: ['monitoring', 'my_net.1-a'],
    grammar: /^[A-Za-z0-9_.-]{1,20}$/,
    lands: (v, o) => {
      expect(pod(o).networks_advanced.map((n: Resource) => n.name)).toEqual([v]);
      for (const c of o.containers.filter((c) => c !== pod(o))) expect(c.networks_advanced).toBeUndefined();
    },
  },
  {
    prop: 'additionalNetworks[0]',
    props: (v) => ({ additionalNetworks: [v] }),
    valid: ['targets', 'my_net.2-b'],
    grammar: /^[A-Za-z0-9_.-]{1,20}$/,
    lands: (v, o) => expect(pod(o).networks_advanced.map((n: Resource) => n.name)).toEqual([expect.any(String), v]),
  },
  {
    prop: 'networkAlias',
    props: (v) => ({ networkAlias: v }),
    valid: ['prom', 'prometheus-1'],
    grammar: /^[a-z0-9-]{1,20}$/,
    lands: (v, o) => {
      expect(pod(o).networks_advanced[0].aliases).toEqual([v]);
      expect(serverNames(o.nginxConf)).toContain(v);
      expect(only(o.resources, 'tls_self_signed_cert').dns_names).toContain(v);
    },
  },
  ...(['nginxImage', 'prometheusImage', 'pauseImage'] as const).map(
    (prop): Target => ({
      prop,
      props: (v) => ({ [prop]: v }),
      valid: ['nginx:1.30.6-alpine', 'registry.local:5000/team/prometheus:v3.13.4', `quay.io/prometheus/prometheus@sha256:${'0'.repeat(64)}`],
      grammar: /^([a-z0-9.-]{1,10}(:\d{1,5})?\/)?[a-z0-9._\/-]{1,12}(:[\w.-]{0,10})?$/,
      lands: (v, o) => expect(Object.values(o.resources.docker_image).map((image) => image.name)).toContain(v),
    }),
  ),
  {
    prop: 'retentionTime',
    props: (v) => ({ retentionTime: v }),
    valid: ['15d', '1y2w', '12h30m'],
    grammar: /^(\d{1,3}(ms|[smhdwy])){1,3}$/,
    lands: (v, o) => expect(command(o).filter((arg) => arg.startsWith('--storage.tsdb.retention.time'))).toEqual([`--storage.tsdb.retention.time=${v}`]),
  },
  {
    prop: 'retentionSize',
    props: (v) => ({ retentionSize: v }),
    valid: ['512MB', '10GB', '1.5TB'],
    grammar: /^\d{1,4}(\.\d)?[KMGTPE]?i?B$/,
    lands: (v, o) => expect(command(o).filter((arg) => arg.startsWith('--storage.tsdb.retention.size'))).toEqual([`--storage.tsdb.retention.size=${v}`]),
  },
  {
    prop: 'scrapeInterval',
    props: (v) => ({ scrapeInterval: v }),
    valid: ['15s', '1m', '1h30m'],
    grammar: /^(\d{1,3}(ms|[smhdwy])){1,3}$/,
    lands: (v, o) => expect(parse(o.prometheusYml).global.scrape_interval).toBe(v),
  },
  {
    prop: 'logMaxSize',
    props: (v) => ({ logMaxSize: v }),
    valid: ['10m', '1g', '500k'],
    grammar: /^\d{1,4}[kmgKMG]?[iI]?[bB]?$/,
    lands: (v, o) => {
      for (const c of o.containers) expect(c.log_opts['max-size']).toBe(v);
    },
  },
  {
    prop: 'subjectAlternativeNames[0]',
    props: (v) => ({ subjectAlternativeNames: [v] }),
    valid: ['prom.internal', '*.example.com'],
    grammar: /^(\*\.)?[a-z0-9-]{1,12}(\.[a-z0-9*-]{0,12}){0,3}$/,
    lands: (v, o) => {
      expect(only(o.resources, 'tls_self_signed_cert').dns_names).toEqual(['example.com', expect.any(String), v]);
      expect(serverNames(o.nginxConf)).toContain(v);
    },
  },
  {
    prop: 'ipAddresses[0]',
    props: (v) => ({ ipAddresses: [v] }),
    valid: ['10.0.0.5', '::1', '2001:db8::1'],
    grammar: /^[0-9a-f:.]{1,20}$/,
    lands: (v, o) => {
      expect(only(o.resources, 'tls_self_signed_cert').ip_addresses).toEqual([v]);
      expect(serverNames(o.nginxConf)).toContain(v.includes(':') ? `[${v}]` : v);
    },
  },
  {
    prop: 'certificateMode',
    // 'provided' comes with its certificate and key, which it requires.
    props: (v) => ({ certificateMode: v, ...(v === 'provided' ? PROVIDED_TLS : {}) }),
    valid: ['self-signed', 'private-ca', 'provided'],
    grammar: /^[A-Za-z-]{1,12}$/,
    lands: (v, o) => {
      const declared: Record<string, Record<string, number>> = {
        'self-signed': { tls_private_key: 1, tls_self_signed_cert: 1 },
        'private-ca': { tls_private_key: 2, tls_self_signed_cert: 1, tls_cert_request: 1, tls_locally_signed_cert: 1 },
        provided: {},
      };
      expect(Object.keys(declared)).toContain(v);
      expect(tlsResources(o)).toEqual(declared[v]);
    },
  },
  {
    prop: 'certificatePem',
    props: (v) => ({ certificateMode: CertificateMode.PROVIDED, certificatePem: v, privateKeyPem: PROVIDED_TLS.privateKeyPem }),
    valid: [PROVIDED_TLS.certificatePem, PROVIDED_TLS.certificatePem.replace(/\n/g, '\r\n')],
    grammar: /^-----BEGIN (CERTIFICATE|[A-Z ]{1,8})-----\n[A-Za-z0-9+\/=\n]{0,64}\n-----END (CERTIFICATE|[A-Z ]{1,8})-----\n?$/,
    lands: (v, o) => expect(nginxUpload(o, NGINX_PATHS.certificate)).toMatchObject({ content: v, permissions: '0644' }),
  },
  {
    prop: 'privateKeyPem',
    props: (v) => ({ certificateMode: CertificateMode.PROVIDED, certificatePem: PROVIDED_TLS.certificatePem, privateKeyPem: v }),
    valid: [PROVIDED_TLS.privateKeyPem, PROVIDED_TLS.privateKeyPem.replace(/\n/g, '\r\n')],
    grammar: /^-----BEGIN (PRIVATE KEY|EC PRIVATE KEY|[A-Z ]{1,8})-----\n[A-Za-z0-9+\/=\n]{0,64}\n-----END (PRIVATE KEY|[A-Z ]{1,8})-----\n?$/,
    lands: (v, o) => expect(nginxUpload(o, NGINX_PATHS.privateKey)).toMatchObject({ content: v, permissions: '0600' }),
  },
  {
    prop: 'keyAlgorithm',
    props: (v) => ({ keyAlgorithm: v }),
    valid: ['RSA', 'ECDSA'],
    grammar: /^[A-Za-z0-9]{1,6}$/,
    lands: (v, o) => {
      expect(['RSA', 'ECDSA']).toContain(v);
      expect(only(o.resources, 'tls_private_key').algorithm).toBe(v);
    },
  },
  {
    prop: 'ecdsaCurve',
    props: (v) => ({ keyAlgorithm: 'ECDSA', ecdsaCurve: v }),
    valid: ['P256', 'P384'],
    grammar: /^[Pp]?-?\d{3}$/,
    lands: (v, o) => {
      expect(['P256', 'P384']).toContain(v);
      expect(only(o.resources, 'tls_private_key').ecdsa_curve).toBe(v);
    },
  },
  {
    prop: 'scrapeConfigs[0].jobName',
    props: (v) => ({ scrapeConfigs: [{ jobName: v, targets: ['node:9100'] }] }),
    valid: ['node', 'a.b:c-d_e'],
    grammar: /^[A-Za-z0-9_.: -]{1,20}$/,
    lands: (v, o) => expect(job(o).job_name).toBe(v),
  },
  {
    prop: 'scrapeConfigs[0].targets[0]',
    props: (v) => scrapeJob({ targets: [v] }),
    valid: ['node:9100', '10.0.0.1:80', '[::1]:9100'],
    grammar: /^[a-z0-9.[\]:-]{1,15}:\d{1,6}$/,
    lands: (v, o) => expect(job(o).static_configs[0].targets).toEqual([v]),
  },
  {
    prop: 'scrapeConfigs[0].metricsPath',
    props: (v) => scrapeJob({ metricsPath: v }),
    valid: ['/metrics', '/a/b.c~d'],
    grammar: /^\/[A-Za-z0-9._~\/%-]{0,15}$/,
    lands: (v, o) => expect(job(o).metrics_path).toBe(v),
  },
  {
    prop: 'scrapeConfigs[0].scrapeInterval',
    props: (v) => scrapeJob({ scrapeInterval: v }),
    valid: ['30s', '2m'],
    grammar: /^(\d{1,3}(ms|[smhdwy])){1,3}$/,
    lands: (v, o) => expect(job(o).scrape_interval).toBe(v),
  },
  {
    prop: 'scrapeConfigs[0].scrapeTimeout',
    props: (v) => scrapeJob({ scrapeInterval: '1h', scrapeTimeout: v }),
    valid: ['10s', '500ms'],
    grammar: /^(\d{1,3}(ms|[smhdwy])){1,3}$/,
    lands: (v, o) => expect(job(o).scrape_timeout).toBe(v),
  },
  {
    prop: 'scrapeConfigs[0].labels',
    name: 'scrapeConfigs[0].labels, a label name',
    props: (v) => scrapeJob({ labels: { [v]: 'value' } }),
    valid: ['team', 'env_1'],
    grammar: /^[A-Za-z_0-9]{1,10}$/,
    lands: (v, o) => expect(job(o).static_configs[0].labels).toEqual({ [v]: 'value' }),
  },
  {
    prop: 'scrapeConfigs[0].labels',
    name: 'scrapeConfigs[0].labels, a label value',
    props: (v) => scrapeJob({ labels: { team: v } }),
    valid: ['ops', 'a value with spaces'],
    grammar: /^[ -~]{0,20}$/,
    lands: (v, o) => expect(job(o).static_configs[0].labels).toEqual({ team: v }),
  },
  {
    prop: 'scrapeConfigs[0].scheme',
    props: (v) => scrapeJob({ scheme: v }),
    valid: ['http', 'https'],
    grammar: /^[A-Za-z+]{1,6}$/,
    lands: (v, o) => {
      expect(['http', 'https']).toContain(v);
      expect(job(o).scheme).toBe(v);
    },
  },
  {
    prop: 'clientAuth',
    props: (v) => ({ clientAuth: v, certificateMode: CertificateMode.PRIVATE_CA }),
    valid: ['off', 'optional', 'required'],
    grammar: /^[a-z]{1,9}$/,
    lands: (v, o) => {
      expect(['off', 'optional', 'required']).toContain(v);
      expect(o.nginxConf.includes('ssl_verify_client optional;')).toBe(v !== 'off');
      expect(o.nginxConf.includes('return 496;')).toBe(v === 'required');
    },
  },
  {
    prop: 'clientCertificates[0]',
    props: (v) => ({ clientCertificates: [v], certificateMode: CertificateMode.PRIVATE_CA }),
    valid: ['grafana', 'edge-eu.1_a'],
    grammar: /^[A-Za-z0-9._ -]{1,20}$/,
    lands: (v, o) => expect(Object.values(o.resources.tls_cert_request).map((r: Resource) => r.subject[0].common_name)).toContain(v),
  },
  {
    prop: 'externalLabels',
    name: 'externalLabels, a label name',
    props: (v) => ({ externalLabels: { [v]: 'eu' } }),
    valid: ['site', 'region_1'],
    grammar: /^[A-Za-z_0-9]{1,10}$/,
    lands: (v, o) => expect(parse(o.prometheusYml).global.external_labels).toEqual({ [v]: 'eu' }),
  },
  {
    prop: 'externalLabels',
    name: 'externalLabels, a label value',
    props: (v) => ({ externalLabels: { site: v } }),
    valid: ['eu', 'a value with spaces'],
    grammar: /^[ -~]{0,20}$/,
    lands: (v, o) => expect(parse(o.prometheusYml).global.external_labels).toEqual({ site: v }),
  },
  {
    prop: 'remoteWrite[0].url',
    props: (v) => remoteWrite({ url: v }),
    valid: ['https://mimir.example.org/api/v1/push', 'http://10.0.0.1:9009/api/v1/push?tenant=a'],
    grammar: /^https?:\/\/[a-z0-9.:-]{1,15}(\/[A-Za-z0-9._~%?=&-]{0,10})?$/,
    lands: (v, o) => expect(parse(o.prometheusYml).remote_write[0].url).toBe(v),
  },
  {
    prop: 'remoteWrite[0].headers',
    name: 'remoteWrite[0].headers, a header value',
    props: (v) => remoteWrite({ headers: { 'X-Scope-OrgID': v } }),
    valid: ['tenant-a', 'a b'],
    grammar: /^[ -~]{0,20}$/,
    lands: (v, o) => expect(parse(o.prometheusYml).remote_write[0].headers).toEqual({ 'X-Scope-OrgID': v }),
  },
  {
    prop: 'remoteWrite[0].basicAuthPassword',
    props: (v) => remoteWrite({ basicAuthUsername: 'u', basicAuthPassword: v }),
    // What a Terraform string inside sensitive("...") gives meaning to: quotes, backslashes, templates.
    valid: ['s3cret', 'a"b\\c${d}%{e}\\n'],
    grammar: /^[ -~]{1,20}$/,
    lands: (v, o) => expect(byName(o, '-agent').upload.find((u: Resource) => u.file === '/agent/staging/prometheus/remote-write/0/password').content).toBe(v),
  },
  {
    prop: 'basicAuthUsers[0].username',
    props: (v) => ({ basicAuthUsers: [{ username: v, passwordHash: BASIC_AUTH.passwordHash }] }),
    valid: ['grafana', 'a!b~c'],
    grammar: /^[!-~ ]{1,20}$/,
    lands: (v, o) => expect(o.htpasswd).toEqual([`${v}:${BASIC_AUTH.passwordHash}\n`]),
  },
  {
    prop: 'basicAuthUsers[0].passwordHash',
    props: (v) => ({ basicAuthUsers: [{ username: 'grafana', passwordHash: v }] }),
    valid: [BASIC_AUTH.passwordHash],
    grammar: /^\$2[abxy]\$(0\d|1[0-3])\$[./A-Za-z0-9]{52,54}$/,
    // musl's crypt() reads $2b$ as $2y$ only, so the construct writes the same hash with that prefix.
    lands: (v, o) => expect(o.htpasswd).toEqual([`grafana:${v.replace(/^\$2b\$/, '$2y$')}\n`]),
  },
];

/** What nginx, YAML, shells and Terraform give meaning to, and what looks like text but is not ASCII. */
const HOSTILE_PIECES = [
  '$', '${', '$${', '%{', '%%{', '}', '{', ';', '"', "'", '`', ' ', '\t', '\n', '\r', '\0', '\x7f', '\\', '..', '//', '/',
  '#', '?', '%2e', '%00', '*', ':', '@', '=', ',', '|', '&', '<', '>', '!', '- ', 'é', 'İ', '☃', '🙂', '\u202e', '\u200b', '\ufeff',
];

function hostile({ valid, grammar }: Target): fc.Arbitrary<string> {
  const piece = fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...valid), fc.stringMatching(/^[a-z0-9.:/-]{1,6}$/));
  return fc.oneof(
    { arbitrary: fc.stringMatching(grammar), weight: 3 },
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ unit: 'grapheme', maxLength: 24 }),
    fc.array(piece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join('')),
    fc.tuple(fc.constantFrom(...valid), fc.constantFrom(...HOSTILE_PIECES), fc.nat()).map(([v, p, at]) => v.slice(0, at % (v.length + 1)) + p + v.slice(at % (v.length + 1))),
    fc.constantFrom(...valid),
  );
}

const nameOf = (target: Target): string => target.name ?? target.prop;

interface Accepted {
  readonly target: Target;
  readonly value: string;
  readonly output: Output;
}

describeLive('hostile input to every string prop, live', (line) => {
  const seed = PROPERTY_SEED;
  const accepted: Accepted[] = [];

  describe.each(TARGETS.map((target) => [nameOf(target), target] as const))('%s', (_, target) => {
    test('lands verbatim where it belongs, injecting nothing, or is refused with an error naming the prop (never when valid)', () => {
      for (const value of [...target.valid, ...fc.sample(hostile(target), { numRuns: 60, seed })]) {
        // WHEN the value is given to the construct
        let output: Output | undefined;
        let error: unknown;
        try {
          const stack = synthesizeProxies('hostile', line, { proxy: { domainName: 'example.com', ...target.props(value) } as PrometheusTlsProxyProps });
          // Throws where Terraform would evaluate more than a reference: nothing injected an expression.
          const resources = evaluateResources(stack.resources);
          output = {
            stack: stack.resources,
            resources,
            nginxConf: uploadedFiles(stack.resources, 'nginx.conf')[0],
            prometheusYml: uploadedFiles(stack.resources, 'prometheus.yml')[0],
            htpasswd: uploadedFiles(stack.resources, 'htpasswd'),
            containers: Object.values(resources.docker_container),
          };
        } catch (e) {
          error = e;
        }
        // THEN
        if (output === undefined) {
          expect({ seed, value, valid: target.valid.includes(value), error: String(error), isPropError: error instanceof PropValidationError }).toEqual({
            seed, value, valid: false, error: expect.stringMatching(new RegExp(`^PropValidationError: ${target.prop.replace(/[[\].]/g, '\\$&')} `)), isPropError: true,
          });
        } else {
          try {
            target.lands(value, output);
          } catch (e) {
            throw new Error(`accepted ${JSON.stringify(value)} (FC_SEED=${seed}) did not land as given: ${(e as Error).message}`);
          }
          accepted.push({ target, value, output });
        }
      }
    });
  });

  test('every accepted value gives a config nginx -t and promtool accept', async () => {
    // GIVEN the configs synthesized for every accepted value above, valid ones included, and some for every target
    expect(new Set(TARGETS.map(nameOf)).size).toBe(TARGETS.length);
    expect(TARGETS.filter((target) => !accepted.some((a) => a.target === target)).map(nameOf)).toEqual([]);
    // WHEN
    const [nginx, promtool] = await Promise.all([
      nginxTest(accepted.map((a) => a.output.stack), line),
      promtoolCheck(accepted.map((a) => a.output.prometheusYml), line),
    ]);
    // THEN
    const failures = accepted.flatMap((a, i) =>
      nginx[i].ok && promtool[i].ok ? [] : [{ target: nameOf(a.target), value: a.value, nginx: nginx[i].output, promtool: promtool[i].output }],
    );
    expect({ seed, failures }).toEqual({ seed, failures: [] });
  }, 120_000);
});
