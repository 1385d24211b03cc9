import { Engine } from './harness/engine/client';
import { PrivateDaemon } from './harness/engine/private-daemon';
import { curl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { RunningStack, startStack } from './harness/running-stack';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import type { ImageLine } from './harness/image-lines';

/** How long the issue gives an instance to answer again after each fault, with no other action. */
const RECOVERY_MS = 60_000;
const DAEMON_RESTARTS = 5;
/** Small log files, so that a few thousand requests rotate them. */
const LOG_MAX_SIZE = '100k';
const LOG_MAX_FILES = 2;

/** One instance; on an engine other than the machine's, its agent mounts that engine's socket. */
function synthesize(line: ImageLine, name: string, dockerSocketPath?: string) {
  return synthesizeProxies(name, line, {
    prometheus: {
      domainName: `${name}.example.com`,
      httpsPort: 8443,
      namePrefix: name,
      scrapeInterval: '1s',
      prometheus: { memoryMb: 256 },
      logs: { maxSize: LOG_MAX_SIZE, maxFiles: LOG_MAX_FILES },
      dockerSocketPath,
    },
  });
}

/** The guide's check: `curl --cacert ... URL/api/v1/label/job/values` lists the self-scrape job. */
async function guideCheckPasses(stack: RunningStack): Promise<boolean> {
  const instance = stack.instances[0];
  const response = await curl(stack, `${instance.url}api/v1/label/job/values`, { cacert: instance.trustAnchor });
  return response.status === 200 && JSON.parse(response.body).data.includes('prometheus');
}

/** Milliseconds until the guide's check passes again, polled every 250 ms; fails after RECOVERY_MS. */
async function recoveryMs(stack: RunningStack, what: string): Promise<number> {
  const started = Date.now();
  await poll(`the guide's check to pass again after ${what}`, RECOVERY_MS, () => guideCheckPasses(stack), 250);
  return Date.now() - started;
}

/** `up` of the self-scrape job at `time` (seconds): the series written then, read back after a restart. */
async function upAt(stack: RunningStack, time: number): Promise<string[]> {
  const instance = stack.instances[0];
  const response = await curl(stack, `${instance.url}api/v1/query?query=up&time=${time}`, { cacert: instance.trustAnchor });
  return (JSON.parse(response.body).data.result as { value: [number, string] }[]).map((sample) => sample.value[1]);
}

/** A time a few scrapes back, once the guide's check passes: samples the TSDB has written by then. */
async function aMomentWithSamples(stack: RunningStack): Promise<number> {
  await poll('the first scrapes', 30_000, () => guideCheckPasses(stack), 250);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const time = Math.floor(Date.now() / 1000) - 1;
  expect(await upAt(stack, time)).toEqual(['1']);
  return time;
}

describeLive('the instance through the faults of a real Docker engine, live', (line) => {
  describe("on the machine's engine", () => {
    const stack = useRunningStack(line, () => synthesize(line, 'faults'));
    const engine = () => stack().host.engine;
    const instance = () => stack().instances[0];
    // Each fault on a healthy instance: one that a fault left down is brought back by a redeploy, as a user would.
    afterEach(async () => {
      const answers = await poll('the instance to answer', 10_000, () => guideCheckPasses(stack()), 250).then(() => true, () => false);
      if (!answers) await stack().deploy();
    }, 120_000);

    test('after a wrong-order start (nginx and Prometheus started while their pod is down, the pod last), it answers within 60 s with no other action', async () => {
      // GIVEN the pod and both processes stopped
      for (const container of [instance().nginxContainer, instance().prometheusContainer, instance().podContainer]) {
        await engine().call('POST', `/containers/${container}/stop`, { query: { t: 10 } });
      }
      // WHEN nginx and Prometheus are started first, as a daemon restart can order them, and fail to join their pod
      for (const container of [instance().nginxContainer, instance().prometheusContainer]) {
        const response = await engine().request('POST', `/containers/${container}/start`);
        expect([container, response.status >= 400, response.body.toString()]).toEqual([container, true, expect.stringContaining('cannot join network')]);
      }
      await engine().call('POST', `/containers/${instance().podContainer}/start`);
      // THEN
      console.log(`wrong-order start: answered after ${await recoveryMs(stack(), 'a wrong-order start')} ms`);
    }, RECOVERY_MS + 30_000);

    test('a restart of the pod (its network namespace replaced under nginx and Prometheus) is recovered from within 60 s', async () => {
      // GIVEN
      await poll('the instance to answer', 30_000, () => guideCheckPasses(stack()), 250);
      // WHEN
      await engine().call('POST', `/containers/${instance().podContainer}/restart`, { query: { t: 10 } });
      // THEN
      console.log(`pod restart: answered after ${await recoveryMs(stack(), 'a pod restart')} ms`);
    }, RECOVERY_MS + 30_000);

    test('docker container prune, then a redeploy: no container that holds data is replaced, and no process restarts', async () => {
      // GIVEN the processes' start times
      const started = async () => Promise.all([instance().nginxContainer, instance().prometheusContainer].map(async (c) => (await stack().host.inspect(c)).State.StartedAt));
      const before = await started();
      // WHEN
      const pruned = await engine().call<{ ContainersDeleted: string[] | null }>('POST', '/containers/prune');
      const { changes, vanished } = await stack().deploy();
      // THEN
      console.log(`prune: deleted ${pruned.ContainersDeleted?.length ?? 0} containers; refresh dropped ${vanished.join(', ') || 'nothing'}; the plan: ${changes.map((c) => `${c.action} ${c.address}`).join(', ') || 'no changes'}`);
      const replaced = changes.filter((c) => c.action === 'replace' || c.action === 'delete').map((c) => c.address);
      expect(replaced.filter((address) => [stack().addressOf(instance().nginxContainer), stack().addressOf(instance().prometheusContainer)].includes(address))).toEqual([]);
      expect(replaced.filter((address) => address.startsWith('docker_volume.'))).toEqual([]);
      expect(await started()).toEqual(before);
    }, 120_000);

    test(`json-file rotation keeps nginx's access log to ${LOG_MAX_FILES} files of ${LOG_MAX_SIZE}, and the newest lines are in docker logs`, async () => {
      // GIVEN several times the log's bound in access log lines (about 200 bytes each)
      const instance = stack().instances[0];
      const url = `${instance.url}-/healthy`;
      for (let batch = 0; batch < 6; batch++) {
        const argv = ['curl', '-s', '--cacert', instance.trustAnchor, '-o', '/dev/null', ...Array.from({ length: 250 }, () => ['-o', '/dev/null', url]).flat()];
        await stack().exec(argv, { timeoutMs: 60_000 });
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // THEN the engine's files for the container: the current one and at most one rotated
      const { LogPath } = (await stack().host.engine.call<{ LogPath: string }>('GET', `/containers/${instance.nginxContainer}/json`));
      const { readdirSync, statSync } = await import('node:fs');
      const { dirname, basename } = await import('node:path');
      const files = readdirSync(dirname(LogPath)).filter((file) => file.startsWith(basename(LogPath)));
      expect(files.length).toBeLessThanOrEqual(LOG_MAX_FILES);
      expect(files.length).toBeGreaterThan(1);
      for (const file of files) expect(statSync(`${dirname(LogPath)}/${file}`).size).toBeLessThanOrEqual(110 * 1024);
      expect(await stack().host.logsOf(instance.nginxContainer)).toMatch(/"GET \/prometheus\/-\/healthy HTTP\/2\.0" 200/);
    }, 120_000);

    test('a Prometheus killed with SIGKILL from the host is back within 60 s, with the series written before it died', async () => {
      // GIVEN
      const written = await aMomentWithSamples(stack());
      const pid = await stack().host.pidOf(instance().prometheusContainer);
      // WHEN
      process.kill(pid, 'SIGKILL');
      // THEN
      console.log(`SIGKILL: answered after ${await recoveryMs(stack(), 'a SIGKILL')} ms`);
      expect(await upAt(stack(), written)).toEqual(['1']);
    }, RECOVERY_MS + 60_000);

    test('a Prometheus killed by the kernel at its memory limit (OOM) is back within 60 s, with the series written before it died', async () => {
      // GIVEN the limit Docker set, and Prometheus first in line for the OOM killer (its user may raise its own score)
      const written = await aMomentWithSamples(stack());
      const limit = await stack().host.execIn(instance().prometheusContainer, ['cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes']);
      expect(Number(limit.stdout.trim())).toBe(256 * 1024 * 1024);
      await stack().host.execIn(instance().prometheusContainer, ['sh', '-c', 'echo 1000 > /proc/1/oom_score_adj'], { check: true });
      // WHEN something in its container takes more memory than the limit leaves
      await stack().host.execIn(instance().prometheusContainer, ['sh', '-c', 'x=$(head -c 300000000 /dev/zero | tr "\\0" a); echo ${#x}'], { timeoutMs: 30_000 });
      // THEN the kernel killed Prometheus, and Docker restarted it
      await poll('Docker to report the OOM kill', 10_000, async () => (await stack().host.inspect(instance().prometheusContainer)).RestartCount > 0, 200);
      console.log(`OOM kill: answered after ${await recoveryMs(stack(), 'an OOM kill')} ms`);
      expect(await upAt(stack(), written)).toEqual(['1']);
    }, RECOVERY_MS + 60_000);
  });

  describe("on a dockerd of the suite's own, restarted", () => {
    const daemon = new PrivateDaemon('faults');
    let stack: RunningStack | undefined;
    beforeAll(async () => {
      await daemon.start();
      await daemon.loadImages([...new Set(Object.values(line.imageNames).concat(['registry.k8s.io/pause:3.10']))]);
      stack = await startStack(synthesize(line, 'restarts', daemon.socketPath), line, { engine: new Engine(daemon.socketPath) });
    }, 300_000);
    afterAll(async () => {
      await stack?.stop().catch(() => undefined);
      await daemon.remove();
    }, 120_000);

    test(`after each of ${DAEMON_RESTARTS} restarts of dockerd, it answers within 60 s with no other action`, async () => {
      const recoveries: number[] = [];
      for (let i = 0; i < DAEMON_RESTARTS; i++) {
        await poll('the instance to answer', 30_000, () => guideCheckPasses(stack!), 250);
        await daemon.restart();
        recoveries.push(await recoveryMs(stack!, `daemon restart ${i + 1}`));
      }
      console.log(`daemon restarts: answered after ${recoveries.join(', ')} ms`);
    }, DAEMON_RESTARTS * (RECOVERY_MS + 60_000));
  });
}, ['current']);
