import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { AGENT_PATHS } from '../../lib/container-layout';
import { AGENT_API_ADDRESS } from '../../lib/render/agent-proxy';
import { AGENT_SCRIPT, AgentConsumer, AgentManifestInput, renderAgentManifest } from '../../lib/render/agent-script';

const NGINX: AgentConsumer = {
  name: 'nginx',
  container: 'p-nginx',
  volumePath: '/agent/volumes/nginx',
  mountPath: '/etc/nginx/rendered',
  owner: '0:0',
  check: ['nginx', '-t', '-q', '-c', '{revision}/nginx.conf'],
  verify: 'workers',
};
const PROMETHEUS: AgentConsumer = {
  name: 'prometheus',
  container: 'p-prometheus',
  volumePath: '/agent/volumes/prometheus',
  mountPath: '/etc/prometheus/rendered',
  owner: '65534:65534',
  check: ['promtool', 'check', 'config', '{revision}/prometheus.yml'],
  verify: 'metrics:http://127.0.0.1:9090/metrics prometheus_config_last_reload',
};
const input: AgentManifestInput = { consumers: [NGINX, PROMETHEUS], pod: 'p-pod', members: ['p-nginx', 'p-prometheus'], graceSeconds: 60, periodSeconds: 2 };

/** What /bin/sh reads from `manifest` when it sources it, as the script does: each variable's value. */
function sourced(manifest: string, names: string[]): string[] {
  const script = `${manifest}\nfor name in ${names.join(' ')}; do eval "printf '%s\\\\0' \\"\\$$name\\""; done`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('renderAgentManifest', () => {
  test('renders the consumers, the pod, its members and the periods as shell assignments, each consumer in order', () => {
    expect(renderAgentManifest(input)).toBe(
      [
        '# Rendered by prometheus-tls-proxy: what the pod agent delivers and supervises.',
        "CONSUMERS='nginx prometheus'",
        "POD='p-pod'",
        "MEMBERS='p-nginx p-prometheus'",
        "GRACE_SECONDS='60'",
        "PERIOD_SECONDS='2'",
        "nginx_container='p-nginx'",
        "nginx_volume='/agent/volumes/nginx'",
        "nginx_mount='/etc/nginx/rendered'",
        "nginx_owner='0:0'",
        'nginx_check=\'["nginx","-t","-q","-c","{revision}/nginx.conf"]\'',
        "nginx_verify='workers'",
        "prometheus_container='p-prometheus'",
        "prometheus_volume='/agent/volumes/prometheus'",
        "prometheus_mount='/etc/prometheus/rendered'",
        "prometheus_owner='65534:65534'",
        'prometheus_check=\'["promtool","check","config","{revision}/prometheus.yml"]\'',
        "prometheus_verify='metrics:http://127.0.0.1:9090/metrics prometheus_config_last_reload'",
        '',
      ].join('\n'),
    );
  });

  test('the shell reads back every value as given, the check as the JSON argv the Engine API takes', () => {
    // WHEN
    const values = sourced(renderAgentManifest(input), ['CONSUMERS', 'POD', 'MEMBERS', 'prometheus_mount', 'prometheus_check', 'prometheus_verify']);
    // THEN
    expect(values).toEqual(['nginx prometheus', 'p-pod', 'p-nginx p-prometheus', '/etc/prometheus/rendered', JSON.stringify(PROMETHEUS.check), PROMETHEUS.verify]);
  });

  test('without consumers, only supervises', () => {
    expect(renderAgentManifest({ ...input, consumers: [] }).split('\n').slice(1, 3)).toEqual(["CONSUMERS=''", "POD='p-pod'"]);
  });

  test.each<[string, string, string]>([
    ['with a dash, which no shell variable has', 'alert-manager', 'the variable name "alert-manager_container"'],
    ['with a capital', 'Nginx', 'the variable name "Nginx_container"'],
    ['starting with a digit', '1nginx', 'the variable name "1nginx_container"'],
    ['with a space, which would make it two', 'nginx prometheus', 'the variable name "nginx prometheus_container"'],
    ['empty', '', 'the variable name "_container"'],
    ['with a command substitution', '$(id)', 'to render CONSUMERS="$(id)"'],
  ])('refuses a consumer name %s', (_, name, refused) => {
    expect(() => renderAgentManifest({ ...input, consumers: [{ ...NGINX, name }] })).toThrow(`agent manifest: refusing ${refused}`);
  });

  test.each<[string, Partial<AgentManifestInput>, string, string]>([
    ['a pod name that ends the quotes', { pod: "p-pod'; rm -rf /; '" }, 'POD', "p-pod'; rm -rf /; '"],
    ['a member with a command substitution', { members: ['p-nginx', '$(id)'] }, 'MEMBERS', 'p-nginx $(id)'],
    ['a member with backquotes', { members: ['`id`'] }, 'MEMBERS', '`id`'],
    ['a member with a newline', { members: ['p-nginx\nPOD=x'] }, 'MEMBERS', 'p-nginx\nPOD=x'],
    ['a container with a semicolon', { consumers: [{ ...NGINX, container: 'p-nginx;id' }] }, 'nginx_container', 'p-nginx;id'],
    ['a mount path with a pipe, which ends the sed expression the check is made with', { consumers: [{ ...NGINX, mountPath: '/etc/a|b' }] }, 'nginx_mount', '/etc/a|b'],
    ['an owner with a variable', { consumers: [{ ...NGINX, owner: '$UID:0' }] }, 'nginx_owner', '$UID:0'],
    ['a check with a quote', { consumers: [{ ...NGINX, check: ['nginx', "-t'"] }] }, 'nginx_check', JSON.stringify(['nginx', "-t'"])],
    ['a check with a backslash, which JSON doubles', { consumers: [{ ...NGINX, check: ['a\\b'] }] }, 'nginx_check', JSON.stringify(['a\\b'])],
    ['a verification with an ampersand', { consumers: [{ ...NGINX, verify: 'workers & id' }] }, 'nginx_verify', 'workers & id'],
  ])('refuses %s', (_, overrides, name, value) => {
    expect(() => renderAgentManifest({ ...input, ...overrides })).toThrow(`agent manifest: refusing to render ${name}=${JSON.stringify(value)}`);
  });
});

describe('AGENT_SCRIPT', () => {
  test('is a shell script sh parses, with every ${ of its own in place', () => {
    expect(AGENT_SCRIPT.startsWith('#!/bin/sh\n')).toBe(true);
    expect(AGENT_SCRIPT).not.toContain('@{');
    expect(() => execFileSync('sh', ['-n'], { input: AGENT_SCRIPT, stdio: ['pipe', 'ignore', 'pipe'] })).not.toThrow();
  });

  test('reads the variables the manifest defines, and the manifest defines those it reads', () => {
    // GIVEN the names of the manifest's variables, a consumer's by their suffix
    const manifest = [...renderAgentManifest(input).matchAll(/^(\w+)=/gm)].map(([, name]) => name);
    const global = manifest.filter((name) => /^[A-Z_]+$/.test(name));
    const perConsumer = [...new Set(manifest.filter((name) => name.startsWith('nginx_')).map((name) => name.slice('nginx_'.length)))].sort();
    // THEN
    for (const name of global) expect(AGENT_SCRIPT).toMatch(new RegExp(`\\$${name}\\b`));
    const read = [...new Set([...AGENT_SCRIPT.matchAll(/\\\$\$1_(\w+)/g)].map(([, suffix]) => suffix))].sort();
    expect(read).toEqual(perConsumer);
  });

  test('finds its files where the container layout puts them, and the Engine API where its proxy listens', () => {
    expect(AGENT_SCRIPT).toContain(`\n. ${AGENT_PATHS.manifest}\n`);
    expect(AGENT_SCRIPT).toContain(`\nAPI=http://${AGENT_API_ADDRESS}\n`);
    expect(AGENT_SCRIPT).toContain(`\nSTATE=${posix.dirname(AGENT_PATHS.healthy)}\n`);
    expect(AGENT_SCRIPT).toContain(`: > "$STATE/${posix.basename(AGENT_PATHS.healthy)}"`);
    expect(AGENT_SCRIPT).toContain(`"${AGENT_PATHS.staging}/$c"`);
    expect(AGENT_SCRIPT).toContain(`-c ${AGENT_PATHS.proxyConfig} `);
  });

  test('signals a consumer with HUP only, and makes a checked revision current in one rename', () => {
    expect([...AGENT_SCRIPT.matchAll(/\/kill\?signal=(\w+)/g)].map(([, signal]) => signal)).toEqual(['HUP', 'HUP']);
    expect(AGENT_SCRIPT).toContain('ln -s "$rev" "$volume/.current" && mv -T "$volume/.current" "$volume/current"');
  });
});
