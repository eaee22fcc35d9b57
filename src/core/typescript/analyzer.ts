/**
 * The TypeScript/JavaScript analyser: resolves each file's imports with the compiler options of its
 * nearest tsconfig/jsconfig (or synthesised ones for loose files), keeps a summary per file, and
 * produces verdicts for every function. Files imported by analysed files are summarised too, so
 * calls into them can be followed; editing one file re-summarises only that file.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { ThreadwiseConfig } from '../config';
import { failureReason } from '../failures';
import { readSourceText } from '../files';
import type { FunctionReport, Recommendation } from '../model';
import { Evaluator, type Verdict } from './evaluate';
import { type Component, ComponentIndex } from './components';
import { reverseImports, transitiveImporters } from './import-graph';
import { callsOf, Linker } from './link';
import { TsRunOnce } from './run-once';
import type { ComponentFingerprint } from './report-cache';
import { ResolutionCache } from './resolution-cache';
import { isOutside, ProjectConfigs, type ProjectOptions } from './project-configs';
import { SummaryCache } from '../summary-cache';
import { OverBudgetError, summarizeFile } from './summarize';
import { rememberedHost } from './disk-snapshot';
import { isStoredSummary, LazyFileSummary, type StoredSummary, storeSummary } from './stored-summary';
import { overTimeReason, type SummaryBudget } from './summary-workers';
import type { CallSite, FileSummary, FunctionSummary } from './summary';
import { CheckerOracle } from './types';
import { calibrationWords, formatProjectMs, projectOpsToMs } from '../cost/project';

/**
 * What summarising one file gives: its summary and the module resolutions it rests on (what the
 * persistent cache keeps, and what a summary worker sends back), or why it cannot be analysed.
 */
export interface MadeSummary {
  summary: FileSummary;
  resolutions: [specifier: string, resolved: string | undefined][];
}
/** What the persistent cache keeps of a file: its summary, stored to be read lazily, and the module resolutions it rests on. */
interface CachedSummary {
  stored: StoredSummary;
  resolutions: MadeSummary['resolutions'];
}

/** `overBudget`: the file took more time or memory than its summary worker allows (summary-workers.ts) */
export type SummaryOutcome = MadeSummary | { failure: string; overBudget?: boolean };

export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_LINKED_FILES = 5000;
/** what decides the installed packages, whose declaration files the type checker reads */
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];

export function isTypeScriptLike(file: string): boolean {
  return TS_EXTENSIONS.some((extension) => file.endsWith(extension)) && !file.endsWith('.d.ts');
}

export interface RequestPath {
  /** the handler the function is reachable from */
  handler: FunctionSummary;
  /**
   * The call in the handler (or in a callback written inside it) through which the function is
   * reached; undefined for the handler and its own callbacks. Findings deep in a helper are
   * reported at this call too, where the handler's author sees them.
   */
  entry?: CallSite;
}

/**
 * Everything rules need, computed once per analysis of a component (files connected by imports,
 * see components.ts): the rules of a file read its component's snapshot.
 */
export interface TsSnapshot {
  /** the summaries of the component's files */
  files: ReadonlyMap<string, FileSummary>;
  linker: Linker;
  evaluator: Evaluator;
  /** verdicts are computed on demand: an edit re-evaluates only what the reported files reach */
  verdicts: { get(functionId: string): Verdict | undefined };
  /** files that import this one, directly or not, and the file itself */
  dependentsOf(file: string): ReadonlySet<string>;
  requestPaths: ReadonlyMap<string, RequestPath>;
  /**
   * Functions that run once per item: callbacks of iteration methods (`items.map(fn)`), and the
   * callbacks that such a function, or a loop, hands to a callee that runs them at once (the
   * executor of `new Promise(executor)`).
   */
  perItemFunctions: ReadonlySet<string>;
  /** the function runs once per program: a server's start-up (see run-once.ts) */
  runsOnce(fn: FunctionSummary): boolean;
  config: ThreadwiseConfig;
  root: string;
}

/** A component and what its analysis keeps across edits. */
interface LinkedComponent extends Component {
  /** call resolutions that survive edits (see resolution-cache.ts) */
  readonly resolutions: ResolutionCache;
  /**
   * The type checker of the component's calls that syntax cannot resolve (kept across edits: an
   * edit re-checks little). One per component: a program over the component's files, so adding
   * another component's files never rebuilds it.
   */
  readonly types: CheckerOracle | undefined;
  /** the linker of the latest snapshot: its final resolutions are kept when the next one starts */
  lastLinker?: Linker;
  /** undefined when a file of the component changed since it was computed */
  snapshot?: TsSnapshot;
  /** with the persistent cache: what its reports depend on, hashed (undefined when a file changed since) */
  fingerprint?: ComponentFingerprint;
  /** a one-shot analysis: the files asked for that have not been reported yet (see noteReported) */
  unreported?: Set<string>;
}

