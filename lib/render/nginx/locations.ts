import { regexLiteral } from '../regex';
import { NginxAnswer, NginxLimits, NginxRoute, RouteRateLimit } from './routes';
import { block, locationHeader, safe } from './syntax';

/** What a location needs to know of the server it is in. */
export interface LocationContext {
  /** Routes that are not open refuse requests without a verified client certificate. */
  readonly clientCertificateRequired: boolean;
  /** Basic auth is on for the server: open routes turn it off. */
  readonly basicAuth: boolean;
  readonly limits: NginxLimits;
}

/**
 * The TLS server's locations: answers first, then the routes, then one regular expression for the
 * refused paths, which outranks every prefix location that is not `^~`. nginx matches it against the
 * decoded, normalised path: `%61dmin`, `//`, `/./`, `/../` and `ADMIN` all land there.
 */
export function renderLocations(answers: readonly NginxAnswer[], routes: readonly NginxRoute[], refusedPaths: readonly string[], context: LocationContext): string[] {
  const refusedPattern = refusedPaths.map((path) => regexLiteral(safe('path', path))).join('|');
  return [
    ...answers.flatMap((answer) => [...renderAnswer(answer), '']),
    ...routes.flatMap((route) => [...renderRoute(route, context), '']),
    ...(refusedPattern ? block(`location ~* ^(?:${refusedPattern})`, ['deny all;']) : []),
  ];
}

function renderRoute(route: NginxRoute, context: LocationContext): string[] {
  const clientCertificateRequired = context.clientCertificateRequired && !route.open;
  return block(locationHeader(route.path, route.match), [
    // `return` runs before the access phase: these refusals come before basic auth asks for a password.
    ...(clientCertificateRequired ? block('if ($ssl_client_verify != SUCCESS)', ['return 496;']) : []),
    ...(route.refuseCrossSite ? block('if ($cross_site_request)', ['return 403;']) : []),
    ...(route.open && context.basicAuth ? ['auth_basic off;'] : []),
    ...block(`limit_except ${route.methods.map((method) => safe('method', method)).join(' ')}`, ['deny all;']),
    ...(route.rateLimit === undefined ? [] : [limitReq(route.rateLimit, context.limits)]),
    ...(route.maxBodySize === undefined ? [] : [`client_max_body_size ${safe('maxBodySize', route.maxBodySize)};`]),
    ...(route.streamRequestBody ? ['proxy_request_buffering off;'] : []),
    ...(route.streamResponse ? ['proxy_buffering off;'] : []),
    ...(route.readTimeoutSeconds === undefined ? [] : [`proxy_read_timeout ${safe('readTimeout', route.readTimeoutSeconds)}s;`]),
    `proxy_pass http://${safe('upstream', route.upstream)}${safe('upstreamPath', route.upstreamPath)};`,
  ]);
}

/** The route's limit_req: its zone, and the burst allowed above the zone's rate without delay. */
function limitReq(rateLimit: RouteRateLimit, limits: NginxLimits): string {
  const burst = rateLimit === RouteRateLimit.CLIENTS ? limits.burst : 2 * limits.senderRequestsPerSecond;
  return `limit_req zone=${rateLimit}${burst > 0 ? ` burst=${safe('burst', burst)} nodelay` : ''};`;
}

function renderAnswer(answer: NginxAnswer): string[] {
  const target = answer.status === 301 ? ` ${safe('location', answer.location!)}$is_args$args` : '';
  return block(locationHeader(answer.path, answer.match), [`return ${safe('status', answer.status)}${target};`]);
}
