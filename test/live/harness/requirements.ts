import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ImageLine, currentLine, debian12Line, lineLabel } from './image-lines';

/** What the live suite runs on the machine, by command name, and the Debian package that ships it. */
const HOST_REQUIREMENTS: Readonly<Record<string, string>> = {
  openssl: 'openssl',
  curl: 'curl',
  ip: 'iproute2',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  setpriv: 'util-linux',
  flock: 'util-linux',
  mount: 'mount',
  tar: 'tar',
  sslscan: 'sslscan',
  testssl: 'testssl.sh (3.2, from bookworm-backports)',
  h2load: 'nghttp2-client',
  mmdebstrap: 'mmdebstrap',
  dockerd: 'docker.io',
};

/** Set by the global setup when the engine, the images or a command is missing: why the live suite cannot run. */
export const LIVE_MISSING_ENV = 'PTP_LIVE_MISSING';

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

function missingCommands(requirements: Readonly<Record<string, string>>): string[] {
  return Object.entries(requirements)
    .filter(([command]) => !onPath(command))
    .map(([command, pkg]) => `${command} (Debian package ${pkg})`);
}

/** Why the live suite cannot run here at all: missing commands (with their packages) and not being root. */
export function missingRequirements(): string[] {
  const missing = missingCommands(HOST_REQUIREMENTS);
  if (process.getuid?.() !== 0) missing.push('root (the Docker engine, mount namespaces and nsenter need it)');
  return missing;
}

/** What the global setup found missing (the engine, the lines' images), besides the commands. */
function missingAtSetup(): string[] {
  const found = process.env[LIVE_MISSING_ENV];
  return found === undefined ? [] : (JSON.parse(found) as string[]);
}

const LIVE_TEST_TIMEOUT_MS = 30_000;

export type LineId = ImageLine['id'];

function lineOf(id: LineId): ImageLine | string {
  const line = id === 'current' ? currentLine() : debian12Line();
  return line ?? `the ${id} line's images (built by the live suite's global setup from a Debian root made with mmdebstrap)`;
}

/**
 * `describe` for a live suite, once per nginx/Prometheus line, each titled with its versions. Where
 * something it needs is missing it says so loudly and skips, except in CI (CI=true), where the
 * missing requirement is a failing test.
 */
export function describeLive(name: string, body: (line: ImageLine) => void, lines: LineId[] = ['current']): void {
  for (const id of lines) {
    const line = lineOf(id);
    const missing = [...missingRequirements(), ...missingAtSetup(), ...(typeof line === 'string' ? [line] : [])];
    const title = typeof line === 'string' ? `${name} [${id} line]` : `${name} [${lineLabel(line)}]`;
    if (missing.length === 0) {
      // Probes spawn curl and openssl, and servers share 2 cores with them: seconds, not milliseconds.
      jest.setTimeout(LIVE_TEST_TIMEOUT_MS);
      describe(title, () => body(line as ImageLine));
    } else if (process.env.CI === 'true') {
      describe(title, () => {
        test('has what the live suite needs', () => {
          throw new Error(`live suite cannot run, missing: ${missing.join(', ')}`);
        });
      });
    } else {
      console.warn(`\n*** LIVE SUITE SKIPPED: "${title}" needs ${missing.join(', ')} (commands are looked up on PATH; .ci/run installs the packages on Debian and starts dockerd). ***\n`);
      describe.skip(title, () => body(line as ImageLine));
    }
  }
}
