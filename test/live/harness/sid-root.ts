import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A Debian unstable (sid) root filesystem built with mmdebstrap: current nginx and Prometheus
 * lines (Debian 12 ships nginx 1.22 and Prometheus 2.42). Its /usr can stand in for the host's in
 * container-root.ts, with its ld.so.cache and /etc/ssl copied alongside.
 *
 * Layout under CACHE (outside the repository: ~265 MB per root):
 *   apt/          private apt state that only ever sees sid (the host's apt is untouched)
 *   index.json    when sid's index was last read, and what it would install
 *   lock          flock(1) file serialising refresh and build across processes (jest's workers)
 *   build.lock    held by a running mmdebstrap, which may outlive the caller that started it
 *   roots/<key>/  complete roots; <key> hashes the recipe and every package version installed
 */

const execFileAsync = promisify(execFile);

const CACHE = process.env.PTP_SID_ROOT_CACHE ?? '/var/cache/prometheus-tls-proxy';
const ROOTS = join(CACHE, 'roots');
const APT = join(CACHE, 'apt');
const BUILD_LOCK = join(CACHE, 'build.lock');
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';
/** Written last into a root before it is renamed into place: without it a directory is debris. */
const MARKER = '.sid-root.json';
/** sid's index changes every 6 hours; reading it more often only costs ~5 s per call. */
const INDEX_MAX_AGE_MS = 6 * 3600_000;
/** Unused roots older than this go when a new one is built (a root in use is touched on every call). */
const PRUNE_AFTER_MS = 24 * 3600_000;

/** `nginx`, not `nginx-light`: in sid the latter is a transitional package that adds the echo module. */
const PACKAGES = ['nginx', 'prometheus', 'prometheus-node-exporter', 'busybox', 'ca-certificates', 'curl'];
const MMDEBSTRAP_OPTIONS = [
  '--variant=essential',
  `--include=${PACKAGES.join(',')}`,
  // Some mirrors and snapshots serve a sid InRelease past its Valid-Until; signatures are still checked.
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

export interface SidRoot {
  /** Directory of the root filesystem; treat it as read-only (bind-mount its /usr with -o ro). */
  readonly path: string;
  /** Every package installed in it, name → Debian version (nginx, prometheus, libssl3t64, ...). */
  readonly versions: Record<string, string>;
}

/**
 * Returns the sid root for what sid currently ships, building it (~40 s) when the cache lacks it.
 * Concurrent callers wait for one build. Needs root, mmdebstrap and the Debian mirror; when the
 * mirror cannot be read, the last root built is used.
 */
export async function ensureSidRoot(): Promise<SidRoot> {
  const fast = cachedRoot(readIndex(), true);
  if (fast) return fast;
  return withLock(async () => {
    // Another process may have refreshed and built while this one waited for the lock.
    const index = readIndex();
    const again = cachedRoot(index, true);
    if (again) return again;
    if (index && Date.now() - index.checkedAt <= INDEX_MAX_AGE_MS) return build(index.versions);
    let versions: Record<string, string>;
    try {
      versions = await resolveFromMirror();
    } catch (error) {
      const stale = cachedRoot(index, false);
      if (!stale) throw error;
      console.warn(`sid index could not be refreshed, using the last sid root: ${(error as Error).message}`);
      return stale;
    }
    // Renamed into place: callers on the lock-free path read it at any moment.
    writeFileSync(join(CACHE, 'index.json.new'), JSON.stringify({ checkedAt: Date.now(), recipe: RECIPE, versions }));
    renameSync(join(CACHE, 'index.json.new'), join(CACHE, 'index.json'));
    return cachedRoot(readIndex(), false) ?? build(versions);
  });
}

interface Index {
  readonly checkedAt: number;
  /** The recipe the versions were resolved for: another package list needs another resolution. */
  readonly recipe: string;
  readonly versions: Record<string, string>;
}

const RECIPE = createHash('sha256').update(JSON.stringify(MMDEBSTRAP_OPTIONS)).digest('hex').slice(0, 16);

function readIndex(): Index | undefined {
  try {
    const index = JSON.parse(readFileSync(join(CACHE, 'index.json'), 'utf8')) as Index;
    return index.recipe === RECIPE ? index : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(versions: Record<string, string>): string {
  const lines = Object.keys(versions)
    .sort()
    .map((name) => `${name} ${versions[name]}`);
  return createHash('sha256').update(JSON.stringify({ options: MMDEBSTRAP_OPTIONS, lines })).digest('hex').slice(0, 16);
}

/** The complete root for the index's versions, if built; `fresh` also requires a recent index. */
function cachedRoot(index: Index | undefined, fresh: boolean): SidRoot | undefined {
  if (!index || (fresh && Date.now() - index.checkedAt > INDEX_MAX_AGE_MS)) return undefined;
  const path = join(ROOTS, keyOf(index.versions));
  try {
    const { versions } = JSON.parse(readFileSync(join(path, MARKER), 'utf8')) as { versions: Record<string, string> };
    const now = new Date();
    utimesSync(join(path, MARKER), now, now);
    return { path, versions };
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

function sourcesLine(): string {
  return `deb [signed-by=${KEYRING}] ${mirror()} sid main`;
}

/** Runs apt-get against the private sid state. */
async function aptGet(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('apt-get', args, { env: { ...process.env, APT_CONFIG: join(APT, 'apt.conf') }, maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * What mmdebstrap would install from sid's current index: its Essential:yes set plus PACKAGES and
 * their dependencies, as apt resolves them. Fetches only InRelease and Packages (~11 MB, ~3 s).
 */
async function resolveFromMirror(): Promise<Record<string, string>> {
  for (const dir of ['lists/partial', 'cache/archives/partial', 'etc/apt.conf.d', 'etc/preferences.d', 'etc/sources.list.d']) {
    mkdirSync(join(APT, dir), { recursive: true });
  }
  closeSync(openSync(join(APT, 'status'), 'a'));
  writeFileSync(join(APT, 'etc/sources.list'), `${sourcesLine()}\n`);
  // Every Dir:: is redirected, so neither the host's apt.conf.d nor its sources apply.
  writeFileSync(
    join(APT, 'apt.conf'),
    [
      `Dir::State "${APT}"; Dir::State::Lists "${APT}/lists"; Dir::State::status "${APT}/status"; Dir::Cache "${APT}/cache";`,
      // No binary caches: 100 MB on disk to save a second, once per INDEX_MAX_AGE_MS.
      'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";',
      `Dir::Etc::SourceList "${APT}/etc/sources.list"; Dir::Etc::SourceParts "${APT}/etc/sources.list.d";`,
      `Dir::Etc::Parts "${APT}/etc/apt.conf.d"; Dir::Etc::PreferencesParts "${APT}/etc/preferences.d";`,
      'Acquire::Check-Valid-Until "false"; Acquire::Languages "none"; Acquire::PDiffs "false";',
      'APT::Architectures { "amd64"; }; APT::Install-Recommends "false";',
    ].join('\n') + '\n',
  );
  await aptGet(['-q', 'update', '--error-on=any']);
  // `?essential` would add apt, which the essential variant leaves out: read the flag itself.
  const essential = new Set<string>();
  for (const file of listFiles('_Packages')) {
    for (const stanza of readFileSync(file, 'utf8').split('\n\n')) {
      const name = stanza.match(/^Package: (\S+)$/m);
      if (name && /^Essential: yes$/m.test(stanza)) essential.add(name[1]);
    }
  }
  const simulated = await aptGet(['-s', 'install', ...essential, ...PACKAGES]);
  const versions: Record<string, string> = {};
  for (const [, name, version] of simulated.matchAll(/^Inst (\S+) \((\S+) /gm)) versions[name] = version;
  if (!PACKAGES.every((name) => name in versions)) throw new Error(`sid's index lacks one of ${PACKAGES.join(', ')}:\n${simulated}`);
  return versions;
}

function listFiles(suffix: string): string[] {
  return readdirSync(join(APT, 'lists'))
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(APT, 'lists', name));
}

/** Builds beside the cache and renames into place, so a root under roots/ is always whole. */
async function build(expected: Record<string, string>): Promise<SidRoot> {
  const key = keyOf(expected);
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
  const lists = [...listFiles('_InRelease'), ...listFiles('_Packages')].map((file) => `'${file}'`).join(' ');
  const log = join(ROOTS, `.build-${key}.log`);
  const started = Date.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const fd = openSync(log, 'w');
    // flock -F: the lock is held by mmdebstrap itself, for as long as it runs.
    const child = spawn(
      'flock',
      [
        '--no-fork',
        BUILD_LOCK,
        'mmdebstrap',
        ...MMDEBSTRAP_OPTIONS,
        '--skip=update',
        `--setup-hook=mkdir -p "$1/var/lib/apt/lists" && cp -p ${lists} "$1/var/lib/apt/lists/"`,
        'sid',
        temp,
        sourcesLine(),
      ],
      { stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`flock/mmdebstrap exited ${code} (is mmdebstrap installed?):\n${readFileSync(log, 'utf8').slice(-4000)}`);

  const versions = installedVersions(temp);
  if (keyOf(versions) !== key) {
    throw new Error(`the sid root in ${temp} differs from what apt resolved:\n${JSON.stringify({ expected, installed: versions })}`);
  }
  writeFileSync(join(temp, MARKER), JSON.stringify({ key, builtAt: new Date().toISOString(), buildSeconds: (Date.now() - started) / 1000, versions }, null, 1));
  renameSync(temp, path);
  rmSync(log, { force: true });

  for (const name of readdirSync(ROOTS)) {
    const marker = join(ROOTS, name, MARKER);
    if (name !== key && existsSync(marker) && Date.now() - statSync(marker).mtimeMs > PRUNE_AFTER_MS) await remove(join(ROOTS, name));
  }
  return { path, versions };
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
async function withLock<T>(body: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const holder = spawn('flock', ['--exclusive', join(CACHE, 'lock'), 'sh', '-c', 'echo locked; exec cat >/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.on('error', reject);
    holder.on('exit', (code) => reject(new Error(`flock exited ${code} before locking ${CACHE}/lock`)));
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
