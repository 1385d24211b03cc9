import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');

interface Docs {
  readonly summary?: string;
  readonly default?: string;
  readonly example?: string;
  readonly deprecated?: string;
}
interface Member {
  readonly name: string;
  readonly optional?: boolean;
  readonly docs?: Docs;
  readonly parameters?: Member[];
}
interface Type {
  readonly fqn: string;
  readonly kind: string;
  readonly datatype?: boolean;
  readonly docs?: Docs;
  readonly properties?: Member[];
  readonly methods?: Member[];
  readonly members?: Member[];
  readonly initializer?: { readonly parameters?: Member[] };
}

/** The jsii assembly `npm test` compiled just before jest. */
const types: Type[] = Object.values(JSON.parse(readFileSync(join(REPO, '.jsii'), 'utf8')).types);

/** Every documented element of the public API, by a name that says where it is. */
function documented(): [string, Docs | undefined][] {
  return types.flatMap((type) => [
    [type.fqn, type.docs] as [string, Docs | undefined],
    ...(type.properties ?? []).map((p): [string, Docs | undefined] => [`${type.fqn}.${p.name}`, p.docs]),
    ...(type.members ?? []).map((m): [string, Docs | undefined] => [`${type.fqn}.${m.name}`, m.docs]),
    ...(type.methods ?? []).flatMap((m) => [
      [`${type.fqn}.${m.name}()`, m.docs] as [string, Docs | undefined],
      ...(m.parameters ?? []).map((p): [string, Docs | undefined] => [`${type.fqn}.${m.name}(${p.name})`, p.docs]),
    ]),
    ...(type.initializer?.parameters ?? []).map((p): [string, Docs | undefined] => [`${type.fqn}(${p.name})`, p.docs]),
  ]);
}

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

  test('documents each prop once: PrometheusTlsProxyProps, with no second struct of the same props', () => {
    expect(types.map((type) => type.fqn)).not.toContain('prometheus-tls-proxy.PrometheusTlsProxyOptions');
    expect(types.find((type) => type.fqn === 'prometheus-tls-proxy.PrometheusTlsProxyProps')?.properties?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['domainName', 'tls', 'auth', 'limits', 'nginx', 'prometheus', 'logs', 'dockerProvider']),
    );
  });
});

describe('doc comments', () => {
  test('every summary is a whole sentence: jsii cuts a first sentence at ";", and docgen shows what is left', () => {
    expect(documented().filter(([, docs]) => docs?.summary === undefined || docs.summary.endsWith(';')).map(([name]) => name)).toEqual([]);
  });

  test('every optional prop of a struct says its default', () => {
    const missing = types
      .filter((type) => type.datatype)
      .flatMap((type) => (type.properties ?? []).filter((p) => p.optional && p.docs?.default === undefined).map((p) => `${type.fqn}.${p.name}`));
    expect(missing).toEqual([]);
  });

  test('the main props show an example', () => {
    const props = types.find((type) => type.fqn === 'prometheus-tls-proxy.PrometheusTlsProxyProps')!.properties!;
    const main = ['domainName', 'pathPrefix', 'httpsPort', 'namePrefix', 'network', 'networkAlias', 'tls', 'auth', 'prometheus'];
    expect(main.filter((name) => props.find((p) => p.name === name)?.docs?.example === undefined)).toEqual([]);
  });

  test('every flat prop that has a grouped field is a deprecated alias of it', () => {
    const props = types.find((type) => type.fqn === 'prometheus-tls-proxy.PrometheusTlsProxyProps')!.properties!;
    const aliases = props.filter((p) => p.docs?.deprecated !== undefined);
    expect(aliases).toHaveLength(40);
    for (const alias of aliases) expect(alias.docs?.summary).toMatch(/^Deprecated alias of `(tls|auth|limits|nginx|prometheus|logs)\.\w+`\.$/);
  });
});
