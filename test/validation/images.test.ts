import { checkImages } from '../../lib/validation/images';
import { TOKEN, checkOf, testAcceptances, testRefusals } from './support';

const check = checkOf(checkImages);

describe('checkImages accepts', () => {
  testAcceptances(
    [
      ['the pinned defaults', {}],
      ['the oldest nginx the config is written for', { nginxImage: 'nginx:1.22.0' }],
      ['an nginx tag that is no version', { nginxImage: 'nginx:stable-alpine' }],
      ['a digest from a registry with a port', { prometheusImage: `registry.local:5000/prom/prometheus@sha256:${'a'.repeat(64)}` }],
      ['images as tokens, which only reach Terraform', { nginxImage: TOKEN, prometheusImage: TOKEN, pauseImage: TOKEN }],
    ],
    check,
  );
});

describe('checkImages refuses, naming the prop and showing the value', () => {
  testRefusals(
    [
      ['an nginx older than the rendered config needs', { nginxImage: 'nginx:1.21.6-alpine' }, 'nginxImage', /1\.22\.0 or later/],
      ['a distroless Prometheus', { prometheusImage: 'prom/prometheus:v3.13.3-distroless' }, 'prometheusImage', /distroless/],
      ['an unpinned image', { pauseImage: 'registry.k8s.io/pause' }, 'pauseImage', /pin a version/],
      ['latest', { nginxImage: 'nginx:latest' }, 'nginxImage', /not "latest"/],
    ],
    check,
  );
});
