import { EcdsaCurve, KeyAlgorithm } from '../../lib';
import { BASIC_AUTH } from './fixtures';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';
import { describeProxyBehaviour } from './proxy-behaviour';

describeLive('two instances in one stack on one Docker host, live', (line) => {
  // GIVEN one with every default port and prefix plus basic auth that also guards health checks,
  // and one on 8443 with a nested prefix, an ECDSA P-384 key and an HTTP listener
  const stack = useRunningStack(line, () =>
    synthesizeProxies('two', line, {
      a: {
        domainName: 'a.example.com',
        keyAlgorithm: KeyAlgorithm.RSA,
        rsaBits: 2048,
        basicAuthUsers: [{ username: BASIC_AUTH.username, passwordHash: BASIC_AUTH.passwordHash }],
        healthCheckWithoutAuth: false,
        scrapeInterval: '1s',
      },
      b: {
        domainName: 'b.example.com',
        httpsPort: 8443,
        httpPort: 8080,
        pathPrefix: '/metrics/prom',
        ecdsaCurve: EcdsaCurve.P384,
        scrapeInterval: '1s',
      },
    }),
  );

  test('runs two pods on two networks', async () => {
    const { instances } = stack();
    expect(instances.map((i) => i.url)).toEqual(['https://a.example.com/prometheus/', 'https://b.example.com:8443/metrics/prom/']);
    const names = instances.flatMap((i) => [i.podContainer, i.nginxContainer, i.prometheusContainer]);
    expect(new Set(names).size).toBe(6);
    // Each pod on its own network, with an address there: two networks, no address in common.
    const networksOf = async (pod: string) => Object.keys((await stack().host.inspect(pod)).NetworkSettings.Networks);
    const [a, b] = await Promise.all(instances.map((i) => networksOf(i.podContainer)));
    expect(a.filter((network) => b.includes(network))).toEqual([]);
    const [ipA, ipB] = await Promise.all(instances.map((i) => stack().host.ipOf(i.podContainer)));
    expect(ipA).not.toBe(ipB);
  });

  describe('instance a', () => {
    describeProxyBehaviour(line, stack, 0, { url: 'https://a.example.com/prometheus/', jobs: ['prometheus'], basicAuth: { healthOpen: false } });
  });

  describe('instance b', () => {
    describeProxyBehaviour(line, stack, 1, { url: 'https://b.example.com:8443/metrics/prom/', httpPort: 8080, jobs: ['prometheus'] });
  });
});
