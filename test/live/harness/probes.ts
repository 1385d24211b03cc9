import { hostAddress } from './engine/host-view';
import type { RunOptions, RunResult } from './processes';

/** Where probes run: the Docker host of a running stack. */
export interface ProbeHost {
  exec(argv: string[], options?: RunOptions): Promise<RunResult>;
}

export interface HttpResponse {
  /** 0 when no HTTP response came back (see `error`). */
  readonly status: number;
  /** Headers of the last response, names in lowercase, repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The URL curl ended on, after any redirects it followed. */
  readonly effectiveUrl: string;
  /** curl's error message, empty on success. */
  readonly error: string;
  /** The HTTP version of the response: '1.1' or '2'. */
  readonly httpVersion: string;
}

export interface CurlOptions {
  /** `--cacert FILE`; without it (and without `insecure`) curl trusts the system store only. */
  readonly cacert?: string;
  readonly insecure?: boolean;
  readonly method?: string;
  /** `user:password` for basic auth. */
  readonly credentials?: string;
  readonly followRedirects?: boolean;
  /** Send the path exactly as written, without curl squashing `/./` and `/../`. */
  readonly pathAsIs?: boolean;
  readonly data?: string;
  /** Request headers, `Name: value`. */
  readonly headers?: string[];
  /** Force the HTTP version (curl negotiates HTTP/2 through ALPN by default). */
  readonly http?: '1.1' | '2';
  /** Resolve the URL's host to this address instead (curl --resolve), e.g. to send a Host and SNI the host file lacks. */
  readonly resolveTo?: string;
  /** A client certificate and its key, PEM files (mTLS). */
  readonly clientCertificate?: { readonly certificate: string; readonly key: string };
  /** Send this file as the request body (POST). */
  readonly dataFile?: string;
}

