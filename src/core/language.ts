/**
 * `LanguageSupport`: everything the engine needs from one language, so the engine and the front
 * ends hold no language-specific code. One object per language (src/core/languages/), chosen by
 * the file's language id in the registry (src/core/languages/index.ts).
 *
 * The engine owns the file list, reading, skip reasons and reporting places; a language support
 * owns its analyser (parsing, summaries, verdicts), runs its own rules over its own rule context,
 * and builds the input its fixes need.
 */
import type { FileReport, Language, RuleMeta } from './model';
import type { ProjectView } from './project-view';

/** A file handed to a language: `text` undefined when the file is skipped or unreadable. */
export interface LoadedFile {
  path: string;
  text: string | undefined;
}

export interface LanguageSupport {
  /** the rules' language: `typescript` covers TypeScript and JavaScript */
  readonly id: RuleMeta['language'];
  /** the file languages (model.Language, from the file name) this support analyses */
  readonly languages: readonly Language[];
  /** the metadata of its rules, as registered in src/core/rules/index.ts */
  readonly rules: readonly RuleMeta[];
  /**
   * How much a workspace load hands over at a time (Analyzer.loadBatches): a language server
   * yields between batches, so their size bounds how long a request waits during a load.
   */
  readonly loadBatch: { files: number; bytes: number };
  /**
   * Whether a one-shot load (the CLI) may hand over the files in `loadBatch`es without following
   * imports, letting go of each batch's texts, and follow them all at the end: true when that
   * gives what one load of every file gives (each file's parse and summary needs its text alone).
   */
  readonly streamsOneShotLoad: boolean;
  /**
   * Adds, replaces or (text undefined) forgets files; reports are computed on demand. With
   * `followImports` false, the files they import are left for a later load (a workspace load
   * reaches them in their own batches, and follows what is left at its end).
   */
  load(files: readonly LoadedFile[], followImports?: boolean): Promise<void>;
  /**
   * Optional: starts the slow part of an edit's update (a large document's parse, off the calling
   * thread) ahead of `update`, which then waits for it only. Results do not depend on it.
   */
  prepare?(file: string, text: string): Promise<void>;
  /**
   * Optional: starts the off-thread part of loading a file that a later `load` will hand over
   * (its parse and summary, in a worker), so the worker works on the next batch while this thread
   * takes in the current one. Results do not depend on it.
   */
  readAhead?(file: string, text: string): void;
  /** One file edited (text undefined: now skipped): the paths whose reports may have changed. */
  update(file: string, text: string | undefined): Promise<Iterable<string>>;
  /** Forgets a deleted or closed file. */
  remove(file: string): void;
  /**
   * The report of a loaded, analysable file: functions and findings (its rules run over its rule
   * context, configuration and suppression comments applied). `empty` is the report to extend.
   */
  report(file: string, text: string, empty: FileReport): FileReport;
  /** What the fixes of a file need beyond the finding and the text: the project view, if any. */
  fixProject(file: string): ProjectView | undefined;
}
