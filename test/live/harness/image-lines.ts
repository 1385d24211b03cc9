import { execFileSync } from 'node:child_process';

/**
 * The nginx and Prometheus lines the live suite runs: the ones the images ship (Debian unstable's
 * packages, from a root built with mmdebstrap, see sid-root.ts) and Debian 12's (the machine's own
 * packages), for users who pin older images. Each test names its line in its title, so that every
 * failure says which versions it ran on.
 */
export interface ImageLine {
  readonly id: 'current' | 'debian12';
  /** Root filesystem whose /usr and /etc/ssl the containers use: `/` for the machine's. */
  readonly root: string;
  readonly nginxVersion: string;
  readonly prometheusVersion: string;
  /**
   * Image props a stack on this line sets, so that the construct renders for the versions that run:
   * none on the current line (the pinned images are of its versions), older tags on Debian 12's.
   */
  readonly images: { readonly nginxImage?: string; readonly prometheusImage?: string };
}

/** Set by the live suite's global setup, which builds (or finds) the current line's root. */
export const CURRENT_LINE_ENV = 'PTP_CURRENT_LINE';

/** `1.30.6-2` → `1.30.6`, `3.5.3+ds1-6` → `3.5.3`. */
function upstreamVersion(debian: string): string {
  return debian.replace(/^\d+:/, '').replace(/[+~-].*$/, '');
}

function line(id: ImageLine['id'], root: string, versions: Record<string, string>): ImageLine {
  const nginxVersion = upstreamVersion(versions.nginx ?? versions['nginx-light']);
  const prometheusVersion = upstreamVersion(versions.prometheus);
  const images = id === 'current' ? {} : { nginxImage: `nginx:${nginxVersion}-alpine`, prometheusImage: `prom/prometheus:v${prometheusVersion}` };
  return { id, root, nginxVersion, prometheusVersion, images };
}

/** The line of nginx 1.30 and Prometheus 3: the current upstream lines, which the pinned images run. */
export function currentLine(): ImageLine | undefined {
  const found = process.env[CURRENT_LINE_ENV];
  if (found === undefined) return undefined;
  const { root, versions } = JSON.parse(found) as { root: string; versions: Record<string, string> };
  return line('current', root, versions);
}

/** Debian 12's nginx 1.22 and Prometheus 2.42, installed on the machine. */
export function debian12Line(): ImageLine | undefined {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f', '${Package} ${Version}\\n', 'nginx-light', 'prometheus'], { encoding: 'utf8' });
    const versions = Object.fromEntries(out.trim().split('\n').map((l) => l.split(' ')));
    return versions['nginx-light'] && versions.prometheus ? line('debian12', '/', versions) : undefined;
  } catch {
    return undefined;
  }
}

/** "nginx 1.30.6, Prometheus 3.5.3": for test titles and failure messages. */
export function lineLabel(line: ImageLine): string {
  return `nginx ${line.nginxVersion}, Prometheus ${line.prometheusVersion}`;
}
