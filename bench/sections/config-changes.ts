import { readFileSync } from 'node:fs';
import { CertificateMode } from '../../lib';
import { curl } from '../../test/live/harness/probes';
import { poll } from '../../test/live/harness/processes';
import { startStack } from '../../test/live/harness/running-stack';
import { synthesizeProxies } from '../../test/live/harness/stacks';
import { median, spread } from '../runner/measure';
import type { Row, Section } from '../runner/section';

const DOMAIN = 'changes.example.com';
const ROUNDS = 3;
/** How long the agent is watched at rest. */
const REST_SECONDS = 60;

/** The agent container's CPU time so far (cgroup v1 cpuacct, nanoseconds) and resident memory (bytes). */
function cgroupOf(pid: number): { cpuNs: number; memoryBytes: number } {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n');
  const path = (controller: string) => lines.find((line) => line.split(':')[1]?.split(',').includes(controller))!.split(':')[2];
  const cpuNs = Number(readFileSync(`/sys/fs/cgroup/cpuacct${path('cpuacct')}/cpuacct.usage`, 'utf8'));
  const memoryBytes = Number(readFileSync(`/sys/fs/cgroup/memory${path('memory')}/memory.usage_in_bytes`, 'utf8'));
  return { cpuNs, memoryBytes };
}

/**
 * What the pod agent's delivery costs and how fast it is: from `cdktf deploy` to the new config
 * serving (a renewed certificate served by nginx, a new scrape job scraped by Prometheus), a few
 * rounds each, and what the agent costs at rest (CPU share and memory, from its container's cgroup).
 */
export const configChanges: Section = {
  id: 'config-changes',
  title: 'Config changes: deploy to serving, and the agent at rest',
  async run({ log, line }) {
    const synthesize = (jobs: number) =>
      synthesizeProxies('changes', line, {
        prometheus: {
          domainName: DOMAIN,
          httpsPort: 8443,
          namePrefix: 'changes',
          tls: { certificateMode: CertificateMode.PRIVATE_CA },
          prometheus: {
            scrapeInterval: '1s',
            // Jobs that scrape Prometheus itself under other names: each new one is a prometheus.yml change.
            scrapeConfigs: Array.from({ length: jobs }, (_, i) => ({ jobName: `again-${i}`, targets: ['127.0.0.1:9090'] })),
          },
        },
      });
    log('starting an instance');
    const stack = await startStack(synthesize(0), line);
    try {
      const instance = stack.instances[0];
      const leafAddress = `tls_locally_signed_cert.${Object.keys(stack.configuration.tls_locally_signed_cert ?? {})[0]}`;
      const served = async () =>
        (await stack.exec(['sh', '-c', `openssl s_client -connect ${DOMAIN}:8443 -servername ${DOMAIN} </dev/null 2>/dev/null | openssl x509 -fingerprint -sha256 -noout`])).stdout;
      const renewals: { deployMs: number; servedMs: number }[] = [];
      const jobs: { deployMs: number; scrapedMs: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        log(`round ${round + 1}: a renewal, then a new scrape job`);
        const before = await served();
        const started = Date.now();
        await stack.deploy(undefined, { replace: [leafAddress] });
        const deployMs = Date.now() - started;
        await poll('the renewed certificate to be served', 30_000, async () => (await served()) !== before, 50);
        renewals.push({ deployMs, servedMs: Date.now() - started });

        const jobStarted = Date.now();
        await stack.deploy(synthesize(round + 1));
        const jobDeployMs = Date.now() - jobStarted;
        const job = `again-${round}`;
        await poll(`job ${job} to be scraped`, 30_000, async () => {
          const response = await curl(stack, `${instance.url}api/v1/query?query=${encodeURIComponent(`up{job="${job}"}`)}`, { cacert: instance.trustAnchor });
          return JSON.parse(response.body).data.result.length > 0;
        }, 50);
        jobs.push({ deployMs: jobDeployMs, scrapedMs: Date.now() - jobStarted });
      }

      log(`watching the agent at rest for ${REST_SECONDS} s`);
      const pid = (await stack.host.inspect('changes-agent')).State.Pid;
      const first = cgroupOf(pid);
      const memory: number[] = [];
      for (let second = 0; second < REST_SECONDS; second++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        memory.push(cgroupOf(pid).memoryBytes);
      }
      const last = cgroupOf(pid);
      const cpuShare = (last.cpuNs - first.cpuNs) / (REST_SECONDS * 1e9);

      const ms = (values: number[]) => ({ median: median(values), detail: spread(values) });
      const rows: Row[] = [
        { name: 'certificate renewal: deploy (plan and apply)', unit: 'ms', ...ms(renewals.map((r) => r.deployMs)) },
        { name: 'certificate renewal: deploy start to the new certificate served', unit: 'ms', ...ms(renewals.map((r) => r.servedMs)) },
        { name: 'scrape job added: deploy (plan and apply)', unit: 'ms', ...ms(jobs.map((j) => j.deployMs)) },
        { name: 'scrape job added: deploy start to the job scraped', unit: 'ms', ...ms(jobs.map((j) => j.scrapedMs)) },
        { name: 'agent at rest: CPU', median: cpuShare * 100, unit: '% of a core', detail: `${((last.cpuNs - first.cpuNs) / 1e6).toFixed(0)} ms of CPU in ${REST_SECONDS} s` },
        { name: 'agent at rest: memory', median: median(memory) / 2 ** 20, unit: 'MiB', detail: `max ${(Math.max(...memory) / 2 ** 20).toFixed(1)} MiB (the container's cgroup, page cache included)` },
      ];
      return {
        rows,
        notes: [
          `${ROUNDS} rounds on one instance (private CA, scrape interval 1 s): the leaf certificate replaced (\`-replace\`, as the provider does once it is due for renewal), then a scrape job added. ` +
            'Each deploy refreshes, plans and applies as the harness plays Terraform and the providers; the agent is replaced with the files, delivers them, checks them in the running process and has it reload; the deploy returns once the new agent is healthy (`wait`).',
          'At rest: the agent wakes every 2 s to inspect the pod and its members (three Engine API calls through its proxy), and Docker runs its health check every 2 s; CPU is its container\'s, the health checks\' exec included.',
        ],
        raw: { renewals, jobs, cpuShare, memory },
      };
    } finally {
      await stack.stop();
    }
  },
};
