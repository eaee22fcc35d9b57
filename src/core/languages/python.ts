/**
 * Python as a LanguageSupport: the analyser of src/core/python/ (created on first use: its parser
 * is WASM and loads asynchronously) and the rules of src/core/rules/python/. Python fixes need no
 * project view.
 */
import type { ThreadwiseConfig } from '../config';
import type { LanguageSupport, LoadedFile } from '../language';
import type { FileReport } from '../model';
import { failureReason } from '../failures';
import { PythonAnalyzer } from '../python/analyzer';
import { pythonRules } from '../rules';
import { runRules } from '../rules/run';

export class PythonSupport implements LanguageSupport {
  readonly id = 'python';
  readonly languages = ['python'] as const;
  readonly rules = pythonRules.map((rule) => rule.meta);
  /** a batch of a workspace load is only parsed (the analysis waits for the load's end): fewer, larger batches */
  readonly loadBatch = { files: 40, bytes: Number.POSITIVE_INFINITY };
  // a load that does not follow imports parses only; the analysis at the end takes every text at once
  readonly streamsOneShotLoad = false;
  private analyzer: PythonAnalyzer | undefined;
  private unavailable: string | undefined;
  private readonly reports = new Map<string, FileReport>();
  /** texts given by the batches of a load and not analysed yet, by path (see load) */
  private readonly pending = new Map<string, string>();

  constructor(
    private readonly config: ThreadwiseConfig,
    /** where the grammar's WASM files are (default: next to the bundle, then node_modules) */
    private readonly wasmDir?: string,
  ) {}

  async load(files: readonly LoadedFile[], followImports = true): Promise<void> {
    for (const file of files) {
      if (file.text !== undefined) continue;
      this.reports.delete(file.path);
      this.pending.delete(file.path);
    }
    const analysable = files.filter((file): file is { path: string; text: string } => file.text !== undefined);
    if (analysable.length === 0 && this.pending.size === 0) return;
    const analyzer = await this.create();
    if (!analyzer) return;
    for (const file of analysable) this.pending.set(file.path, file.text);
    // A batch of a workspace load (the load ends with a load that follows imports) is only parsed:
    // the analysis of the workspace waits for the end, or for the first report asked meanwhile, so
    // a load costs one analysis of the workspace, not one per batch.
    if (followImports) this.analyzePending(analyzer);
    else this.parsePending(analyzer, analysable);
  }

  private parsePending(analyzer: PythonAnalyzer, files: readonly { path: string; text: string }[]): void {
    try {
      analyzer.parseFiles(files);
    } catch {
      // the analysis that ends the load parses them again and reports what fails
    }
  }

  /** Analyses the workspace with the files given since the last analysis. */
  private analyzePending(analyzer: PythonAnalyzer): void {
    if (this.pending.size === 0) return;
    const files = [...this.pending].map(([path, text]) => ({ path, text }));
    this.pending.clear();
    try {
      for (const report of analyzer.analyze(files)) this.reports.set(report.path, report);
    } catch (error) {
      // The Python analysis is one computation over the workspace: when it fails, say so per file.
      for (const file of files) this.reports.set(file.path, failedReport(file.path, error));
    }
  }

  async update(file: string, text: string | undefined): Promise<Iterable<string>> {
    this.pending.delete(file);
    if (text === undefined) this.reports.delete(file);
    const analyzer = await this.create();
    if (!analyzer || text === undefined) return [file];
    this.analyzePending(analyzer);
    try {
      for (const report of analyzer.update(file, text)) this.reports.set(report.path, report);
    } catch (error) {
      this.reports.set(file, failedReport(file, error));
    }
    // Findings read callees' evidence in other modules, beyond what their verdicts show: every
    // Python file may change (the Python analysis recomputes the whole workspace anyway).
    return [...this.reports.keys()];
  }

  remove(file: string): void {
    this.pending.delete(file);
    this.analyzer?.remove(file);
    this.reports.delete(file);
  }

  report(file: string, text: string, empty: FileReport): FileReport {
    if (!this.analyzer) return { ...empty, skipped: this.unavailable ?? 'not analysed' };
    this.analyzePending(this.analyzer);
    const report = this.reports.get(file);
    const context = this.analyzer.ruleContext(file);
    if (!report || !context) return report ?? { ...empty, skipped: 'not analysed' };
    return { ...report, findings: runRules(pythonRules, context, text, this.config) };
  }

  fixProject(): undefined {
    return undefined;
  }

  private async create(): Promise<PythonAnalyzer | undefined> {
    if (this.analyzer || this.unavailable) return this.analyzer;
    try {
      this.analyzer = await PythonAnalyzer.create(this.config, { wasmDir: this.wasmDir });
    } catch (error) {
      this.unavailable = `Python parser unavailable: ${(error as Error).message}`;
    }
    return this.analyzer;
  }
}

function failedReport(file: string, error: unknown): FileReport {
  return { path: file, language: 'python', functions: [], findings: [], parseErrors: 0, skipped: failureReason('analysis', error) };
}