export class TypeScriptAnalyzer {
  /**
   * The text of every summarised file, by path. Its syntax tree is dropped once summarised (a
   * tree is ten times the text): the few files the type checker or a re-summary needs are parsed
   * again, on demand (see parsed()).
   */
  private readonly texts = new Map<string, string>();
  /**
   * Trees parsed again for the type checker (see parsed()), kept while their text is current: the
   * checker's program reuses them across edits, and tells an edited file by a new tree.
   */
  private readonly reparsed = new Map<string, ts.SourceFile>();
  private readonly languageVersion: ts.ScriptTarget;
  private readonly configs: ProjectConfigs;
  /** the root with symbolic links resolved, as module resolution reports workspace packages */
  private readonly realRoot: string;
  private readonly summaries = new Map<string, FileSummary>();
  private readonly resolutionCache = new Map<string, string | undefined>();
  /** a one-shot analysis: the compiler's resolution caches, by config (see moduleResolutionCacheOf) */
  private readonly moduleResolutionCaches = new Map<ProjectOptions, ts.ModuleResolutionCache>();
  /** the file system module resolution reads (a one-shot analysis remembers its answers: see disk-snapshot.ts) */
  private readonly moduleHost: ts.ModuleResolutionHost;
  /** the import-connected components, each analysed on its own */
  private readonly components = new ComponentIndex<LinkedComponent>(this.summaries, (files) => ({ files, resolutions: new ResolutionCache(), types: this.newTypeOracle() }));
  /** files with a relative import that resolved to no file, by the import's last name without extension */
  private readonly unresolvedImports = new Map<string, Map<string, Set<string>>>();
  /** files that could not be parsed or summarised, until their text changes: imports skip them */
  private readonly failed = new Set<string>();
  /**
   * Imported files not loaded yet: the imports of files summarised since the last loadImports,
   * and those it could not load then (unreadable, or the MAX_LINKED_FILES limit), tried again.
   */
  private readonly unloadedImports = new Set<string>();
  /**
   * With the persistent cache: each file's text hash and module resolutions, what a component's
   * fingerprint hashes (see componentFingerprint).
   */
  private readonly fileStamps = new Map<string, string>();
  private environment: string | undefined;
  /** a one-shot analysis: the files whose reports are asked for (the others are only imported) */
  private readonly asked = new Set<string>();
  /** a one-shot analysis: files of reported components whose texts were let go (read again if needed) */
  private readonly releasedTexts = new Set<string>();
  /** the module resolutions the file being summarised asked for, recorded for the persistent cache */
  private recording: [specifier: string, resolved: string | undefined][] | undefined;

  constructor(
    private readonly root: string,
    private readonly config: ThreadwiseConfig,
    /** summaries of earlier runs (`--cache`), by file and text */
    private readonly cache?: SummaryCache,
    /** see AnalyzerOptions.oneShot: type programs are let go once answered */
    private readonly oneShot = false,
    /**
     * The time a file's parse and summary may take in this thread (see AnalyzerOptions.summaryBudget);
     * a file over it is skipped with the reason. None: no limit.
     */
    private readonly budget?: SummaryBudget,
  ) {
    this.moduleHost = oneShot ? rememberedHost(ts.sys) : ts.sys;
    this.configs = new ProjectConfigs(root);
    this.realRoot = this.realPath(path.resolve(root));
    this.languageVersion = ts.ScriptTarget.Latest;
  }

  /** The type checker, asked about the few calls syntax cannot resolve (THREADWISE_NO_TYPES: never). */
  private newTypeOracle(): CheckerOracle | undefined {
    if (process.env.THREADWISE_NO_TYPES) return undefined;
    return new CheckerOracle(
      this.configs.rootOptions.options,
      (file) => this.parsed(file),
      (file) => this.texts.has(file) || this.releasedTexts.has(file),
      (file, start) => this.summaries.get(file)?.functions.find((fn) => fn.start === start)?.id,
      (file) => this.summaries.get(file)?.imports ?? [],
      this.oneShot ? (files) => { for (const file of files) this.reparsed.delete(file); } : undefined,
    );
  }

