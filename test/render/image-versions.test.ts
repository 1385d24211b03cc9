import { atLeast, imageVersion, nginxFeatures, prometheusFeatures } from '../../lib/render/image-versions';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('imageVersion', () => {
  test.each<[string, number[] | undefined]>([
    ['nginx:1.30.5', [1, 30, 5]],
    ['nginx:1.30.5-alpine', [1, 30, 5]],
    ['nginx:1.27.3-alpine3.20-slim', [1, 27, 3]],
    ['prom/prometheus:v3.13.4', [3, 13, 4]],
    ['quay.io/prometheus/prometheus:v2.53.0-rc.1', [2, 53, 0]],
    ['registry.local:5000/nginx:1.25.1', [1, 25, 1]],
    [`nginx:1.30.5-alpine@${DIGEST}`, [1, 30, 5]],
    [`prom/prometheus:v3.0.0@${DIGEST}`, [3, 0, 0]],
    ['nginx:stable-alpine', undefined],
    ['nginx:latest', undefined],
    ['nginx', undefined],
    ['nginx:1.27', undefined],
    [`nginx@${DIGEST}`, undefined],
    ['registry.local:5000/nginx', undefined],
  ])('%s → %j', (image, expected) => {
    expect(imageVersion(image)).toEqual(expected);
  });
});

describe('atLeast', () => {
  test.each<[number[], number[], boolean]>([
    [[1, 25, 1], [1, 25, 1], true],
    [[1, 25, 2], [1, 25, 1], true],
    [[1, 26, 0], [1, 25, 1], true],
    [[2, 0, 0], [1, 25, 1], true],
    [[1, 25, 0], [1, 25, 1], false],
    [[1, 24, 9], [1, 25, 1], false],
    [[0, 99, 99], [1, 25, 1], false],
    [[1, 9, 0], [1, 10, 0], false],
  ])('%j ≥ %j is %s', (version, minimum, expected) => {
    expect(atLeast(version, minimum)).toBe(expected);
  });
});

describe('nginxFeatures', () => {
  test.each([
    ['nginx:1.22.1', false],
    ['nginx:1.23.2', false],
    ['nginx:1.25.0-alpine', false],
    ['nginx:1.25.1', true],
    [`nginx:1.30.5-alpine@${DIGEST}`, true],
    ['nginx:stable-alpine', false],
    [`nginx@${DIGEST}`, false],
  ])('%s → http2 directive %s', (image, http2Directive) => {
    expect(nginxFeatures(image)).toEqual({ http2Directive });
  });
});

describe('prometheusFeatures', () => {
  test.each([
    ['prom/prometheus:v2.55.1', false],
    ['prom/prometheus:v2.53.0', false],
    ['prom/prometheus:v3.0.0', true],
    ['prom/prometheus:v3.13.4', true],
    ['prom/prometheus:latest', true],
    [`prom/prometheus@${DIGEST}`, true],
  ])('%s → OTLP receiver %s', (image, otlpReceiver) => {
    expect(prometheusFeatures(image)).toMatchObject({ otlpReceiver });
  });
});

describe('prometheusFeatures of older lines', () => {
  test.each([
    ['prom/prometheus:v2.31.2', { agentMode: false, remoteWriteReceiver: false }],
    ['prom/prometheus:v2.32.0', { agentMode: true, remoteWriteReceiver: false }],
    ['prom/prometheus:v2.33.0', { agentMode: true, remoteWriteReceiver: true }],
    ['prom/prometheus:stable', { agentMode: true, remoteWriteReceiver: true }],
  ])('%s → %j', (image, features) => {
    expect(prometheusFeatures(image)).toMatchObject(features);
  });
});
