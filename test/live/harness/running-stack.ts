import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, PROMETHEUS_LISTEN_ADDRESS } from '../../../lib/container-layout';
import { ContainerSpec, containerSpecs, dockerReferences, fileIn, isNginx, networkOwner, prometheusOf, unissuedContainerSpecs } from './containers';
import { IssuedTls, issueTls } from './certificates';
import { DockerHost } from './docker-host';
import { ImageLine, lineLabel } from './image-lines';
import { RunOptions, RunResult, poll } from './processes';
import { SynthesizedStack, TerraformResources, referenceOf } from './terraform';

/** One PrometheusTlsProxy as it runs: its pod's containers and how to reach them. */
export interface RunningInstance {
  /** `https://DOMAIN[:PORT]/PREFIX/`, from the synthesized `--web.external-url`. */
  readonly url: string;
  readonly domain: string;
  /** `/` or `/segment[/segment...]`. */
  readonly pathPrefix: string;
  /** `PREFIX/`, or `/` for prefix `/`: the base every proxied path starts with. */
  readonly base: string;
  readonly httpsPort: number;
  readonly httpPort?: number;
  /** PEM file a client trusts: the self-signed certificate, the CA of a private-CA certificate, or the provided certificate. */
  readonly trustAnchor: string;
  /** Algorithm of the served certificate's key: 'RSA' or 'ECDSA'. */
  readonly keyAlgorithm: string;
  readonly podContainer: string;
  readonly nginxContainer: string;
  readonly prometheusContainer: string;
  /** The pod's DNS names on its networks (the construct's network alias). */
  readonly aliases: string[];
}

export interface RunningStack {
  readonly instances: RunningInstance[];
  readonly host: DockerHost;
  /** The nginx/Prometheus line the stack runs on. */
  readonly line: ImageLine;
  /** "nginx 1.30.6, Prometheus 3.5.3", for messages. */
  readonly lineLabel: string;
  readonly tls: IssuedTls;
  /** Runs a command on the Docker host (e.g. curl, openssl, wrk), where DOMAIN resolves to the published ports. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Runs every instance of a synthesized stack on a simulated Docker host, on `line`'s nginx and
 * Prometheus: issues its TLS resources, evaluates every container's attributes with them, starts
 * the containers, and returns once each Prometheus is ready and each nginx accepts connections.
 */
export async function startStack(stack: SynthesizedStack, line: ImageLine): Promise<RunningStack> {
  const workDir = mkdtempSync(join(tmpdir(), `ptp-live-${stack.name}-`));
  let host: DockerHost | undefined;
  const stop = async (): Promise<void> => {
    await host?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    mkdirSync(join(workDir, 'tls'));
    const tls = await issueTls(stack.resources, join(workDir, 'tls'));
    const references = new Map([...dockerReferences(stack.resources), ...tls.references]);
    const specs = containerSpecs(stack.resources, references);
    const instances = specs.filter(isNginx).map((nginx) => describeInstance(stack.resources, tls, specs, nginx, workDir));
    host = await DockerHost.start(specs, { hostNames: [...new Set(instances.map((i) => i.domain))], lineRoot: line.root }, workDir);
    const running = host;
    await Promise.all(instances.map((instance) => waitUntilReady(running, instance)));
    return { instances, host: running, line, lineLabel: lineLabel(line), tls, exec: (argv, options) => running.exec(argv, options), stop };
  } catch (error) {
    await stop();
    throw new Error(`[${lineLabel(line)}] ${(error as Error).message}`, { cause: error });
  }
}

function describeInstance(resources: TerraformResources, tls: IssuedTls, specs: ContainerSpec[], nginx: ContainerSpec, workDir: string): RunningInstance {
  const pod = networkOwner(specs, nginx);
  const prometheus = prometheusOf(specs, nginx);
  const externalUrl = prometheus.argv.find((arg) => arg.startsWith('--web.external-url='))!.split('=')[1];
  const url = new URL(externalUrl);
  const pathPrefix = url.pathname === '/' ? '/' : url.pathname;
  const published = (internal: number): number | undefined => pod.ports.find((p) => p.internal === internal)?.external;

  // What the writer of nginx's config volume uploads for the certificate, before TLS is issued: a reference, or a provided PEM.
  const unissued = unissuedContainerSpecs(resources);
  const unissuedNginx = unissued.find((spec) => spec.id === nginx.id)!;
  const served = referenceOf(fileIn(unissued, unissuedNginx, NGINX_PATHS.certificate));
  let trustAnchor: string;
  if (served?.startsWith('tls_locally_signed_cert.')) {
    const [, id] = served.split('.');
    trustAnchor = tls.file(referenceOf(resources.tls_locally_signed_cert[id].ca_cert_pem)!);
  } else if (served !== undefined) {
    trustAnchor = tls.file(served);
  } else {
    trustAnchor = join(workDir, `${nginx.name}-provided.crt`);
    writeFileSync(trustAnchor, fileIn(specs, nginx, NGINX_PATHS.certificate));
  }
  const key = referenceOf(fileIn(unissued, unissuedNginx, NGINX_PATHS.privateKey));
  // A provided certificate's key type is read from the certificate.
  const keyAlgorithm =
    key === undefined
      ? { ec: 'ECDSA', rsa: 'RSA' }[String(new X509Certificate(readFileSync(trustAnchor)).publicKey.asymmetricKeyType)] ?? 'unknown'
      : String(resources.tls_private_key[key.split('.')[1]].algorithm);

  return {
    url: `${externalUrl}/`,
    domain: url.hostname,
    pathPrefix,
    base: pathPrefix === '/' ? '/' : `${pathPrefix}/`,
    httpsPort: published(NGINX_HTTPS_PORT)!,
    httpPort: published(NGINX_HTTP_PORT),
    trustAnchor,
    keyAlgorithm,
    podContainer: pod.name,
    nginxContainer: nginx.name,
    prometheusContainer: prometheus.name,
    aliases: [...new Set(pod.networks.flatMap((n) => n.aliases))],
  };
}

async function waitUntilReady(host: DockerHost, instance: RunningInstance): Promise<void> {
  /** A container that never gets ready says why in its output. */
  const withLogs = async (container: string, wait: () => Promise<void>): Promise<void> => {
    try {
      await wait();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${container} output ---\n${host.logsOf(container).slice(-4000)}`);
    }
  };
  await withLogs(instance.prometheusContainer, () =>
    poll(`Prometheus ${instance.prometheusContainer} to be ready`, READY_TIMEOUT_MS, async () => {
      await host.assertRunning(instance.prometheusContainer);
      const ready = await host.execIn(instance.prometheusContainer, ['wget', '-q', '-O', '/dev/null', `http://${PROMETHEUS_LISTEN_ADDRESS}/-/ready`], { timeoutMs: 3000 });
      return ready.code === 0;
    }),
  );
  await withLogs(instance.nginxContainer, () =>
    poll(`nginx ${instance.nginxContainer} to accept connections`, READY_TIMEOUT_MS, async () => {
      await host.assertRunning(instance.nginxContainer);
      const origin = `https://${instance.domain}:${instance.httpsPort}/`;
      return (await host.exec(['curl', '-sk', '-o', '/dev/null', '--max-time', '2', '-w', '%{http_code}', origin])).stdout !== '000';
    }),
  );
}
