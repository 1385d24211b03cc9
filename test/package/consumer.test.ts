import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const REPO = resolve(__dirname, '../..');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const EXAMPLE = join(REPO, 'examples/composition/main.ts');
/** The repository's cdktf CLI, standing in for the one a user runs `cdktf init` with. */
const CDKTF = join(REPO, 'node_modules/.bin/cdktf');

type Resource = Record<string, any>;
type Stack = { resource: Record<string, Record<string, Resource>>; provider: Record<string, Resource[]>; output: Record<string, Resource> };

function sh(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
}

/** The fenced `lang` blocks of the README's `## heading` section, up to its first subsection. */
function blocks(heading: string, lang: 'sh' | 'ts'): string[] {
  const start = README.indexOf(`\n## ${heading}\n`);
  const section = README.slice(start + 1).split(/\n##+ /)[0];
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
}

/** The commands of a shell block, one a line, their comments left out. */
function commands(block: string): string[] {
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

/**
 * A project made with `cdktf init --template=typescript` follows the README's Install and Use sections
 * word for word, then synthesizes the composition example (the README's) too.
 */
describe('a new cdktf project that follows the README', () => {
  let app: string;
  let packed: string[];
  let use: Stack;
  let stack: Stack;

  beforeAll(() => {
    app = join(mkdtempSync(join(tmpdir(), 'ptp-consumer-')), 'monitoring');
    mkdirSync(app);
    // GIVEN a project made with cdktf init
    sh(CDKTF, ['init', '--template=typescript', '--local', '--project-name=monitoring', '--project-description=consumer test', '--enable-crash-reporting=false'], app);
    // AND the tarball npm would publish (prepare builds it with jsii), copied into it
    const output = sh('npm', ['pack', '--json', '--pack-destination', app], REPO);
    // What prepare (jsii) prints comes first; npm's JSON report is the rest.
    packed = JSON.parse(output.slice(output.search(/^\[$/m)))[0].files.map((file: { path: string }) => file.path);
    // WHEN it runs the README's Install commands, writes its Use stack as main.ts and runs its Use commands
    for (const command of commands(blocks('Install', 'sh')[0])) sh('sh', ['-c', command], app);
    writeFileSync(join(app, 'main.ts'), blocks('Use', 'ts')[0]);
    for (const command of commands(blocks('Use', 'sh')[0])) sh('sh', ['-c', command], app);
    use = JSON.parse(readFileSync(join(app, 'cdktf.out/stacks/monitoring/cdk.tf.json'), 'utf8'));
    // AND synthesizes the composition example the same way
    copyFileSync(EXAMPLE, join(app, 'main.ts'));
    sh('npx', ['cdktf', 'synth'], app);
    stack = JSON.parse(readFileSync(join(app, 'cdktf.out/stacks/monitoring/cdk.tf.json'), 'utf8'));
  }, 300_000);

  afterAll(() => rmSync(resolve(app, '..'), { recursive: true, force: true }));

  test('the README says what to install and what to run: the commands this test runs', () => {
    expect(commands(blocks('Install', 'sh')[0])).toEqual([
      'npm install -D typescript@5 cdktf-cli@0.21.0',
      'npm install @cdktf/provider-docker@^12.0.2 @cdktf/provider-tls@^11.0.0',
      'npm install ./prometheus-tls-proxy-0.2.0.tgz',
    ]);
    expect(commands(blocks('Use', 'sh')[0])).toEqual(['npx cdktf synth']);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest.devDependencies).toMatchObject({ 'cdktf-cli': '^0.21.0', typescript: expect.stringMatching(/^\^5\./) });
  });

  test('the tarball holds the compiled library, its declarations, the jsii assembly and the docs, and nothing else', () => {
    expect(packed.filter((path) => !/^(dist\/.+\.(js|d\.ts|d\.ts\.map)|node_modules\/yaml\/.+|\.jsii|API\.md|README\.md|LICENSE|package\.json)$/.test(path))).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', '.jsii', 'LICENSE', 'README.md', 'API.md']));
    expect(packed.some((path) => /^(test|bench|lib|examples)\//.test(path) || path.startsWith('dist/test'))).toBe(false);
  });

  test("npm installs one copy of the framework and the providers, the project's, shared with the library", () => {
    // What the app runs with: the CLI (a dev dependency) carries a framework copy of its own, for itself.
    const tree = JSON.parse(sh('npm', ['ls', '--all', '--omit=dev', '--json', 'constructs', 'cdktf', '@cdktf/provider-docker', '@cdktf/provider-tls'], app));
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
    expect(versions('cdktf')).toEqual(['0.21.0']);
    expect(versions('@cdktf/provider-docker')).toEqual([expect.stringMatching(/^12\./)]);
    expect(versions('@cdktf/provider-tls')).toEqual([expect.stringMatching(/^11\./)]);
    // The library's resources are the project's classes: no nested copy behind an instanceof.
    const check = "const {Network}=require('@cdktf/provider-docker/lib/network');const {Testing}=require('cdktf');const {PrometheusTlsProxy}=require('prometheus-tls-proxy');" +
      "let p;Testing.synthScope((s)=>{p=new PrometheusTlsProxy(s,'p',{domainName:'example.com'})});console.log(p.network instanceof Network)";
    expect(sh('node', ['-e', check], app).trim()).toBe('true');
  });

  test("the README's Use stack synthesizes one instance, its providers and its outputs", () => {
    expect(Object.keys(use.provider).sort()).toEqual(['docker', 'tls']);
    expect(Object.values(use.resource.docker_container).map((container) => container.name).sort()).toEqual([
      'prometheus-agent',
      'prometheus-nginx',
      'prometheus-pod',
      'prometheus-prometheus',
    ]);
    expect(use.output.url.value).toBe('https://example.com/prometheus/');
    expect(use.output.certificate_pem.value).toMatch(/^\$\{tls_self_signed_cert\.prometheus_tls_certificate_\w+\.cert_pem\}$/);
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
      'central-pod': 'docker.east', 'central-agent': 'docker.east', 'central-nginx': 'docker.east', 'central-prometheus': 'docker.east',
      'node-exporter': 'docker.east', grafana: 'docker.east',
      'edge-pod': 'docker.west', 'edge-agent': 'docker.west', 'edge-nginx': 'docker.west', 'edge-prometheus': 'docker.west',
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
    // prometheus.yml as the instance's agent delivers it to Prometheus
    const config = (agentName: string): Resource => {
      const agent = Object.values(stack.resource.docker_container).find((c) => c.name === agentName)!;
      const upload = agent.upload.find((u: Resource) => u.file === '/agent/staging/prometheus/prometheus.yml');
      return parse(upload.content.replace(/\$\$\{/g, '${'));
    };
    expect(config('central-agent').scrape_configs.map((job: Resource) => job.job_name)).toEqual(['prometheus', 'node']);
    const edge = config('edge-agent');
    expect(edge.global.external_labels).toEqual({ site: 'west' });
    expect(edge.remote_write).toEqual([
      {
        url: 'https://prometheus.east.example.com/prometheus/api/v1/write',
        name: 'central',
        tls_config: {
          ca_file: 'remote-write/0/ca.crt',
          cert_file: 'remote-write/0/client.crt',
          key_file: 'remote-write/0/client.key',
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
    expect(README).toContain(readFileSync(EXAMPLE, 'utf8'));
  });
});
