/**
 * Debian's binaries stand in for the images' own: what each image provides that the synthesized
 * container relies on, and what Debian's build of the binary needs besides.
 */
export interface ImageStandIn {
  /** The Debian binary run in place of the image's `argv[0]`. */
  readonly binary: string;
  /** Users of the image's /etc/passwd (and groups of the same name and id) the process looks up. */
  readonly users: { readonly name: string; readonly uid: number; readonly gid: number }[];
  /** Directories of the image's filesystem, with their owner; a named volume mounted on one inherits it. */
  readonly imageDirectories: { readonly path: string; readonly uid: number; readonly gid: number }[];
  /** Compiled-in paths of Debian's build that the image's build puts elsewhere (root-owned). */
  readonly debianDirectories: string[];
  /** Commands the image has from BusyBox (its health check's wget): Debian's busybox, first on PATH. */
  readonly busyboxApplets: string[];
}

/** Keyed by the synthesized `entrypoint[0]`. */
const IMAGE_STAND_INS: Readonly<Record<string, ImageStandIn>> = {
  // nginx:*-alpine: `user nginx;` is uid/gid 101; /var/cache/nginx holds the temp directories.
  nginx: {
    binary: '/usr/sbin/nginx',
    users: [{ name: 'nginx', uid: 101, gid: 101 }],
    imageDirectories: [{ path: '/var/cache/nginx', uid: 0, gid: 0 }],
    // Debian's default temp paths (fastcgi, uwsgi, scgi) and its error log opened before the config is read.
    debianDirectories: ['/var/lib/nginx', '/var/log/nginx'],
    busyboxApplets: ['wget'],
  },
  // prom/prometheus (busybox-based): runs as nobody; its data directory /prometheus belongs to nobody.
  '/bin/prometheus': {
    binary: '/usr/bin/prometheus',
    users: [],
    imageDirectories: [{ path: '/prometheus', uid: 65534, gid: 65534 }],
    debianDirectories: [],
    busyboxApplets: ['wget'],
  },
};

export function standInFor(argv0: string): ImageStandIn {
  const standIn = IMAGE_STAND_INS[argv0];
  if (standIn === undefined) throw new Error(`no Debian stand-in for the image binary ${argv0}`);
  return standIn;
}
