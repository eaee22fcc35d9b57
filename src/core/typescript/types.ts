/**
 * The type checker, on demand. Syntax resolves most calls (see link.ts); the few member calls it
 * cannot, whose method name is also a method of the project (which one?) or whose file imports a
 * package the catalog describes (is `pool` a `pg` Pool?), are asked of a TypeScript program built
 * once per analysis over just the files holding such calls (and what they import, including
 * declaration files from node_modules when they are installed).
 *
 * The program reuses the parsed source files of the analysis and the previous program (so an
 * edit re-checks little), loads no default library, and only the receivers asked about are
 * checked. An answer is a project function (by its summary id) or a member of an external module
 * (`pg` `Pool.query`), which the catalog then describes.
 */
import * as path from 'node:path';
import { getLibFiles } from '@ts-morph/common';
import { ts } from 'ts-morph';
import type { CallSite } from './summary';

const T: typeof ts = ts;

/**
 * The standard library the checker sees: ES2017 (collections, iterables, promises, `Array.find`),
 * enough to know what `new Map<string, Pool>().get()` returns. No DOM, no Node types.
 */
const LIB_FOLDER = '/__threadwise_lib__';
const LIB_ENTRY = 'lib.es2017.d.ts';
let libTexts: Map<string, string> | undefined;
const libSourceFiles = new Map<string, ts.SourceFile>();
/**
 * Installed packages' declaration files, parsed once per process: every component's program
 * (one per component, see analyzer.ts) that imports a package reads the same files.
 */
const packageDeclarations = new Map<string, ts.SourceFile | undefined>();

function packageDeclaration(fileName: string, parse: () => ts.SourceFile | undefined): ts.SourceFile | undefined {
  if (!/[\\/]node_modules[\\/].*\.d\.[cm]?ts$/.test(fileName)) return parse();
  if (!packageDeclarations.has(fileName)) packageDeclarations.set(fileName, parse());
  return packageDeclarations.get(fileName);
}

function libSourceFile(fileName: string): ts.SourceFile | undefined {
  if (!fileName.startsWith(`${LIB_FOLDER}/`)) return undefined;
  const name = fileName.slice(LIB_FOLDER.length + 1);
  let sourceFile = libSourceFiles.get(name);
  if (!sourceFile) {
    libTexts ??= new Map(getLibFiles().map((file) => [file.fileName, file.text]));
    const text = libTexts.get(name);
    if (text === undefined) return undefined;
    sourceFile = T.createSourceFile(fileName, text, T.ScriptTarget.ES2017, true);
    libSourceFiles.set(name, sourceFile);
  }
  return sourceFile;
}

/**
 * Project files one component's program may hold: the files with calls worth asking about and
 * the project files they import, directly or not. Building and binding a program costs a parse
 * and a bind of each file; in a component of hundreds or thousands of interlinked files (webpack,
 * core-js) that was more than the rest of the analysis, for a few dozen answers. Files are taken
 * in path order while their imports fit; calls in the others are not asked and keep what syntax
 * and names resolved.
 */
export const MAX_PROGRAM_FILES = 300;

export type TypeAnswer =
  | { kind: 'fn'; id: string }
  | { kind: 'module'; specifier: string; path: string[] };

export interface TypeOracle {
  /** Called once per linking with every call worth asking about, before any `calleeOf`. */
  prepare(calls: readonly CallSite[]): void;
  calleeOf(call: CallSite): TypeAnswer | undefined;
}

export interface OracleStats {
  programs: number;
  rootFiles: number;
  queries: number;
  answered: number;
  milliseconds: number;
  programMilliseconds: number;
  programFiles: number;
}

export class CheckerOracle implements TypeOracle {
  private program: ts.Program | undefined;
  private checker: ts.TypeChecker | undefined;
  private roots = new Set<string>();
  /** files whose calls are asked about (those that fit MAX_PROGRAM_FILES) */
  private askable = new Set<string>();
  /** the project files the program may read: the askable files and the project files they import */
  private readable = new Set<string>();
  /** askable calls not answered yet */
  private unanswered = new Set<CallSite>();
  private readonly answers = new Map<CallSite, TypeAnswer | null>();
  readonly stats: OracleStats = { programs: 0, rootFiles: 0, queries: 0, answered: 0, milliseconds: 0, programMilliseconds: 0, programFiles: 0 };

