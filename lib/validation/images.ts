import { MIN_NGINX_VERSION, atLeast, imageVersion } from '../render/image-versions';
import { fail } from './errors';
import { ValidationInput, isLiteral } from './input';
import { checkImage } from './rules';

/** The three images: pinned references, an nginx the rendered config is written for, a Prometheus with a shell. */
export function checkImages(input: ValidationInput): void {
  const { options } = input;
  for (const prop of ['nginxImage', 'prometheusImage', 'pauseImage'] as const) {
    if (isLiteral(input, options[prop])) checkImage(prop, options[prop]);
  }
  if (isLiteral(input, options.nginxImage)) {
    const version = imageVersion(options.nginxImage);
    if (version !== undefined && !atLeast(version, MIN_NGINX_VERSION)) {
      fail('nginxImage', options.nginxImage, `must be nginx ${MIN_NGINX_VERSION.join('.')} or later: the rendered config uses its directives`);
    }
  }
  if (isLiteral(input, options.prometheusImage) && options.prometheusImage.includes('distroless')) {
    fail('prometheusImage', options.prometheusImage, 'must not be a distroless variant: it lacks the wget of the health check and the shell that writes its config volume');
  }
}
