import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A clone must test on its own (issue 23): no code, test, benchmark or script may name a path outside
 * the repository, such as the workplace's `../shared/` folder, which a contributor's checkout does not
 * have. What the project needs from there is copied in (schemas/ocsf/, docs/reference/), saying where
 * it came from.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['bin', 'src', 'test', 'bench', 'scripts', '.ci', '.github', 'vitest.config.ts', 'eslint.config.js', '.dependency-cruiser.cjs', 'package.json'];
const CODE = new Set(['.ts', '.js', '.cjs', '.mjs']);
const TEXT = new Set([...CODE, '.json', '.yml', '.yaml', '.sh', '', '.py']);
/** Absolute paths of the system, which tests may name (Debian's chromium, a temporary directory). */
const SYSTEM = ['/usr/', '/bin/', '/dev/', '/proc/', '/tmp/', '/etc/', '/var/', '/sys/', '/opt/'];
/** A sibling of the repository named in any text: `../shared/…` or the workplace's own absolute path. */
const SIBLING = /(?:^|[\s'"`(=])(?:\.\.\/)+shared\/|\/work\/(?!main\b)[\w.-]+\//;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!readdirSyncSafe(full)) return TEXT.has(extname(full)) ? [full] : [];
  return readdirSync(full, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('dist'))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

function readdirSyncSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

const inside = (path: string) => path === ROOT || path.startsWith(ROOT + sep);

/**
 * What is wrong with one path literal, if anything. A relative literal is a path from its file's
 * directory (`new URL(x, import.meta.url)`, a module specifier) or from the repository root
 * (`new URL(x, repoRoot)`, the CLI's working directory): it must name something inside the repository
 * that exists from one of the two. An absolute literal must not name anything outside the system's
 * directories that exists here.
 */
function pathProblem(file: string, text: string, moduleSpecifier: boolean): string | undefined {
  if (text.startsWith('./') || text.startsWith('../') || text === '..') {
    const bases = moduleSpecifier ? [dirname(file)] : [dirname(file), ROOT];
    // A module of ours is imported by its compiled name (`./x.js` for `./x.ts`).
    const exists = (path: string) => existsSync(path) || (path.endsWith('.js') && existsSync(path.replace(/\.js$/, '.ts')));
    const found = bases.map((base) => resolve(base, text)).some((path) => inside(path) && exists(path));
    return found ? undefined : `'${text}' names no path inside the repository`;
  }
  if (/^\/[^/]+\//.test(text) && !SYSTEM.some((system) => text.startsWith(system)) && !inside(text) && existsSync(text))
    return `'${text}' names a path outside the repository`;
  return undefined;
}

/** The string literals of a source file, with whether each is a module specifier. */
function pathLiterals(file: string): { text: string; line: number; moduleSpecifier: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { text: string; line: number; moduleSpecifier: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) {
      const parent = node.parent;
      const moduleSpecifier =
        ts.isImportDeclaration(parent) ||
        ts.isExportDeclaration(parent) ||
        ts.isExternalModuleReference(parent) ||
        (ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || parent.expression.getText() === 'require'));
      // A template head is a prefix: only its directory part is a path so far.
      const text = ts.isTemplateHead(node) ? node.text.replace(/[^/]*$/, '') : node.text;
      found.push({ text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, moduleSpecifier });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function problems(file: string): string[] {
  const where = (line: number) => `${relative(ROOT, file)}:${line}`;
  const lines = readFileSync(file, 'utf8').split('\n');
  const named = lines.flatMap((line, index) => (SIBLING.test(line) ? [`${where(index + 1)}: names a folder beside the repository: ${line.trim()}`] : []));
  if (!CODE.has(extname(file))) return named;
  const literals = pathLiterals(file).flatMap(({ text, line, moduleSpecifier }) => {
    const problem = pathProblem(file, text, moduleSpecifier);
    return problem ? [`${where(line)}: ${problem}`] : [];
  });
  return [...named, ...literals];
}

describe('the repository tests on its own', () => {
  // This file names such paths on purpose, as the cases below.
  const files = SCANNED.flatMap(filesUnder).filter((file) => file !== fileURLToPath(import.meta.url));

  it('scans the code, tests, benchmarks and scripts', () => {
    expect(files.length).toBeGreaterThan(300);
    expect(files.map((file) => relative(ROOT, file))).toContain(join('test', 'report', 'validators.ts'));
  });

  it('names no path outside the repository', () => {
    expect(files.flatMap(problems)).toEqual([]);
  });

  it.each([
    ['../shared/schemas/x.json from the root', join(ROOT, 'test', 'report', 'validators.ts'), '../shared/schemas/x.json', false],
    ['a module outside the repository', join(ROOT, 'test', 'x.test.ts'), '../../elsewhere/index.js', true],
    ['a missing file', join(ROOT, 'test', 'x.test.ts'), './no-such-file.json', false],
  ])('flags %s', (_name, file, text, moduleSpecifier) => {
    expect(pathProblem(file, text, moduleSpecifier)).toBeDefined();
  });

  it.each([
    ['the root from a test folder', join(ROOT, 'test', 'report', 'validators.ts'), '../../', false],
    ['a file from the root', join(ROOT, 'test', 'report', 'validators.ts'), 'schemas/report.schema.json', false],
    ['a TypeScript module by its .js name', join(ROOT, 'test', 'report', 'ocsf.test.ts'), '../../src/report/ocsf.js', true],
    ['a system binary', join(ROOT, 'test', 'x.test.ts'), '/usr/bin/env', false],
  ])('accepts %s', (_name, file, text, moduleSpecifier) => {
    expect(pathProblem(file, text, moduleSpecifier)).toBeUndefined();
  });

  it.each(['see ../shared/reference/moto.md', "readFileSync('../../shared/x')", '/work/shared/reference/moto.md'])('flags the sibling folder in %s', (text) => {
    expect(SIBLING.test(text)).toBe(true);
  });
});
