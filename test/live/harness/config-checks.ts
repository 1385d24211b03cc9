import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_FILES, NGINX_PATHS } from '../../../lib/container-layout';
import { fileIn, isNginx, unissuedContainerSpecs } from './containers';
import type { ImageLine } from './image-lines';
import { runInImage } from './engine/run-in-image';
import { run } from './processes';
import type { TerraformResources } from './terraform';

export interface CheckResult {
  readonly ok: boolean;
  readonly output: string;
}

const VARIANTS = '/etc/nginx/variants';

/**
 * `nginx -t` of `line`'s nginx image on the nginx.conf each stack writes for its one nginx container,
 * all in one container: a certificate and key at the construct's paths, one shell loop that runs
 * `ENTRYPOINT -t -c <config>` for each, with the synthesized entrypoint (the last `-c` wins).
 */
export async function nginxTest(stacks: TerraformResources[], line: ImageLine): Promise<CheckResult[]> {
  const checked = stacks.map((resources) => {
    const specs = unissuedContainerSpecs(resources);
    const nginx = specs.filter(isNginx);
    if (nginx.length !== 1) throw new Error(`nginx -t checks stacks with one nginx container, found ${nginx.length}`);
    return { config: fileIn(specs, nginx[0], NGINX_PATHS.config), argv: nginx[0].argv };
  });
  const argv = checked[0].argv;
  if (checked.some((stack) => stack.argv.join('\0') !== argv.join('\0'))) throw new Error('nginx -t runs every config with one entrypoint');
  const workDir = mkdtempSync(join(tmpdir(), 'ptp-nginx-t-'));
  try {
    // Any valid pair will do: nginx -t loads the certificate and key, it never serves them.
    const key = join(workDir, 'key.pem');
    const certificate = join(workDir, 'cert.pem');
    await run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=nginx-t',
      '-keyout', key, '-out', certificate], { check: true });
    // nginx.conf names them relative to its own directory.
    const files = [
      { path: `${VARIANTS}/${NGINX_FILES.certificate}`, content: readFileSync(certificate) },
      { path: `${VARIANTS}/${NGINX_FILES.privateKey}`, content: readFileSync(key), mode: 0o600 },
      // Any certificate will do as the CA client certificates are verified against.
      { path: `${VARIANTS}/${NGINX_FILES.clientCa}`, content: readFileSync(certificate) },
      ...checked.map(({ config }, i) => ({ path: `${VARIANTS}/${i}.conf`, content: config })),
    ];
    const loop = `for i in $(seq 0 ${checked.length - 1}); do f=${VARIANTS}/$i.conf; out=$("$@" -t -c "$f" 2>&1); echo "=== $i $?"; echo "$out"; done`;
    const result = await runInImage({ image: line.imageNames.nginx, argv: ['/bin/sh', '-c', loop, 'sh', ...argv], files, timeoutMs: 300_000 });
    const sections = new Map<number, { ok: boolean; output: string }>();
    for (const section of result.stdout.split(/^=== /m).slice(1)) {
      const [head, ...output] = section.split('\n');
      const [index, code] = head.split(' ').map(Number);
      sections.set(index, { ok: code === 0, output: output.join('\n') });
    }
    return checked.map((_, i) => sections.get(i) ?? { ok: false, output: `no result:\n${result.stdout}${result.stderr}` });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** `promtool check config` of `line`'s Prometheus image on every rendered prometheus.yml, in one run. */
export async function promtoolCheck(configs: string[], line: ImageLine): Promise<CheckResult[]> {
  const paths = configs.map((_, i) => `/tmp/configs/${i}.yml`);
  const result = await runInImage({
    image: line.imageNames.prometheus,
    argv: ['/bin/promtool', 'check', 'config', ...paths],
    files: configs.map((content, i) => ({ path: paths[i], content })),
    timeoutMs: 300_000,
  });
  const output = result.stdout + result.stderr;
  return paths.map((path) => ({
    ok: output.includes(`SUCCESS: ${path} is valid`),
    output: output.split('\n').filter((text) => text.includes(`${path} `) || text.includes(`${path}:`)).join('\n'),
  }));
}
