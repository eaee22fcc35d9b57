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
import type { SummaryOutcome, TypeScriptAnalyzer, TsSnapshot } from '../typescript/analyzer';
import { ComponentReportCache } from '../typescript/report-cache';
import type { SummaryBudget, SummaryWorkers } from '../typescript/summary-workers';
import { createProjectView } from '../typescript/project-view';
import type { TsRuleContext } from '../typescript/rule-context';

export class TypeScriptSupport implements LanguageSupport {
  readonly id = 'typescript';
  readonly languages = ['typescript', 'javascript'] as const;
  readonly rules = typescriptRules.map((rule) => rule.meta);
  /** a load costs each file its own parse and summary (~1.5 ms per KB): 16 KB is a short wait */
  readonly loadBatch = { files: 40, bytes: 16_000 };
  readonly streamsOneShotLoad = true;
  /**
   * The analyser, created by the first load or update: it brings the compiler (ts-morph), whose
   * loading costs a second or more and tens of MB, so a run without TypeScript or JavaScript
   * files never loads it. Until then no file was given, so there is nothing to report.
   */
  private analyzer: TypeScriptAnalyzer | undefined;
  private analyzerLoading: Promise<TypeScriptAnalyzer> | undefined;
  /** why a file could not be parsed or summarised (too deep), by path */
  private readonly failures = new Map<string, string>();
  /**
   * Reports computed from a component's snapshot, by file: valid as long as the snapshot is (an
   * edit of the component replaces it). Hovers and code actions ask for a report again and again.
   */
  private readonly reports = new WeakMap<TsSnapshot, Map<string, { text: string; report: FileReport }>>();

  /**
   * When each file was last given a text (load, update, remove), counted in texts given to this
   * support: a summary made in a worker is taken only if no newer text came meanwhile.
   */
  private readonly givenTimes = new Map<string, number>();
  private texts = 0;
  /** files that went over their worker's budget, with the length of that text and why */
  private readonly overBudget = new Map<string, { length: number; reason: string }>();
  /** summaries on their way from a worker, by file: the latest text's (see prepare) */
  private readonly prepared = new Map<string, { text: string; outcome: Promise<SummaryOutcome> }>();
  /** components' reports of earlier runs (`--cache`) */
  private readonly reportCache: ComponentReportCache | undefined;

  constructor(
    private readonly root: string,
    private readonly config: ThreadwiseConfig,
    private readonly openText?: (file: string) => string | undefined,
    private readonly summaryCache?: SummaryCache,
    /** where files are parsed and summarised off this thread (the language server's); here without */
    private readonly workers?: SummaryWorkers,
    /** see AnalyzerOptions.oneShot: type programs are let go once answered */
    private readonly oneShot = false,
    /** see AnalyzerOptions.summaryBudget */
    private readonly summaryBudget?: SummaryBudget,
    /** where components' reports are kept across runs (with the summary cache: see report-cache.ts) */
    reportCache?: SummaryCache,
  ) {
    this.reportCache = summaryCache && reportCache && new ComponentReportCache(reportCache);
  }

  private loadAnalyzer(): Promise<TypeScriptAnalyzer> {
    this.analyzerLoading ??= import('../typescript/analyzer').then(({ TypeScriptAnalyzer }) => {
      this.analyzer = new TypeScriptAnalyzer(this.root, this.config, this.summaryCache, this.oneShot, this.summaryBudget);
      return this.analyzer;
    });
    return this.analyzerLoading;
  }

  /** The analyser, in the steps of a load or an update (which create it first). */
  private get loadedAnalyzer(): TypeScriptAnalyzer {
    if (!this.analyzer) throw new Error('the TypeScript analyser was used before a load or an update created it');
    return this.analyzer;
  }

  async load(files: readonly LoadedFile[], followImports = true): Promise<void> {
    // nothing given yet and nothing now: the compiler need not be loaded
    if (files.length === 0 && !this.analyzerLoading) return;
    const analyzer = await this.loadAnalyzer();
    // a file the engine skipped (minified, too large) is never asked for, even if an import loads it
    analyzer.markAsked(files.filter((file) => file.text !== undefined).map((file) => file.path));
    if (this.workers) {
      // all sent at once (the worker takes them in turn), each taken in order when it is back
      const made = files.map((file) => this.summarizeOffThread(file));
      for (const outcome of made) await outcome;
    } else {
      for (const file of files) this.setFile(file);
    }
    if (followImports) this.loadImports();
  }