  /**
   * Parses and summarises a file from the given text. Returns why the file cannot be analysed
   * (too deep for the parser or the summariser) or undefined; a failed file is dropped, as if
   * deleted, so it never costs another file its result.
   */
  setFile(file: string, text: string): string | undefined {
    const isNew = !this.summaries.has(file);
    const textHash = this.cache ? SummaryCache.textHash(text) : undefined;
    const cached = textHash !== undefined ? this.cachedSummary(file, textHash) : undefined;
    if (cached) {
      this.stamp(file, textHash!, cached.resolutions);
      this.install(file, cached.summary, text);
      this.failed.delete(file);
      if (isNew && this.unresolvedImports.size > 0) this.retryFailedImportsOf(file);
      return undefined;
    }
    const started = performance.now();
    let sourceFile: ts.SourceFile;
    try {
      // Parsed with the compiler directly: ts-morph's `createSourceFile` registers wrappers and a
      // file system entry per file, which the analysis never uses.
      sourceFile = this.parse(file, text);
    } catch (error) {
      return this.dropFailed(file, failureReason('parse', error));
    }
    const failure = this.summarize(file, sourceFile, text, started);
    if (failure !== undefined) return this.dropFailed(file, failure);
    this.failed.delete(file);
    // A file that appears may be what an import failed to find before.
    if (isNew && this.unresolvedImports.size > 0) this.retryFailedImportsOf(file);
    return undefined;
  }

  /**
   * Parses and summarises a file without keeping anything: what a summary worker runs (see
   * summary-workers.ts), so the thread that answers requests never parses a large file.
   */
  summarizeText(file: string, text: string): SummaryOutcome {
    let sourceFile: ts.SourceFile;
    try {
      sourceFile = this.parse(file, text);
    } catch (error) {
      return { failure: failureReason('parse', error) };
    }
    return this.summarizeParsed(sourceFile);
  }

  /**
   * Takes a file's summary made elsewhere (by summarizeText in a summary worker), as setFile would
   * have made it: used when every module resolution it was made with gives the same file here (a
   * file that appeared meanwhile changes one), else the file is summarised here. Returns why the
   * file cannot be analysed, or undefined.
   */
  setSummarizedFile(file: string, text: string, outcome: SummaryOutcome): string | undefined {
    if ('failure' in outcome) return this.dropFailed(file, outcome.failure);
    if (!this.resolutionsHold(file, outcome.resolutions)) return this.setFile(file, text);
    const isNew = !this.summaries.has(file);
    this.store(file, text, outcome);
    this.install(file, outcome.summary, text);
    this.failed.delete(file);
    if (isNew && this.unresolvedImports.size > 0) this.retryFailedImportsOf(file);
    return undefined;
  }

  private resolutionsHold(file: string, resolutions: MadeSummary['resolutions']): boolean {
    return resolutions.every(([specifier, resolved]) => this.resolveModule(file, specifier) === resolved);
  }

  private dropFailed(file: string, reason: string): string {
    if (this.texts.has(file) || this.summaries.has(file)) this.removeFile(file);
    this.failed.add(file);
    return reason;
  }

  removeFile(file: string): void {
    this.failed.delete(file);
    // A file never summarised that is still on disk (a load skipped it: minified, too large)
    // leaves every import that names it resolving as before: its importers' summaries stand, and
    // finding them (a pass over every summary, per file) is not needed.
    const moved = this.summaries.has(file) || this.texts.has(file) || !this.moduleHost.fileExists(file);
    const importers = moved ? reverseImports(this.summaries).get(file) ?? [] : [];
    this.noteChange(file, this.summaries.get(file), undefined);
    this.summaries.delete(file);
    this.texts.delete(file);
    this.reparsed.delete(file);
    this.fileStamps.delete(file);
    this.releasedTexts.delete(file);
    if (!moved) return;
    // Its importers' imports now resolve elsewhere, or nowhere: summarise them again.
    for (const [key, resolved] of this.resolutionCache) if (resolved === file) this.resolutionCache.delete(key);
    for (const importer of importers) this.resummarize(importer);
  }

  /** Summarises a parsed file (its parse `started` then); returns why it failed, if it did. */
  private summarize(file: string, sourceFile: ts.SourceFile, text: string, started = performance.now()): string | undefined {
    const outcome = this.summarizeParsed(sourceFile, started);
    if ('failure' in outcome) return outcome.failure;
    // stored before the linker sees it: the summary as the summariser made it
    this.store(file, text, outcome);
    this.install(file, outcome.summary, text);
    return undefined;
  }