/** curl 7.88 puts `-u` credentials into the effective URL after a redirect. */
function withoutCredentials(url: string): string {
  if (!/^https?:/.test(url)) return url;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

/** One curl request from the probe host, as a user would make it. */
export async function curl(host: ProbeHost, url: string, options: CurlOptions = {}): Promise<HttpResponse> {
  const argv = [
    'curl', '-s', '--max-time', '10',
    '-w', '%{stderr}%{json}\n%{header_json}',
    ...(options.cacert ? ['--cacert', options.cacert] : []),
    ...(options.insecure ? ['-k'] : []),
    ...(options.method === 'HEAD' ? ['--head'] : options.method ? ['-X', options.method] : []),
    ...(options.credentials ? ['-u', options.credentials] : []),
    ...(options.followRedirects ? ['-L'] : []),
    ...(options.pathAsIs ? ['--path-as-is'] : []),
    ...(options.data !== undefined ? ['--data', options.data] : []),
    ...(options.dataFile !== undefined ? ['--data-binary', `@${options.dataFile}`] : []),
    ...(options.clientCertificate ? ['--cert', options.clientCertificate.certificate, '--key', options.clientCertificate.key] : []),
    ...(options.headers ?? []).flatMap((header) => ['-H', header]),
    ...(options.http === '1.1' ? ['--http1.1'] : options.http === '2' ? ['--http2'] : []),
    ...(options.resolveTo ? ['--resolve', `${new URL(url).hostname}:${new URL(url).port || 443}:${options.resolveTo}`] : []),
    url,
  ];
  const result = await host.exec(argv, { timeoutMs: 15_000 });
  const newline = result.stderr.indexOf('\n');
  const info = JSON.parse(result.stderr.slice(0, newline)) as Record<string, unknown>;
  const headerLists = JSON.parse(result.stderr.slice(newline + 1)) as Record<string, string[]>;
  return {
    status: Number(info.http_code),
    headers: Object.fromEntries(Object.entries(headerLists).map(([name, values]) => [name.toLowerCase(), values.join(', ')])),
    body: result.stdout,
    effectiveUrl: withoutCredentials(String(info.url_effective)),
    error: String(info.errormsg ?? ''),
    httpVersion: String(info.http_version ?? ''),
  };
}

export interface HandshakeResult {
  /** The handshake completed. */
  readonly connected: boolean;
  /** Negotiated protocol, e.g. "TLSv1.3". */
  readonly protocol?: string;
  readonly cipher?: string;
  /** `Verify return code: N (text)` of s_client. */
  readonly verifyCode?: number;
  /** s_client's whole output, for messages such as the alert the server sent. */
  readonly output: string;
}

/**
 * One TLS handshake with `openssl s_client` from the probe host: SNI and hostname verification
 * for `domain`, trusting `caFile` only. `args` adds protocol and cipher options.
 */
export async function handshake(host: ProbeHost, domain: string, port: number, caFile: string, args: string[] = []): Promise<HandshakeResult> {
  const result = await host.exec(
    ['openssl', 's_client', '-connect', `${domain}:${port}`, '-servername', domain, '-verify_hostname', domain, '-CAfile', caFile, ...args],
    { timeoutMs: 15_000 },
  );
  const output = result.stdout + result.stderr;
  const session = /^New, (\S+), Cipher is (\S+)$/m.exec(output);
  const connected = session !== null && session[2] !== '(NONE)';
  const verifyCode = /Verify return code: (\d+)/.exec(output)?.[1];
  return {
    connected,
    protocol: connected ? session[1] : undefined,
    cipher: connected ? session[2] : undefined,
    verifyCode: verifyCode === undefined ? undefined : Number(verifyCode),
    output,
  };
}

/**
 * The links of an HTML page: `assets` are what a browser loads with the page (`<link href>`,
 * `<script src>`, `<img src>`), `navigation` the `<a href>` targets.
 */
export function pageLinks(html: string): { assets: string[]; navigation: string[] } {
  const links = [...html.matchAll(/<(a|link|script|img)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)];
  return {
    assets: links.filter((m) => m[1].toLowerCase() !== 'a').map((m) => m[2]),
    navigation: links.filter((m) => m[1].toLowerCase() === 'a').map((m) => m[2]),
  };
}

export interface ScanResult {
  /** Protocol name as the scanner prints it → offered. */
  readonly protocols: Record<string, boolean>;
  /** Cipher suites the server accepted, by protocol. */
  readonly ciphers: { readonly protocol: string; readonly name: string }[];
  readonly output: string;
}

/** sslscan's view of the server: protocols enabled and every cipher suite accepted. */
export async function sslscan(host: ProbeHost, domain: string, port: number): Promise<ScanResult> {
  const { stdout } = await host.exec(['sslscan', '--no-colour', `${domain}:${port}`], { timeoutMs: 60_000, check: true });
  return {
    protocols: Object.fromEntries([...stdout.matchAll(/^(SSLv[23]|TLSv1\.[0-3])\s+(enabled|disabled)$/gm)].map((m) => [m[1], m[2] === 'enabled'])),
    ciphers: [...stdout.matchAll(/^(?:Preferred|Accepted)\s+(TLSv1\.[0-3])\s+\d+ bits\s+(\S+)/gm)].map((m) => ({ protocol: m[1], name: m[2] })),
    output: stdout,
  };
}

/** What testssl.sh 3.2 makes of the server. */
export interface TestsslResult extends ScanResult {
  /** Key exchange groups offered ("Elliptic curves offered"). */
  readonly groups: string[];
  /** "Overall Grade" of its rating (SSL Labs' guide), e.g. "A+"; undefined unless asked for. */
  readonly grade?: string;
  /** "Grade cap reasons", if any. */
  readonly gradeCaps?: string;
}

/**
 * testssl.sh 3.2 from the probe host: protocols (`-p`) and forward-secret suites and groups (`-f`),
 * and with `rating` every check its rating needs (but client simulations), trusting `caFile`
 * (`--add-ca`) the way a client of the construct's CA would.
 */
export async function testssl(host: ProbeHost, domain: string, port: number, options: { caFile?: string; rating?: boolean } = {}): Promise<TestsslResult> {
  const checks = options.rating ? ['-p', '-s', '-f', '-S', '-h', '-H', '-I', '-T', '-BB', '-R', '-C', '-O', '-Z', '-D', '-A', '-4', '-J', '-e'] : ['-p', '-f'];
  const { stdout } = await host.exec(
    ['testssl', '--quiet', '--color', '0', '--warnings', 'off', '--ip', hostAddress(), ...(options.caFile ? ['--add-ca', options.caFile] : []), ...checks, `${domain}:${port}`],
    { timeoutMs: 240_000 },
  );
  // testssl.sh exits non-zero for any finding it reports (e.g. no OCSP URI): a complete run ends with "Done".
  if (!/^ Done /m.test(stdout)) throw new Error(`testssl.sh did not complete:\n${stdout.slice(-4000)}`);
  const fsSection = /FS is offered[^\n]*?(\S+)\s*\n((?:\s{20,}\S+\s*\n)*)/.exec(stdout);
  const fsCiphers = fsSection ? [fsSection[1], ...fsSection[2].split(/\s+/).filter(Boolean)] : [];
  return {
    protocols: Object.fromEntries([...stdout.matchAll(/^ (SSLv[23]|TLS 1(?:\.[123])?)\s+(not offered|offered)/gm)].map((m) => [m[1], m[2] === 'offered'])),
    ciphers: fsCiphers.map((name) => ({ protocol: name.startsWith('TLS_') ? 'TLSv1.3' : 'TLSv1.2', name })),
    groups: (/Elliptic curves offered:\s+([^\n]+)/.exec(stdout)?.[1] ?? '').trim().split(/\s+/).filter(Boolean),
    grade: /Overall Grade\s+(\S+)/.exec(stdout)?.[1],
    gradeCaps: /Grade cap reasons\s+([^\n]+)/.exec(stdout)?.[1]?.trim(),
    output: stdout,
  };
}
