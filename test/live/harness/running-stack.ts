import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, PROMETHEUS_LISTEN_ADDRESS } from '../../../lib/container-layout';
import { ContainerSpec, fileIn, isNginx, networkOwner, prometheusOf, unissuedContainerSpecs } from './containers';
import { Engine } from './engine/client';
import { DockerProvider } from './engine/docker-provider';
import { EngineHost } from './engine/engine-host';
import { HostView } from './engine/host-view';
import { ApplyOptions, ApplyResult, TerraformState } from './engine/plan';
import { TlsProvider } from './engine/tls-provider';
import { ImageLine, lineLabel } from './image-lines';
import { RunOptions, RunResult, poll } from './processes';
import { SynthesizedStack, TerraformResources, evaluateTemplate, referenceOf } from './terraform';

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

export interface TlsFiles {
  /** Path of a PEM file holding a TLS output as the state has it now (`tls_self_signed_cert.x.cert_pem`). */
  file(reference: string): string;
  /** The files of the client certificate (and its key) whose CN is `commonName`, for `curl --cert --key`. */
  clientCertificate(commonName: string): { readonly certificate: string; readonly key: string };
}

export interface RunningStack {
  readonly instances: RunningInstance[];
  readonly host: EngineHost;
  /** The nginx/Prometheus line the stack runs on. */
  readonly line: ImageLine;
  /** "nginx 1.30.6, Prometheus 3.5.3", for messages. */
  readonly lineLabel: string;
  readonly tls: TlsFiles;
  /** The stack's Terraform state: what `cdktf deploy` applied. */
  readonly state: TerraformState;
  /** The configuration last applied. */
  readonly configuration: TerraformResources;
  /** Runs a command on the Docker host (e.g. curl, openssl, wrk), where DOMAIN resolves to the published ports. */
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
  /**
   * `cdktf deploy` again: refresh, plan and apply `stack` (the same configuration when not given),
   * then wait until every instance is ready. Returns what the plan changed.
   */
  deploy(stack?: SynthesizedStack, options?: ApplyOptions): Promise<ApplyResult>;
  /** `cdktf destroy`, then removes every file the harness wrote. */
  stop(): Promise<void>;
  /** The Terraform address of the container of that name (`docker_container.<id>`). */
  addressOf(containerName: string): string;
}

