import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const REPO = resolve(__dirname, '../..');
const EXAMPLE = join(REPO, 'examples/composition/main.ts');
/** What `cdktf init --template=typescript` lays out, from cdktf-cli's own template. */
const TEMPLATE = join(REPO, 'node_modules/@cdktf/cli-core/templates/typescript');
/** Versions a new project would have: the latest constructs 10.x, provider patches other than the repository's pins. */
const CONSUMER_DEPENDENCIES = ['cdktf@0.21.0', 'constructs@10', '@cdktf/provider-docker@12.0.3', '@cdktf/provider-tls@11.0.1'];
/** TypeScript 5.x: ts-node, which cdktf init's app runs, does not work with TypeScript 7. */
const CONSUMER_DEV_DEPENDENCIES = ['@types/node@20', 'typescript@5.9.3', 'ts-node@10'];

type Resource = Record<string, any>;

function sh(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
}

/**
 * A separate cdktf project, laid out as `cdktf init` lays one out, installs the packed library from
 * its tarball, type-checks the composition example (the README's) and synthesizes it.
 */
describe('a new cdktf project that installs the packed library', () => {
  let app: string;
  let stack: { resource: Record<string, Record<string, Resource>>; provider: Record<string, Resource[]>; output: Record<string, Resource> };
  let packed: string[];

  beforeAll(() => {
    app = mkdtempSync(join(tmpdir(), 'ptp-consumer-'));
    // GIVEN the tarball npm would publish (prepare builds it with jsii)
    const output = sh('npm', ['pack', '--json', '--pack-destination', app], REPO);
    // What prepare (jsii) prints comes first; npm's JSON report is the rest.
    const tarball = JSON.parse(output.slice(output.search(/^\[$/m)))[0];
    packed = tarball.files.map((file: { path: string }) => file.path);
    // AND a project laid out as cdktf init lays it out
    const substitute = (text: string) =>
      text.replace(/\{\{ \$base \}\}/g, 'monitoring').replace('{{projectId}}', 'consumer-test').replace('{{sendCrashReports}}', 'false').replace('{{futureFlags}}', '');
    for (const file of ['package.json', 'cdktf.json', 'tsconfig.json']) writeFileSync(join(app, file), substitute(readFileSync(join(TEMPLATE, file), 'utf8')));
    copyFileSync(EXAMPLE, join(app, 'main.ts'));
    // WHEN it installs the library and its peers, type-checks and synthesizes
    sh('npm', ['install', '--no-audit', '--no-fund', join(app, tarball.filename), ...CONSUMER_DEPENDENCIES], app);
    sh('npm', ['install', '--no-audit', '--no-fund', '-D', ...CONSUMER_DEV_DEPENDENCIES], app);
    sh('npx', ['tsc'], app);
    sh('node', ['main.js'], app);
    stack = JSON.parse(readFileSync(join(app, 'cdktf.out/stacks/monitoring/cdk.tf.json'), 'utf8'));
  }, 300_000);

  afterAll(() => rmSync(app, { recursive: true, force: true }));

  test('the tarball holds the compiled library, its declarations, the jsii assembly and the docs, and nothing else', () => {
    expect(packed.filter((path) => !/^(dist\/.+\.(js|d\.ts|d\.ts\.map)|node_modules\/yaml\/.+|\.jsii|API\.md|README\.md|LICENSE|package\.json)$/.test(path))).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', '.jsii', 'LICENSE', 'README.md', 'API.md']));
    expect(packed.some((path) => /^(test|bench|lib|examples)\//.test(path) || path.startsWith('dist/test'))).toBe(false);
  });

  test("npm installs one copy of the framework and the providers, the project's, shared with the library", () => {
    const tree = JSON.parse(sh('npm', ['ls', '--all', '--json', 'constructs', 'cdktf', '@cdktf/provider-docker', '@cdktf/provider-tls'], app));
    const versions = (name: string): string[] => {
      const found = new Set<string>();
      const walk = (node: { dependencies?: Record<string, { version: string; dependencies?: unknown }> }): void => {
        for (const [dependency, child] of Object.entries(node.dependencies ?? {})) {
          if (dependency === name) found.add(child.version);
          walk(child as never);
        }
      };
      walk(tree);
      return [...found];
    };
    expect(versions('constructs')).toHaveLength(1);
    expect(versions('constructs')[0]).not.toBe('10.4.2');
    expect(versions('@cdktf/provider-docker')).toEqual(['12.0.3']);
    expect(versions('@cdktf/provider-tls')).toEqual(['11.0.1']);
    // The library's resources are the project's classes: no nested copy behind an instanceof.
    const check = "const {Network}=require('@cdktf/provider-docker/lib/network');const {Testing}=require('cdktf');const {PrometheusTlsProxy}=require('prometheus-tls-proxy');" +
      "let p;Testing.synthScope((s)=>{p=new PrometheusTlsProxy(s,'p',{domainName:'example.com'})});console.log(p.network instanceof Network)";
    expect(sh('node', ['-e', check], app).trim()).toBe('true');
  });

  test('two instances on two aliased Docker providers, each resource on its own host', () => {
    expect(stack.provider.docker.map((provider) => [provider.alias, provider.host]).sort()).toEqual([
      ['east', 'ssh://deploy@east.example.com'],
      ['west', 'ssh://deploy@west.example.com'],
    ]);
    const hosts = Object.fromEntries(
      Object.values(stack.resource.docker_container).map((container) => [container.name, container.provider]),
    );
    expect(hosts).toEqual({
      'central-pod': 'docker.east', 'central-nginx': 'docker.east', 'central-nginx-config': 'docker.east', 'central-prometheus': 'docker.east', 'central-prometheus-config': 'docker.east',
      'node-exporter': 'docker.east', grafana: 'docker.east',
      'edge-pod': 'docker.west', 'edge-nginx': 'docker.west', 'edge-nginx-config': 'docker.west', 'edge-prometheus': 'docker.west', 'edge-prometheus-config': 'docker.west',
    });
  });

  test("Grafana is provisioned with a datasource that reaches the proxy by name over HTTPS and verifies it against the central CA", () => {
    // GIVEN
    const grafana = Object.values(stack.resource.docker_container).find((c) => c.name === 'grafana')!;
    const files = Object.fromEntries(grafana.upload.map((u: Resource) => [u.file, u.content]));
    const caRef = Object.keys(stack.resource.tls_self_signed_cert).find((id) => id.startsWith('central_ca_'))!;
    // THEN
    const provisioning = parse(files['/etc/grafana/provisioning/datasources/central.yaml']);
    expect(provisioning.datasources[0]).toMatchObject({
      type: 'prometheus',
      access: 'proxy',
      url: 'https://prometheus/prometheus/',
      jsonData: { tlsAuthWithCACert: true, tlsAuth: true, httpMethod: 'POST' },
      secureJsonData: {
        tlsCACert: '$__file{/etc/grafana/provisioning/datasources/central-ca.crt}',
        tlsClientCert: '$__file{/etc/grafana/provisioning/datasources/central-client.crt}',
        tlsClientKey: '$__file{/etc/grafana/provisioning/datasources/central-client.key}',
      },
    });
    expect(files['/etc/grafana/provisioning/datasources/central-ca.crt']).toBe(`\${tls_self_signed_cert.${caRef}.cert_pem}`);
    expect(files['/etc/grafana/provisioning/datasources/central-client.key']).toMatch(/^\$\{tls_private_key\.client-grafana_key_\w+\.private_key_pem\}$/);
    expect(grafana.networks_advanced).toEqual([{ name: expect.stringMatching(/^\$\{docker_network\.central_pod_network_\w+\.name\}$/) }]);
    // AND the certificate carries the alias the datasource uses
    const serverRequest = Object.values(stack.resource.tls_cert_request).find((r) => r.subject[0].common_name === 'prometheus.east.example.com')!;
    expect(serverRequest.dns_names).toEqual(['prometheus.east.example.com', 'prometheus']);
  });

  test('the central instance scrapes the node exporter; the edge agent remote-writes to it with a client certificate', () => {
    const config = (name: string): Resource => {
      const writer = Object.values(stack.resource.docker_container).find((c) => c.name === name)!;
      const upload = writer.upload.find((u: Resource) => u.file === '/staging/prometheus.yml');
      return parse(upload.content.replace(/\$\$\{/g, '${'));
    };
    expect(config('central-prometheus-config').scrape_configs.map((job: Resource) => job.job_name)).toEqual(['prometheus', 'node']);
    const edge = config('edge-prometheus-config');
    expect(edge.global.external_labels).toEqual({ site: 'west' });
    expect(edge.remote_write).toEqual([
      {
        url: 'https://prometheus.east.example.com/prometheus/api/v1/write',
        name: 'central',
        tls_config: {
          ca_file: '/etc/prometheus/rendered/remote-write/0/ca.crt',
          cert_file: '/etc/prometheus/rendered/remote-write/0/client.crt',
          key_file: '/etc/prometheus/rendered/remote-write/0/client.key',
        },
      },
    ]);
    const central = Object.values(stack.resource.docker_container).find((c) => c.name === 'central-prometheus')!;
    expect(central.command).toContain('--web.enable-remote-write-receiver');
  });

  test('outputs the URLs and the CA', () => {
    expect(Object.keys(stack.output).sort()).toEqual(['central_ca_pem', 'central_url', 'edge_url', 'grafana_datasource_url']);
    expect(stack.output.grafana_datasource_url.value).toBe('https://prometheus/prometheus/');
  });

  test('the example is the README\'s composition example, word for word', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain(readFileSync(EXAMPLE, 'utf8'));
  });
});