  /**
   * The summary of a parsed file and the module resolutions it asked for; within the budget when
   * the file's time `started` counts (the parse included), else without a limit.
   */
  private summarizeParsed(sourceFile: ts.SourceFile, started?: number): SummaryOutcome {
    const resolutions: MadeSummary['resolutions'] = [];
    this.recording = resolutions;
    const budget = this.budget && started !== undefined ? { deadline: started + this.budget.timeMs, reason: overTimeReason(this.budget) } : undefined;
    try {
      return { summary: summarizeFile(sourceFile, this, budget), resolutions };
    } catch (error) {
      if (error instanceof OverBudgetError) return { failure: error.message, overBudget: true };
      return { failure: failureReason('analysis', error) };
    } finally {
      this.recording = undefined;
    }
  }

  /**
   * The cached summary of this text, if every module resolution it was made with still gives the
   * same file (a tsconfig, a package or a file that appeared or went away changes them).
   */
  private cachedSummary(file: string, textHash: string): MadeSummary | undefined {
    const value = this.cache!.get(file, textHash) as Partial<CachedSummary> | undefined;
    if (!value || !isStoredSummary(value.stored) || value.stored.path !== file || !Array.isArray(value.resolutions)) return undefined;
    if (!this.resolutionsHold(file, value.resolutions)) return undefined;
    // read in full only when its component is linked (see stored-summary.ts)
    return { summary: new LazyFileSummary(value.stored), resolutions: value.resolutions };
  }

  /** A summary just made: into the persistent cache, and its file's stamp (see fileStamps). */
  private store(file: string, text: string, made: MadeSummary): void {
    if (!this.cache) return;
    const textHash = SummaryCache.textHash(text);
    this.cache.set(file, textHash, { stored: storeSummary(made.summary), resolutions: made.resolutions } satisfies CachedSummary);
    this.stamp(file, textHash, made.resolutions);
  }

  private stamp(file: string, textHash: string, resolutions: MadeSummary['resolutions']): void {
    this.fileStamps.set(file, `${textHash}\0${JSON.stringify(resolutions)}`);
  }

  private install(file: string, summary: FileSummary, text: string): void {
    if (this.texts.get(file) !== text) this.reparsed.delete(file);
    if (this.oneShot) {
      // Files do not change during a one-shot analysis: the few that are parsed again (for the
      // type checker, or a re-summary) are read again, so a large run does not hold every text.
      this.texts.delete(file);
      this.releasedTexts.add(file);
    } else {
      this.texts.set(file, text);
      this.releasedTexts.delete(file);
    }
    this.noteChange(file, this.summaries.get(file), summary);
    this.summaries.set(file, summary);
    for (const imported of summary.imports) this.unloadedImports.add(imported);
  }

  /**
   * A file's summary changed: its component's snapshot is stale, and so are its resolutions of
   * the file and of its importers. When the file's imports changed, the partition is computed
   * again on the next look-up, and the components it touched start afresh.
   */
  private noteChange(file: string, before: FileSummary | undefined, after: FileSummary | undefined): void {
    const component = this.components.noteChange(file, before, after);
    if (!component) return;
    component.resolutions.noteChange(file, before, after);
    component.snapshot = undefined;
    component.fingerprint = undefined;
  }

  private resummarize(file: string): void {
    const text = this.textOf(file);
    // It was summarised from this very text before; should that fail now, it is dropped.
    if (text === undefined) return;
    // parsed for this summary only: the type checker's trees lack what the summariser reads (see parsed())
    if (this.summarize(file, this.parse(file, text), text) !== undefined) this.dropFailed(file, '');
  }

  private parse(file: string, text: string): ts.SourceFile {
    return ts.createSourceFile(file, text, this.languageVersion, true, scriptKindOf(file));
  }

  /** A summarised file's text: kept, or read again when a one-shot analysis let go of it. */
  private textOf(file: string): string | undefined {
    return this.texts.get(file) ?? (this.releasedTexts.has(file) ? readSourceText(file).text : undefined);
  }

  /**
   * The type checker's syntax tree of a summarised file's current text, parsed again on first
   * demand. Parsed as a compiler parses for a program: without parent links (the checker's binder
   * sets them; linking them here was a fifth of the parse) and without the JSDoc of TypeScript
   * files (whose types come from their annotations; a JavaScript file's JSDoc types are parsed).
   */
  private parsed(file: string): ts.SourceFile | undefined {
    let sourceFile = this.reparsed.get(file);
    if (sourceFile) return sourceFile;
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    const options = { languageVersion: this.languageVersion, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo };
    sourceFile = ts.createSourceFile(file, text, options, false, scriptKindOf(file));
    this.reparsed.set(file, sourceFile);
    return sourceFile;
  }

