/**
 * `PythonAnalyzer`: Python files in, `FileReport`s (with `functions` filled) out.
 *
 * The workspace is every file passed to `analyze`/`update`, plus modules they import that exist on
 * disk next to them (loaded on demand, analysed for their verdicts, never reported). Every
 * analysis recomputes the summaries of the whole workspace, and `update` returns the reports that
 * changed (verdicts flow both ways: callers inherit callee verdicts, callees get their loop bounds
 * from callers' arguments). Parsing is the expensive part: a file whose text did not change since
 * the last analysis keeps its module (a load in batches or an edit parses only the new texts).
 */
import * as path from 'node:path';
import type { ThreadwiseConfig } from '../config';
import { failureReason } from '../failures';
import type { FileReport, FunctionReport } from '../model';
import { type Env, EMPTY_ENV } from './bounds';
import { buildRuleContext, type PythonRuleContext } from './rule-context';
import { LoopCallbackIndex } from './loop-callbacks';
import { RunOnceIndex } from './run-once';
import { type FunctionUnit, MODULE_UNIT_NAME, type PyModule, emptyMap, summarizeModule } from './summarize';
import { PythonParser } from './parser';
import { Linker, readPythonFile } from './link';
import { type Summary, Evaluator, defaultEnv, envKey } from './evaluate';
import { buildFunctionReport, moduleDoesWork } from './verdict';

export interface PythonAnalyzerOptions {
  /** directory holding web-tree-sitter.wasm and tree-sitter-python.wasm (default: next to the bundle, else node_modules) */
  wasmDir?: string;
}

export interface PythonFile {
  path: string;
  text: string;
}

/** Rounds of call-site propagation: a bound travels this many calls deep. */
const PROPAGATION_ROUNDS = 4;

export class PythonAnalyzer {
  /** files the caller gave us (reported), by absolute path */
  private readonly workspace = new Map<string, string>();
  private readonly modules = new Map<string, PyModule | undefined>();
  /** the modules of `modules` that loaded, in load order; a new array whenever `modules` is emptied */
  private loaded: PyModule[] = [];
  /**
   * Every module of the last analysis with the text it was parsed from: an edit re-parses the
   * edited file only, the others' modules are reused (their inferred types reset) when their text
   * is unchanged. Kept for the modules the last analysis loaded, no others.
   */
  private parsed = new Map<string, { text: string; module: PyModule }>();
  private readonly resolver: Linker;
  private readonly summarizer: Evaluator;
  private reports = new Map<string, FileReport>();
  private chosen = new Map<string, Summary>();
  /** why a file could not be parsed, by absolute path */
  private readonly failures = new Map<string, string>();
  /** files whose share of a workspace-wide stage failed in the last recompute, with the reason */
  private analysisFailures = new Map<string, string>();

  private constructor(
    readonly config: ThreadwiseConfig,
    private readonly parser: PythonParser,
  ) {
    this.resolver = new Linker({ moduleAt: (filePath) => this.moduleAt(filePath), loadedModules: () => this.loadedModules() });
    this.summarizer = new Evaluator(this.resolver, config);
  }

  static async create(config: ThreadwiseConfig, options: PythonAnalyzerOptions = {}): Promise<PythonAnalyzer> {
    return new PythonAnalyzer(config, await PythonParser.create(options.wasmDir));
  }

  /** Adds (or replaces) files in the workspace and returns their reports, in the order given. */
  analyze(files: readonly PythonFile[]): FileReport[] {
    for (const file of files) this.setFile(file.path, file.text);
    this.recompute();
    return files.map((file) => this.reportOf(path.resolve(file.path)));
  }

  /**
   * Adds (or replaces) files in the workspace and parses them without analysing: a load in
   * batches parses each batch as it comes, and the `analyze` that ends it (given the same texts)
   * takes their modules as parsed.
   */
  parseFiles(files: readonly PythonFile[]): void {
    for (const file of files) this.setFile(file.path, file.text);
    for (const filePath of this.workspace.keys()) this.moduleAt(filePath);
  }

  /** Re-analyses one edited file; returns its report and every other report whose verdicts changed. */
  update(filePath: string, text: string): FileReport[] {
    const absolute = path.resolve(filePath);
    const before = new Map([...this.reports].map(([key, report]) => [key, JSON.stringify(report)]));
    this.setFile(absolute, text);
    this.recompute();
    const changed = [this.reportOf(absolute)];
    for (const [key, report] of this.reports) {
      if (key !== absolute && before.get(key) !== JSON.stringify(report)) changed.push(report);
    }
    return changed;
  }

