import { AGENT_API_ADDRESS, AGENT_DOCKER_SOCKET, AgentProxyInput, renderAgentProxyConf } from '../../lib/render/agent-proxy';

const input: AgentProxyInput = { supervised: ['p-pod', 'p-nginx', 'p-prometheus'], consumers: ['p-nginx', 'p-prometheus'] };

/** Each regular-expression location: its pattern, the one method it passes, and what else it says before proxy_pass. */
function locations(conf: string): [pattern: string, method: string, extra: string[]][] {
  return [...conf.matchAll(/^ {4}location ~ "([^"]+)" \{\n {8}limit_except (\w+) \{ deny all; \}\n((?: {8}.*\n)*?) {8}proxy_pass http:\/\/unix:\/var\/run\/docker\.sock:;\n {4}\}$/gm)].map(
    ([, pattern, method, extra]) => [pattern, method, extra.split('\n').filter(Boolean).map((line) => line.trim())],
  );
}

describe('renderAgentProxyConf', () => {
  test('passes exactly the calls the agent makes, each with its one method: the pod and members inspected and started, the consumers also checked and signalled', () => {
    expect(locations(renderAgentProxyConf(input))).toEqual([
      ['^/_ping$', 'GET', []],
      ['^/containers/(p-pod|p-nginx|p-prometheus)/json$', 'GET', []],
      ['^/containers/(p-pod|p-nginx|p-prometheus)/(start|restart)$', 'POST', []],
      ['^/containers/(p-nginx|p-prometheus)/kill$', 'POST', ['if ($arg_signal != HUP) { return 403; }']],
      ['^/containers/(p-nginx|p-prometheus)/exec$', 'POST', []],
      ['^/exec/[0-9a-f]{64}/start$', 'POST', []],
      ['^/exec/[0-9a-f]{64}/json$', 'GET', []],
    ]);
  });

  test('refuses every other call, and listens on the loopback only', () => {
    // WHEN
    const conf = renderAgentProxyConf(input);
    // THEN
    expect(conf).toContain('\n    location / { return 403; }\n    }\n}\n');
    expect(conf.match(/^\s*location /gm)).toHaveLength(locations(conf).length + 1);
    expect(conf.match(/^\s*listen .*$/gm)).toEqual([`    listen ${AGENT_API_ADDRESS};`]);
    expect(AGENT_API_ADDRESS).toMatch(/^127\.0\.0\.1:/);
    expect(conf.match(/proxy_pass [^;]+;/g)!.every((line) => line === `proxy_pass http://unix:${AGENT_DOCKER_SOCKET}:;`)).toBe(true);
  });

  test('sends only HUP: the kill location alone carries the signal check', () => {
    // WHEN
    const conf = renderAgentProxyConf(input);
    // THEN
    expect(conf.match(/\$arg_signal/g)).toHaveLength(1);
    expect(locations(conf).filter(([, , extra]) => extra.length > 0).map(([pattern]) => pattern)).toEqual(['^/containers/(p-nginx|p-prometheus)/kill$']);
  });

  test('matches a container name whole, its dots literal', () => {
    // WHEN
    const [, [pattern]] = locations(renderAgentProxyConf({ supervised: ['a.b'], consumers: ['a.b'] }));
    // THEN
    expect(pattern).toBe('^/containers/(a\\.b)/json$');
    const regex = new RegExp(pattern);
    expect(['/containers/a.b/json', '/containers/aXb/json', '/containers/a.bc/json', '/containers/xa.b/json'].filter((path) => regex.test(path))).toEqual(['/containers/a.b/json']);
  });

  test('runs as one process with its files under /agent/proxy, which the agent creates', () => {
    const conf = renderAgentProxyConf(input);
    expect(conf).toContain('\nmaster_process off;\n');
    expect(conf).toContain('\npid /agent/proxy/nginx.pid;\n');
    expect(conf.match(/_temp_path (\S+);/g)!.every((line) => line.includes(' /agent/proxy/'))).toBe(true);
  });

  test.each<[string, Partial<AgentProxyInput>, string]>([
    ['a supervised name with a pipe, which would add an alternative', { supervised: ['p-pod|.*'] }, 'p-pod|.*'],
    ['a consumer name with a slash', { consumers: ['p-nginx/../x'] }, 'p-nginx/../x'],
    ['a name with a quote, which would end the pattern', { consumers: ['p-nginx"'] }, 'p-nginx"'],
    ['a name with a space', { supervised: ['p pod'] }, 'p pod'],
    ['a name starting with a dot', { supervised: ['.pod'] }, '.pod'],
    ['a name starting with a dash', { consumers: ['-nginx'] }, '-nginx'],
    ['an empty name', { consumers: [''] }, ''],
    ['a name with a variable', { supervised: ['$host'] }, '$host'],
  ])('refuses %s', (_, overrides, name) => {
    expect(() => renderAgentProxyConf({ ...input, ...overrides })).toThrow(`agent proxy: refusing the container name ${JSON.stringify(name)}`);
  });
});
