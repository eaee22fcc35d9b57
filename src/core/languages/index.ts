/**
 * THE language registry: one LanguageSupport per language, chosen by the file's language id
 * (from its name, src/core/files.ts). Adding a language is adding its support here (see
 * docs/ARCHITECTURE.md, "How to add a language").
 */
import type { ThreadwiseConfig } from '../config';
import type { LanguageSupport } from '../language';
import type { Language } from '../model';
import type { SummaryCache } from '../summary-cache';
import type { SummaryBudget, SummaryWorkers } from '../typescript/summary-workers';
import { PythonSupport } from './python';
import { TypeScriptSupport } from './typescript';

export interface LanguageOptions {
  /** the project (workspace folder) root: tsconfig lookup and relative paths in messages */
  root: string;
  config: ThreadwiseConfig;
  /** where the Python grammar's WASM files are (default: next to the bundle, then node_modules) */
  pythonWasmDir?: string;
  /** the editor's text of an open file (see AnalyzerOptions.openText) */
  openText?: (file: string) => string | undefined;
  /** per-file summaries of earlier runs (see AnalyzerOptions.cache) */
  summaryCache?: SummaryCache;
  /** components' reports of earlier runs (see AnalyzerOptions.cache) */
  reportCache?: SummaryCache;
  /** where TypeScript files are parsed and summarised off the calling thread (see AnalyzerOptions.summaryWorkers) */
  summaryWorkers?: SummaryWorkers;
  /** see AnalyzerOptions.oneShot */
  oneShot?: boolean;
  /** see AnalyzerOptions.summaryBudget */
  summaryBudget?: SummaryBudget;
}

export class Languages {
  /** the first one also takes files of no known language (paths named explicitly) */
  readonly all: readonly LanguageSupport[];
  private readonly byLanguage = new Map<Language, LanguageSupport>();

  constructor(options: LanguageOptions) {
    this.all = [new TypeScriptSupport(options.root, options.config, options.openText, options.summaryCache, options.summaryWorkers, options.oneShot, options.summaryBudget, options.reportCache), new PythonSupport(options.config, options.pythonWasmDir)];
    for (const support of this.all) for (const language of support.languages) this.byLanguage.set(language, support);
  }

  of(language: Language): LanguageSupport {
    return this.byLanguage.get(language) ?? this.all[0];
  }
}
