import type { NginxConfInput } from '../../lib/render/nginx-conf';
import { NginxRoute, RouteMatch } from '../../lib/render/nginx/routes';

/** What the nginx.conf renderer's tests share: a minimal input, and readers of the blocks it renders. */

/** A route with nothing but what every route must say. */
export function route(overrides: Partial<NginxRoute> = {}): NginxRoute {
  return { path: '/app/', match: RouteMatch.PREFIX, upstream: 'backend', upstreamPath: '/', methods: ['GET', 'POST'], ...overrides };
}

export const base: NginxConfInput = {
  url: 'https://example.com/app/',
  serverNames: ['example.com'],
  serveWithoutSni: false,
  certificatePath: '/etc/nginx/tls/server.crt',
  privateKeyPath: '/etc/nginx/tls/server.key',
  features: { http2Directive: true },
  listen: { https: 443, http: 80 },
  runtimePaths: { pidFile: '/run/nginx.pid', tempDir: '/var/cache/nginx' },
  hsts: false,
  workerProcesses: 2,
  limits: { requestsPerSecond: 20, burst: 40, connections: 30, senderRequestsPerSecond: 200 },
  trustedOrigins: [],
  upstreams: [{ name: 'backend', address: '127.0.0.1:9090' }],
  routes: [route()],
  answers: [],
  refusedPaths: [],
  healthCheck: { port: 8081, path: '/healthz', upstream: 'backend', upstreamPath: '/-/healthy' },
  receiverGatePort: 8082,
};

/** The bodies of every block whose header is exactly `header`, at any depth, without their indentation. */
export function blocks(text: string, header: string): string[][] {
  const lines = text.split('\n');
  const found: string[][] = [];
  lines.forEach((line, start) => {
    if (line.trimStart() !== `${header} {`) return;
    const indent = line.slice(0, line.length - line.trimStart().length);
    const end = lines.indexOf(`${indent}}`, start);
    found.push(lines.slice(start + 1, end).map((body) => body.slice(indent.length + 4)));
  });
  return found;
}

/** The body of the one block whose header is `header`. */
export function block(text: string, header: string): string[] {
  const found = blocks(text, header);
  expect(found).toHaveLength(1);
  return found[0];
}

/** The body of the one server block that has the line `listen LISTEN;`. */
export function server(conf: string, listen: string): string[] {
  const found = blocks(conf, 'server').filter((body) => body.includes(`listen ${listen};`));
  expect(found).toHaveLength(1);
  return found[0];
}

export const tlsServer = (conf: string): string[] => server(conf, '443 ssl');

/** The http block's own lines, without the blocks nested in it. */
export function httpLevel(conf: string): string[] {
  return block(conf, 'http').filter((line) => !line.startsWith(' ') && line !== '}' && !line.endsWith('{'));
}

export const DEFAULT_ROUTE_BODY = ['limit_except GET POST {', '    deny all;', '}', 'proxy_pass http://backend/;'];

