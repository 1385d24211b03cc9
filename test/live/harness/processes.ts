import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Killed (its whole process group) after this long; the result then has code null. */
  readonly timeoutMs?: number;
  /** Throw unless the command exits 0. */
  readonly check?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** A fresh file for a child's output: a regular file, like a container's log, never a socket. */
function outputFile(): string {
  return join(tmpdir(), `ptp-run-${randomUUID()}.out`);
}

/**
 * Runs a command to completion in its own process group, so a timeout kills all it started.
 * stdout and stderr go through regular files: programs that open /dev/stdout or /dev/stderr (nginx)
 * cannot open a socket, which is what Node's pipes are.
 */
export function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const files = [outputFile(), outputFile()];
  const fds = files.map((file) => openSync(file, 'w'));
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', ...fds], env: options.env ?? process.env, cwd: options.cwd });
    fds.forEach((fd) => closeSync(fd));
    const timer = setTimeout(() => killGroup(child.pid), options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const [stdout, stderr] = files.map((file) => readFileSync(file, 'utf8'));
      if (options.check && code !== 0) {
        reject(new Error(`${argv.join(' ')} exited ${code}:\n${stderr}${stdout}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  }).finally(() => files.forEach((file) => rmSync(file, { force: true })));
}

const OUTPUT_KEPT = 64 * 1024;
const running = new Set<Daemon>();

/**
 * A long-running process in its own process group. Its stdout and stderr go to `logFile`, a regular
 * file rather than a socket, so that `/dev/stdout` and `/dev/stderr` can be opened as in a container.
 */
export class Daemon {
  readonly pid: number;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<string>;

  constructor(
    readonly name: string,
    argv: string[],
    private readonly options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {},
  ) {
    const log = options.logFile === undefined ? 'ignore' : openSync(options.logFile, 'a');
    const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', log, log], env: options.env ?? process.env, cwd: options.cwd });
    if (typeof log === 'number') closeSync(log);
    if (child.pid === undefined) throw new Error(`${name}: could not start ${argv[0]}`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(this);
        resolve(signal ?? `exit code ${code}`);
      });
    });
    running.add(this);
  }

  get alive(): boolean {
    return running.has(this);
  }

  /** The last 64 KiB of stdout and stderr, interleaved. */
  get output(): string {
    if (this.options.logFile === undefined) return '';
    const size = statSync(this.options.logFile).size;
    const length = Math.min(size, OUTPUT_KEPT);
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.options.logFile, 'r');
    try {
      readSync(fd, buffer, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
    return buffer.toString();
  }

  /** Waits until the process has replaced itself with `command` (/proc/PID/comm), e.g. after nsenter's exec. */
  async execed(command: string, timeoutMs = 10_000): Promise<void> {
    await poll(`${this.name} to run ${command}`, timeoutMs, async () => {
      if (!this.alive) throw new Error(`${this.name} exited (${await this.exited}):\n${this.output}`);
      try {
        return readFileSync(`/proc/${this.pid}/comm`, 'utf8').trim() === command;
      } catch {
        return false;
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    killGroup(this.pid);
    await this.exited;
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Last resort when a test run ends without stopping what it started (a crash, a forced exit).
process.on('exit', () => {
  for (const daemon of running) killGroup(daemon.pid);
});

/**
 * Calls `check` every `intervalMs` until it returns true, and fails with `what` after `timeoutMs`.
 * An error thrown by `check` ends the wait at once (e.g. the server being waited for has exited).
 */
export async function poll(what: string, timeoutMs: number, check: () => Promise<boolean>, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
