/**
 * The engine: files in, FileReports out, for every language. It owns one analyser per language,
 * runs that language's rules over the analyser's results, and applies configuration (severity,
 * off) and suppression comments. Front ends (CLI, language server) only talk to this class.
 */
import * as fs from 'node:fs';
import type { ThreadwiseConfig } from './config';
import { languageOf, skipReason } from './files';
import type { FileReport, Language } from './model';
import { placeOf } from './places';
import { LineIndex } from './positions';
import { PythonAnalyzer } from './python';
import { pythonRules, typescriptRules } from './rules';
import { runRules } from './rules/run';
import { TypeScriptAnalyzer, type TsSnapshot } from './typescript/analyzer';
import type { TsRuleContext } from './typescript/rule-context';

export interface AnalyzerOptions {
  /** the project (workspace folder) root: tsconfig lookup and relative paths in messages */
  root: string;
  config: ThreadwiseConfig;
  /** where the Python grammar's WASM files are (default: next to the bundle, then node_modules) */
  pythonWasmDir?: string;
}

interface TrackedFile {
  path: string;
  language: Language;
  text?: string;
  skipped?: string;
}

export class Analyzer {
  private readonly typescript: TypeScriptAnalyzer;
  private python: PythonAnalyzer | undefined;
  private pythonUnavailable: string | undefined;
  private readonly pythonReports = new Map<string, FileReport>();
  private readonly tracked = new Map<string, TrackedFile>();

  constructor(private readonly options: AnalyzerOptions) {
    this.typescript = new TypeScriptAnalyzer(options.root, options.config);
  }

  get config(): ThreadwiseConfig {
    return this.options.config;
  }

  get root(): string {
    return this.options.root;
  }

  /** Reads and analyses files from disk; one report per path, in order. */
  async analyzeFiles(paths: readonly string[]): Promise<FileReport[]> {
    await this.loadFiles(paths);
    return paths.map((file) => this.report(file));
  }

  /**
   * Reads and summarises files without computing reports yet: a language server loads a large
   * workspace in batches (yielding between them) and asks for reports once at the end.
   */
  async loadFiles(paths: readonly string[]): Promise<void> {
    for (const file of paths) this.track(file, readText(file));
    this.typescript.loadImports((file) => readText(file).text);
    await this.analyzePython(paths);
  }

  /** Every tracked file (analysed or skipped). */
  trackedFiles(): string[] {
    return [...this.tracked.keys()];
  }

  /**
   * Re-analyses one edited file; returns the reports of every tracked file that may have changed,
   * or only of those `wanted` accepts (a language server needs just the open ones).
   */
  async updateFile(file: string, text: string, wanted: (path: string) => boolean = () => true): Promise<FileReport[]> {
    this.track(file, { text });
    let affected: Iterable<string>;
    if (this.tracked.get(file)?.language === 'python') {
      affected = await this.updatePython(file);
    } else {
      this.typescript.loadImports((imported) => readText(imported).text);
      affected = this.typescript.dependentsOf(file);
    }
    return [...affected]
      .filter((candidate) => this.tracked.has(candidate) && (candidate === file || wanted(candidate)))
      .map((candidate) => this.report(candidate));
  }

  removeFile(file: string): void {
    const entry = this.tracked.get(file);
    this.tracked.delete(file);
    if (entry?.language === 'python') {
      this.python?.remove(file);
      this.pythonReports.delete(file);
    } else {
      this.typescript.removeFile(file);
    }
  }

  /** The TypeScript snapshot (for quick fixes that need project-wide knowledge). */
  typescriptSnapshot(): TsSnapshot {
    return this.typescript.analyze();
  }

  /** The text the analysis of a tracked file is based on. */
  textOf(file: string): string | undefined {
    return this.tracked.get(file)?.text;
  }

