import { Container } from '@cdktf/provider-docker/lib/container';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Fn, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigFile, ConfigFiles, configMount } from './config-files';
import { ContainerLimits, runtimeDefaults, tmpfsMount } from './container-defaults';
import { NGINX_FILES, NGINX_HEALTH_CHECK_PORT, NGINX_HTTPS_PORT, NGINX_HTTP_PORT, NGINX_PATHS, NGINX_RECEIVER_GATE_PORT } from './container-layout';
import type { PodAgent } from './pod-agent';
import { BasicAuthUser, ClientRole } from './options';
import { MUSL_BCRYPT_PREFIX, renderHtpasswd } from './render/htpasswd';
import { nginxFeatures } from './render/image-versions';
import { NginxConfInput, renderNginxConf } from './render/nginx-conf';
import { ClientCertificateRoles, htpasswdFileFor, routeRoleSets } from './render/nginx/client-roles';
import type { HealthCheckTarget, NginxLimits, RouteList, TrustedOrigin } from './render/nginx/routes';
import { escapeTerraformTemplate } from './render/terraform-escape';
import { isUnresolved, terraformSecret } from './terraform-values';

/** Path of nginx's loopback health listener: the health check target's endpoint through nginx. */
export const NGINX_HEALTH_CHECK_PATH = '/healthz';

/** Props of an NginxProxy: its container, image and pod, what it serves (routes), and the files of its config volume. */
export interface NginxProxyProps extends ContainerLimits {
  /** Name of the nginx container, which has no DNS name of its own on the networks (it shares the pod's). */
  readonly name: string;
  /** Name of the config volume. */
  readonly configVolumeName: string;
  /** The nginx image, pinned. */
  readonly image: string;
  /** The pod agent, which delivers nginx's files and has it reload them. */
  readonly agent: PodAgent;
  /** `network_mode` of the pod nginx runs in. */
  readonly networkMode: string;
  /** The URL the proxy serves, named in nginx.conf's header comment. */
  readonly url: string;
  /** Names the TLS server answers to (DNS names, wildcards, bracketed IPv6 addresses), the first canonical. */
  readonly serverNames: string[];
  /** Serve clients that send no SNI (those connecting by IP address) instead of refusing their handshake. @default false */
  readonly serveWithoutSni?: boolean;
  /** What the proxy serves: one RouteList per service in the pod. */
  readonly routes: RouteList[];
  /** What the container's health check reaches through nginx's loopback listener. */
  readonly healthCheck: HealthCheckTarget;
  /** PEM of the certificate (chain) nginx serves, which may be a token. */
  readonly certificatePem: string;
  /** PEM of the certificate's key, passed sensitive and written with mode 0600 for nginx's root master process. */
  readonly privateKeyPem: string;
  /**
   * Users allowed through basic auth, their bcrypt hashes literal or tokens, each reaching the routes of its role.
   * @default - no basic auth
   */
  readonly basicAuthUsers?: BasicAuthUser[];
  /** CA certificate that client certificates must chain to, for nginx to verify them. @default - no client certificates */
  readonly clientCaCertificatePem?: string;
  /**
   * Where a verified client certificate's role comes from, which the routes with roles check.
   * @default - certificates are not told apart: every route serves every verified one
   */
  readonly clientCertificateRoles?: ClientCertificateRoles;
  /** Refuse requests without a verified client certificate, open routes excepted (with `clientCaCertificatePem`). @default false */
  readonly requireClientCertificate?: boolean;
  /** Send Strict-Transport-Security. @default false */
  readonly hsts?: boolean;
  /** The published HTTPS port a plain-HTTP listener redirects to. @default - no plain-HTTP listener */
  readonly httpRedirectPort?: number;
  /** nginx worker processes, a fixed count. */
  readonly workerProcesses: number;
  /** What nginx allows each client address. */
  readonly limits: NginxLimits;
  /** Origins that routes refusing cross-site requests accept requests from. */
  readonly trustedOrigins: TrustedOrigin[];
  /** Docker provider of the image, the config volume and the container. @default - the stack's default Docker provider */
  readonly provider?: TerraformProvider;
}

/** A bcrypt hash as musl reads it (render/htpasswd.ts): rewritten by Terraform's replace() when it is a token, here when literal. */
function muslPasswordHash(hash: string): string {
  const { written, read } = MUSL_BCRYPT_PREFIX;
  if (isUnresolved(hash)) return Fn.replace(hash, written, read);
  return hash.startsWith(written) ? `${read}${hash.slice(written.length)}` : hash;
}

/**
 * nginx in the pod: it terminates TLS on the pod's published ports and proxies to the services on the
 * pod's loopback, rendering nginx.conf from their routes. Read-only root filesystem; its config,
 * certificate and key come on a volume of their own, which the pod agent writes: a certificate
 * renewal or a config change is a reload (`nginx -t` first), never a restart.
 */
export class NginxProxy extends Construct {
  /** The rendered nginx.conf. */
  public readonly nginxConfig: string;
  /** The nginx image resource, kept locally on destroy. */
  public readonly image: Image;
  /** The config volume (nginx.conf, certificate, key, htpasswd, client CA). */
  public readonly config: ConfigFiles;
  /** The nginx container: read-only root, in the pod's network namespace, its files changing under it (a reload). */
  public readonly container: Container;

