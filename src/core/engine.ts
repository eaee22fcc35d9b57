/**
 * The engine: files in, FileReports out, for every language. It owns one analyser per language,
 * runs that language's rules over the analyser's results, and applies configuration (severity,
 * off) and suppression comments. Front ends (CLI, language server) only talk to this class.
 */
import * as fs from 'node:fs';
import type { ThreadwiseConfig } from './config';
import { effectiveSeverity } from './config';
import { languageOf, skipReason } from './files';
import type { FileReport, Finding, Language, RuleMeta } from './model';
import { LineIndex } from './positions';
import { typescriptRules } from './rules';
import type { FindingDraft, Rule } from './rules/rule';
import { parseSuppressions } from './suppressions';
import { TypeScriptAnalyzer } from './typescript/analyzer';
import type { TsRuleContext } from './typescript/rule-context';

export interface AnalyzerOptions {
  /** the project (workspace folder) root: tsconfig lookup and relative paths in messages */
  root: string;
  config: ThreadwiseConfig;
}

interface TrackedFile {
  path: string;
  language: Language;
  text?: string;
  skipped?: string;
}

export class Analyzer {
  private readonly typescript: TypeScriptAnalyzer;
  private readonly tracked = new Map<string, TrackedFile>();

  constructor(private readonly options: AnalyzerOptions) {
    this.typescript = new TypeScriptAnalyzer(options.root, options.config);
  }

  get config(): ThreadwiseConfig {
    return this.options.config;
  }

  /** Reads and analyses files from disk; one report per path, in order. */
  async analyzeFiles(paths: readonly string[]): Promise<FileReport[]> {
    for (const file of paths) this.track(file, readText(file));
    this.typescript.loadImports((file) => readText(file).text);
    return paths.map((file) => this.report(file));
  }

  /** Re-analyses one edited file; returns the reports of every tracked file that may have changed. */
  async updateFile(file: string, text: string): Promise<FileReport[]> {
    this.track(file, { text });
    this.typescript.loadImports((imported) => readText(imported).text);
    const affected = this.tracked.get(file)?.language === 'python' ? new Set([file]) : this.typescript.dependentsOf(file);
    return [...affected].filter((candidate) => this.tracked.has(candidate)).map((candidate) => this.report(candidate));
  }

  removeFile(file: string): void {
    this.tracked.delete(file);
    this.typescript.removeFile(file);
  }

  isTracked(file: string): boolean {
    return this.tracked.has(file);
  }

  private track(file: string, content: { text?: string; error?: string }): void {
    const language = languageOf(file) ?? 'typescript';
    const entry: TrackedFile = { path: file, language };
    if (content.error !== undefined) entry.skipped = content.error;
    else entry.skipped = skipReason(content.text ?? '', this.options.config.maxFileBytes);
    if (entry.skipped === undefined) entry.text = content.text;
    this.tracked.set(file, entry);
    if (language === 'python') {
      entry.skipped ??= 'Python analysis is not available in this build';
      return;
    }
    if (entry.text !== undefined) this.typescript.setFile(file, entry.text);
    else this.typescript.removeFile(file);
  }

  /** The current report of a tracked file. */
  report(file: string): FileReport {
    const entry = this.tracked.get(file);
    const language = entry?.language ?? languageOf(file) ?? 'typescript';
    const empty: FileReport = { path: file, language, functions: [], findings: [], parseErrors: 0 };
    if (!entry) return { ...empty, skipped: 'not analysed' };
    if (entry.skipped !== undefined || entry.text === undefined) return { ...empty, skipped: entry.skipped };
    const summary = this.typescript.summary(file);
    if (!summary) return { ...empty, skipped: 'not analysed' };
    const snapshot = this.typescript.analyze();
    const context: TsRuleContext = { snapshot, file: summary, text: entry.text, lines: new LineIndex(entry.text) };
    return {
      ...empty,
      functions: this.typescript.functionReports(file),
      findings: runRules(typescriptRules, context, entry.text, this.options.config),
      parseErrors: summary.parseErrors,
    };
  }
}

/** Runs rules, then applies severity configuration and suppression comments. */
export function runRules<Context>(
  rules: readonly Rule<Context>[],
  context: Context,
  text: string,
  config: ThreadwiseConfig,
): Finding[] {
  const suppressions = parseSuppressions(text);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = config.rules[rule.meta.id];
    if (configured === 'off') continue;
    for (const draft of safeCheck(rule, context)) {
      if (suppressions.isSuppressed(rule.meta.id, draft.range.line)) continue;
      findings.push(toFinding(rule.meta, draft, config));
    }
  }
  return findings.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

/** A rule that throws loses its own findings, never the whole file's. */
function safeCheck<Context>(rule: Rule<Context>, context: Context): FindingDraft[] {
  try {
    return rule.check(context);
  } catch (error) {
    process.emitWarning(`threadwise: rule ${rule.meta.id} failed: ${(error as Error).stack ?? String(error)}`);
    return [];
  }
}

function toFinding(meta: RuleMeta, draft: FindingDraft, config: ThreadwiseConfig): Finding {
  const { escalate, fixes, ...rest } = draft;
  const configured = config.rules[meta.id];
  const severity = configured && configured !== 'off'
    ? configured
    : escalate ? 'error' : effectiveSeverity(config, meta.id, meta.defaultSeverity) ?? meta.defaultSeverity;
  return { ...rest, rule: meta.id, severity, fixes: fixes ?? meta.fixes };
}

function readText(file: string): { text?: string; error?: string } {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { error: 'is a directory' };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { error: `unreadable (${code})` };
  }
}

