/**
 * The engine: files in, FileReports out, for every language. It tracks files (reading them,
 * skipping what cannot be analysed, where findings are reported) and hands each to its language's
 * LanguageSupport (src/core/languages/), which analyses it and runs its rules. Front ends (CLI,
 * language server) only talk to this class; nothing here is specific to a language.
 */
import type { ThreadwiseConfig } from './config';
import { failureReason } from './failures';
import { languageOf, readSourceText, skipReason } from './files';
import type { LanguageSupport } from './language';
import { Languages } from './languages';
import type { FileReport, Language } from './model';
import { placeOf } from './places';
import { applyMeasurements, LoadedProfiles, type Profile, type ThreadSummary } from './profiles';
import { ruleMeta } from './rules';
import type { ProjectView } from './project-view';
import { SummaryCache, type SummaryCacheOptions, cacheNotes } from './summary-cache';
import type { SummaryBudget, SummaryWorkers } from './typescript/summary-workers';

export interface AnalyzerOptions {
  /** the project (workspace folder) root: tsconfig lookup and relative paths in messages */
  root: string;
  config: ThreadwiseConfig;
  /** where the Python grammar's WASM files are (default: next to the bundle, then node_modules) */
  pythonWasmDir?: string;
  /**
   * The text of a file as an editor holds it (unsaved edits), or undefined when it is not open:
   * files are read from disk only when this has no text, so an unsaved buffer always wins.
   */
  openText?: (file: string) => string | undefined;
  /**
   * A persistent cache of per-file summaries (`threadwise analyze --cache`): files whose text,
   * analyser build and module resolutions are unchanged since an earlier run are not parsed again;
   * with `oneShot`, also the reports of whole components whose files, configuration and
   * environment are unchanged (src/core/typescript/report-cache.ts), which are not linked or
   * evaluated again. Results are the same with or without it.
   */
  cache?: Omit<SummaryCacheOptions, 'options'>;
  /**
   * Worker threads that parse and summarise TypeScript files (a load's, and large edited
   * documents'), so the calling thread stays free to answer requests meanwhile; each file within
   * a time and memory budget. A language server's choice: results are the same without.
   */
  summaryWorkers?: SummaryWorkers;
  /**
   * One analysis of files that will not change (the CLI), each file's report asked for once: the
   * type checker's programs and the syntax trees they hold are let go once every call they were
   * built for has been answered, a component's snapshot once its files are reported, and a file's
   * text once it is reported (read again if asked for again). An editor keeps them, so an edit
   * re-checks only what changed.
   */
  oneShot?: boolean;
  /**
   * The time each TypeScript file's parse and summary may take where no summary worker does it
   * (the CLI's): a file over it is skipped, with the reason in its report, so one pathological
   * file cannot hold the run. Summary workers have their own (SummaryWorkers.budget).
   */
  summaryBudget?: SummaryBudget;
}

interface TrackedFile {
  path: string;
  language: Language;
  text?: string;
  skipped?: string;
  /** a one-shot analysis let go of the text once the file was reported (read again if asked) */
  textReleased?: boolean;
}

export class Analyzer {
  private readonly languages: Languages;
  private readonly tracked = new Map<string, TrackedFile>();
  private profileList: readonly Profile[] = [];
  /** the loaded profiles indexed against the analysed files of `generation` */
  private indexed?: { generation: number; profiles: LoadedProfiles };
  /** changes whenever a file starts or stops being analysed: what counts as a function's own time changes with it */
  private generation = 0;
  private readonly summaryCache: SummaryCache | undefined;
  private readonly reportCache: SummaryCache | undefined;
  /** files read by `readAhead` and not loaded yet: the load takes the text read then */
  private readonly readTexts = new Map<string, { text?: string; error?: string }>();

  constructor(private readonly options: AnalyzerOptions) {
    // Summaries depend on a file's text and its module resolutions (checked entry by entry), not
    // on the configuration, which only the later stages read.
    this.summaryCache = options.cache && new SummaryCache({ ...options.cache, options: 'typescript-summary' });
    // Reports depend on the configuration too: their fingerprint hashes it (see componentFingerprint).
    this.reportCache = options.cache && new SummaryCache({ ...options.cache, options: 'typescript-reports' });
    this.languages = new Languages({ ...options, summaryCache: this.summaryCache, reportCache: this.reportCache });
  }

