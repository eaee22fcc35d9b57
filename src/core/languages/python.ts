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
  /** every load recomputes the workspace's analysis: fewer, larger batches */
  readonly loadBatch = { files: 40, bytes: Number.POSITIVE_INFINITY };
  private analyzer: PythonAnalyzer | undefined;
  private unavailable: string | undefined;
  private readonly reports = new Map<string, FileReport>();

  constructor(
    private readonly config: ThreadwiseConfig,
    /** where the grammar's WASM files are (default: next to the bundle, then node_modules) */
    private readonly wasmDir?: string,
  ) {}

  async load(files: readonly LoadedFile[]): Promise<void> {
    for (const file of files) if (file.text === undefined) this.reports.delete(file.path);
    const analysable = files.filter((file): file is { path: string; text: string } => file.text !== undefined);
    if (analysable.length === 0) return;
    const analyzer = await this.create();
    if (!analyzer) return;
    try {
      for (const report of analyzer.analyze(analysable)) this.reports.set(report.path, report);
    } catch (error) {
      // The Python analysis is one computation over the workspace: when it fails, say so per file.
      for (const file of analysable) this.reports.set(file.path, failedReport(file.path, error));
    }
  }

  async update(file: string, text: string | undefined): Promise<Iterable<string>> {
    if (text === undefined) this.reports.delete(file);
    const analyzer = await this.create();
    if (!analyzer || text === undefined) return [file];
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
    this.analyzer?.remove(file);
    this.reports.delete(file);
  }

  report(file: string, text: string, empty: FileReport): FileReport {
    if (!this.analyzer) return { ...empty, skipped: this.unavailable ?? 'not analysed' };
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
