/**
 * What the rendered configs may rely on, read from the images' tags. For a tag that is not a version
 * (`stable`, a digest only), nginx gets the choices that work on every version the construct
 * supports, and Prometheus features are allowed: the user chose an image validation cannot read.
 */

/** `nginx:1.30.5-alpine` → [1, 30, 5], `prom/prometheus:v3.13.4` → [3, 13, 4]; undefined when the tag is no version. */
export function imageVersion(image: string): number[] | undefined {
  const match = /:v?(\d+)\.(\d+)\.(\d+)(?:-[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$/.exec(image);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

/** `version` ≥ `minimum`, comparing major, minor and patch. */
export function atLeast(version: number[], minimum: readonly number[]): boolean {
  for (let i = 0; i < minimum.length; i++) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

/** The oldest nginx whose every directive the construct renders is known: Debian 12's. */
export const MIN_NGINX_VERSION = [1, 22, 0] as const;

/** nginx features that depend on its version. */
export interface NginxFeatures {
  /** `http2 on;` (1.25.1 and later); older versions only know the `listen ... http2` parameter. */
  readonly http2Directive: boolean;
}

export function nginxFeatures(image: string): NginxFeatures {
  const version = imageVersion(image);
  return {
    http2Directive: version !== undefined && atLeast(version, [1, 25, 1]),
  };
}

/** Prometheus features that depend on its version. */
export interface PrometheusFeatures {
  /** `--web.enable-otlp-receiver` exists from 3.0 on. */
  readonly otlpReceiver: boolean;
  /** `--web.enable-remote-write-receiver` exists from 2.33 on. */
  readonly remoteWriteReceiver: boolean;
  /** `--agent` exists from 2.32 on. */
  readonly agentMode: boolean;
}

export function prometheusFeatures(image: string): PrometheusFeatures {
  const version = imageVersion(image);
  const from = (minimum: number[]): boolean => version === undefined || atLeast(version, minimum);
  return { otlpReceiver: from([3, 0, 0]), remoteWriteReceiver: from([2, 33, 0]), agentMode: from([2, 32, 0]) };
}
