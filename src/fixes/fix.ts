/**
 * The contract of a quick fix (a "scaffold"): pure text edits computed from a finding and the
 * file's current text, with no editor API. The language server turns a FixResult into one
 * WorkspaceEdit (one undo step); the tests apply it to text and run the result.
 */
import type { FileReport, Finding, Language } from '../core/model';

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
}

export interface Fix {
  /** stable id, referenced from RuleMeta.fixes, e.g. `move-to-worker-thread` */
  id: string;
  language: Language | 'any';
  /** returns undefined when the fix does not apply to this finding (or the code has changed) */
  compute(input: FixInput): FixResult | undefined;
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
