/** Where the pod agent's Docker API proxy listens, on the agent's own loopback (it has no other network). */
export const AGENT_API_ADDRESS = '127.0.0.1:2375';

/** Where the agent finds the Docker socket it mounts. */
export const AGENT_DOCKER_SOCKET = '/var/run/docker.sock';

export interface AgentProxyInput {
  /** Containers the agent may inspect, start and restart: the pod and its members. */
  readonly supervised: readonly string[];
  /** Containers it may also run checks in and signal (HUP): the consumers of its deliveries. */
  readonly consumers: readonly string[];
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function names(list: readonly string[]): string {
  for (const name of list) if (!CONTAINER_NAME.test(name)) throw new Error(`agent proxy: refusing the container name ${JSON.stringify(name)}`);
  return list.map((name) => name.replace(/\./g, '\\.')).join('|');
}

/**
 * nginx.conf of the agent's Docker API proxy: BusyBox's wget speaks HTTP over TCP only, the engine
 * listens on a unix socket. It passes exactly the calls the agent makes, for the instance's own
 * containers, and refuses every other: a record of what the agent does with the socket, and a
 * guard against a mistake in its script. It is not a security boundary: the socket is mounted in
 * the same container (see the README on the agent).
 */
export function renderAgentProxyConf(input: AgentProxyInput): string {
  const supervised = names(input.supervised);
  const consumers = names(input.consumers);
  const socket = `http://unix:${AGENT_DOCKER_SOCKET}:`;
  const allow = (pattern: string, method: 'GET' | 'POST', extra: string[] = []) => [
    `    location ~ "${pattern}" {`,
    `        limit_except ${method} { deny all; }`,
    ...extra.map((line) => `        ${line}`),
    `        proxy_pass ${socket};`,
    '    }',
  ];
  return [
    '# Rendered by prometheus-tls-proxy: the pod agent\'s Docker API proxy (see lib/render/agent-proxy.ts).',
    // One process, no user switch: it runs as root, which may open the socket, with no capability.
    'master_process off;',
    'daemon on;',
    'pid /agent/proxy/nginx.pid;',
    'error_log stderr warn;',
    'events { worker_connections 64; }',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `    ${kind}_temp_path /agent/proxy/${kind}_temp;`),
    // A check (nginx -t, promtool) may take a while on a loaded host.
    '    proxy_read_timeout 120s;',
    '    proxy_buffering off;',
    '    server {',
    `    listen ${AGENT_API_ADDRESS};`,
    ...allow('^/_ping$', 'GET'),
    ...allow(`^/containers/(${supervised})/json$`, 'GET'),
    ...allow(`^/containers/(${supervised})/(start|restart)$`, 'POST'),
    ...allow(`^/containers/(${consumers})/kill$`, 'POST', ['if ($arg_signal != HUP) { return 403; }']),
    ...allow(`^/containers/(${consumers})/exec$`, 'POST'),
    ...allow('^/exec/[0-9a-f]{64}/start$', 'POST'),
    ...allow('^/exec/[0-9a-f]{64}/json$', 'GET'),
    '    location / { return 403; }',
    '    }',
    '}',
    '',
  ].join('\n');
}
