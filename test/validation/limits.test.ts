import { FlatOptions } from '../../lib/options';
import { checkLimits } from '../../lib/validation/limits';
import { NUMBER_TOKEN, Refusal, TOKEN, checkOf, testAcceptances, testRefusals } from './support';

type Options = Partial<FlatOptions>;

const check = checkOf(checkLimits);
const rendered = /cannot be an unresolved token/;

describe('checkLimits accepts', () => {
  testAcceptances<Options>(
    [
      ['the defaults', {}],
      ['log and memory limits', { logMaxSize: '50m', logMaxFiles: 5, nginxMemoryMb: 128, prometheusMemoryMb: 4096 }],
      ['a log size with a long unit', { logMaxSize: '100MB' }],
      ['the lowest client limits', { requestsPerSecondPerClient: 1, requestBurstPerClient: 0, connectionsPerClient: 1 }],
      ['the highest client limits', { requestsPerSecondPerClient: 100_000, requestBurstPerClient: 100_000, connectionsPerClient: 4096 }],
      ['as many nginx workers as the default memory holds', { nginxWorkerProcesses: 6 }],
      ['the most nginx workers with the memory they need', { nginxWorkerProcesses: 64, nginxMemoryMb: 64 + 32 * 64 }],
      ['nginx memory as a token, even with many workers', { nginxWorkerProcesses: 64, nginxMemoryMb: NUMBER_TOKEN }],
      ['the other container limits as tokens, which only reach Terraform', { prometheusMemoryMb: NUMBER_TOKEN, logMaxSize: TOKEN, logMaxFiles: NUMBER_TOKEN }],
    ],
    check,
  );
});

describe('checkLimits refuses, naming the prop and showing the value', () => {
  const refusals: Refusal<Options>[] = [
    ['no requests per second', { requestsPerSecondPerClient: 0 }, 'requestsPerSecondPerClient', /1 to 100000/],
    ['too many requests per second', { requestsPerSecondPerClient: 100_001 }, 'requestsPerSecondPerClient'],
    ['fractional requests per second', { requestsPerSecondPerClient: 1.5 }, 'requestsPerSecondPerClient'],
    ['a negative burst', { requestBurstPerClient: -1 }, 'requestBurstPerClient', /0 to 100000/],
    ['too large a burst', { requestBurstPerClient: 100_001 }, 'requestBurstPerClient'],
    ['no connections per client', { connectionsPerClient: 0 }, 'connectionsPerClient', /1 to 4096/],
    ['more connections per client than a worker has', { connectionsPerClient: 4097 }, 'connectionsPerClient'],
    ['no nginx workers', { nginxWorkerProcesses: 0 }, 'nginxWorkerProcesses', /1 to 64/],
    ['65 nginx workers', { nginxWorkerProcesses: 65, nginxMemoryMb: 4096 }, 'nginxWorkerProcesses', /1 to 64/],
    ['more nginx workers than the default memory holds', { nginxWorkerProcesses: 7 }, 'nginxWorkerProcesses', /needs nginxMemoryMb of at least 288/],
    ['less nginx memory than two workers need', { nginxMemoryMb: 5 }, 'nginxMemoryMb', /128 to 1048576 \(2 worker processes/],
    ['one MB less than two workers need', { nginxMemoryMb: 127 }, 'nginxMemoryMb', /128/],
    ['less nginx memory than the workers given need', { nginxWorkerProcesses: 4, nginxMemoryMb: 191 }, 'nginxMemoryMb', /192/],
    ['more than a TB of nginx memory', { nginxMemoryMb: 2 ** 20 + 1 }, 'nginxMemoryMb'],
    ['fractional Prometheus memory', { prometheusMemoryMb: 1.5 }, 'prometheusMemoryMb'],
    ['too little Prometheus memory', { prometheusMemoryMb: 63 }, 'prometheusMemoryMb', /64 to/],
    ['a log size without unit', { logMaxSize: '10' }, 'logMaxSize'],
    ['a log size of 0', { logMaxSize: '0m' }, 'logMaxSize'],
    ['a log size in an unknown unit', { logMaxSize: '10t' }, 'logMaxSize', /units k, m, g/],
    ['no log files', { logMaxFiles: 0 }, 'logMaxFiles'],
    ['101 log files', { logMaxFiles: 101 }, 'logMaxFiles', /1 to 100/],
    ...(['requestsPerSecondPerClient', 'requestBurstPerClient', 'connectionsPerClient', 'receiverRequestsPerSecondPerClient', 'nginxWorkerProcesses'] as const).map(
      (key): Refusal<Options> => [`${key} as a token: it is rendered into nginx.conf`, { [key]: NUMBER_TOKEN }, key, rendered],
    ),
  ];
  testRefusals(refusals, check);
});
