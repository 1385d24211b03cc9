import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_PATHS } from '../../../lib/container-layout';
import { buildContainerRoot } from './container-root';
import { fileIn, isNginx, unissuedContainerSpecs } from './containers';
import type { ImageLine } from './image-lines';
import { standInFor } from './image-stand-ins';
import { Daemon, run } from './processes';
import type { TerraformResources } from './terraform';

export interface CheckResult {
  readonly ok: boolean;
  readonly output: string;
}

const VARIANTS = '/etc/nginx/variants';

/**
 * `nginx -t` on `line`'s nginx on the nginx.conf each stack writes for its one nginx container, all
 * at once: one namespace and one container root (with the nginx container's tmpfs mounts, a
 * certificate and key at the construct's paths), one shell loop that runs `ENTRYPOINT -t -c <config>`
 * for each, with the synthesized entrypoint (the last `-c` wins).
 */
export async function nginxTest(stacks: TerraformResources[], line: ImageLine): Promise<CheckResult[]> {
  const checked = stacks.map((resources) => {
    const specs = unissuedContainerSpecs(resources);
    const nginx = specs.filter(isNginx);
    if (nginx.length !== 1) throw new Error(`nginx -t checks stacks with one nginx container, found ${nginx.length}`);
    return { config: fileIn(specs, nginx[0], NGINX_PATHS.config), spec: nginx[0], argv: nginx[0].argv };
  });
  const configs = checked.map(({ config }) => config);
  const argv = checked[0].argv;
  if (checked.some((stack) => stack.argv.join('\0') !== argv.join('\0'))) throw new Error('nginx -t runs every config with one entrypoint');
  const workDir = mkdtempSync(join(tmpdir(), 'ptp-nginx-t-'));
  const holder = new Daemon('nginx -t namespace', ['setpriv', '--pdeathsig', 'KILL', 'unshare', '--mount', '--net', '--propagation', 'private', 'sleep', 'infinity']);
  try {
    // Any valid pair will do: nginx -t loads the certificate and key, it never serves them.
    const key = join(workDir, 'key.pem');
    const certificate = join(workDir, 'cert.pem');
    await run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=nginx-t',
      '-keyout', key, '-out', certificate], { check: true });
    await holder.execed('sleep');
    const root = join(workDir, 'root');
    mkdirSync(root);
    const uploads = [
      { file: NGINX_PATHS.certificate, content: readFileSync(certificate, 'utf8'), mode: 0o644 },
      { file: NGINX_PATHS.privateKey, content: readFileSync(key, 'utf8'), mode: 0o600 },
      // Any certificate will do as the CA client certificates are verified against.
      { file: NGINX_PATHS.clientCa, content: readFileSync(certificate, 'utf8'), mode: 0o644 },
      ...configs.map((content, i) => ({ file: `${VARIANTS}/${i}.conf`, content, mode: 0o644 })),
    ];
    const hosts = '127.0.0.1\tlocalhost\n';
    const sources = { line: line.root, volumeDirectory: () => { throw new Error('nginx -t mounts no volume'); } };
    await buildContainerRoot(holder.pid, root, { uploads, volumes: [], tmpfs: checked[0].spec.tmpfs, readOnly: false }, standInFor(argv[0]), hosts, sources);
    const loop = `for f in ${VARIANTS}/*.conf; do "$@" -t -c "$f" >"$f.out" 2>&1; echo "$f $?"; done`;
    const binary = standInFor(argv[0]).binary;
    const { stdout } = await run(['nsenter', '-t', String(holder.pid), '-m', '-n', '--', 'chroot', root, '/bin/sh', '-c', loop, 'sh', binary, ...argv.slice(1)], {
      check: true,
      timeoutMs: 120_000,
    });
    const codes = new Map(stdout.trim().split('\n').map((line) => line.split(' ') as [string, string]));
    return configs.map((_, i) => {
      const file = `${VARIANTS}/${i}.conf`;
      return { ok: codes.get(file) === '0', output: readFileSync(`/proc/${holder.pid}/root${root}${file}.out`, 'utf8') };
    });
  } finally {
    await holder.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * `promtool check config` of `line` on every rendered prometheus.yml in one call (promtool reads
 * nothing else: no namespace; the current line's Go binary runs on the machine's C library).
 */
export async function promtoolCheck(configs: string[], line: ImageLine): Promise<CheckResult[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'ptp-promtool-'));
  try {
    const files = configs.map((config, i) => {
      const file = join(workDir, `${i}.yml`);
      writeFileSync(file, config);
      return file;
    });
    const { stdout, stderr } = await run([join(line.root, 'usr/bin/promtool'), 'check', 'config', ...files], { timeoutMs: 120_000 });
    const output = stdout + stderr;
    return files.map((file) => ({
      ok: output.includes(`SUCCESS: ${file} is valid`),
      output: output.split('\n').filter((line) => line.includes(`${file} `) || line.includes(`${file}:`)).join('\n'),
    }));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
