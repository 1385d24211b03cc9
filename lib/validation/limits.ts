import { WORKER_CONNECTIONS } from '../render/nginx-conf';
import { checkRendered, fail } from './errors';
import { ValidationInput, isGiven, isLiteral } from './input';
import { checkInteger } from './rules';

/** Memory a busy nginx worker holds (buffers, TLS state), and what the master and shared zones take besides. */
export const NGINX_MEMORY_MB = { perWorker: 32, base: 64 } as const;

const DOCKER_LOG_SIZE = /^[1-9]\d*[kKmMgG][iI]?[bB]?$/;

/** Limits rendered into nginx.conf, each with its range. */
const RENDERED_LIMITS = [
  ['requestsPerSecondPerClient', 1, 100_000],
  ['requestBurstPerClient', 0, 100_000],
  ['connectionsPerClient', 1, WORKER_CONNECTIONS],
  ['receiverRequestsPerSecondPerClient', 1, 100_000],
  ['nginxWorkerProcesses', 1, 64],
  ['queriesInFlightPerClient', 1, WORKER_CONNECTIONS],
  // Prometheus refuses a body that decodes to more than 32 MiB, which 2 MB of snappy can reach. Before
  // the requests in flight, whose default derives from it.
  ['receiverBodyLimitMb', 1, 32],
  ['receiverRequestsInFlightPerSender', 1, WORKER_CONNECTIONS],
  ['receiverRequestsInFlight', 1, WORKER_CONNECTIONS],
] as const;

/** Limits of the receivers only. */
const RECEIVER_LIMITS = ['receiverBodyLimitMb', 'receiverRequestsInFlight', 'receiverRequestsInFlightPerSender'] as const;

/** What nginx allows each client, and the containers' memory and logs. */
export function checkLimits(input: ValidationInput): void {
  const { options, tokens } = input;
  for (const [prop, min, max] of RENDERED_LIMITS) {
    checkRendered(prop, options[prop], tokens);
    checkInteger(prop, options[prop], min, max);
  }
  if (!options.enableRemoteWriteReceiver && !options.enableOtlpReceiver) {
    for (const prop of RECEIVER_LIMITS) {
      if (isGiven(input, prop)) fail(prop, input.given[prop], 'only applies with enableRemoteWriteReceiver or enableOtlpReceiver');
    }
  }
  checkNginxMemory(input);
  if (isLiteral(input, options.prometheusMemoryMb)) {
    checkInteger('prometheusMemoryMb', options.prometheusMemoryMb, 64, 1 << 20, ' (Prometheus needs tens of MB before its first series)');
  }
  if (isLiteral(input, options.logMaxSize) && !DOCKER_LOG_SIZE.test(options.logMaxSize)) {
    fail('logMaxSize', options.logMaxSize, 'must be a json-file log size such as "10m" or "100MB" (units k, m, g)');
  }
  if (isLiteral(input, options.logMaxFiles)) checkInteger('logMaxFiles', options.logMaxFiles, 1, 100);
}

/** nginx's memory must hold its workers: the one it is given, or the default, which more workers may outgrow. */
function checkNginxMemory(input: ValidationInput): void {
  const { options } = input;
  if (!isLiteral(input, options.nginxMemoryMb)) return;
  const workers = options.nginxWorkerProcesses;
  const least = NGINX_MEMORY_MB.base + NGINX_MEMORY_MB.perWorker * workers;
  const why = ` (${workers} worker processes at ~${NGINX_MEMORY_MB.perWorker} MB each when busy, plus the TLS session cache and limit zones)`;
  if (isGiven(input, 'nginxMemoryMb')) checkInteger('nginxMemoryMb', options.nginxMemoryMb, least, 1 << 20, why);
  else if (options.nginxMemoryMb < least) fail('nginxWorkerProcesses', workers, `needs nginxMemoryMb of at least ${least}${why}`);
}
