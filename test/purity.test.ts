import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LIB = resolve(__dirname, '../lib');

/** The modules a module imports at run time (`import type` is erased): relative ones as files, packages by name. */
function imports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^(?:import|export) (?!type )[^;]*? from '([^']+)';/gm)].map(([, specifier]) => {
    if (!specifier.startsWith('.')) return specifier;
    const base = resolve(dirname(file), specifier);
    return [`${base}.ts`, join(base, 'index.ts')].find(existsSync)!;
  });
}

/** Every package `file` reaches at run time, through the modules of lib/ it imports. */
function packagesReached(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  for (const target of imports(file)) {
    if (!target.startsWith('/')) packages.add(target);
    else if (!seen.has(target)) {
      seen.add(target);
      for (const name of packagesReached(target, seen)) packages.add(name);
    }
  }
  return packages;
}

const pureModules = ['render', 'render/nginx', 'validation'].flatMap((dir) =>
  readdirSync(join(LIB, dir)).filter((name) => name.endsWith('.ts')).map((name) => join(LIB, dir, name)),
);

describe('the pure core', () => {
  test.each(pureModules.map((file) => [relative(LIB, file), file]))('%s reaches nothing of cdktf, constructs or the providers at run time', (_, file) => {
    expect([...packagesReached(file)].filter((name) => /^(cdktf|constructs|@cdktf\/)/.test(name))).toEqual([]);
  });
});