  /** Summarises again the files whose failed imports may name `file` (`./core`, `./core.js`, `./lib` for lib/index.ts). */
  private retryFailedImportsOf(file: string): void {
    const stem = stemOf(file);
    const stems = stem === 'index' ? [stem, path.basename(path.dirname(file))] : [stem];
    const failed = stems.flatMap((candidate) => [...this.unresolvedImports.get(candidate) ?? []]);
    if (failed.length === 0) return;
    for (const candidate of stems) this.unresolvedImports.delete(candidate);
    // Only an importer whose failed import now finds a file is summarised again (a project has
    // many `./index` imports; most name other folders).
    const found = new Set<string>();
    for (const [importer, specifiers] of failed) {
      for (const specifier of specifiers) {
        this.resolutionCache.delete(this.resolutionKey(importer, specifier));
        if (this.resolveModule(importer, specifier) !== undefined) found.add(importer);
      }
    }
    for (const importer of found) this.resummarize(importer);
  }

  hasFile(file: string): boolean {
    return this.summaries.has(file);
  }

  summary(file: string): FileSummary | undefined {
    return this.summaries.get(file);
  }

  /**
   * Files whose findings an edit of `file` may change: its component (the files connected to it
   * through imports, in either direction). An edit's effects flow up (importers see callee
   * verdicts change) and down (callees get their arguments and request context from callers).
   */
  filesAffectedBy(file: string): ReadonlySet<string> {
    const component = this.components.of(file);
    return component ? new Set(component.files.keys()) : new Set([file]);
  }

  /**
   * Loads (from disk) the project files that analysed files import, so calls can be followed:
   * every import not loaded yet, or (`from`) only those the given files reach through imports.
   */
  loadImports(readFile: (file: string) => string | undefined, from?: readonly string[]): void {
    const visited = new Set<string>(from);
    const queue = from ? from.flatMap((file) => [...this.summaries.get(file)?.imports ?? []]) : [...this.unloadedImports];
    while (queue.length > 0 && this.summaries.size < MAX_LINKED_FILES) {
      const file = queue.pop()!;
      if (visited.has(file)) continue;
      visited.add(file);
      if (!this.summaries.has(file) && !this.failed.has(file)) {
        const text = readFile(file);
        if (text === undefined || text.length > this.config.maxFileBytes) continue; // tried again next time
        this.setFile(file, text); // an imported file that cannot be analysed is not followed
      }
      this.unloadedImports.delete(file);
      queue.push(...this.summaries.get(file)?.imports ?? []);
    }
  }

  /**
   * The module resolver the summariser uses: project files only, including the workspace packages
   * of a monorepo (installed packages go to the catalog). Each file's imports are resolved with
   * the options of its nearest tsconfig/jsconfig, so a package's own `paths` aliases work.
   */
  resolveModule(fromFile: string, specifier: string): string | undefined {
    const directory = path.dirname(fromFile);
    const config = this.configs.forDirectory(directory);
    // The directory alone decides the config, but naming it keeps the key honest about its inputs.
    const key = `${config.configFile ?? ''}\0${directory}\0${specifier}`;
    let accepted: string | undefined;
    if (this.resolutionCache.has(key)) {
      accepted = this.resolutionCache.get(key);
    } else {
      const resolved = ts.resolveModuleName(specifier, fromFile, config.options, this.moduleHost, this.moduleResolutionCacheOf(config)).resolvedModule;
      accepted = resolved && this.acceptedFile(resolved, specifier);
      this.resolutionCache.set(key, accepted);
    }
    // A one-shot analysis reads a disk that does not change while it runs: an import that finds
    // no file finds none later either, so it is not recorded for a retry (a cached re-run spent a
    // tenth of its time resolving such imports again each time a file of the same name loaded).
    if (!accepted && !this.oneShot && (specifier.startsWith('.') || specifier.startsWith('/'))) this.noteUnresolved(specifier, fromFile);
    this.recording?.push([specifier, accepted]);
    return accepted;
  }

  private resolutionKey(fromFile: string, specifier: string): string {
    const directory = path.dirname(fromFile);
    return `${this.configs.forDirectory(directory).configFile ?? ''}\0${directory}\0${specifier}`;
  }

  /**
   * A one-shot analysis: the compiler's own cache of module resolutions and package.json files,
   * one per config (its options decide the answers). The disk does not change while it runs, so
   * a package found from one folder is found from the folders beside it without walking the
   * `node_modules` folders up again, and each package.json is read into an object once. An
   * editor's analysis has none: files come and go under it.
   */
  private moduleResolutionCacheOf(config: ProjectOptions): ts.ModuleResolutionCache | undefined {
    if (!this.oneShot) return undefined;
    let cache = this.moduleResolutionCaches.get(config);
    if (!cache) {
      cache = ts.createModuleResolutionCache(this.root, (file) => (this.moduleHost.useCaseSensitiveFileNames === false ? file.toLowerCase() : file), config.options);
      this.moduleResolutionCaches.set(config, cache);
    }
    return cache;
  }