  /**
   * Renders nginx.conf, then declares the image, the config volume with its files, and the nginx container.
   * @param scope the construct it is declared under
   * @param id its construct id
   * @param props the container, the pod to join, the routes and the files to serve
   */
  constructor(scope: Construct, id: string, props: NginxProxyProps) {
    super(scope, id);
    const provider = props.provider;
    this.nginxConfig = renderNginxConf(confInput(props));
    this.image = new Image(this, 'image', { provider, name: props.image, keepLocally: true });
    this.config = new ConfigFiles(this, 'config', {
      provider,
      name: props.configVolumeName,
      files: this.files(props),
      agent: props.agent,
      // nginx.conf names its files relative to its own directory: the check reads the new revision's.
      consumer: { key: 'nginx', container: props.name, mountPath: NGINX_PATHS.configDir, check: ['nginx', '-t', '-q', '-c', `{revision}/${NGINX_FILES.config}`], verify: 'workers' },
    });
    const config = configMount(this.config, props.agent, NGINX_PATHS.configDir);
    this.container = new Container(this, 'container', {
      provider,
      name: props.name,
      image: this.image.imageId,
      entrypoint: ['nginx', '-c', NGINX_PATHS.config, '-g', 'daemon off;'],
      // The master process starts as root to read the key, chowns its temp directories and switches
      // its workers to the nginx user: CHOWN, SETUID, SETGID and nothing else.
      // Named as Docker reports them back (CAP_...), so that plans see no drift.
      capabilities: { drop: ['ALL'], add: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'] },
      ...runtimeDefaults(props),
      networkMode: props.networkMode,
      volumes: [config.volume],
      // Temp files of bodies that outgrow their buffers (bounded: 1 MB requests, streamed receivers), the pid file.
      mounts: [tmpfsMount(NGINX_PATHS.cache, 64), tmpfsMount(NGINX_PATHS.run, 1)],
      healthcheck: {
        // Also red in the network namespace of a pod restarted under nginx, which then has loopback only (moby#24935).
        test: ['CMD-SHELL', `wget -q -O /dev/null http://127.0.0.1:${NGINX_HEALTH_CHECK_PORT}${NGINX_HEALTH_CHECK_PATH} && grep -q eth0: /proc/net/dev`],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      destroyGraceSeconds: 10,
      dependsOn: config.dependsOn,
    });
  }

  /** nginx.conf, the certificate and key, and the htpasswd files and client CA when they are used. */
  private files(props: NginxProxyProps): ConfigFile[] {
    return [
      { path: NGINX_FILES.config, content: escapeTerraformTemplate(this.nginxConfig), permissions: '0644' },
      { path: NGINX_FILES.certificate, content: props.certificatePem, permissions: '0644' },
      // Read by the root master process only.
      { path: NGINX_FILES.privateKey, content: props.privateKeyPem, permissions: '0600' },
      ...htpasswdFiles(props),
      ...(props.clientCaCertificatePem === undefined
        ? []
        : [{ path: NGINX_FILES.clientCa, content: props.clientCaCertificatePem, permissions: '0644' }]),
    ];
  }
}

/**
 * The password files: every user's, and one per set of roles a route serves, of the users of those
 * roles. Read by the workers on every request, so readable by the nginx user. Hashes are not passwords,
 * but no plan needs to show them: sensitive, as every other secret.
 */
function htpasswdFiles(props: NginxProxyProps): ConfigFile[] {
  const users = (props.basicAuthUsers ?? []).map((user) => ({ ...user, passwordHash: muslPasswordHash(user.passwordHash) }));
  if (users.length === 0) return [];
  const file = (path: string, of: BasicAuthUser[]): ConfigFile => ({
    path,
    // A role with no user: a comment, which nginx skips, so that every password is refused.
    content: terraformSecret(of.length === 0 ? '# no user has these roles\n' : renderHtpasswd(of)),
    permissions: '0644',
  });
  return [
    file(NGINX_FILES.htpasswd, users),
    ...routeRoleSets(props.routes.flatMap((list) => list.routes)).map((roles) =>
      file(htpasswdFileFor(NGINX_FILES.htpasswd, roles), users.filter((user) => roles.includes(user.role ?? ClientRole.READER))),
    ),
  ];
}

/** The renderer's input: the props, the routes of every service, and where nginx keeps its files in its container. */
function confInput(props: NginxProxyProps): NginxConfInput {
  return {
    url: props.url,
    serverNames: props.serverNames,
    serveWithoutSni: props.serveWithoutSni ?? false,
    features: nginxFeatures(props.image),
    listen: { https: NGINX_HTTPS_PORT, http: NGINX_HTTP_PORT },
    runtimePaths: { pidFile: NGINX_PATHS.pidFile, tempDir: NGINX_PATHS.cache },
    // Relative to nginx.conf's directory: the revision it is read from.
    certificatePath: NGINX_FILES.certificate,
    privateKeyPath: NGINX_FILES.privateKey,
    clientCertificates:
      props.clientCaCertificatePem === undefined
        ? undefined
        : { caPath: NGINX_FILES.clientCa, required: props.requireClientCertificate ?? false, roles: props.clientCertificateRoles },
    receiverGatePort: NGINX_RECEIVER_GATE_PORT,
    htpasswdPath: (props.basicAuthUsers ?? []).length > 0 ? NGINX_FILES.htpasswd : undefined,
    hsts: props.hsts ?? false,
    httpRedirectToPort: props.httpRedirectPort,
    workerProcesses: props.workerProcesses,
    limits: props.limits,
    trustedOrigins: props.trustedOrigins,
    upstreams: props.routes.flatMap((list) => list.upstreams),
    routes: props.routes.flatMap((list) => list.routes),
    answers: props.routes.flatMap((list) => list.answers ?? []),
    refusedPaths: props.routes.flatMap((list) => list.refusedPaths ?? []),
    healthCheck: { port: NGINX_HEALTH_CHECK_PORT, path: NGINX_HEALTH_CHECK_PATH, ...props.healthCheck },
  };
}
