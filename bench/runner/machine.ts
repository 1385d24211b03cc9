import { execFileSync } from 'node:child_process';
import * as os from 'node:os';

/** What the numbers were measured on: they mean little without it. */
export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly npm: string;
  /** 1-, 5- and 15-minute load averages when the run started: how busy the shared machine was. */
  readonly loadAverage: number[];
  readonly date: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    date: new Date().toISOString(),
  };
}
