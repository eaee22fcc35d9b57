/**
 * The project view: what a language's fixes may know of the whole project from the last analysis
 * (who calls a function, across files). Built by the language support (LanguageSupport.fixProject),
 * read by the fixes (FixInput.project). Offsets are into the texts that analysis read.
 */

/** A function as the last analysis saw it. Offsets are into the text that analysis read. */
export interface ProjectFunction {
  /** `<absolute file>#<start offset>`, the same id as FunctionReport.id and Finding.functionId */
  id: string;
  file: string;
  name: string;
  start: number;
  end: number;
  isAsync: boolean;
  isModuleBody: boolean;
  /** a request handler: the framework calls it and ignores its return value */
  isHandler: boolean;
  params: readonly string[];
}

/** A call of a function somewhere in the project. */
export interface ProjectCallSite {
  file: string;
  /** the call expression; for `items.map(fn)` the `fn` reference passed per element */
  start: number;
  end: number;
  callerId: string;
  /** `iteration`: the function is passed to `map`/`forEach`/... and called per element */
  viaCallback?: 'iteration' | 'executor' | 'continuation';
  awaited: boolean;
}

export interface ProjectView {
  functionById(id: string): ProjectFunction | undefined;
  /** the innermost analysed function whose range holds `offset` (the module body at top level) */
  functionAt(file: string, offset: number): ProjectFunction | undefined;
  /** every call of the function the analysis resolved, in every analysed file */
  callSitesOf(functionId: string): readonly ProjectCallSite[];
}
