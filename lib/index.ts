export * from './prometheus-tls-proxy';
export type * from './options';
export { PropValidationError, BCRYPT_COST, MAX_VALIDITY_HOURS } from './validate';
export { DEFAULT_NGINX_IMAGE, DEFAULT_PROMETHEUS_IMAGE } from './defaults';
export type { DockerNames } from './names';
