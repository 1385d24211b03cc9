import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RunResult } from '../../test/live/harness/processes';

/** Runs a command of the machine in a pod's network namespace, as `InstanceHandle.execInPod` does. */
export type ExecInPod = (argv: string[]) => Promise<RunResult>;

/**
 * The processes that listen on `port` in a pod: nginx's master and workers (each holds the listening
 * sockets), or Prometheus. The machine is shared, so processes are found by the pod's network
 * namespace and their port, never by name.
 */
export async function listeningPids(execInPod: ExecInPod, port: number): Promise<number[]> {
  const { stdout } = await execInPod(['ss', '-Hltnp', `sport = :${port}`]);
  const pids = [...new Set([...stdout.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1])))];
  if (pids.length === 0) throw new Error(`nothing listens on port ${port} in the pod:\n${stdout}`);
  return pids;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/**
 * User + system CPU time of processes (all their threads) so far, from /proc/PID/stat: read before
 * and after a run, it gives what the servers spent on it, which other load on a shared machine
 * stretches much less than throughput. Resolution: one clock tick (10 ms).
 */
export function cpuMsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  }, 0);
}
