import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';

/**
 * How to run bench/synthesis/timed-synth.ts: with the TypeScript loader of cdktf.json's app command, as
 * the example app runs, and compiled to JavaScript under `scratch`, as a package consumer or a built app
 * runs it. Keys name the runtime (`sucrase` for `node -r sucrase/register`).
 */
export function timedSynthCommands(root: string, scratch: string): Record<string, string[]> {
  const app: string = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app;
  const register = /-r (\S+)/.exec(app)?.[1];
  if (register === undefined) throw new Error(`cdktf.json's app command loads no TypeScript register: ${app}`);
  const js = join(scratch, 'js');
  compileToJavaScript(root, js);
  return {
    [register.split('/')[0]]: ['node', '-r', register, 'bench/synthesis/timed-synth.ts'],
    compiled: ['node', join(js, 'bench/synthesis/timed-synth.js')],
  };
}

/**
 * Compiles main.ts, lib/ and bench/ to JavaScript under `outDir`, with the project's compiler options and
 * no type check (npm test does that), and copies the files the hand-written stack reads: the code as a
 * package consumer or a built app would run it, without ts-node. Modules still resolve from the
 * repository's node_modules, since `outDir` lies inside it.
 */
function compileToJavaScript(root: string, outDir: string): void {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  for (const file of config.fileNames.filter((name) => !relative(root, name).startsWith('test'))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: config.options, fileName: file });
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  cpSync(join(root, 'bench/synthesis/hand-written'), join(outDir, 'bench/synthesis/hand-written'), { recursive: true });
}
