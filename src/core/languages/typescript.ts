/**
 * TypeScript and JavaScript as a LanguageSupport: the analyser of src/core/typescript/, the rules
 * of src/core/rules/, and the project view the fixes use to change callers in other files.
 */
import type { ThreadwiseConfig } from '../config';
import { readSourceText } from '../files';
import type { LanguageSupport, LoadedFile } from '../language';
import type { FileReport } from '../model';
import { LineIndex } from '../positions';
import type { SummaryCache } from '../summary-cache';
import type { ProjectView } from '../project-view';
import { typescriptRules } from '../rules';
import { runRules } from '../rules/run';
import { TypeScriptAnalyzer, type TsSnapshot } from '../typescript/analyzer';
import { createProjectView } from '../typescript/project-view';
import type { TsRuleContext } from '../typescript/rule-context';

export class TypeScriptSupport implements LanguageSupport {
  readonly id = 'typescript';
  readonly languages = ['typescript', 'javascript'] as const;
  readonly rules = typescriptRules.map((rule) => rule.meta);
  /** a load costs each file its own parse and summary (~1.5 ms per KB): 16 KB is a short wait */
  readonly loadBatch = { files: 40, bytes: 16_000 };
  private readonly analyzer: TypeScriptAnalyzer;
  /** why a file could not be parsed or summarised (too deep), by path */
  private readonly failures = new Map<string, string>();
  /**
   * Reports computed from a component's snapshot, by file: valid as long as the snapshot is (an
   * edit of the component replaces it). Hovers and code actions ask for a report again and again.
   */
  private readonly reports = new WeakMap<TsSnapshot, Map<string, { text: string; report: FileReport }>>();

  constructor(
    root: string,
    private readonly config: ThreadwiseConfig,
    private readonly openText?: (file: string) => string | undefined,
    summaryCache?: SummaryCache,
  ) {
    this.analyzer = new TypeScriptAnalyzer(root, config, summaryCache);
  }

  async load(files: readonly LoadedFile[], followImports = true): Promise<void> {
    for (const file of files) this.setFile(file);
    if (followImports) this.loadImports();
  }

  async update(file: string, text: string | undefined): Promise<Iterable<string>> {
    // Connected before the edit too: an import the edit removes still changes the file it named.
    const connectedBefore = this.analyzer.filesAffectedBy(file);
    this.setFile({ path: file, text });
    this.loadImports([file]);
    return new Set([...connectedBefore, ...this.analyzer.filesAffectedBy(file)]);
  }

  remove(file: string): void {
    this.analyzer.removeFile(file);
  }

  report(file: string, text: string, empty: FileReport): FileReport {
    const failure = this.failures.get(file);
    if (failure !== undefined) return { ...empty, skipped: failure };
    const summary = this.analyzer.summary(file);
    const snapshot = this.analyzer.analyze(file);
    if (!summary || !snapshot) return { ...empty, skipped: 'not analysed' };
    let reports = this.reports.get(snapshot);
    if (!reports) this.reports.set(snapshot, (reports = new Map()));
    const known = reports.get(file);
    if (known?.text === text) return known.report;
    const context: TsRuleContext = { snapshot, file: summary, text, lines: new LineIndex(text) };
    const report: FileReport = {
      ...empty,
      functions: this.analyzer.functionReports(file),
      findings: runRules(typescriptRules, context, text, this.config),
      parseErrors: summary.parseErrors,
    };
    reports.set(file, { text, report });
    return report;
  }

  fixProject(file: string): ProjectView | undefined {
    const snapshot = this.analyzer.analyze(file);
    return snapshot && createProjectView(snapshot);
  }

  private setFile(file: LoadedFile): void {
    this.failures.delete(file.path);
    if (file.text === undefined) {
      this.analyzer.removeFile(file.path);
      return;
    }
    const failure = this.analyzer.setFile(file.path, file.text);
    if (failure !== undefined) this.failures.set(file.path, failure);
  }

  /** Files the loaded ones import, read from disk (analysed for verdicts, never reported). */
  private loadImports(from?: readonly string[]): void {
    this.analyzer.loadImports((imported) => this.openText?.(imported) ?? readSourceText(imported).text, from);
  }
}
