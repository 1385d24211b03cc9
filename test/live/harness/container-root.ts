import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContainerSpec } from './containers';
import type { ImageStandIn } from './image-stand-ins';
import { run } from './processes';

/** Files of the line's /etc every container root gets a copy of: what the dynamic loader and name service read. */
const COPIED_ETC_FILES = ['ld.so.cache', 'nsswitch.conf'];

export interface RootSources {
  /** Root filesystem of the nginx/Prometheus line whose /usr and /etc/ssl the container uses (`/`: the machine's). */
  readonly line: string;
  /** Host directory of each named volume the container mounts. */
  readonly volumeDirectory: (name: string) => string;
}

/**
 * Builds a container's root filesystem inside the mount namespace of process `hostPid`, at
 * `root`: a tmpfs that exists only in that namespace, holding the line's /usr read-only (Debian's
 * binaries and libraries), a /etc of its own, /dev, /proc, the image directories the process
 * writes to, the tmpfs mounts, the named volumes, and every upload at its exact path with its exact
 * mode (in a volume when the path is in one, as Docker extracts uploads). With `read_only` the root
 * is then remounted read-only, so that a process writing anywhere but a tmpfs or a volume fails as
 * in Docker. Nothing outside the namespace changes; the tree disappears with it.
 */
export async function buildContainerRoot(
  hostPid: number,
  root: string,
  spec: Pick<ContainerSpec, 'uploads' | 'volumes' | 'tmpfs' | 'readOnly'>,
  standIn: ImageStandIn,
  hosts: string,
  sources: RootSources,
): Promise<void> {
  const mount = (...args: string[]): Promise<unknown> => run(['nsenter', '-t', String(hostPid), '-m', '--', 'mount', ...args], { check: true });
  /** The namespace's view of a path inside the root, reached from here through /proc. */
  const at = (path: string): string => `/proc/${hostPid}/root${root}${path}`;
  const directory = (path: string, uid = 0, gid = 0, mode = 0o755): void => {
    mkdirSync(at(path), { recursive: true });
    chownSync(at(path), uid, gid);
    chmodSync(at(path), mode);
  };
  const file = (path: string, content: string, mode: number): void => {
    mkdirSync(dirname(at(path)), { recursive: true, mode: 0o755 });
    writeFileSync(at(path), content);
    chownSync(at(path), 0, 0);
    chmodSync(at(path), mode);
  };
  const line = (path: string): string => join(sources.line, path);

  await mount('-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', root);

  // The line's /usr read-only; the merged-/usr links (/bin → usr/bin, ...) as on the host.
  directory('/usr');
  await mount('--bind', '-o', 'ro', line('/usr'), `${root}/usr`);
  for (const entry of readdirSync('/')) {
    if (lstatSync(`/${entry}`).isSymbolicLink() && readlinkSync(`/${entry}`).startsWith('usr/')) {
      symlinkSync(readlinkSync(`/${entry}`), at(`/${entry}`));
    }
  }

  directory('/etc');
  for (const name of COPIED_ETC_FILES) copyFileSync(line(`/etc/${name}`), at(`/etc/${name}`));
  directory('/etc/ssl');
  await mount('--bind', '-o', 'ro', line('/etc/ssl'), `${root}/etc/ssl`);
  file('/etc/hosts', hosts, 0o644);
  const users = standIn.users;
  file('/etc/passwd', readFileSync(line('/etc/passwd'), 'utf8') + users.map((u) => `${u.name}:x:${u.uid}:${u.gid}:${u.name}:/nonexistent:/bin/false\n`).join(''), 0o644);
  file('/etc/group', readFileSync(line('/etc/group'), 'utf8') + users.map((u) => `${u.name}:x:${u.gid}:\n`).join(''), 0o644);

  directory('/dev');
  await mount('--rbind', '/dev', `${root}/dev`);
  directory('/proc');
  await mount('-t', 'proc', 'proc', `${root}/proc`);
  directory('/tmp', 0, 0, 0o1777);
  directory('/run');
  directory('/var');
  symlinkSync('/run', at('/var/run'));

  // /usr/local/bin comes first on PATH: there the image's BusyBox applets shadow Debian's GNU tools.
  await mount('-t', 'tmpfs', '-o', 'mode=0755', 'tmpfs', `${root}/usr/local/bin`);
  for (const applet of standIn.busyboxApplets) symlinkSync('/usr/bin/busybox', at(`/usr/local/bin/${applet}`));
  for (const { path, uid, gid } of standIn.imageDirectories) directory(path, uid, gid);
  for (const path of standIn.debianDirectories) directory(path);
  for (const { path, sizeBytes } of spec.tmpfs) {
    directory(path);
    await mount('-t', 'tmpfs', '-o', `mode=1777${sizeBytes === undefined ? '' : `,size=${sizeBytes}`}`, 'tmpfs', `${root}${path}`);
  }
  for (const volume of spec.volumes) {
    directory(volume.path);
    await mount('--bind', sources.volumeDirectory(volume.name), `${root}${volume.path}`);
    if (volume.readOnly) await mount('-o', 'remount,bind,ro', `${root}${volume.path}`);
  }
  for (const upload of spec.uploads) file(upload.file, upload.content, upload.mode);
  if (spec.readOnly) await mount('-o', 'remount,ro', root);
}

/** Where a container's root is mounted, under the run's work directory. */
export function rootPath(workDir: string, containerName: string): string {
  return join(workDir, 'roots', containerName);
}