  /** Drops a file from the workspace (deleted or closed). */
  remove(filePath: string): void {
    const absolute = path.resolve(filePath);
    this.workspace.delete(absolute);
    this.forgetModules();
    this.recompute();
  }

  /** Everything the Python rules need about one analysed file. */
  ruleContext(filePath: string): PythonRuleContext | undefined {
    const absolute = path.resolve(filePath);
    const module = this.modules.get(absolute);
    const report = this.reports.get(absolute);
    if (!module || !report || report.skipped) return undefined;
    return buildRuleContext({
      module,
      report,
      config: this.config,
      summarizer: this.summarizer,
      resolver: this.resolver,
      summaryOf: (unit) => this.chosen.get(unit.id),
      reportOfUnit: (unit) => this.reports.get(unit.module.path)?.functions.find((fn) => fn.id === unit.id),
      runsOnce: (unit) => this.runOnceIndex().runsOnce(unit),
      runsOncePerObject: (unit) => this.runOnceIndex().runsOncePerObject(unit),
      onPrivateLoop: (unit) => this.runOnceIndex().onPrivateLoop(unit),
      loopRegistrations: (unit) => this.loopCallbackIndex().registrationsOf(unit),
    });
  }

  /** The function report of a unit, wherever it lives (also for modules loaded from disk). */
  functionReport(unit: FunctionUnit): FunctionReport | undefined {
    const summary = this.chosen.get(unit.id);
    return summary ? buildFunctionReport(unit, summary, this.config) : undefined;
  }

  private setFile(filePath: string, text: string): void {
    const absolute = path.resolve(filePath);
    this.workspace.set(absolute, text);
    // modules loaded earlier may have resolved imports differently: rebuild lazily
    this.forgetModules();
  }

  private skipReason(text: string): string | undefined {
    if (Buffer.byteLength(text, 'utf8') > this.config.maxFileBytes) {
      return `larger than maxFileBytes (${this.config.maxFileBytes} bytes)`;
    }
    if (text.includes('\u0000')) return 'looks like a binary file (contains NUL bytes)';
    return undefined;
  }

  /** A module by path: a workspace file, or a .py file on disk next to them. */
  private moduleAt(filePath: string): PyModule | undefined {
    const absolute = path.resolve(filePath);
    if (this.modules.has(absolute)) return this.modules.get(absolute);
    this.modules.set(absolute, undefined); // guards against import cycles while loading
    const text = this.workspace.get(absolute) ?? (absolute.endsWith('.py') ? readPythonFile(absolute, this.config.maxFileBytes) : undefined);
    if (text === undefined || this.skipReason(text)) return undefined;
    let module: PyModule;
    try {
      module = this.reusedModule(absolute, text) ?? summarizeModule(this.parser.parse(absolute, text));
    } catch (error) {
      // One file that cannot be parsed costs only its own result.
      this.failures.set(absolute, failureReason('parse', error));
      return undefined;
    }
    this.failures.delete(absolute);
    this.modules.set(absolute, module);
    this.loaded.push(module);
    return module;
  }

  /** The module parsed from the same text in the last analysis, as summarising left it. */
  private reusedModule(absolute: string, text: string): PyModule | undefined {
    const previous = this.parsed.get(absolute);
    if (previous?.text !== text) return undefined;
    // type inference is the only stage that writes into a module: it starts again from nothing
    for (const unit of previous.module.units) unit.variableTypes = emptyMap();
    for (const cls of previous.module.classes.values()) {
      cls.attributeTypes = emptyMap();
      cls.attributeCallables = emptyMap();
    }
    return previous.module;
  }

  private forgetModules(): void {
    // the modules the last analysis loaded (and their texts) wait for the next one
    if (this.loaded.length > 0) this.parsed = new Map(this.loaded.map((module) => [module.path, { text: module.source.text, module }]));
    this.modules.clear();
    this.loaded = [];
  }

  private runOnce: RunOnceIndex | undefined;

  /** Who calls whom, for the run-once question: built on the first rule context after a change. */
  private runOnceIndex(): RunOnceIndex {
    this.runOnce ??= new RunOnceIndex(this.resolver, this.loadedModules());
    return this.runOnce;
  }

  private loopCallbacks: LoopCallbackIndex | undefined;

  /** Which functions are handed to an event loop as callbacks: built with the run-once index. */
  private loopCallbackIndex(): LoopCallbackIndex {
    this.loopCallbacks ??= new LoopCallbackIndex(this.resolver, this.loadedModules());
    return this.loopCallbacks;
  }

