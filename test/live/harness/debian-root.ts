import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Debian root filesystems built with mmdebstrap, which the live suite's images are made from (see
 * images.ts): Debian unstable's (sid) for the current nginx and Prometheus lines, Debian 12's
 * (bookworm) for nginx 1.22 and Prometheus 2.42.
 *
 * Layout under CACHE (outside the repository: ~300 MB per root):
 *   apt-<suite>/         private apt state that only ever sees that suite (the host's apt is untouched)
 *   index-<suite>.json   when the suite's index was last read, and what it would install
 *   lock                 flock(1) file serialising refresh and build across processes (jest's workers)
 *   build.lock           held by a running mmdebstrap, which may outlive the caller that started it
 *   roots/<key>/         complete roots; <key> hashes the suite, the recipe and every package version installed
 */

const execFileAsync = promisify(execFile);

export const CACHE = process.env.PTP_ROOT_CACHE ?? '/var/cache/prometheus-tls-proxy';
const ROOTS = join(CACHE, 'roots');
const BUILD_LOCK = join(CACHE, 'build.lock');
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
/** Written last into a root before it is renamed into place: without it a directory is debris. */
const MARKER = '.debian-root.json';
/** sid's index changes every 6 hours; reading it more often only costs ~5 s per call. */
const INDEX_MAX_AGE_MS = 6 * 3600_000;
/** Unused roots older than this go when a new one is built (a root in use is touched on every call). */
const PRUNE_AFTER_MS = 24 * 3600_000;

export type Suite = 'sid' | 'bookworm';

/**
 * What each image of the suite's line needs: nginx (in sid `nginx`, since `nginx-light` there is a
 * transitional package that adds the echo module; in bookworm `nginx-light`, the machine's),
 * Prometheus with promtool, Alertmanager with amtool, the node exporter (a scrape target), BusyBox (the
 * images' shell and tools), curl (a client container's) and the CA store.
 */
const PACKAGES: Record<Suite, string[]> = {
  sid: ['nginx', 'prometheus', 'prometheus-alertmanager', 'prometheus-node-exporter', 'busybox', 'ca-certificates', 'curl'],
  bookworm: ['nginx-light', 'prometheus', 'prometheus-alertmanager', 'prometheus-node-exporter', 'busybox', 'ca-certificates', 'curl'],
};

function mmdebstrapOptions(suite: Suite): string[] {
  return [
    '--variant=essential',
    `--include=${PACKAGES[suite].join(',')}`,
    // Some mirrors and snapshots serve an InRelease past its Valid-Until; signatures are still checked.
    '--aptopt=Acquire::Check-Valid-Until "false"',
    '--aptopt=Acquire::Languages "none"',
    '--dpkgopt=force-unsafe-io',
    '--dpkgopt=path-exclude=/usr/share/man/*',
    '--dpkgopt=path-exclude=/usr/share/doc/*',
    '--dpkgopt=path-include=/usr/share/doc/*/copyright',
    '--dpkgopt=path-exclude=/usr/share/locale/*',
    '--dpkgopt=path-exclude=/usr/share/info/*',
    '--dpkgopt=path-exclude=/usr/share/lintian/*',
  ];
}

export interface DebianRoot {
  readonly suite: Suite;
  /** Directory of the root filesystem; treat it as read-only. */
  readonly path: string;
  /** Hash of the suite, the recipe and every package version: names what is built from it. */
  readonly key: string;
  /** Every package installed in it, name → Debian version (nginx, prometheus, libssl3t64, ...). */
  readonly versions: Record<string, string>;
}

/**
 * Returns the root for what `suite` currently ships, building it (~40 s) when the cache lacks it.
 * Concurrent callers wait for one build. Needs root, mmdebstrap and the Debian mirror; when the
 * mirror cannot be read, the last root built is used.
 */
export async function ensureDebianRoot(suite: Suite): Promise<DebianRoot> {
  const fast = cachedRoot(suite, readIndex(suite), true);
  if (fast) return fast;
  return withLock(async () => {
    // Another process may have refreshed and built while this one waited for the lock.
    const index = readIndex(suite);
    const again = cachedRoot(suite, index, true);
    if (again) return again;
    if (index && Date.now() - index.checkedAt <= INDEX_MAX_AGE_MS) return build(suite, index.versions);
    let versions: Record<string, string>;
    try {
      versions = await resolveFromMirror(suite);
    } catch (error) {
      const stale = cachedRoot(suite, index, false);
      if (!stale) throw error;
      console.warn(`the ${suite} index could not be refreshed, using the last ${suite} root: ${(error as Error).message}`);
      return stale;
    }
    // Renamed into place: callers on the lock-free path read it at any moment.
    const file = indexFile(suite);
    writeFileSync(`${file}.new`, JSON.stringify({ checkedAt: Date.now(), recipe: recipe(suite), versions }));
    renameSync(`${file}.new`, file);
    return cachedRoot(suite, readIndex(suite), false) ?? build(suite, versions);
  });
}

interface Index {
  readonly checkedAt: number;
  /** The recipe the versions were resolved for: another package list needs another resolution. */
  readonly recipe: string;
  readonly versions: Record<string, string>;
}

function recipe(suite: Suite): string {
  return createHash('sha256').update(JSON.stringify([suite, mmdebstrapOptions(suite)])).digest('hex').slice(0, 16);
}

function aptDir(suite: Suite): string {
  return join(CACHE, `apt-${suite}`);
}

function indexFile(suite: Suite): string {
  return join(CACHE, `index-${suite}.json`);
}

function readIndex(suite: Suite): Index | undefined {
  try {
    const index = JSON.parse(readFileSync(indexFile(suite), 'utf8')) as Index;
    return index.recipe === recipe(suite) ? index : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(suite: Suite, versions: Record<string, string>): string {
  const lines = Object.keys(versions)
    .sort()
    .map((name) => `${name} ${versions[name]}`);
  return createHash('sha256').update(JSON.stringify({ suite, options: mmdebstrapOptions(suite), lines })).digest('hex').slice(0, 16);
}

/** The complete root for the index's versions, if built; `fresh` also requires a recent index. */
function cachedRoot(suite: Suite, index: Index | undefined, fresh: boolean): DebianRoot | undefined {
  if (!index || (fresh && Date.now() - index.checkedAt > INDEX_MAX_AGE_MS)) return undefined;
  const key = keyOf(suite, index.versions);
  const path = join(ROOTS, key);
  try {
    const { versions } = JSON.parse(readFileSync(join(path, MARKER), 'utf8')) as { versions: Record<string, string> };
    const now = new Date();
    utimesSync(join(path, MARKER), now, now);
    return { suite, path, key, versions };
  } catch {
    return undefined;
  }
}

/** The first Debian mirror of the host's own sources, so sid comes from where bookworm does. */
function mirror(): string {
  try {
    const sources = readFileSync('/etc/apt/sources.list.d/debian.sources', 'utf8');
    const uri = sources.match(/^URIs:\s*(\S+\/debian)\/?\s*$/m);
    if (uri) return uri[1];
  } catch {
    // no deb822 sources: the default mirror
  }
  return 'http://deb.debian.org/debian';
}

function sourcesLine(suite: Suite): string {
  return `deb [signed-by=${KEYRING}] ${mirror()} ${suite} main`;
}

/** Runs apt-get against the suite's private state. */
async function aptGet(suite: Suite, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('apt-get', args, { env: { ...process.env, APT_CONFIG: join(aptDir(suite), 'apt.conf') }, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * What mmdebstrap would install from the suite's current index: its Essential:yes set plus the
 * packages and their dependencies, as apt resolves them. Fetches only InRelease and Packages (~11 MB, ~3 s).
 */
async function resolveFromMirror(suite: Suite): Promise<Record<string, string>> {
  const apt = aptDir(suite);
  for (const dir of ['lists/partial', 'cache/archives/partial', 'etc/apt.conf.d', 'etc/preferences.d', 'etc/sources.list.d']) {
    mkdirSync(join(apt, dir), { recursive: true });
  }
  closeSync(openSync(join(apt, 'status'), 'a'));
  writeFileSync(join(apt, 'etc/sources.list'), `${sourcesLine(suite)}\n`);
  // Every Dir:: is redirected, so neither the host's apt.conf.d nor its sources apply.
  writeFileSync(
    join(apt, 'apt.conf'),
    [
      `Dir::State "${apt}"; Dir::State::Lists "${apt}/lists"; Dir::State::status "${apt}/status"; Dir::Cache "${apt}/cache";`,
      // No binary caches: 100 MB on disk to save a second, once per INDEX_MAX_AGE_MS.
      'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";',
      `Dir::Etc::SourceList "${apt}/etc/sources.list"; Dir::Etc::SourceParts "${apt}/etc/sources.list.d";`,
      `Dir::Etc::Parts "${apt}/etc/apt.conf.d"; Dir::Etc::PreferencesParts "${apt}/etc/preferences.d";`,
      'Acquire::Check-Valid-Until "false"; Acquire::Languages "none"; Acquire::PDiffs "false";',
      'APT::Architectures { "amd64"; }; APT::Install-Recommends "false";',
    ].join('\n') + '\n',
  );
  await aptGet(suite, ['-q', 'update', '--error-on=any']);
  // `?essential` would add apt, which the essential variant leaves out: read the flag itself.
  const essential = new Set<string>();
  for (const file of listFiles(suite, '_Packages')) {
    for (const stanza of readFileSync(file, 'utf8').split('\n\n')) {
      const name = stanza.match(/^Package: (\S+)$/m);
      if (name && /^Essential: yes$/m.test(stanza)) essential.add(name[1]);
    }
  }
  const packages = PACKAGES[suite];
  const simulated = await aptGet(suite, ['-s', 'install', ...essential, ...packages]);
  const versions: Record<string, string> = {};
  for (const [, name, version] of simulated.matchAll(/^Inst (\S+) \((\S+) /gm)) versions[name] = version;
  if (!packages.every((name) => name in versions)) throw new Error(`${suite}'s index lacks one of ${packages.join(', ')}:\n${simulated}`);
  return versions;
}

function listFiles(suite: Suite, suffix: string): string[] {
  const lists = join(aptDir(suite), 'lists');
  return readdirSync(lists)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(lists, name));
}

/** Builds beside the cache and renames into place, so a root under roots/ is always whole. */
async function build(suite: Suite, expected: Record<string, string>): Promise<DebianRoot> {
  const key = keyOf(suite, expected);
  const path = join(ROOTS, key);
  const temp = join(ROOTS, `.build-${key}`);
  mkdirSync(ROOTS, { recursive: true });
  // mmdebstrap ignores signals while it works, so it outlives a caller killed mid-build: wait for it
  // before clearing what it built. Under the lock, anything without a marker is then a dead build's.
  await execFileAsync('flock', [BUILD_LOCK, 'true']);
  for (const name of readdirSync(ROOTS)) {
    if (!existsSync(join(ROOTS, name, MARKER))) await remove(join(ROOTS, name));
  }
  // The index just read, not a fresh `apt-get update`: the root holds exactly the versions keyed on.
  const lists = [...listFiles(suite, '_InRelease'), ...listFiles(suite, '_Packages')].map((file) => `'${file}'`).join(' ');
  const log = join(ROOTS, `.build-${key}.log`);
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const fd = openSync(log, 'w');
    // flock --no-fork: the lock is held by mmdebstrap itself, for as long as it runs.
    const child = spawn(
      'flock',
      [
        '--no-fork',
        BUILD_LOCK,
        'mmdebstrap',
        ...mmdebstrapOptions(suite),
        '--skip=update',
        `--setup-hook=mkdir -p "$1/var/lib/apt/lists" && cp -p ${lists} "$1/var/lib/apt/lists/"`,
        suite,
        temp,
        sourcesLine(suite),
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`flock/mmdebstrap exited ${code} (is mmdebstrap installed?):\n${readFileSync(log, 'utf8').slice(-4000)}`);

  const versions = installedVersions(temp);
  if (keyOf(suite, versions) !== key) {
    throw new Error(`the ${suite} root in ${temp} differs from what apt resolved:\n${JSON.stringify({ expected, installed: versions })}`);
  }
  writeFileSync(join(temp, MARKER), JSON.stringify({ suite, key, builtAt: new Date().toISOString(), buildSeconds: (Date.now() - started) / 1000, versions }, null, 1));
  renameSync(temp, path);
  rmSync(log, { force: true });

  for (const name of readdirSync(ROOTS)) {
    const marker = join(ROOTS, name, MARKER);
    if (name !== key && existsSync(marker) && Date.now() - statSync(marker).mtimeMs > PRUNE_AFTER_MS) await remove(join(ROOTS, name));
  }
  return { suite, path, key, versions };
}

/** rm -rf that never crosses into a mount a dead build may have left inside (its /proc, /sys, /dev). */
async function remove(path: string): Promise<void> {
  await execFileAsync('rm', ['-rf', '--one-file-system', '--', path]);
}

function installedVersions(root: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const stanza of readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8').split('\n\n')) {
    const name = stanza.match(/^Package: (\S+)$/m);
    const version = stanza.match(/^Version: (\S+)$/m);
    if (name && version && /^Status: install ok installed$/m.test(stanza)) versions[name[1]] = version[1];
  }
  return versions;
}

/**
 * Runs `body` holding an exclusive flock(1) on CACHE/lock. The kernel drops the lock when its holder
 * dies (the holder's stdin is this process's pipe), so a crashed caller never leaves a stale lock.
 */
export async function withLock<T>(body: () => Promise<T>, lock = 'lock'): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const holder = spawn('flock', ['--exclusive', join(CACHE, lock), 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.on('error', reject);
    holder.on('exit', (code) => reject(new Error(`flock exited ${code} before locking ${CACHE}/${lock}`)));
    holder.stdout.once('data', () => resolve());
  });
  try {
    return await body();
  } finally {
    const released = new Promise((resolve) => holder.once('close', resolve));
    holder.stdin.end();
    await released;
  }
}
