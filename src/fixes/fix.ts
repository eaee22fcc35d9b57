/**
 * The contract of a quick fix (a "scaffold"): pure text edits computed from a finding and the
 * file's current text, with no editor API. The language server turns a FixResult into one
 * WorkspaceEdit (one undo step); the tests apply it to text and run the result.
 */
import type { FileReport, Finding, Language, RuleMeta } from '../core/model';
import type { ProjectView } from '../core/project-view';
import type { FindingData } from '../core/rules/rule';

/** Replace `text.slice(start, end)` with `newText`; offsets are into the file's current text. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FileEdit {
  /** absolute path */
  path: string;
  edits: TextEdit[];
}

/** A file the fix creates. A fix must never overwrite: it picks a free name via `fileExists`. */
export interface NewFile {
  path: string;
  text: string;
}

export interface FixResult {
  /** the title shown in the lightbulb menu, e.g. "Move fibonacci() to a worker thread" */
  title: string;
  edits: FileEdit[];
  newFiles: NewFile[];
  /** true for the fix an editor should offer first */
  isPreferred?: boolean;
  /**
   * Set when the fix would change what the program does and so makes no edits: the reason, which
   * the editor shows on the (disabled) action, so the user learns why rather than seeing nothing.
   */
  refused?: string;
}

/** A fix that declines with a reason the user sees (`edits` and `newFiles` stay empty). */
export function refusedFix(title: string, reason: string): FixResult {
  return { title, edits: [], newFiles: [], refused: reason };
}

export interface FixInput {
  finding: Finding;
  /** the report of the file the finding is in */
  report: FileReport;
  /** the file's current text; a fix must check the finding still matches it and bail out if not */
  text: string;
  /** reads another file of the project (undefined when missing or unreadable) */
  readFile(path: string): string | undefined;
  fileExists(path: string): boolean;
  /** names of the project's dependencies (package.json or requirements), for picking libraries */
  dependencies: ReadonlySet<string>;
  /**
   * Project-wide knowledge from the last analysis (TypeScript/JavaScript): who calls a function,
   * across files. Optional: without it, fixes that would have to change callers in other files
   * refuse instead of guessing. The engine builds it: `analyzer.fixProject(file)`.
   */
  project?: ProjectView;
}

export interface Fix {
  /** stable id, referenced from RuleMeta.fixes, e.g. `move-to-worker-thread` */
  id: string;
  /** the language of the rules it serves: the registry refuses to attach it to another language's rule */
  language: RuleMeta['language'];
  /** returns undefined when the fix does not apply to this finding (or the code has changed) */
  compute(input: FixInput): FixResult | undefined;
}

/** The rules' language of a file: `typescript` covers TypeScript and JavaScript. */
export function rulesLanguageOf(language: Language): RuleMeta['language'] {
  return language === 'python' ? 'python' : 'typescript';
}

/**
 * A finding's data as its rule declared it (`dataOf<BlockingSyncIoData>(finding)`). Every key may
 * be missing: a fix checks what it needs and refuses without it.
 */
export function dataOf<Data extends FindingData>(finding: Finding): Partial<Data> {
  return (finding.data ?? {}) as Partial<Data>;
}

/** Applies edits to a text (used by tests and by the CLI's --fix dry runs). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  }
  return result;
}

export type { ProjectCallSite, ProjectFunction, ProjectView } from '../core/project-view';