  constructor(
    private readonly options: ts.CompilerOptions,
    /** the analysis' own parsed file, when it has one (project files, with unsaved edits) */
    private readonly sourceFileOf: (file: string) => ts.SourceFile | undefined,
    /** the file is one of the analysis (its text may differ from the disk's): asks without parsing */
    private readonly hasFile: (file: string) => boolean,
    /** the id of the project function declared by this node, if the analysis knows one */
    private readonly functionAt: (file: string, start: number) => string | undefined,
    /** the project files a file imports (resolved by the analysis) */
    private readonly importsOf: (file: string) => Iterable<string> = () => [],
    /**
     * When given, the program is let go once every call it was built for is answered, and these
     * project files' syntax trees with it (a one-shot analysis asks nothing later).
     */
    private readonly release?: (files: Iterable<string>) => void,
  ) {}

  prepare(calls: readonly CallSite[]): void {
    this.answers.clear();
    const { taken: files, inProgram } = this.withinBudget([...new Set(calls.map((call) => fileOf(call.callerId)))].sort());
    this.askable = new Set(files);
    this.readable = inProgram;
    this.unanswered = new Set(calls.filter((call) => this.askable.has(fileOf(call.callerId))));
    const fresh = files.some((file) => !this.roots.has(file));
    const edited = this.program !== undefined && [...this.roots].some((file) => {
      const current = this.sourceFileOf(file);
      return current !== undefined && this.program!.getSourceFile(file) !== current;
    });
    if (files.length === 0 || (!fresh && !edited && this.program)) return;
    const started = performance.now();
    this.roots = new Set(files);
    const options: ts.CompilerOptions = {
      ...this.options,
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: [LIB_ENTRY],
    };
    const host = T.createCompilerHost(options, true);
    const defaultGetSourceFile = host.getSourceFile.bind(host);
    // A project file outside the budget does not exist for the program (its JSDoc `import()`
    // types and requires stay unresolved): what the program reads is what the budget counted.
    const outside = (fileName: string): boolean => {
      const file = path.resolve(fileName);
      return this.hasFile(file) && !this.readable.has(file);
    };
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => outside(fileName) ? undefined
      : libSourceFile(fileName) ?? this.sourceFileOf(path.resolve(fileName))
        ?? packageDeclaration(fileName, () => defaultGetSourceFile(fileName, languageVersion, onError, shouldCreate));
    const defaultFileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => !outside(fileName) && (libSourceFile(fileName) !== undefined || this.hasFile(path.resolve(fileName)) || defaultFileExists(fileName));
    host.getDefaultLibLocation = () => LIB_FOLDER;
    host.getDefaultLibFileName = () => `${LIB_FOLDER}/${LIB_ENTRY}`;
    this.program = T.createProgram({ rootNames: [...this.roots], options, host, oldProgram: this.program });
    this.checker = undefined;
    this.stats.programs++;
    this.stats.rootFiles = this.roots.size;
    this.stats.programFiles = this.program.getSourceFiles().length;
    this.stats.programMilliseconds += performance.now() - started;
    this.stats.milliseconds += performance.now() - started;
  }

  /**
   * The files (in the given order) whose project imports, with those of the files taken before,
   * stay within MAX_PROGRAM_FILES.
   */
  private withinBudget(files: readonly string[]): { taken: string[]; inProgram: Set<string> } {
    const taken: string[] = [];
    const inProgram = new Set<string>();
    for (const file of files) {
      const added = new Set<string>();
      const queue = [file];
      let fits = true;
      while (queue.length > 0) {
        const next = queue.pop()!;
        if (inProgram.has(next) || added.has(next)) continue;
        added.add(next);
        if (inProgram.size + added.size > MAX_PROGRAM_FILES) {
          fits = false;
          break;
        }
        for (const imported of this.importsOf(next)) queue.push(imported);
      }
      if (!fits) continue;
      for (const member of added) inProgram.add(member);
      taken.push(file);
    }
    return { taken, inProgram };
  }

  /**
   * Lets go of the program and every answer (a one-shot analysis whose component is reported:
   * calls it was built for but nobody asked about would otherwise keep it). A later `prepare`
   * starts afresh.
   */
  dispose(): void {
    const readable = this.readable;
    this.program = undefined;
    this.checker = undefined;
    this.roots = new Set();
    this.askable = new Set();
    this.readable = new Set();
    this.unanswered = new Set();
    this.answers.clear();
    this.release?.(readable);
  }

  calleeOf(call: CallSite): TypeAnswer | undefined {
    if (!this.askable.has(fileOf(call.callerId))) return undefined;
    const known = this.answers.get(call);
    if (known !== undefined) return known ?? undefined;
    const started = performance.now();
    const answer = this.ask(call);
    this.stats.queries++;
    if (answer) this.stats.answered++;
    this.stats.milliseconds += performance.now() - started;
    this.answers.set(call, answer ?? null);
    this.unanswered.delete(call);
    if (this.release && this.unanswered.size === 0 && this.program) {
      this.program = undefined;
      this.checker = undefined;
      this.roots.clear();
      this.release(this.readable);
    }
    return answer;
  }

