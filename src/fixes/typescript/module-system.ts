/**
 * What a fix must know about the module a file is, to write code that compiles and runs there:
 * how it writes imports (ESM `import` or CommonJS `require`), what it runs as (so a worker path is
 * `new URL('./x.worker.js', import.meta.url)` or `path.join(__dirname, 'x.worker.js')`), the
 * extension of new files and of the compiled output, how relative specifiers are written, and
 * whether top-level `await` is allowed. Read from the file's extension, the nearest package.json
 * (`type`), the nearest tsconfig.json/jsconfig.json (`module`, `target`, following `extends`) and
 * the file's own syntax.
 */
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { isTypeScriptFile } from './ast';

export interface ModuleFormat {
  /** how the source writes imports and exports */
  syntax: 'esm' | 'cjs';
  /** what the file runs as: ESM has `import.meta.url`, CommonJS has `__dirname` */
  runtime: 'esm' | 'cjs';
  typescript: boolean;
  /** extension for new source files next to this one: `.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs` */
  sourceExtension: string;
  /** the extension a new file has when it runs (after tsc): `.js`, `.mjs`, `.cjs` */
  runtimeExtension: string;
  /** how relative specifiers end in this file: `''` (extensionless), or the runtime extension */
  specifierExtension: string;
  topLevelAwait: boolean;
  /** TypeScript may default-import CommonJS modules (`esModuleInterop`/`allowSyntheticDefaultImports`) */
  esModuleInterop: boolean;
  /** the project's package.json dependencies (with their version ranges), for library choices */
  dependencyVersions: ReadonlyMap<string, string>;
}

export interface FileAccess {
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
}

export function moduleFormatOf(file: string, sf: ts.SourceFile, access: FileAccess): ModuleFormat {
  const extension = path.extname(file);
  const typescript = isTypeScriptFile(file);
  const packageJson = nearestPackageJson(path.dirname(file), access);
  const packageType = packageJson?.type === 'module' ? 'module' : 'commonjs';
  const options = typescript ? compilerOptionsFor(path.dirname(file), access) : undefined;
  const syntaxOfFile = fileSyntax(sf);

  let runtime: 'esm' | 'cjs';
  if (extension === '.mts' || extension === '.mjs') runtime = 'esm';
  else if (extension === '.cts' || extension === '.cjs') runtime = 'cjs';
  else if (typescript) runtime = tsRuntime(options, packageType);
  else runtime = packageType === 'module' || syntaxOfFile === 'esm' ? 'esm' : 'cjs';

  const syntax: 'esm' | 'cjs' = syntaxOfFile ?? (typescript || runtime === 'esm' ? 'esm' : 'cjs');
  const sourceExtension = extension === '.tsx' ? '.ts' : extension === '.jsx' ? '.js' : extension;
  const runtimeExtension = sourceExtension.replace(/ts$/, 'js');
  const topLevelAwait = runtime === 'esm' && (!typescript || tsAllowsTopLevelAwait(options));
  const dependencyVersions = new Map<string, string>();
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = packageJson?.[key];
    if (deps && typeof deps === 'object') {
      for (const [name, version] of Object.entries(deps as Record<string, unknown>)) {
        if (typeof version === 'string' && !dependencyVersions.has(name)) dependencyVersions.set(name, version);
      }
    }
  }
  return {
    syntax,
    runtime,
    typescript,
    sourceExtension,
    runtimeExtension,
    specifierExtension: specifierStyle(sf, runtime, runtimeExtension),
    topLevelAwait,
    esModuleInterop: !typescript || options?.esModuleInterop === true || options?.allowSyntheticDefaultImports === true ||
      (options?.module !== undefined && options.module >= ts.ModuleKind.Node16 && options.module <= ts.ModuleKind.NodeNext),
    dependencyVersions,
  };
}

/** `esm` when the file has import/export declarations, `cjs` when it uses require/module.exports. */
function fileSyntax(sf: ts.SourceFile): 'esm' | 'cjs' | undefined {
  let esm = false;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) esm = true;
    else if (ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) esm = true;
  }
  if (esm) return 'esm';
  if (/\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w+\s*=/.test(sf.text)) return 'cjs';
  return undefined;
}