  async update(file: string, text: string | undefined): Promise<Iterable<string>> {
    const analyzer = await this.loadAnalyzer();
    // Connected before the edit too: an import the edit removes still changes the file it named.
    const connectedBefore = analyzer.filesAffectedBy(file);
    if (this.workers && text !== undefined && text.length >= this.workers.minEditChars) await this.summarizeOffThread({ path: file, text });
    else this.setFile({ path: file, text });
    this.loadImports([file]);
    return new Set([...connectedBefore, ...analyzer.filesAffectedBy(file)]);
  }

  remove(file: string): void {
    this.noteGiven(file);
    this.prepared.delete(file);
    this.analyzer?.removeFile(file);
  }

  report(file: string, text: string, empty: FileReport): FileReport {
    if (!this.analyzer) return { ...empty, skipped: 'not analysed' };
    const failure = this.failures.get(file);
    if (failure !== undefined) return { ...empty, skipped: failure };
    const fingerprint = this.reportCache && this.analyzer.componentFingerprint(file);
    const stored = fingerprint && this.reportCache!.get(fingerprint, file);
    const report = stored || this.computedReport(file, text, empty);
    if (fingerprint && !stored) this.reportCache!.add(fingerprint, file, report);
    // the last file of its component a one-shot analysis asks for: the component's entry is complete
    if (this.analyzer.noteReported(file) && fingerprint) this.reportCache!.save(fingerprint);
    return report;
  }

  private computedReport(file: string, text: string, empty: FileReport): FileReport {
    if (!this.analyzer) return { ...empty, skipped: 'not analysed' };
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
    const snapshot = this.analyzer?.analyze(file);
    return snapshot && createProjectView(snapshot);
  }

  /**
   * Starts an edited document's parse and summary in a worker ahead of its update, when it is
   * large enough to go there (the update then only waits for it): a caller that runs updates one
   * at a time need not hold the others while a large document is parsed.
   */
  async prepare(file: string, text: string): Promise<void> {
    if (this.workers && text.length >= this.workers.minEditChars) await this.outcomeOf(file, text);
  }

  /** A file a later load hands over goes to a worker now (see LanguageSupport.readAhead); `load` then waits for it only. */
  readAhead(file: string, text: string): void {
    if (this.workers) void this.outcomeOf(file, text);
  }

  /**
   * Parses and summarises a file in a worker, then takes the summary, unless a newer text of the
   * file was given meanwhile (its own load or update takes that one).
   */
  private async summarizeOffThread(file: LoadedFile): Promise<void> {
    const given = this.noteGiven(file.path);
    const { path, text } = file;
    if (text === undefined) return this.setFile(file);
    const made = this.outcomeOf(path, text);
    const outcome = await made;
    if (this.prepared.get(path)?.outcome === made) this.prepared.delete(path);
    if (this.givenTimes.get(path) !== given) return;
    this.givenTimes.delete(path);
    if ('failure' in outcome && outcome.overBudget) this.overBudget.set(path, { length: text.length, reason: outcome.failure });
    else this.overBudget.delete(path);
    this.failures.delete(path);
    const failure = this.loadedAnalyzer.setSummarizedFile(path, text, outcome);
    if (failure !== undefined) this.failures.set(path, failure);
  }

  /**
   * The summary of this text: prepared already, or made in a worker now. A file that went over
   * its worker's budget is not sent again until its text is shorter than the one that did.
   */
  private outcomeOf(path: string, text: string): Promise<SummaryOutcome> {
    const prepared = this.prepared.get(path);
    if (prepared?.text === text) return prepared.outcome;
    const over = this.overBudget.get(path);
    const outcome: Promise<SummaryOutcome> = over && text.length >= over.length
      ? Promise.resolve({ failure: over.reason, overBudget: true })
      : this.workers!.summarize(this.root, path, text);
    this.prepared.set(path, { text, outcome });
    return outcome;
  }

  /** A new text of the file is given: summaries of older ones still on their way are dropped. */
  private noteGiven(file: string): number {
    const given = ++this.texts;
    this.givenTimes.set(file, given);
    return given;
  }

  private setFile(file: LoadedFile): void {
    this.noteGiven(file.path);
    this.givenTimes.delete(file.path);
    this.failures.delete(file.path);
    if (file.text === undefined) {
      this.loadedAnalyzer.removeFile(file.path);
      return;
    }
    const failure = this.loadedAnalyzer.setFile(file.path, file.text);
    if (failure !== undefined) this.failures.set(file.path, failure);
  }

  /** Files the loaded ones import, read from disk (analysed for verdicts, never reported). */
  private loadImports(from?: readonly string[]): void {
    this.loadedAnalyzer.loadImports((imported) => this.openText?.(imported) ?? readSourceText(imported).text, from);
  }
}
