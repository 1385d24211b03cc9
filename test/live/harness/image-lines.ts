import { IMAGES } from '../../../lib/defaults';
import type { Suite } from './debian-root';

/**
 * The nginx and Prometheus lines the live suite runs, each as images built from a Debian root (see
 * engine/images.ts): the lines the pinned images ship (Debian unstable's packages) and Debian 12's,
 * for users who pin older images. Each test names its line in its title, so that every failure says
 * which versions it ran on.
 */
export interface ImageLine {
  readonly id: 'current' | 'debian12';
  readonly suite: Suite;
  readonly nginxVersion: string;
  readonly prometheusVersion: string;
  readonly alertmanagerVersion: string;
  /** The image names a stack of this line uses, under which the stand-ins are tagged. */
  readonly imageNames: { readonly nginx: string; readonly prometheus: string; readonly alertmanager: string };
  /**
   * Image props a stack on this line sets, so that the construct renders for the versions that run:
   * none on the current line (the pinned images are of its versions), older tags on Debian 12's.
   */
  readonly images: { readonly nginxImage?: string; readonly prometheusImage?: string };
}

/** Set by the live suite's global setup, which builds (or finds) the lines' images: `{ current: versions, debian12: versions }`. */
export const LINES_ENV = 'PTP_LINES';

/** The image of Alertmanager both lines are tagged as on the current line, until the construct pins one. */
const ALERTMANAGER_IMAGE = 'prom/alertmanager:v0.33.1';

/** `1.30.6-2` → `1.30.6`, `3.5.3+ds1-6` → `3.5.3`. */
function upstreamVersion(debian: string): string {
  return debian.replace(/^\d+:/, '').replace(/[+~-].*$/, '');
}

export const SUITES: Record<ImageLine['id'], Suite> = { current: 'sid', debian12: 'bookworm' };

/** The line of a suite's package versions. */
export function lineOf(id: ImageLine['id'], versions: Record<string, string>): ImageLine {
  const nginxVersion = upstreamVersion(versions.nginx ?? versions['nginx-light']);
  const prometheusVersion = upstreamVersion(versions.prometheus);
  const alertmanagerVersion = upstreamVersion(versions['prometheus-alertmanager']);
  const imageNames =
    id === 'current'
      ? { nginx: IMAGES.nginx, prometheus: IMAGES.prometheus, alertmanager: ALERTMANAGER_IMAGE }
      : { nginx: `nginx:${nginxVersion}-alpine`, prometheus: `prom/prometheus:v${prometheusVersion}`, alertmanager: `prom/alertmanager:v${alertmanagerVersion}` };
  const images = id === 'current' ? {} : { nginxImage: imageNames.nginx, prometheusImage: imageNames.prometheus };
  return { id, suite: SUITES[id], nginxVersion, prometheusVersion, alertmanagerVersion, imageNames, images };
}

function fromEnvironment(id: ImageLine['id']): ImageLine | undefined {
  const found = process.env[LINES_ENV];
  if (found === undefined) return undefined;
  const versions = (JSON.parse(found) as Partial<Record<ImageLine['id'], Record<string, string>>>)[id];
  return versions === undefined ? undefined : lineOf(id, versions);
}

/** The line of nginx 1.30 and Prometheus 3: the current upstream lines, which the pinned images run. */
export function currentLine(): ImageLine | undefined {
  return fromEnvironment('current');
}

/** Debian 12's nginx 1.22 and Prometheus 2.42. */
export function debian12Line(): ImageLine | undefined {
  return fromEnvironment('debian12');
}

/** "nginx 1.30.6, Prometheus 3.5.3": for test titles and failure messages. */
export function lineLabel(line: ImageLine): string {
  return `nginx ${line.nginxVersion}, Prometheus ${line.prometheusVersion}`;
}
