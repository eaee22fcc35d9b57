/**
 * Collects the text edits of one fix across files and turns them into one FixResult (one undo
 * step). Inserts at the same offset are merged in the order they were added (LSP and
 * `applyTextEdits` disagree on the order of separate inserts at one position); overlapping
 * replacements are a bug in the fix, reported as a refusal rather than a corrupted file.
 */
import * as path from 'node:path';
import type { FileEdit, FixResult, NewFile, TextEdit } from '../fix';

export class FixAbort extends Error {}

/** Stops computing a fix: the fix returns undefined. `reason` helps tests and debugging. */
export function refuse(reason: string): never {
  throw new FixAbort(reason);
}

/** Runs a fix body, turning refusals into `undefined`. Set THREADWISE_FIX_DEBUG=1 to see why. */
export function attempt<T>(body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    if (error instanceof FixAbort) {
      if (process.env.THREADWISE_FIX_DEBUG) process.stderr.write(`threadwise fix refused: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

export class EditSet {
  private readonly byFile = new Map<string, TextEdit[]>();
  private readonly created: NewFile[] = [];

  constructor(private readonly fileExists: (file: string) => boolean) {}

  replace(file: string, start: number, end: number, newText: string): void {
    if (start > end) refuse('bad edit range');
    let edits = this.byFile.get(file);
    if (!edits) {
      edits = [];
      this.byFile.set(file, edits);
    }
    edits.push({ start, end, newText });
  }

  insert(file: string, offset: number, newText: string): void {
    this.replace(file, offset, offset, newText);
  }

  hasEdits(file: string): boolean {
    return (this.byFile.get(file)?.length ?? 0) > 0;
  }

  editsOf(file: string): readonly TextEdit[] {
    return this.byFile.get(file) ?? [];
  }

  /** True when an edit already replaces text overlapping [start, end). */
  touches(file: string, start: number, end: number): boolean {
    return (this.byFile.get(file) ?? []).some((edit) => edit.end > edit.start && edit.start < end && start < edit.end);
  }

  createdFiles(): readonly NewFile[] {
    return this.created;
  }

  /** Adds a new file; the path must be free (see `freeFilePath`). */
  create(file: string, text: string): void {
    if (this.fileExists(file) || this.created.some((other) => other.path === file)) refuse(`${file} exists`);
    this.created.push({ path: file, text });
  }

  isCreated(file: string): boolean {
    return this.created.some((other) => other.path === file);
  }

  /**
   * `dir/base.ext`, or `dir/base-2.ext`, `dir/base-3.ext`... : a path no file has and no other new
   * file of this fix takes. `suffix` is the part after the base name (`.worker.ts`).
   */
  freeFilePath(dir: string, base: string, suffix: string): string {
    for (let i = 1; i < 1000; i++) {
      const candidate = path.join(dir, `${i === 1 ? base : `${base}-${i}`}${suffix}`);
      if (!this.fileExists(candidate) && !this.isCreated(candidate)) return candidate;
    }
    return refuse('no free file name');
  }

  toResult(title: string, isPreferred?: boolean): FixResult {
    const edits: FileEdit[] = [];
    for (const [file, list] of this.byFile) edits.push({ path: file, edits: normalize(list) });
    const result: FixResult = { title, edits, newFiles: [...this.created] };
    if (isPreferred) result.isPreferred = true;
    return result;
  }
}

/** Merges same-offset inserts (in insertion order) and rejects overlapping replacements. */
function normalize(edits: readonly TextEdit[]): TextEdit[] {
  const ordered = edits.map((edit, index) => ({ ...edit, index })).sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start) || a.index - b.index);
  const merged: TextEdit[] = [];
  for (const edit of ordered) {
    const last = merged[merged.length - 1];
    if (last && last.start === edit.start && last.end === last.start) {
      // an insert at this offset, then another insert or a replacement starting here
      last.end = edit.end;
      last.newText += edit.newText;
      continue;
    }
    if (last && edit.start < last.end) refuse('overlapping edits');
    merged.push({ start: edit.start, end: edit.end, newText: edit.newText });
  }
  return merged;
}