  /** Summaries taken from the persistent cache, summarised anew (misses) and written, so far. */
  cacheStats(): { hits: number; misses: number; writes: number } | undefined {
    return this.summaryCache && { ...this.summaryCache.stats };
  }

  /** Components' reports taken from the persistent cache, not found there, and written, so far. */
  reportCacheStats(): { hits: number; misses: number; writes: number } | undefined {
    return this.reportCache && { ...this.reportCache.stats };
  }

  /** What the user should know about the persistent cache after a run (entries ignored, not written). */
  cacheNotes(): string[] {
    // both caches share the folder: one note for it, whichever kind of entry was broken
    return cacheNotes([this.summaryCache, this.reportCache]);
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
   * workspace in batches (yielding between them) and asks for reports once at the end. With
   * `followImports` false the files they import are not loaded now: a workspace load reaches
   * them in their own batches, so a batch costs what it holds (see LanguageSupport.load); the
   * load ends with `loadFiles([])`, which follows what is left.
   */
  async loadFiles(paths: readonly string[], { followImports = true }: { followImports?: boolean } = {}): Promise<void> {
    if (this.options.oneShot) return this.streamFiles(paths, followImports);
    for (const file of paths) this.track(file, this.readForLoad(file));
    for (const support of this.languages.all) {
      const files = paths
        .map((file) => this.tracked.get(file)!)
        .filter((entry) => this.supportOf(entry) === support)
        .map((entry) => ({ path: entry.path, text: entry.text }));
      await support.load(files, followImports);
    }
    // A one-shot analysis reads each text again when it reports the file: from here to its
    // report, the summaries are all it needs, and a large run does not hold every text at once.
    if (this.options.oneShot) for (const file of paths) this.releaseText(this.tracked.get(file));
  }

  /**
   * A one-shot load (the CLI): files are read in the order given, and a language that allows it
   * (`streamsOneShotLoad`) takes them batch by batch and lets go of each batch's texts, so a large
   * run never holds every text at once (the peak of a 10,000-file run was at the end of its load).
   * Each language gets its files in the same order and follows their imports at the end, as one
   * load of them all would.
   */
  private async streamFiles(paths: readonly string[], followImports: boolean): Promise<void> {
    const held = new Map<LanguageSupport, { entries: TrackedFile[]; bytes: number }>();
    for (const file of paths) {
      const entry = this.track(file, this.readForLoad(file));
      const support = this.supportOf(entry);
      let batch = held.get(support);
      if (!batch) held.set(support, (batch = { entries: [], bytes: 0 }));
      batch.entries.push(entry);
      batch.bytes += entry.text?.length ?? 0;
      if (!support.streamsOneShotLoad || (batch.entries.length < support.loadBatch.files && batch.bytes < support.loadBatch.bytes)) continue;
      await this.loadEntries(support, batch.entries, false);
      held.set(support, { entries: [], bytes: 0 });
    }
    for (const support of this.languages.all) await this.loadEntries(support, held.get(support)?.entries ?? [], followImports);
  }

  /** Hands tracked files to their language, then lets go of their texts (a one-shot analysis reads them again to report). */
  private async loadEntries(support: LanguageSupport, entries: readonly TrackedFile[], followImports: boolean): Promise<void> {
    await support.load(entries.map((entry) => ({ path: entry.path, text: entry.text })), followImports);
    for (const entry of entries) this.releaseText(entry);
  }

  private releaseText(entry: TrackedFile | undefined): void {
    if (entry?.text === undefined) return;
    entry.text = undefined;
    entry.textReleased = true;
  }

  /**
   * Reads files that a later `loadFiles` will load and starts what their languages can do of them
   * off this thread (TypeScript: the parse and summary, in a summary worker): a language server
   * reads the next batch ahead while it takes in the current one, so the worker never waits for
   * it. Results are the same without; `loadFiles` takes the texts read here.
   */
  readAhead(paths: readonly string[]): void {
    for (const file of paths) {
      // An open file's text is the editor's, read when it loads (it may be closed by then).
      if (this.options.openText?.(file) !== undefined) continue;
      const content = readSourceText(file);
      this.readTexts.set(file, content);
      const language = languageOf(file);
      if (content.text === undefined || !language || skipReason(content.text, this.options.config.maxFileBytes) !== undefined) continue;
      this.languages.of(language).readAhead?.(file, content.text);
    }
  }

  /**
   * Splits a workspace's files into the batches a load hands over at a time (consecutive files of
   * one language, within its support's `loadBatch`; a file larger than the limit is a batch alone).
   */
  loadBatches(paths: readonly string[], sizeOf: (file: string) => number): string[][] {
    const batches: string[][] = [];
    let batch: string[] = [];
    let bytes = 0;
    let support: LanguageSupport | undefined;
    for (const file of paths) {
      const size = sizeOf(file);
      const next = this.supportFor(file);
      if (batch.length > 0 && (next !== support || batch.length >= next.loadBatch.files || bytes + size > next.loadBatch.bytes)) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      support = next;
      batch.push(file);
      bytes += size;
    }
    if (batch.length > 0) batches.push(batch);
    return batches;
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
    const entry = this.track(file, { text });
    const affected = await this.supportOf(entry).update(file, entry.text);
    return [...affected]
      .filter((candidate) => this.tracked.has(candidate) && (candidate === file || wanted(candidate)))
      .map((candidate) => this.report(candidate));
  }

  /**
   * Starts what can be done of an edit before `updateFile` (a large TypeScript document's parse
   * and summary, in a summary worker), so a caller that runs updates one at a time can wait for
   * it without holding the others; `updateFile(file, text)` then uses it. Optional: without it,
   * `updateFile` does the same work itself.
   */
  async prepareUpdate(file: string, text: string): Promise<void> {
    const language = languageOf(file);
    if (!language || skipReason(text, this.options.config.maxFileBytes) !== undefined) return;
    await this.languages.of(language).prepare?.(file, text);
  }

  removeFile(file: string): void {
    const support = this.supportFor(file);
    this.readTexts.delete(file);
    if (this.isAnalysed(file)) this.generation++;
    this.tracked.delete(file);
    support.remove(file);
  }

  /**
   * CPU profiles whose measurements every later report carries (src/core/profiles/apply.ts:
   * CPU findings confirmed, lowered or added); an empty list forgets them. Load the files first,
   * so that time in analysed callees is told apart from a function's own.
   */
  setProfiles(profiles: readonly Profile[]): void {
    this.profileList = profiles;
    this.indexed = undefined;
  }

  /** How each profiled thread's time divides; empty without profiles. */
  profileSummaries(): ThreadSummary[] {
    return this.profiles()?.summaries() ?? [];
  }

  /** Files the loaded profiles spent time in that are not analysed (to say why nothing matched). */
  unanalysedProfileFiles(): string[] {
    return this.profiles()?.unanalysedFiles((file) => this.isAnalysed(file)) ?? [];
  }

  /** Analysed files the loaded profiles spent time in. */
  profiledFiles(): string[] {
    const profiles = this.profiles();
    if (!profiles) return [];
    return profiles.files().filter((file) => this.isAnalysed(file));
  }

  private profiles(): LoadedProfiles | undefined {
    if (this.profileList.length === 0) return undefined;
    if (this.indexed?.generation !== this.generation) {
      this.indexed = { generation: this.generation, profiles: new LoadedProfiles(this.profileList, this.options.root, (file) => this.isAnalysed(file)) };
    }
    return this.indexed.profiles;
  }

  private isAnalysed(file: string): boolean {
    const entry = this.tracked.get(file);
    return entry !== undefined && entry.skipped === undefined;
  }

  /** What the fixes of a file's language need beyond its text (the TypeScript project view). */
  fixProject(file: string): ProjectView | undefined {
    return this.supportFor(file).fixProject(file);
  }

  /** The text the analysis of a tracked file is based on. */
  textOf(file: string): string | undefined {
    const entry = this.tracked.get(file);
    return entry && this.analysedText(entry);
  }

  /** A tracked file's text; one a one-shot analysis let go of is read again. */
  private analysedText(entry: TrackedFile): string | undefined {
    if (entry.text !== undefined || !entry.textReleased) return entry.text;
    return this.read(entry.path).text;
  }

  /** A file's text: the editor's when it is open there, else the disk's. */
  private read(file: string): { text?: string; error?: string } {
    const open = this.options.openText?.(file);
    return open === undefined ? readSourceText(file) : { text: open };
  }

  /** A file's text for its load: as `read`, with the disk's text that `readAhead` read (a file opened since wins). */
  private readForLoad(file: string): { text?: string; error?: string } {
    const ahead = this.readTexts.get(file);
    if (ahead === undefined) return this.read(file);
    this.readTexts.delete(file);
    const open = this.options.openText?.(file);
    return open === undefined ? ahead : { text: open };
  }

  isTracked(file: string): boolean {
    return this.tracked.has(file);
  }

  private supportOf(entry: TrackedFile): LanguageSupport {
    return this.languages.of(entry.language);
  }

  private supportFor(file: string): LanguageSupport {
    return this.languages.of(this.tracked.get(file)?.language ?? languageOf(file) ?? 'typescript');
  }

  /** Records a file's text (or why it is skipped); its language support is told by the caller. */
  private track(file: string, content: { text?: string; error?: string }): TrackedFile {
    const known = languageOf(file);
    const language = known ?? 'typescript';
    const entry: TrackedFile = { path: file, language };
    if (content.error !== undefined) entry.skipped = content.error;
    else if (!known) entry.skipped = 'not a TypeScript, JavaScript or Python source file (by its extension)';
    else entry.skipped = skipReason(content.text ?? '', this.options.config.maxFileBytes);
    if (entry.skipped === undefined) entry.text = content.text;
    if (this.isAnalysed(file) !== (entry.skipped === undefined)) this.generation++;
    this.tracked.set(file, entry);
    return entry;
  }

  /**
   * The current report of a tracked file; findings dropped where `reportIn` does not report them.
   * A file whose analysis fails is reported as skipped, with the reason: one bad file never costs
   * another its result.
   */
  report(file: string): FileReport {
    const report = this.currentReport(file);
    // A one-shot analysis (the CLI) asks once per file: the text is let go, so a large run does
    // not hold every text it has reported on (the language support lets go of its own copy).
    if (this.options.oneShot) this.releaseText(this.tracked.get(file));
    return report;
  }

  private currentReport(file: string): FileReport {
    const entry = this.tracked.get(file);
    // read once (a one-shot analysis let go of it): the rules and the place see the same text
    const text = entry?.skipped === undefined && entry ? this.analysedText(entry) : undefined;
    let report: FileReport;
    try {
      report = this.analysedReport(file, text);
    } catch (error) {
      const language = entry?.language ?? languageOf(file) ?? 'typescript';
      return { path: file, language, functions: [], findings: [], parseErrors: 0, skipped: failureReason('analysis', error) };
    }
    if (text === undefined || report.skipped !== undefined) return report;
    report = this.measured(report, text);
    const place = placeOf(file, this.options.root, text);
    if (place === undefined || this.options.config.reportIn[place]) return report;
    return { ...report, findings: [], unreported: { place, findings: report.findings.length } };
  }

  /** The report with the loaded profiles' measurements; a profile that cannot be applied costs nothing else. */
  private measured(report: FileReport, text: string): FileReport {
    const profiles = this.profiles();
    if (!profiles) return report;
    try {
      const measured = profiles.measureFile(report.path, report.functions);
      return applyMeasurements(report, measured, { text, config: this.options.config, ruleMeta });
    } catch (error) {
      process.emitWarning(`threadwise: applying profiles to ${report.path} failed: ${(error as Error).stack ?? String(error)}`);
      return report;
    }
  }

  /** `text`: the tracked file's text (undefined when it is skipped or could not be read again). */
  private analysedReport(file: string, text: string | undefined): FileReport {
    const entry = this.tracked.get(file);
    const language = entry?.language ?? languageOf(file) ?? 'typescript';
    const empty: FileReport = { path: file, language, functions: [], findings: [], parseErrors: 0 };
    if (!entry) return { ...empty, skipped: 'not analysed' };
    if (entry.skipped !== undefined || text === undefined) return { ...empty, skipped: entry.skipped };
    return this.supportOf(entry).report(file, text, empty);
  }
}
