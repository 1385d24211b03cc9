/**
 * Debian's binaries stand in for the images' own: what each image provides that the synthesized
 * container relies on, and what Debian's build of the binary needs besides.
 */
export interface ImageStandIn {
  /** The Debian binary run in place of the image's `argv[0]`, with arguments it needs first. */
  readonly binary: string;
  readonly prefix: string[];
  /** Users of the image's /etc/passwd (and groups of the same name and id) the process looks up. */
  readonly users: { readonly name: string; readonly uid: number; readonly gid: number }[];
  /** Directories of the image's filesystem, with their owner; a named volume mounted on one inherits it. */
  readonly imageDirectories: { readonly path: string; readonly uid: number; readonly gid: number }[];
  /** Compiled-in paths of Debian's build that the image's build puts elsewhere (root-owned). */
  readonly debianDirectories: string[];
  /** Commands the image has from BusyBox (health checks' wget, the config writers' shell tools): Debian's busybox, first on PATH. */
  readonly busyboxApplets: string[];
}

const NOTHING = { prefix: [], users: [], imageDirectories: [], debianDirectories: [], busyboxApplets: [] };

/** Keyed by the synthesized `entrypoint[0]`. */
const IMAGE_STAND_INS: Readonly<Record<string, ImageStandIn>> = {
  // nginx:*-alpine: `user nginx;` is uid/gid 101; /var/cache/nginx holds the temp directories.
  nginx: {
    ...NOTHING,
    binary: '/usr/sbin/nginx',
    users: [{ name: 'nginx', uid: 101, gid: 101 }],
    imageDirectories: [{ path: '/var/cache/nginx', uid: 0, gid: 0 }],
    // Debian's default temp paths (fastcgi, uwsgi, scgi) and the error log Debian 12's build opens before reading the config.
    debianDirectories: ['/var/lib/nginx', '/var/log/nginx'],
    busyboxApplets: ['wget'],
  },
  // prom/prometheus (busybox-based): runs as nobody; its data directory /prometheus belongs to nobody.
  '/bin/prometheus': {
    ...NOTHING,
    binary: '/usr/bin/prometheus',
    imageDirectories: [{ path: '/prometheus', uid: 65534, gid: 65534 }],
    busyboxApplets: ['wget'],
  },
  // Both images' BusyBox shell, which the config volumes' one-shot writers run.
  '/bin/sh': { ...NOTHING, binary: '/usr/bin/busybox', prefix: ['sh'], busyboxApplets: ['find', 'cp', 'chown', 'rm'] },
  // registry.k8s.io/pause: a process that waits for a signal.
  '/pause': { ...NOTHING, binary: '/usr/bin/sleep', prefix: ['infinity'] },
  // prom/node-exporter, as a scrape target beside an instance.
  '/bin/node_exporter': { ...NOTHING, binary: '/usr/bin/prometheus-node-exporter' },
};

/** The pause image's entrypoint, which a container without one runs. */
export const PAUSE_ENTRYPOINT = '/pause';

export function standInFor(argv0: string): ImageStandIn {
  const standIn = IMAGE_STAND_INS[argv0];
  if (standIn === undefined) throw new Error(`no Debian stand-in for the image binary ${argv0}`);
  return standIn;
}

/**
 * The entrypoint an image runs when the container sets none, by repository name. For another image
 * a name no stand-in has: such a container can be described, but not run.
 */
export function defaultEntrypoint(image: string): string[] {
  const repository = image.replace(/[:@].*$/, '').split('/').pop();
  return [repository === 'pause' ? PAUSE_ENTRYPOINT : `(the default entrypoint of ${image})`];
}