  private noteUnresolved(specifier: string, fromFile: string): void {
    const stem = stemOf(specifier);
    let importers = this.unresolvedImports.get(stem);
    if (!importers) this.unresolvedImports.set(stem, (importers = new Map()));
    const specifiers = importers.get(fromFile);
    if (specifiers) specifiers.add(specifier);
    else importers.set(fromFile, new Set([specifier]));
  }

  private acceptedFile(resolved: ts.ResolvedModuleFull, specifier: string): string | undefined {
    // Compiled code ships declarations beside the implementation (`parser.d.ts` next to
    // `parser.js`); the resolver prefers the declarations, the analysis needs the code.
    const fileName = implementationOf(resolved.resolvedFileName, this.moduleHost);
    if (!isTypeScriptLike(fileName)) return undefined;
    const relative = specifier.startsWith('.') || specifier.startsWith('/');
    if (relative || !resolved.isExternalLibraryImport) return path.resolve(fileName);
    return this.workspacePackageFile(fileName);
  }

  /**
   * A package import is followed when it lands back in the project: a workspace package, which
   * npm, yarn and pnpm install as a symbolic link to its folder. Anything really under a
   * `node_modules` is a third-party package and is left to the catalog.
   */
  private workspacePackageFile(fileName: string): string | undefined {
    const relative = path.relative(this.realRoot, this.realPath(fileName));
    if (isOutside(relative) || relative.split(path.sep).includes('node_modules')) return undefined;
    // Spelled from the root as given, so the file is the same one the project analyses directly.
    return path.join(path.resolve(this.root), relative);
  }

  private realPath(file: string): string {
    return this.moduleHost.realpath?.(file) ?? file;
  }

  /** The analysis of the component of a summarised file (undefined for a file not summarised). */
  analyze(file: string): TsSnapshot | undefined {
    const component = this.components.of(file);
    if (!component) return undefined;
    component.snapshot ??= this.analyzeComponent(component);
    return component.snapshot;
  }

  /**
   * With the persistent cache: the component of a summarised file, named by its files, and
   * everything its reports depend on, hashed: each file's path, text hash and module resolutions,
   * the configuration, the root, the type checker's compiler options and the root's lockfiles
   * (the installed packages' declaration files the checker reads are taken as the lockfile says).
   * Undefined without the cache, or for a file not summarised.
   */
  componentFingerprint(file: string): ComponentFingerprint | undefined {
    if (!this.cache) return undefined;
    const component = this.components.of(file);
    if (!component) return undefined;
    if (component.fingerprint) return component.fingerprint;
    const id = createHash('sha1');
    const key = createHash('sha1').update(this.environmentStamp());
    for (const member of [...component.files.keys()].sort()) {
      const stamp = this.fileStamps.get(member);
      if (stamp === undefined) return undefined;
      id.update(member).update('\0');
      key.update(member).update('\0').update(stamp).update('\0');
    }
    component.fingerprint = { id: id.digest('hex'), key: key.digest('base64') };
    return component.fingerprint;
  }

  private environmentStamp(): string {
    if (this.environment === undefined) {
      const lockfiles = LOCKFILES.map((name) => {
        try {
          return createHash('sha1').update(fs.readFileSync(path.join(this.root, name))).digest('base64');
        } catch {
          return '';
        }
      });
      const checker = process.env.THREADWISE_NO_TYPES ? 'none' : this.configs.rootOptions.options;
      this.environment = JSON.stringify({ root: path.resolve(this.root), config: this.config, checker, lockfiles });
    }
    return this.environment;
  }

  /** A one-shot analysis: the files whose reports will be asked for (see noteReported). */
  markAsked(files: Iterable<string>): void {
    if (!this.oneShot) return;
    for (const file of files) this.asked.add(file);
  }

  /**
   * A one-shot analysis: `file`'s report was computed. Returns true when it was the last asked-for
   * file of its component: nothing will read the component's snapshot again, so it is let go
   * (its linker, evaluator and verdicts) with its files' texts and summaries, which keeps a large
   * run's memory to what is in use. Each file's report is asked for once.
   */
  noteReported(file: string): boolean {
    if (!this.oneShot || !this.asked.has(file)) return false;
    const component = this.components.of(file);
    if (!component) return false;
    component.unreported ??= new Set([...component.files.keys()].filter((member) => this.asked.has(member)));
    component.unreported.delete(file);
    if (component.unreported.size > 0) return false;
    component.snapshot = undefined;
    component.lastLinker = undefined;
    component.types?.dispose();
    // Nothing re-summarises or type-checks its files again: their texts go too.
    for (const member of component.files.keys()) {
      if (this.texts.delete(member)) this.releasedTexts.add(member);
      this.reparsed.delete(member);
    }
    // Nor reads their summaries (no other component links to them: components are closed under
    // imports): they go too, so a large run holds the summaries of the components it has still to
    // report, not of every file it analysed, while the reports and their JSON are made.
    for (const member of component.files.keys()) this.summaries.delete(member);
    component.files.clear();
    return true;
  }

