import { ensureSidRoot } from './harness/sid-root';
import { CURRENT_LINE_ENV } from './harness/image-lines';
import { missingRequirements } from './harness/requirements';

/**
 * Before any test file runs, and once for all jest workers: the root of the current nginx and
 * Prometheus lines (Debian unstable's), built with mmdebstrap or found in its cache outside the
 * repository. Its path and versions reach the workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  if (missingRequirements().length > 0) return;
  try {
    const root = await ensureSidRoot();
    process.env[CURRENT_LINE_ENV] = JSON.stringify({ root: root.path, versions: root.versions });
  } catch (error) {
    // The suites that need the line say so (and fail under CI=true).
    console.warn(`\n*** the current line's root could not be built: ${(error as Error).message} ***\n`);
  }
}
