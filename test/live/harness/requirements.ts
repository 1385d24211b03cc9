import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the live suite runs, by command name, and the Debian package that ships it. */
const LIVE_REQUIREMENTS: Readonly<Record<string, string>> = {
  nginx: 'nginx-light',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  openssl: 'openssl',
  curl: 'curl',
  busybox: 'busybox',
  ip: 'iproute2',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
  mount: 'mount',
  chroot: 'coreutils',
  sysctl: 'procps',
  sslscan: 'sslscan',
  testssl: 'testssl.sh',
};

/** On the PATH the harness will run it with (a PATH without /usr/sbin lacks nginx, ip and chroot). */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why the live suite cannot run here: missing commands (with their packages) and not being root. */
export function missingRequirements(): string[] {
  const missing = Object.entries(LIVE_REQUIREMENTS)
    .filter(([command]) => !onPath(command))
    .map(([command, pkg]) => `${command} (Debian package ${pkg})`);
  if (process.getuid?.() !== 0) missing.push('root (namespaces, mounts and veth pairs need it)');
  return missing;
}

const LIVE_TEST_TIMEOUT_MS = 30_000;

/**
 * `describe` for a live suite. Where something it needs is missing it says so loudly and skips,
 * except in CI (CI=true), where the missing requirement is a failing test.
 */
export function describeLive(name: string, body: () => void): void {
  const missing = missingRequirements();
  if (missing.length === 0) {
    // Probes spawn curl and openssl, and servers share 2 cores with them: seconds, not milliseconds.
    jest.setTimeout(LIVE_TEST_TIMEOUT_MS);
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      test('has what the live suite needs', () => {
        throw new Error(`live suite cannot run, missing: ${missing.join(', ')}`);
      });
    });
  } else {
    console.warn(`\n*** LIVE SUITE SKIPPED: "${name}" needs ${missing.join(', ')} (commands are looked up on PATH; .ci/run installs the packages on Debian). ***\n`);
    describe.skip(name, body);
  }
}