export interface StackOptions {
  /** The engine to deploy to. @default the machine's dockerd */
  readonly engine?: Engine;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Deploys a synthesized stack onto the Docker engine as `cdktf deploy` would with the two providers
 * (played by the harness, see engine/), on `line`'s images, and returns once each Prometheus is
 * ready and each nginx accepts connections.
 */
export async function startStack(stack: SynthesizedStack, line: ImageLine, options: StackOptions = {}): Promise<RunningStack> {
  const workDir = mkdtempSync(join(tmpdir(), `ptp-live-${stack.name}-`));
  const engine = options.engine ?? new Engine();
  const state = new TerraformState({ docker_: new DockerProvider(engine), tls_: new TlsProvider(join(workDir, 'openssl')) }, (template, lookup) =>
    evaluateTemplate(template, { has: (reference) => lookup(reference) !== undefined, get: (reference) => lookup(reference) }),
  );
  const specs = unissuedContainerSpecs(stack.resources);
  let view: HostView | undefined;
  let loopbackView: HostView | undefined;
  let configuration = stack.resources;
  const stop = async (): Promise<void> => {
    try {
      await state.apply({});
    } finally {
      await view?.stop();
      await loopbackView?.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  };
  try {
    const tls = tlsFiles(state, stack.resources, join(workDir, 'tls'));
    const instances = specs.filter(isNginx).map((nginx) => describeInstance(stack.resources, tls, specs, nginx, workDir));
    const domains = [...new Set(instances.map((i) => i.domain))];
    view = await HostView.start(domains);
    loopbackView = await HostView.start(domains, '127.0.0.1');
    const host = new EngineHost(engine, view, loopbackView);
    await state.apply(stack.resources);
    await Promise.all(instances.map((instance) => waitUntilReady(host, instance)));
    const running: RunningStack = {
      instances,
      host,
      line,
      lineLabel: lineLabel(line),
      tls,
      state,
      get configuration() {
        return configuration;
      },
      exec: (argv, runOptions) => host.exec(argv, runOptions),
      deploy: async (next = { ...stack, resources: configuration }, applyOptions = {}) => {
        const result = await state.apply(next.resources, applyOptions);
        configuration = next.resources;
        await Promise.all(instances.map((instance) => waitUntilReady(host, instance)));
        return result;
      },
      stop,
      addressOf: (containerName) => {
        const id = Object.entries(configuration.docker_container ?? {}).find(([, c]) => c.name === containerName)?.[0];
        if (id === undefined) throw new Error(`the stack declares no container named ${containerName}`);
        return `docker_container.${id}`;
      },
    };
    return running;
  } catch (error) {
    // PTP_KEEP_FAILED=1 leaves what failed to start on the engine, for a look (the next run's janitor removes it).
    if (process.env.PTP_KEEP_FAILED !== '1') await stop().catch(() => undefined);
    throw new Error(`[${lineLabel(line)}] ${(error as Error).message}`, { cause: error });
  }
}

/** PEM files of the state's TLS outputs, written (again) whenever asked for, so that a renewal shows. */
function tlsFiles(state: TerraformState, resources: TerraformResources, dir: string): TlsFiles {
  mkdirSync(dir, { recursive: true });
  const written = new Map<string, string>();
  const file = (reference: string): string => {
    const path = join(dir, reference.replace(/[^\w.-]/g, '_'));
    const pem = state.valueOf(reference);
    // Renamed into place, and only when it changed: curls running in parallel read it.
    if (pem !== undefined && written.get(path) !== pem) {
      writeFileSync(`${path}.new`, pem, { mode: 0o600 });
      renameSync(`${path}.new`, path);
      written.set(path, pem);
    }
    return path;
  };
  return {
    file,
    clientCertificate: (commonName) => {
      const request = Object.entries(resources.tls_cert_request ?? {}).find(([, r]) => (r.subject as { common_name?: string }[])[0]?.common_name === commonName);
      if (request === undefined) throw new Error(`no certificate request for CN ${commonName}`);
      const [requestId, attributes] = request;
      const signed = Object.entries(resources.tls_locally_signed_cert ?? {}).find(([, c]) => referenceOf(c.cert_request_pem) === `tls_cert_request.${requestId}.cert_request_pem`);
      if (signed === undefined) throw new Error(`no signed certificate for CN ${commonName}`);
      return { certificate: file(`tls_locally_signed_cert.${signed[0]}.cert_pem`), key: file(referenceOf(attributes.private_key_pem)!) };
    },
  };
}

/**
 * The trust anchor is a file the harness rewrites from the state each time it is asked for its path
 * (a getter): after a renewal it holds the new certificate.
 */
function describeInstance(resources: TerraformResources, tls: TlsFiles, specs: ContainerSpec[], nginx: ContainerSpec, workDir: string): RunningInstance {
  const pod = networkOwner(specs, nginx);
  const prometheus = prometheusOf(specs, nginx);
  const externalUrl = prometheus.argv.find((arg) => arg.startsWith('--web.external-url='))!.split('=')[1];
  const url = new URL(externalUrl);
  const pathPrefix = url.pathname === '/' ? '/' : url.pathname;
  const published = (internal: number): number | undefined => pod.ports.find((p) => p.internal === internal)?.external;

  // What reaches nginx's config volume for the certificate: a reference, or a provided PEM.
  const served = referenceOf(fileIn(specs, nginx, NGINX_PATHS.certificate));
  let anchor: () => string;
  if (served?.startsWith('tls_locally_signed_cert.')) {
    const [, id] = served.split('.');
    const ca = referenceOf(resources.tls_locally_signed_cert[id].ca_cert_pem)!;
    anchor = () => tls.file(ca);
  } else if (served !== undefined) {
    anchor = () => tls.file(served);
  } else {
    const path = join(workDir, `${nginx.name}-provided.crt`);
    writeFileSync(path, fileIn(specs, nginx, NGINX_PATHS.certificate));
    anchor = () => path;
  }
  const key = referenceOf(fileIn(specs, nginx, NGINX_PATHS.privateKey));
  return {
    url: `${externalUrl}/`,
    domain: url.hostname,
    pathPrefix,
    base: pathPrefix === '/' ? '/' : `${pathPrefix}/`,
    httpsPort: published(NGINX_HTTPS_PORT)!,
    httpPort: published(NGINX_HTTP_PORT),
    get trustAnchor() {
      return anchor();
    },
    get keyAlgorithm() {
      // A provided certificate's key type is read from the certificate.
      if (key === undefined) return { ec: 'ECDSA', rsa: 'RSA' }[String(new X509Certificate(readFileSync(anchor())).publicKey.asymmetricKeyType)] ?? 'unknown';
      return String(resources.tls_private_key[key.split('.')[1]].algorithm);
    },
    podContainer: pod.name,
    nginxContainer: nginx.name,
    prometheusContainer: prometheus.name,
    aliases: [...new Set(pod.networks.flatMap((n) => n.aliases))],
  };
}

async function waitUntilReady(host: EngineHost, instance: RunningInstance): Promise<void> {
  /** A container that never gets ready says why in its output. */
  const withLogs = async (container: string, wait: () => Promise<void>): Promise<void> => {
    try {
      await wait();
    } catch (error) {
      const logs = await host.logsOf(container).catch((e: Error) => e.message);
      throw new Error(`${(error as Error).message}\n--- ${container} output ---\n${logs.slice(-4000)}`);
    }
  };
  await withLogs(instance.prometheusContainer, () =>
    poll(`Prometheus ${instance.prometheusContainer} to be ready`, READY_TIMEOUT_MS, async () => {
      await host.assertRunning(instance.prometheusContainer);
      const ready = await host.execIn(instance.prometheusContainer, ['wget', '-q', '-O', '/dev/null', `http://${PROMETHEUS_LISTEN_ADDRESS}/-/ready`], { timeoutMs: 3000 });
      return ready.code === 0;
    }, 200),
  );
  await withLogs(instance.nginxContainer, () =>
    poll(`nginx ${instance.nginxContainer} to accept connections`, READY_TIMEOUT_MS, async () => {
      await host.assertRunning(instance.nginxContainer);
      const origin = `https://${instance.domain}:${instance.httpsPort}/`;
      return (await host.exec(['curl', '-sk', '-o', '/dev/null', '--max-time', '2', '-w', '%{http_code}', origin])).stdout !== '000';
    }, 200),
  );
}
