import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');

describe('API.md', () => {
  test('is what jsii-docgen makes of the current assembly (npm run build regenerates it)', () => {
    // GIVEN the assembly `npm test` compiled with jsii just before jest, WHEN the docs are generated again
    const dir = mkdtempSync(join(tmpdir(), 'ptp-api-'));
    try {
      execFileSync('npx', ['jsii-docgen', '-o', join(dir, 'API.md')], { cwd: REPO, stdio: 'pipe' });
      // THEN they are the committed ones
      expect(readFileSync(join(dir, 'API.md'), 'utf8')).toBe(readFileSync(join(REPO, 'API.md'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('documents every public type, property, member and parameter', () => {
    expect(readFileSync(join(REPO, 'API.md'), 'utf8')).not.toContain('No description.');
  });
});
