/**
 * The state of one TypeScript/JavaScript fix computation: the files it reads and edits (current
 * text, syntax tree, module format, planned imports) and the edit set that becomes the FixResult.
 */
import type { ts } from 'ts-morph';
import type { FixInput, FixResult, ProjectView } from '../fix';
import { parse } from './ast';
import { EditSet, refuse } from './edits';
import { ImportPlanner } from './imports';
import { type ModuleFormat, moduleFormatOf } from './module-system';

export interface FileState {
  path: string;
  text: string;
  sf: ts.SourceFile;
  format: ModuleFormat;
  imports: ImportPlanner;
}

export class FixContext {
  readonly edits: EditSet;
  private readonly files = new Map<string, FileState>();

  constructor(readonly input: FixInput) {
    this.edits = new EditSet((file) => input.fileExists(file));
  }

  get project(): ProjectView | undefined {
    return this.input.project;
  }

  /** The file of the finding. */
  get main(): FileState {
    return this.file(this.input.report.path);
  }

  /** A project file's state; the finding's file uses the text the fix was given. */
  file(path: string): FileState {
    let state = this.files.get(path);
    if (!state) {
      const text = path === this.input.report.path ? this.input.text : this.input.readFile(path);
      if (text === undefined) refuse(`cannot read ${path}`);
      const sf = parse(path, text);
      const format = moduleFormatOf(path, sf, this.input);
      state = { path, text, sf, format, imports: new ImportPlanner(path, sf, format) };
      this.files.set(path, state);
    }
    return state;
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  openFiles(): FileState[] {
    return [...this.files.values()];
  }

  private readonly afterImports: { file: string; offset: number; text: string }[] = [];

  /** Inserts a declaration at `offset` after the imports this fix adds there (they must come first in CommonJS). */
  insertAfterImports(file: string, offset: number, text: string): void {
    this.afterImports.push({ file, offset, text });
  }

  /** Writes planned imports and returns the complete result. */
  finish(title: string, isPreferred?: boolean): FixResult {
    for (const state of this.files.values()) state.imports.finish(this.edits);
    for (const { file, offset, text } of this.afterImports) this.edits.insert(file, offset, text);
    return this.edits.toResult(title, isPreferred);
  }
}
