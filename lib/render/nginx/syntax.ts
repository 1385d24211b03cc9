import { portSuffix } from '../urls';
import { RouteMatch } from './routes';

/**
 * Characters any value rendered into the config may hold. The validator is stricter; this guard
 * keeps the renderer safe on its own: no `$` (variable expansion), quotes, `;`, braces or spaces.
 */
const SAFE_VALUE = /^[A-Za-z0-9._~/:*[\]-]+$/;

/** A value as it may be rendered, or an error naming what it is. */
export function safe(name: string, value: string | number | undefined): string {
  const text = String(value);
  if (value === undefined || !SAFE_VALUE.test(text)) throw new Error(`nginx.conf: refusing to render ${name} ${JSON.stringify(value)}`);
  return text;
}

/** `:PORT` of an https URL (nothing for 443), the port checked like any rendered value. */
export function safePortSuffix(name: string, port: number): string {
  safe(name, port);
  return portSuffix(port);
}

/** A block: its header, then its body indented. */
export function block(header: string, body: string[]): string[] {
  return [`${header} {`, ...body.map((line) => (line ? `    ${line}` : line)), '}'];
}

/** A location by path: a path starting with `~` or `=` would be read as a regular expression or an exact match. */
export function locationHeader(path: string, match: RouteMatch): string {
  if (!path.startsWith('/')) throw new Error(`nginx.conf: refusing to render location path ${JSON.stringify(path)}`);
  const modifier = { [RouteMatch.EXACT]: '= ', [RouteMatch.PREFERRED_PREFIX]: '^~ ', [RouteMatch.PREFIX]: '' }[match];
  return `location ${modifier}${safe('path', path)}`;
}