  private recompute(): void {
    this.runOnce = undefined;
    this.loopCallbacks = undefined;
    this.resolver.clearCache();
    this.summarizer.clear();
    this.analysisFailures = new Map();
    for (const filePath of this.workspace.keys()) this.moduleAt(filePath);
    // twice: types of one module may come from another module's inferred variables
    // (and the types call sites hand parameters: see Linker.beginTypeRound)
    for (let round = 0; round < 2; round++) {
      this.resolver.beginTypeRound();
      for (const module of [...this.loadedModules()]) this.isolated(module.path, () => this.resolver.inferTypes(module));
    }
    this.resolver.settleTypes();
    this.chooseSummaries();
    this.reports = new Map([...this.workspace.keys()].map((filePath) => [filePath, this.reportOrFailure(filePath)]));
  }

  /**
   * Runs one file's share of a workspace-wide stage. The stages span modules, but a failure (a
   * stack overflow on some unforeseen shape) costs only the file whose share failed: it is
   * reported as skipped with the reason, and every other file keeps its result.
   */
  private isolated(filePath: string, stage: () => void): void {
    try {
      stage();
    } catch (error) {
      if (!this.analysisFailures.has(filePath)) this.analysisFailures.set(filePath, failureReason('analysis', error));
    }
  }

  private reportOrFailure(filePath: string): FileReport {
    let report: FileReport | undefined;
    this.isolated(filePath, () => {
      report = this.buildReport(filePath);
    });
    const failed = this.analysisFailures.get(filePath);
    if (failed || !report) return { path: filePath, language: 'python', skipped: failed ?? 'not analysed', functions: [], findings: [], parseErrors: 0 };
    return report;
  }

  private loadedModules(): readonly PyModule[] {
    return this.loaded;
  }

  /**
   * Picks, for every function, the argument values it is summarised with: those of its call
   * sites when they are known (`cpu_bound_task(10_000_000)`), else unknown arguments.
   */
  private chooseSummaries(): void {
    const units = this.loadedModules().flatMap((module) => module.units);
    for (const unit of units) this.isolated(unit.module.path, () => this.summarizer.summarize(unit, EMPTY_ENV));
    let evaluated = new Set<string>();
    for (let round = 0; round < PROPAGATION_ROUNDS; round++) {
      const pending = [...this.summarizer.callSites()].filter(([key]) => !evaluated.has(key));
      if (pending.length === 0) break;
      evaluated = new Set([...evaluated, ...pending.map(([key]) => key)]);
      for (const [, site] of pending) this.isolated(site.unit.module.path, () => this.summarizer.summarize(site.unit, site.env));
    }
    this.chosen = new Map();
    for (const unit of units) this.isolated(unit.module.path, () => this.chosen.set(unit.id, this.bestSummary(unit)));
  }

  private bestSummary(unit: FunctionUnit): Summary {
    const base = this.summarizer.summarize(unit, EMPTY_ENV) as Summary;
    const sites = this.summarizer.callSitesOf(unit);
    if (sites.length === 0) {
      // called nowhere: it runs as declared, with its default values (`def work(n=10_000_000)`)
      const defaults = defaultEnv(unit);
      return defaults.size > 0 ? (this.summarizer.summarize(unit, defaults) ?? base) : base;
    }
    const candidates: Summary[] = [];
    if (sites.some((site) => site.env.size === 0)) candidates.push(base);
    for (const site of sites) {
      if (site.env.size === 0) continue;
      const summary = this.summarizer.summarize(unit, site.env as Env);
      if (summary) candidates.push(summary);
    }
    if (candidates.length === 0) return base;
    return candidates.reduce((best, next) => (next.ops > best.ops ? next : best));
  }

  private buildReport(filePath: string): FileReport {
    const text = this.workspace.get(filePath) ?? '';
    const skipped = this.skipReason(text);
    const module = this.modules.get(filePath);
    if (skipped || !module) {
      return { path: filePath, language: 'python', skipped: skipped ?? this.failures.get(filePath) ?? 'could not be read', functions: [], findings: [], parseErrors: 0 };
    }
    const functions: FunctionReport[] = [];
    for (const unit of module.units) {
      const summary = this.chosen.get(unit.id);
      if (!summary) continue;
      if (unit.anonymous || (unit.name === MODULE_UNIT_NAME && !moduleDoesWork(summary))) continue;
      functions.push(buildFunctionReport(unit, summary, this.config));
    }
    return { path: filePath, language: 'python', functions, findings: [], parseErrors: module.source.parseErrors };
  }

  private reportOf(absolute: string): FileReport {
    return this.reports.get(absolute) ?? { path: absolute, language: 'python', skipped: 'not analysed', functions: [], findings: [], parseErrors: 0 };
  }
}

export { envKey };