  private async pythonAnalyzer(): Promise<PythonAnalyzer | undefined> {
    if (this.python || this.pythonUnavailable) return this.python;
    try {
      this.python = await PythonAnalyzer.create(this.options.config, { wasmDir: this.options.pythonWasmDir });
    } catch (error) {
      this.pythonUnavailable = `Python parser unavailable: ${(error as Error).message}`;
    }
    return this.python;
  }

  private async analyzePython(paths: readonly string[]): Promise<void> {
    const files = paths
      .map((file) => this.tracked.get(file))
      .filter((entry): entry is TrackedFile & { text: string } => entry?.language === 'python' && entry.text !== undefined);
    if (files.length === 0) return;
    const python = await this.pythonAnalyzer();
    if (!python) return;
    for (const report of python.analyze(files.map((entry) => ({ path: entry.path, text: entry.text })))) {
      this.pythonReports.set(report.path, report);
    }
  }

  private async updatePython(file: string): Promise<string[]> {
    const entry = this.tracked.get(file);
    const python = await this.pythonAnalyzer();
    if (!python || entry?.text === undefined) return [file];
    const changed = python.update(file, entry.text);
    for (const report of changed) this.pythonReports.set(report.path, report);
    return changed.map((report) => report.path);
  }

  isTracked(file: string): boolean {
    return this.tracked.has(file);
  }

  private track(file: string, content: { text?: string; error?: string }): void {
    const language = languageOf(file) ?? 'typescript';
    const entry: TrackedFile = { path: file, language };
    if (content.error !== undefined) entry.skipped = content.error;
    else entry.skipped = skipReason(content.text ?? '', this.options.config.maxFileBytes);
    if (entry.skipped === undefined) entry.text = content.text;
    this.tracked.set(file, entry);
    if (language === 'python') {
      if (entry.text === undefined) this.pythonReports.delete(file);
      return;
    }
    if (entry.text !== undefined) this.typescript.setFile(file, entry.text);
    else this.typescript.removeFile(file);
  }

  private pythonReport(file: string, text: string, empty: FileReport): FileReport {
    if (!this.python) return { ...empty, skipped: this.pythonUnavailable ?? 'not analysed' };
    const report = this.pythonReports.get(file);
    const context = this.python.ruleContext(file);
    if (!report || !context) return report ?? { ...empty, skipped: 'not analysed' };
    return { ...report, findings: runRules(pythonRules, context, text, this.options.config) };
  }

  /** The current report of a tracked file; findings dropped where `reportIn` does not report them. */
  report(file: string): FileReport {
    const report = this.analysedReport(file);
    const text = this.tracked.get(file)?.text;
    if (text === undefined || report.skipped !== undefined) return report;
    const place = placeOf(file, this.options.root, text);
    if (place === undefined || this.options.config.reportIn[place]) return report;
    return { ...report, findings: [], unreported: { place, findings: report.findings.length } };
  }

  private analysedReport(file: string): FileReport {
    const entry = this.tracked.get(file);
    const language = entry?.language ?? languageOf(file) ?? 'typescript';
    const empty: FileReport = { path: file, language, functions: [], findings: [], parseErrors: 0 };
    if (!entry) return { ...empty, skipped: 'not analysed' };
    if (entry.skipped !== undefined || entry.text === undefined) return { ...empty, skipped: entry.skipped };
    if (language === 'python') return this.pythonReport(file, entry.text, empty);
    const summary = this.typescript.summary(file);
    if (!summary) return { ...empty, skipped: 'not analysed' };
    const snapshot = this.typescript.analyze();
    const context: TsRuleContext = { snapshot, file: summary, text: entry.text, lines: new LineIndex(entry.text) };
    return {
      ...empty,
      functions: this.typescript.functionReports(file),
      findings: runRules(typescriptRules, context, entry.text, this.options.config),
      parseErrors: summary.parseErrors,
    };
  }
}

function readText(file: string): { text?: string; error?: string } {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { error: 'is a directory' };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { error: `unreadable (${code})` };
  }
}

