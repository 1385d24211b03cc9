import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE } from '../debian-root';
import { poll, run } from '../processes';
import { Engine } from './client';
import { DOCKER_CLI } from './images';

/**
 * A dockerd of the suite's own, beside the machine's, for the tests that restart the engine itself
 * (restarting the machine's would stop every other test file's containers): its own data root,
 * exec root (and so its own containerd), socket and pid file, default bridge; no iptables rules
 * (the machine's daemon owns those chains; published ports go through docker-proxy). The images a
 * stack needs are copied over from the machine's daemon (`docker save | docker load`).
 */
export class PrivateDaemon {
  readonly engine: Engine;
  private pid?: number;
  private readonly root: string;
  private readonly socket: string;
  private readonly log: string;

  constructor(readonly name: string) {
    this.root = join(CACHE, 'dockerd', name);
    this.socket = `/run/ptp-dockerd-${name}.sock`;
    this.log = join(this.root, 'dockerd.log');
    this.engine = new Engine(this.socket);
  }

  get socketPath(): string {
    return this.socket;
  }

  /** Starts it (again), and waits until it answers. */
  async start(): Promise<void> {
    mkdirSync(join(this.root, 'data'), { recursive: true });
    // A default bridge of its own: with --bridge=none, dockerd deletes docker0, which is the machine's daemon's.
    const bridge = `ptp-br-${this.name}`.slice(0, 15);
    if ((await run(['ip', 'link', 'show', bridge])).code !== 0) await run(['ip', 'link', 'add', bridge, 'type', 'bridge'], { check: true });
    await run(['ip', 'link', 'set', bridge, 'up'], { check: true });
    const fd = openSync(this.log, 'a');
    const child = spawn(
      'dockerd',
      [
        `--data-root=${join(this.root, 'data')}`,
        `--exec-root=/run/ptp-dockerd-${this.name}`,
        `--pidfile=/run/ptp-dockerd-${this.name}.pid`,
        `--host=unix://${this.socket}`,
        `--bridge=${bridge}`,
        '--iptables=false',
        '--ip-masq=false',
      ],
      { detached: true, stdio: ['ignore', fd, fd] },
    );
    closeSync(fd);
    child.unref();
    this.pid = child.pid;
    await poll(`dockerd ${this.name} to answer`, 60_000, () => this.engine.ping(), 200);
  }

  /** SIGTERM, as `systemctl stop docker` sends it: the daemon stops its containers, then exits. */
  async stop(): Promise<void> {
    if (this.pid === undefined) return;
    const pid = this.pid;
    this.pid = undefined;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    await poll(`dockerd ${this.name} to exit`, 60_000, async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 200);
  }

  /** A daemon restart: stop, then start with the same state. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Copies images from the machine's daemon. */
  async loadImages(images: readonly string[]): Promise<void> {
    const script = `${DOCKER_CLI} save ${images.map((image) => `'${image}'`).join(' ')} | ${DOCKER_CLI} -H unix://${this.socket} load -q`;
    await run(['sh', '-c', script], { check: true, timeoutMs: 300_000 });
  }

  /** Stops it and removes everything it held. */
  async remove(): Promise<void> {
    await this.stop();
    await run(['rm', '-rf', '--one-file-system', '--', this.root]);
    await run(['ip', 'link', 'delete', `ptp-br-${this.name}`.slice(0, 15)]);
    rmSync(this.socket, { force: true });
  }
}
