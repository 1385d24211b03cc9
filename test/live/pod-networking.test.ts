import { Container } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { CertificateMode, PrometheusTlsProxy } from '../../lib';
import { TOOL_IMAGES } from './harness/engine/images';
import { curl } from './harness/probes';
import { poll } from './harness/processes';
import { describeLive } from './harness/requirements';
import { synthesizeProxies } from './harness/stacks';
import { useRunningStack } from './live-stack';

const CLIENT = 'grafana-like';
/** A client on the additional network, where Docker's embedded DNS answers for the same alias. */
const OTHER_CLIENT = 'targets-client';
const NODE_EXPORTER = TOOL_IMAGES.nodeExporter;

describeLive("the pod: Prometheus on its loopback, behind nginx, on the instance's networks, live", (line) => {
  // GIVEN an instance whose pod joins a shared network (with a client container and a scrape target on
  // it) and an additional network (with another target), and the client trusting the instance's CA
  const stack = useRunningStack(line, () =>
    synthesizeProxies(
      'pod',
      line,
      {},
      (scope) => {
        const monitoring = new Network(scope, 'monitoring', { name: 'monitoring' });
        const targets = new Network(scope, 'targets', { name: 'targets' });
        const proxy = new PrometheusTlsProxy(scope, 'prometheus', {
          ...line.images,
          domainName: 'pod.example.com',
          httpsPort: 8443,
          certificateMode: CertificateMode.PRIVATE_CA,
          network: monitoring.name,
          additionalNetworks: [targets.name],
          networkAlias: 'prom',
          scrapeInterval: '1s',
          scrapeConfigs: [{ jobName: 'node', targets: ['node-a:9100', 'node-b:9100'] }],
        });
        const exporter = (id: string, network: Network) =>
          new Container(scope, id, {
            name: id,
            image: NODE_EXPORTER,
            entrypoint: ['/bin/node_exporter'],
            command: ['--web.listen-address=:9100', '--collector.disable-defaults', '--collector.time'],
            user: '65534:65534',
            networksAdvanced: [{ name: network.name }],
          });
        exporter('node-a', monitoring);
        exporter('node-b', targets);
        new Container(scope, CLIENT, {
          name: CLIENT,
          image: TOOL_IMAGES.curl,
          entrypoint: ['sleep', 'infinity'],
          networksAdvanced: [{ name: monitoring.name }],
          upload: [{ file: '/tmp/ca.crt', content: proxy.caCertificatePem! }],
        });
        new Container(scope, OTHER_CLIENT, {
          name: OTHER_CLIENT,
          image: TOOL_IMAGES.curl,
          entrypoint: ['sleep', 'infinity'],
          networksAdvanced: [{ name: targets.name }],
          upload: [{ file: '/tmp/ca.crt', content: proxy.caCertificatePem! }],
        });
      },
    ),
  );
  const instance = () => stack().instances[0];
  const query = async (promql: string) =>
    JSON.parse((await curl(stack(), `${instance().url}api/v1/query?query=${encodeURIComponent(promql)}`, { cacert: instance().trustAnchor })).body).data.result;
  /**
   * The value of `promql`'s one series once Prometheus has it: a self-scrape can miss its 1 s timeout
   * on a loaded machine, and then the series is not there yet.
   */
  const valueOf = async (promql: string): Promise<string> => {
    let result: { value: [number, string] }[] = [];
    await poll(`a sample of ${promql}`, 20_000, async () => (result = await query(promql)).length > 0, 250);
    return result[0].value[1];
  };
  /** Whether a TCP connection to `host:port` opens, from the Docker host or from the client container (its curl's telnet:// connects and sends nothing). */
  const opens = async (where: 'host' | typeof CLIENT, host: string, port: number): Promise<boolean> => {
    if (where === 'host') return (await stack().exec(['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`])).code === 0;
    const result = await stack().host.execIn(CLIENT, ['curl', '-s', '--connect-timeout', '3', '--max-time', '1', '-o', '/dev/null', `telnet://${host}:${port}`]);
    // 28: connected, then the 1 s transfer timeout; anything else (7: refused) means no listener.
    return result.code === 28 || result.code === 0;
  };

  test('from the Docker host, only nginx answers on any address of the pod: not Prometheus, not the health listener', async () => {
    // GIVEN every address of the pod, one per network
    const addresses = await stack().host.addressesOf(instance().podContainer);
    expect(addresses).toHaveLength(2);
    // WHEN
    const open = await Promise.all(addresses.flatMap((ip) => [9090, 8081, 443].map(async (port) => [`${ip}:${port}`, await opens('host', ip, port)])));
    // THEN
    expect(Object.fromEntries(open)).toEqual(Object.fromEntries(addresses.flatMap((ip) => [[`${ip}:9090`, false], [`${ip}:8081`, false], [`${ip}:443`, true]])));
  });

  test('from a container on the same network, only nginx answers: by the alias and by address', async () => {
    const ip = await stack().host.ipOf(instance().podContainer);
    const open = {
      prometheusByAlias: await opens(CLIENT, 'prom', 9090),
      healthListenerByAlias: await opens(CLIENT, 'prom', 8081),
      prometheusByAddress: await opens(CLIENT, ip, 9090),
      nginxByAlias: await opens(CLIENT, 'prom', 443),
    };
    expect(open).toEqual({ prometheusByAlias: false, healthListenerByAlias: false, prometheusByAddress: false, nginxByAlias: true });
  });

  test.each([[CLIENT, 'the network it shares'], [OTHER_CLIENT, 'the additional network']])(
    'a container (%s) on %s finds the proxy by its alias through Docker\'s DNS and verifies it against the CA, over HTTP/2',
    async (client) => {
      const result = await stack().host.execIn(client, ['curl', '-s', '--cacert', '/tmp/ca.crt', '-w', '\n%{http_version}', 'https://prom/prometheus/api/v1/query?query=up']);
      const [body, version] = result.stdout.split('\n');
      expect(result.code).toBe(0);
      expect(JSON.parse(body).status).toBe('success');
      expect(version).toBe('2');
    },
  );

  test('Prometheus scrapes targets on the network it shares and on the additional network', async () => {
    let up: { metric: { instance: string }; value: [number, string] }[] = [];
    await poll('both targets to be scraped', 20_000, async () => (up = await query('up{job="node"}')).length === 2 && up.every((s) => s.value[1] === '1'), 250);
    expect(up.map((s) => [s.metric.instance, s.value[1]]).sort()).toEqual([
      ['node-a:9100', '1'],
      ['node-b:9100', '1'],
    ]);
  });

  test('nginx and Prometheus cannot write their root filesystems, only their tmpfs and volumes', async () => {
    const write = async (container: string, path: string) => (await stack().host.execIn(container, ['/bin/sh', '-c', `: > ${path}`])).code === 0;
    expect({
      nginxRoot: await write(instance().nginxContainer, '/etc/x'),
      nginxConfig: await write(instance().nginxContainer, '/etc/nginx/rendered/x'),
      nginxCache: await write(instance().nginxContainer, '/var/cache/nginx/x'),
      prometheusRoot: await write(instance().prometheusContainer, '/x'),
      prometheusConfig: await write(instance().prometheusContainer, '/etc/prometheus/rendered/x'),
      prometheusTsdb: await write(instance().prometheusContainer, '/prometheus/x'),
    }).toEqual({ nginxRoot: false, nginxConfig: false, nginxCache: true, prometheusRoot: false, prometheusConfig: false, prometheusTsdb: true });
  });

  test("the config volumes' current revisions hold each file with its mode and owner: nginx's key for root only, Prometheus's files for nobody", async () => {
    const stat = async (container: string, dir: string) =>
      (await stack().host.execIn(container, ['/bin/sh', '-c', `cd ${dir}/current && find . -type f -exec stat -c '%n %a %u' {} + | sort`])).stdout.trim().split('\n');
    expect(await stat(instance().nginxContainer, '/etc/nginx/rendered')).toEqual(['./nginx.conf 644 0', './tls/server.crt 644 0', './tls/server.key 600 0']);
    expect(await stat(instance().prometheusContainer, '/etc/prometheus/rendered')).toEqual(['./prometheus.yml 644 65534']);
  });

  test('restarting Prometheus leaves nginx running in the same namespace, and the proxy serves it again with its TSDB', async () => {
    // GIVEN
    const { host } = stack();
    const nginxPid = await host.pidOf(instance().nginxContainer);
    const before = Number(await valueOf('prometheus_tsdb_head_min_time'));
    // WHEN
    await stack().deploy(undefined, { replace: [stack().addressOf(instance().prometheusContainer)] });
    let ready = 0;
    await poll('Prometheus to be ready behind the proxy', 30_000, async () => (ready = (await curl(stack(), `${instance().url}-/ready`, { cacert: instance().trustAnchor })).status) === 200, 250);
    // THEN
    expect(ready).toBe(200);
    expect(await host.pidOf(instance().nginxContainer)).toBe(nginxPid);
    // The TSDB volume kept what was written before: the head still starts where it did.
    expect(Number(await valueOf('prometheus_tsdb_head_min_time'))).toBe(before);
  }, 60_000);
});