  private analyzeComponent(component: LinkedComponent): TsSnapshot {
    const importers = reverseImports(component.files);
    if (component.lastLinker) component.resolutions.store(component.lastLinker.newFinalResolutions());
    component.resolutions.invalidate(importers);
    const linker = new Linker(component.files, component.types, component.resolutions);
    component.lastLinker = linker;
    const evaluator = new Evaluator(linker, this.config, this.root);
    const requestPaths = findRequestPaths(linker);
    let runOnce: TsRunOnce | undefined;
    return {
      files: component.files,
      linker,
      evaluator,
      verdicts: new LazyVerdicts(linker, evaluator),
      dependentsOf: (file) => transitiveImporters(importers, [file]),
      requestPaths,
      perItemFunctions: findPerItemFunctions(linker),
      // built on the first question: most components have no finding that asks it
      runsOnce: (fn) => (runOnce ??= new TsRunOnce(linker, requestPaths)).runsOnce(fn),
      config: this.config,
      root: this.root,
    };
  }

  /** The public reports of one file's functions. `<module>` is listed only when it does real work. */
  functionReports(file: string): FunctionReport[] {
    const snapshot = this.analyze(file);
    const summary = this.summaries.get(file);
    if (!summary || !snapshot) return [];
    const reports: FunctionReport[] = [];
    for (const fn of summary.functions) {
      const verdict = snapshot.verdicts.get(fn.id)!;
      if (fn.isModuleBody && verdict.kind === 'none') continue;
      reports.push({
        id: fn.id,
        name: fn.name,
        range: fn.range,
        nameRange: fn.nameRange,
        kind: verdict.kind,
        confidence: round(verdict.confidence),
        evidence: verdict.evidence.map((item) => (item.file === file ? { ...item, file: undefined } : item)),
        recommendation: recommendationInContext(verdict.recommendation, snapshot.requestPaths.has(fn.id)),
        cost: {
          ms: projectOpsToMs(this.config.calibration, 'js', verdict.cost.ops),
          operations: Math.round(verdict.cost.ops),
          description: describeCost(verdict, this.config),
          dataDependent: verdict.cost.dataDependent,
        },
        inRequestPath: snapshot.requestPaths.has(fn.id),
        isAsync: fn.isAsync,
      });
    }
    return reports;
  }
}

/**
 * Code on a request path runs once per request, so several can be busy at once: the tool that fits
 * is a pool of workers, not a worker per call. The hover, the panel and the findings' preferred fix
 * all say the same.
 */
function recommendationInContext(recommendation: Recommendation, inRequestPath: boolean): Recommendation {
  if (!inRequestPath || recommendation.strategy !== 'worker-thread') return recommendation;
  return {
    strategy: 'worker-pool',
    reason: 'It runs on every request: a pool of worker threads sized to the CPU cores keeps the event loop serving requests and bounds how much runs at once.',
  };
}

class LazyVerdicts {
  private readonly cache = new Map<string, Verdict>();

  constructor(
    private readonly linker: Linker,
    private readonly evaluator: Evaluator,
  ) {}

  get(functionId: string): Verdict | undefined {
    let verdict = this.cache.get(functionId);
    if (!verdict) {
      const fn = this.linker.functionById(functionId);
      if (!fn) return undefined;
      verdict = this.evaluator.verdict(fn);
      this.cache.set(functionId, verdict);
    }
    return verdict;
  }
}

