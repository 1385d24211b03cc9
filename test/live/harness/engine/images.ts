import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { IMAGES } from '../../../../lib/defaults';
import { DebianRoot, Suite, ensureDebianRoot, withLock } from '../debian-root';
import { ImageLine, lineOf } from '../image-lines';

const execFileAsync = promisify(execFile);

/** The docker CLI that matches the engine (Debian's docker.io): the harness builds images with it. */
export const DOCKER_CLI = '/usr/bin/docker';

/**
 * Stand-ins for the images a stack pins, built here from a Debian root (no registry is reachable):
 * `docker import` of the root, then a small Dockerfile per image reproducing what the construct
 * relies on in the upstream image. Each Dockerfile line says which upstream fact it reproduces.
 *
 * Common to all: BusyBox provides /bin/sh and every applet ahead of Debian's coreutils on PATH
 * (/usr/local/bin first, as in Alpine and the busybox-based Prometheus images), so that the scripts
 * and health checks the construct renders run on the shell and tools the upstream images have.
 */
const BUSYBOX = [
  'RUN busybox --install -s /usr/local/bin && ln -sf /usr/bin/busybox /usr/bin/sh',
  'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
];

/** Removes the Debian `prometheus` user and group the packages create (uid 100/101), freeing the ids upstream images use. */
const WITHOUT_DEBIAN_USERS = "RUN sed -i '/^prometheus:/d' /etc/passwd /etc/group /etc/shadow /etc/gshadow 2>/dev/null; true";

/** nginx:*-alpine: the official image's layout. */
function nginxDockerfile(): string[] {
  return [
    ...BUSYBOX,
    WITHOUT_DEBIAN_USERS,
    // `user nginx;` is uid/gid 101 in the official image.
    "RUN echo 'nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin' >> /etc/passwd && echo 'nginx:x:101:nginx' >> /etc/group",
    // Its temp directories' parent, and the log files linked to the container's output.
    'RUN mkdir -p /var/cache/nginx /var/log/nginx /docker-entrypoint.d && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
    // /docker-entrypoint.sh: runs /docker-entrypoint.d/*.sh when the command is nginx, then execs it.
    `RUN printf '%s\\n' '#!/bin/sh' 'set -e' 'if [ "$1" = nginx ] || [ "$1" = nginx-debug ]; then' '  for f in /docker-entrypoint.d/*.sh; do [ -x "$f" ] && "$f"; done' 'fi' 'exec "$@"' > /docker-entrypoint.sh && chmod 755 /docker-entrypoint.sh`,
    'EXPOSE 80',
    'STOPSIGNAL SIGQUIT',
    'ENTRYPOINT ["/docker-entrypoint.sh"]',
    'CMD ["nginx", "-g", "daemon off;"]',
  ];
}

/** prom/prometheus: busybox-based, /bin/prometheus and /bin/promtool, running as nobody in /prometheus. */
function prometheusDockerfile(): string[] {
  return [
    ...BUSYBOX,
    WITHOUT_DEBIAN_USERS,
    // /bin/prometheus and /bin/promtool are Debian's /usr/bin ones (merged /usr); the image's data directory belongs to nobody.
    'RUN mkdir -p /etc/prometheus /prometheus && chown -R nobody:nogroup /etc/prometheus /prometheus',
    'USER nobody',
    'EXPOSE 9090',
    'VOLUME ["/prometheus"]',
    'WORKDIR /prometheus',
    'ENTRYPOINT ["/bin/prometheus"]',
    'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]',
  ];
}

/** prom/alertmanager: busybox-based, /bin/alertmanager and /bin/amtool, running as nobody in /alertmanager. */
function alertmanagerDockerfile(): string[] {
  return [
    ...BUSYBOX,
    WITHOUT_DEBIAN_USERS,
    'RUN ln -s /usr/bin/prometheus-alertmanager /usr/local/bin/alertmanager && ln -s /usr/bin/prometheus-alertmanager /bin/alertmanager.real 2>/dev/null; ln -sf /usr/bin/prometheus-alertmanager /usr/bin/alertmanager',
    'RUN mkdir -p /etc/alertmanager /alertmanager && cp /etc/prometheus/alertmanager.yml /etc/alertmanager/alertmanager.yml && chown -R nobody:nogroup /etc/alertmanager /alertmanager',
    'USER nobody',
    'EXPOSE 9093',
    'VOLUME ["/alertmanager"]',
    'WORKDIR /alertmanager',
    'ENTRYPOINT ["/bin/alertmanager"]',
    'CMD ["--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager"]',
  ];
}

/** registry.k8s.io/pause: uid 65535, /pause waits for SIGTERM or SIGINT and exits 0. */
function pauseDockerfile(): string[] {
  return [
    ...BUSYBOX,
    `RUN printf '%s\\n' '#!/usr/bin/busybox sh' 'trap "exit 0" TERM INT' 'while :; do sleep 86400 & wait $!; done' > /pause && chmod 755 /pause`,
    'USER 65535:65535',
    'ENTRYPOINT ["/pause"]',
  ];
}

/** prom/node-exporter: /bin/node_exporter as nobody. */
function nodeExporterDockerfile(): string[] {
  return [...BUSYBOX, 'RUN ln -sf /usr/bin/prometheus-node-exporter /usr/bin/node_exporter', 'USER nobody', 'EXPOSE 9100', 'ENTRYPOINT ["/bin/node_exporter"]'];
}

