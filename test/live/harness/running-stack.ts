import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, PROMETHEUS_PORT } from '../../../lib/container-layout';
import { ContainerSpec, containerSpecs, dockerReferences, isNginx, prometheusOf, uploadReference, uploadTo } from './containers';
import { IssuedTls, issueTls } from './certificates';
import { DockerHost } from './docker-host';
import { RunOptions, RunResult, poll } from './processes';
import { SynthesizedStack, TerraformResources, referenceOf } from './terraform';

/** One PrometheusTlsProxy as it runs: the nginx and Prometheus containers and how to reach them. */
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
  /** PEM file a client trusts: the self-signed certificate, or the CA of a private-CA certificate. */
  readonly trustAnchor: string;
  /** Algorithm of the served certificate's key: 'RSA' or 'ECDSA'. */
  readonly keyAlgorithm: string;
  readonly nginxContainer: string;
  readonly prometheusContainer: string;
}

export interface RunningStack {
  readonly instances: RunningInstance[];
  readonly host: DockerHost;
  /** Runs a command on the Docker host (e.g. curl, openssl, wrk), where DOMAIN resolves to the published ports. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Runs every instance of a synthesized stack on a simulated Docker host: issues its TLS resources,
 * evaluates every container's attributes with them, starts the containers, and returns once each
 * Prometheus is ready and each nginx accepts connections.
 */
export async function startStack(stack: SynthesizedStack): Promise<RunningStack> {
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
    host = await DockerHost.start(specs, [...new Set(instances.map((i) => i.domain))], workDir);
    const running = host;
    await Promise.all(instances.map((instance) => waitUntilReady(running, instance)));
    return { instances, host: running, exec: (argv, options) => running.exec(argv, options), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function describeInstance(
  resources: TerraformResources,
  tls: IssuedTls,
  specs: ContainerSpec[],
  nginx: ContainerSpec,
  workDir: string,
): RunningInstance {
  const prometheus = prometheusOf(specs, nginx);
  const externalUrl = prometheus.argv.find((arg) => arg.startsWith('--web.external-url='))!.split('=')[1];
  const url = new URL(externalUrl);
  const pathPrefix = url.pathname === '/' ? '/' : url.pathname;
  const published = (internal: number): number | undefined => nginx.ports.find((p) => p.internal === internal)?.external;

  const served = uploadReference(resources, nginx.id, NGINX_PATHS.certificate);
  let trustAnchor: string;
  if (served?.startsWith('tls_locally_signed_cert.')) {
    const [, id] = served.split('.');
    trustAnchor = tls.file(referenceOf(resources.tls_locally_signed_cert[id].ca_cert_pem)!);
  } else if (served !== undefined) {
    trustAnchor = tls.file(served);
  } else {
    trustAnchor = join(workDir, `${nginx.name}-provided.crt`);
    writeFileSync(trustAnchor, uploadTo(nginx, NGINX_PATHS.certificate));
  }
  const key = uploadReference(resources, nginx.id, NGINX_PATHS.privateKey);
  const keyAlgorithm = key === undefined ? 'provided' : String(resources.tls_private_key[key.split('.')[1]].algorithm);

  return {
    url: `${externalUrl}/`,
    domain: url.hostname,
    pathPrefix,
    base: pathPrefix === '/' ? '/' : `${pathPrefix}/`,
    httpsPort: published(NGINX_HTTPS_PORT)!,
    httpPort: published(NGINX_HTTP_PORT),
    trustAnchor,
    keyAlgorithm,
    nginxContainer: nginx.name,
    prometheusContainer: prometheus.name,
  };
}

async function waitUntilReady(host: DockerHost, instance: RunningInstance): Promise<void> {
  const httpCode = async (container: string, url: string): Promise<string> => {
    await host.assertRunning(container);
    return (await host.execIn(container, ['curl', '-sk', '-o', '/dev/null', '--max-time', '2', '-w', '%{http_code}', url])).stdout;
  };
  await poll(`Prometheus ${instance.prometheusContainer} to be ready`, READY_TIMEOUT_MS, async () =>
    (await httpCode(instance.prometheusContainer, `http://127.0.0.1:${PROMETHEUS_PORT}/-/ready`)) === '200',
  );
  await poll(`nginx ${instance.nginxContainer} to accept connections`, READY_TIMEOUT_MS, async () =>
    (await httpCode(instance.nginxContainer, `https://127.0.0.1:${NGINX_HTTPS_PORT}/`)) !== '000',
  );
}