function tsRuntime(options: ts.CompilerOptions | undefined, packageType: 'module' | 'commonjs'): 'esm' | 'cjs' {
  const kind = options?.module;
  if (kind === undefined) {
    // tsc's default: CommonJS for ES3/ES5 targets, ES modules otherwise; no tsconfig → package type
    if (!options) return packageType === 'module' ? 'esm' : 'cjs';
    const target = options.target ?? ts.ScriptTarget.ES5;
    return target >= ts.ScriptTarget.ES2015 ? 'esm' : 'cjs';
  }
  if (kind === ts.ModuleKind.CommonJS || kind === ts.ModuleKind.UMD || kind === ts.ModuleKind.AMD) return 'cjs';
  if (kind >= ts.ModuleKind.Node16 && kind <= ts.ModuleKind.NodeNext) return packageType === 'module' ? 'esm' : 'cjs';
  return 'esm';
}

function tsAllowsTopLevelAwait(options: ts.CompilerOptions | undefined): boolean {
  if (!options) return true;
  const kind = options.module;
  const moduleOk = kind === ts.ModuleKind.ES2022 || kind === ts.ModuleKind.ESNext || kind === ts.ModuleKind.System ||
    kind === ts.ModuleKind.Preserve || (kind !== undefined && kind >= ts.ModuleKind.Node16 && kind <= ts.ModuleKind.NodeNext);
  const target = options.target ?? ts.ScriptTarget.ES5;
  return moduleOk && target >= ts.ScriptTarget.ES2017;
}

/** Follows the file's own relative imports; without any, ESM needs the extension and CommonJS not. */
function specifierStyle(sf: ts.SourceFile, runtime: 'esm' | 'cjs', runtimeExtension: string): string {
  const specifiers: string[] = [];
  for (const statement of sf.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  for (const match of sf.text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]);
  const relative = specifiers.filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));
  if (relative.length > 0) {
    const withExtension = relative.filter((specifier) => /\.[cm]?[jt]sx?$/.test(specifier));
    if (withExtension.length === 0) return '';
    const tsExtension = withExtension.some((specifier) => /\.[cm]?tsx?$/.test(specifier));
    return tsExtension ? runtimeExtension.replace(/js$/, 'ts') : runtimeExtension;
  }
  return runtime === 'esm' ? runtimeExtension : '';
}

function readJson(file: string, access: FileAccess): Record<string, unknown> | undefined {
  const text = access.readFile(file);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function nearestPackageJson(dir: string, access: FileAccess): Record<string, unknown> | undefined {
  for (let current = dir, i = 0; i < 40; i++) {
    const candidate = path.join(current, 'package.json');
    if (access.fileExists(candidate)) {
      const json = readJson(candidate, access);
      if (json) return json;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return undefined;
}

/** The compiler options of the nearest tsconfig.json (or jsconfig.json), `extends` followed. */
export function compilerOptionsFor(dir: string, access: FileAccess): ts.CompilerOptions | undefined {
  for (let current = dir, i = 0; i < 40; i++) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const candidate = path.join(current, name);
      if (!access.fileExists(candidate)) continue;
      const text = access.readFile(candidate);
      if (text === undefined) continue;
      const json = ts.parseJsonText(candidate, text);
      const host: ts.ParseConfigHost = {
        useCaseSensitiveFileNames: true,
        readDirectory: () => [],
        fileExists: (file) => access.fileExists(file),
        readFile: (file) => access.readFile(file),
      };
      return ts.parseJsonSourceFileConfigFileContent(json, host, current).options;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return undefined;
}

/** A relative specifier from `fromFile` to `toFile` (a source path), written in the file's style. */
export function relativeSpecifier(fromFile: string, toFile: string, format: ModuleFormat): string {
  let relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const withoutExtension = relative.replace(/\.[cm]?[jt]sx?$/, '');
  const targetExtension = path.extname(toFile);
  if (format.specifierExtension === '') {
    // extensionless works for .ts/.js; .mjs/.cjs files always need theirs
    return /\.[cm][jt]s$/.test(targetExtension) ? `${withoutExtension}${targetExtension.replace(/ts$/, 'js')}` : withoutExtension;
  }
  const runtimeExtension = targetExtension.replace(/ts$/, 'js');
  const useTsExtension = /ts$/.test(format.specifierExtension);
  return `${withoutExtension}${useTsExtension ? targetExtension : runtimeExtension}`;
}