  private ask(call: CallSite): TypeAnswer | undefined {
    const file = fileOf(call.callerId);
    const sf = this.program?.getSourceFile(file);
    if (!this.program || !sf) return undefined;
    const node = findCall(sf, call.start, call.end);
    if (!node) return undefined;
    const callee = skipParentheses(node.expression);
    if (!T.isPropertyAccessExpression(callee) && !T.isElementAccessExpression(callee)) return undefined;
    this.checker ??= this.program.getTypeChecker();
    const checker = this.checker;
    const nameNode = T.isPropertyAccessExpression(callee) ? callee.name : callee.argumentExpression;
    let symbol = checker.getSymbolAtLocation(nameNode);
    if (symbol && symbol.flags & T.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declarations = symbol?.declarations ?? [];
    const declaration = declarations.find((candidate) => functionNodeOf(candidate)?.body !== undefined) ?? declarations[0];
    if (!declaration) return undefined;
    const declarationFile = declaration.getSourceFile();
    const fileName = path.resolve(declarationFile.fileName);
    const fn = functionNodeOf(declaration);
    if (fn && fn.body) {
      const id = this.functionAt(fileName, fn.getStart(declarationFile));
      if (id) return { kind: 'fn', id };
    }
    // a file of the analysis is the project's, even inside a node_modules folder
    const specifier = this.hasFile(fileName) ? undefined : moduleOfDeclaration(declaration, fileName);
    if (!specifier) return undefined;
    const member = T.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!member) return undefined;
    const container = containerName(declaration);
    return { kind: 'module', specifier, path: container ? [container, member] : [member] };
  }
}

function fileOf(id: string): string {
  return id.slice(0, id.lastIndexOf('#'));
}

function skipParentheses(node: ts.Expression): ts.Expression {
  let current = node;
  while (T.isParenthesizedExpression(current) || T.isNonNullExpression(current) || T.isAsExpression(current)) current = current.expression;
  return current;
}

/** The call or `new` expression spanning exactly [start, end). */
function findCall(sf: ts.SourceFile, start: number, end: number): ts.CallExpression | ts.NewExpression | undefined {
  let found: ts.CallExpression | ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.pos > start || node.end < end) return;
    if ((T.isCallExpression(node) || T.isNewExpression(node)) && node.end === end && node.getStart(sf) === start) {
      found = node;
      return;
    }
    T.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The function-like node a declaration declares: a method, or a property holding a function. */
function functionNodeOf(declaration: ts.Declaration): ts.FunctionLikeDeclaration | undefined {
  if (T.isMethodDeclaration(declaration) || T.isFunctionDeclaration(declaration) || T.isGetAccessor(declaration) || T.isConstructorDeclaration(declaration)) {
    return declaration;
  }
  let value: ts.Expression | undefined;
  if (T.isPropertyDeclaration(declaration) || T.isPropertyAssignment(declaration) || T.isVariableDeclaration(declaration)) value = declaration.initializer;
  else if (T.isBinaryExpression(declaration.parent) && (declaration.parent.left as ts.Node) === declaration) value = declaration.parent.right;
  else if (T.isBinaryExpression(declaration)) value = declaration.right;
  const inner = value && skipParentheses(value);
  return inner && (T.isFunctionExpression(inner) || T.isArrowFunction(inner)) ? inner : undefined;
}

/** `declare module "fs" { ... }` or a package's declaration file: the module it belongs to. */
function moduleOfDeclaration(declaration: ts.Node, fileName: string): string | undefined {
  for (let current: ts.Node | undefined = declaration.parent; current; current = current.parent) {
    if (T.isModuleDeclaration(current) && T.isStringLiteral(current.name)) return current.name.text.replace(/^node:/, '');
  }
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = fileName.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = fileName.slice(at + marker.length).split(path.sep);
  if (parts[0] === '@types') return parts[1]?.includes('__') ? `@${parts[1].replace('__', '/')}` : parts[1];
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The class or interface a member is declared in (`Pool` for `Pool.query`). */
function containerName(declaration: ts.Node): string | undefined {
  const parent = declaration.parent;
  if ((T.isClassLike(parent) || T.isInterfaceDeclaration(parent)) && parent.name) return parent.name.text;
  return undefined;
}