/** `src/core.spec.ts` → `core.spec`, `./core.js` → `core`: the name an import and a file share. */
function stemOf(fileOrSpecifier: string): string {
  const base = path.basename(fileOrSpecifier);
  return base.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `≈ 450 ms per call on this machine class; mostly pbkdf2Sync() with 600,000 iterations: …` */
function describeCost(verdict: Verdict, config: ThreadwiseConfig): string {
  const time = `${formatProjectMs(config.calibration, 'js', verdict.cost.ops)} per call ${calibrationWords(config.calibration, 'js')}`;
  const driver = verdict.cost.drivers[0];
  const suffix = verdict.cost.dataDependent ? ' (grows with the input)' : '';
  return driver ? `${time}${suffix}; mostly ${driver.message}` : `${time}${suffix}`;
}

/**
 * Handlers and every function reachable from them: through calls, and through the callbacks they
 * pass (`fs.stat(file, (err, stat) => …)`, `req.on('end', …)`, `promise.then(…)`, a middleware's
 * `next`): whatever such a callback does, it does while a request is being answered. Handlers are
 * the functions registered inline (`app.get('/x', (req, res) => …)`) and by reference
 * (`app.get('/x', list)`, `server.on('request', app.handle.bind(app))`). Calls that run once
 * (lazy initialisation: `if (!this.client) this.connect()`) are not followed: the first request
 * pays for them, not every request.
 */
function findRequestPaths(linker: Linker): Map<string, RequestPath> {
  const paths = new Map<string, RequestPath>();
  for (const handler of findHandlers(linker)) {
    // breadth first, so each function's entry is the handler's nearest way to it
    const queue: { fn: FunctionSummary; entry?: CallSite }[] = [{ fn: handler }];
    for (let next = 0; next < queue.length; next++) {
      const { fn, entry } = queue[next];
      if (paths.has(fn.id)) continue;
      paths.set(fn.id, entry ? { handler, entry } : { handler });
      for (const call of allCalls(fn)) {
        if (call.once) continue;
        const callee = linker.resolve(call);
        if (callee.kind === 'fn' && !paths.has(callee.fn.id)) queue.push({ fn: callee.fn, entry: entry ?? call });
        // alternatives the callee's value may hold (`const lookup = dev ? viaLocal : viaCache`): each may
        // run per request; methods only guessed by name are not followed
        if (callee.kind === 'virtual' && !callee.byName) {
          for (const candidate of callee.fns) if (!paths.has(candidate.id)) queue.push({ fn: candidate, entry: entry ?? call });
        }
        for (const argument of call.argBindings ?? []) {
          const callback = argument?.kind === 'fn' ? linker.functionById(argument.id) : undefined;
          // a callback written inside the handler is part of it; one passed further down is reached through the entry
          if (callback && !paths.has(callback.id)) queue.push({ fn: callback, entry });
        }
      }
    }
  }
  return paths;
}

/** Request handlers: declared as such (inline in a route registration, Next.js, NestJS), then those registered by reference. */
function findHandlers(linker: Linker): FunctionSummary[] {
  const handlers: FunctionSummary[] = [];
  const seen = new Set<string>();
  const add = (fn: FunctionSummary | undefined) => {
    // a worker thread's listener (`parentPort.on('message', …)`) keeps the worker busy, not the server's event loop
    if (!fn || fn.inWorker || seen.has(fn.id)) return;
    seen.add(fn.id);
    handlers.push(fn);
  };
  const registrations: CallSite[] = [];
  for (const fn of linker.allFunctions()) {
    if (fn.handler) add(fn);
    for (const call of allCalls(fn)) if (call.registersHandler) registrations.push(call);
  }
  for (const call of registrations) {
    for (const argument of call.argBindings ?? []) if (argument) add(linker.functionOf(argument));
  }
  return handlers;
}

function findPerItemFunctions(linker: Linker): Set<string> {
  const perItem = new Set<string>();
  const pending: FunctionSummary[] = [];
  const add = (call: CallSite) => {
    const callee = linker.resolve(call);
    if (callee.kind !== 'fn' || perItem.has(callee.fn.id)) return;
    perItem.add(callee.fn.id);
    pending.push(callee.fn);
  };
  for (const fn of linker.allFunctions()) {
    for (const { call, loopMultiplier } of callsOf(fn)) {
      if (call.viaCallback === 'iteration' || (call.viaCallback === 'executor' && loopMultiplier)) add(call);
    }
  }
  // An executor runs during the call that receives it: in a per-item function, it runs per item too.
  while (pending.length > 0) {
    for (const call of allCalls(pending.pop()!)) if (call.viaCallback === 'executor') add(call);
  }
  return perItem;
}

function* allCalls(fn: FunctionSummary) {
  const blocks = [fn.body];
  while (blocks.length > 0) {
    const block = blocks.pop()!;
    yield* block.calls;
    for (const loop of block.loops) blocks.push(loop.body);
  }
}

/** The JavaScript file a declaration file describes, when it sits beside it. */
function implementationOf(file: string, host: ts.ModuleResolutionHost): string {
  const match = /\.d\.([cm]?)ts$/.exec(file);
  if (!match) return file;
  const candidate = `${file.slice(0, -match[0].length)}.${match[1]}js`;
  return host.fileExists(candidate) ? candidate : file;
}

function scriptKindOf(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