/** curlimages/curl: curl as curl_user (uid 100), for client containers on the networks. */
function curlDockerfile(): string[] {
  return [
    ...BUSYBOX,
    WITHOUT_DEBIAN_USERS,
    "RUN echo 'curl_user:x:100:101:curl:/home/curl_user:/sbin/nologin' >> /etc/passwd && echo 'curl_group:x:101:' >> /etc/group && mkdir -p /home/curl_user && chown 100:101 /home/curl_user",
    'USER curl_user',
    'ENTRYPOINT ["curl"]',
  ];
}

/** The images the live stacks use besides the construct's: scrape targets and clients. */
export const TOOL_IMAGES = {
  nodeExporter: 'prom/node-exporter:v1.9.1',
  curl: 'curlimages/curl:8.17.0',
} as const;

export type LineImageNames = ImageLine['imageNames'];

export interface LineImages extends LineImageNames {
  /** Every tag built. */
  readonly built: readonly string[];
}

const RECIPE_LABEL = 'org.prometheus-tls-proxy.stand-in';

function recipeOf(root: DebianRoot, dockerfile: string[]): string {
  return createHash('sha256').update(JSON.stringify([root.key, dockerfile])).digest('hex').slice(0, 16);
}

async function docker(args: string[], input?: string): Promise<string> {
  if (input === undefined) return (await execFileAsync(DOCKER_CLI, args, { maxBuffer: 16 << 20 })).stdout;
  return new Promise((resolve, reject) => {
    const child = spawn(DOCKER_CLI, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`docker ${args.join(' ')} exited ${code}:\n${err}${out}`))));
    child.stdin.end(input);
  });
}

async function labelOf(tag: string): Promise<string | undefined> {
  try {
    const out = await docker(['image', 'inspect', '--format', `{{ index .Config.Labels "${RECIPE_LABEL}" }}`, tag]);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `docker import` of the root, once per root (~20 s for 350 MB). */
async function baseImage(root: DebianRoot): Promise<string> {
  const tag = `ptp-debian-${root.suite}:${root.key}`;
  try {
    await docker(['image', 'inspect', tag]);
    return tag;
  } catch {
    // not imported yet
  }
  await new Promise<void>((resolve, reject) => {
    // --one-file-system and the excludes keep out what mmdebstrap may leave mounted or cached.
    const pack = spawn('tar', ['-C', root.path, '--one-file-system', '--numeric-owner', '--exclude=./.debian-root.json', '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const load = spawn(DOCKER_CLI, ['import', '-', tag], { stdio: [pack.stdout, 'ignore', 'pipe'] });
    let err = '';
    load.stderr.on('data', (chunk) => (err += chunk));
    load.on('error', reject);
    load.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`docker import exited ${code}: ${err}`))));
  });
  return tag;
}

/** Builds `tag` from `dockerfile` on `base` unless an image of that tag already has this recipe. */
async function buildImage(root: DebianRoot, base: string, tag: string, dockerfile: string[]): Promise<void> {
  const recipe = recipeOf(root, dockerfile);
  if ((await labelOf(tag)) === recipe) return;
  const text = [`FROM ${base}`, ...dockerfile, `LABEL ${RECIPE_LABEL}=${recipe}`].join('\n');
  // No context: every file the image holds comes from the root or a RUN.
  await docker(['build', '-q', '-t', tag, '-'], text);
}

/**
 * Builds (or finds, by recipe) the stand-ins of one line: its nginx, Prometheus and Alertmanager under
 * the names a stack of that line pins, and, from the current line only, the pause image and the
 * tool images (whose names both lines share).
 */
export async function ensureLineImages(suite: Suite, names: LineImageNames, withShared: boolean): Promise<LineImages> {
  const root = await ensureDebianRoot(suite);
  return withLock(async () => {
    const base = await baseImage(root);
    const images: [string, string[]][] = [
      [names.nginx, nginxDockerfile()],
      [names.prometheus, prometheusDockerfile()],
      [names.alertmanager, alertmanagerDockerfile()],
      ...(withShared
        ? ([
            [IMAGES.pause, pauseDockerfile()],
            [TOOL_IMAGES.nodeExporter, nodeExporterDockerfile()],
            [TOOL_IMAGES.curl, curlDockerfile()],
          ] as [string, string[]][])
        : []),
    ];
    for (const [tag, dockerfile] of images) await buildImage(root, base, tag, dockerfile);
    return { ...names, built: images.map(([tag]) => tag) };
  }, 'images.lock');
}

/**
 * Both lines' images, built from their roots (or found): what the live suite's global setup and the
 * bench run once. Returns each line's package versions, for LINES_ENV.
 */
export async function ensureLines(): Promise<Record<ImageLine['id'], Record<string, string>>> {
  const [sid, bookworm] = await Promise.all([ensureDebianRoot('sid'), ensureDebianRoot('bookworm')]);
  const current = lineOf('current', sid.versions);
  const debian12 = lineOf('debian12', bookworm.versions);
  await ensureLineImages('sid', current.imageNames, true);
  await ensureLineImages('bookworm', debian12.imageNames, false);
  return { current: sid.versions, debian12: bookworm.versions };
}
