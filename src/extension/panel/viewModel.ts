/**
 * Turns the analyser's model (FunctionReport, Finding) into the flat view the webview draws.
 * Pure and `vscode`-free so it is unit-tested; strings are copied as they are (the webview escapes).
 */
import type { Evidence, Finding, Measurement } from '../../core/model';
import { snippetForStrategy, type SnippetLanguage } from './content/snippets';
import { resolveTopic, topicForStrategy, topicForVerdict } from './content/routing';
import type { FunctionAnalysis } from './deps';
import type { AnalysisView, EvidenceView, FindingView, FixView, MeasuredView } from './protocol';

export interface AnalysisViewInput {
  analysis: FunctionAnalysis;
  /** absolute path of the analysed file */
  filePath: string;
  /** VS Code language id of the document */
  languageId: string;
  version: number;
  /** Threadwise quick fixes available for each finding, in the findings' order */
  fixesByFinding: ReadonlyArray<readonly FixView[]>;
}

export function runtimeOf(languageId: string): SnippetLanguage {
  return languageId === 'python' ? 'python' : 'node';
}

/** The last path segment, for either separator (evidence may come from Windows paths). */
export function baseName(path: string): string {
  const segments = path.split(/[\\/]/);
  return segments[segments.length - 1] || path;
}

export function toAnalysisView(input: AnalysisViewInput): AnalysisView {
  const { function: report, findings } = input.analysis;
  const runtime = runtimeOf(input.languageId);
  const language = runtime === 'python' ? 'python' : 'typescript';
  const snippetId = snippetForStrategy(report.recommendation.strategy);
  return {
    version: input.version,
    fileLabel: baseName(input.filePath),
    runtime,
    function: {
      name: report.name,
      kind: report.kind,
      confidence: report.confidence,
      isAsync: report.isAsync,
      inRequestPath: report.inRequestPath,
      startLine: report.range.line,
      endLine: report.range.endLine,
      cost: {
        description: report.cost.description,
        ms: report.cost.ms,
        operations: report.cost.operations,
        dataDependent: report.cost.dataDependent,
      },
      recommendation: { strategy: report.recommendation.strategy, reason: report.recommendation.reason },
      evidence: report.evidence.map((evidence, index) => toEvidenceView(evidence, index, input.filePath)),
      ...(report.measured && report.measured.length > 0 ? { measured: report.measured.slice(0, 20).map(toMeasuredView) } : {}),
    },
    findings: findings.map((finding, index) => toFindingView(finding, index, input.fixesByFinding[index] ?? [])),
    verdictTopicId: topicForVerdict(report.kind, language),
    strategyTopicId: topicForStrategy(report.recommendation.strategy),
    ...(snippetId ? { snippetId } : {}),
  };
}

function toMeasuredView(measurement: Measurement): MeasuredView {
  const view: MeasuredView = {
    profile: measurement.profile,
    thread: measurement.thread,
    mainThread: measurement.mainThread,
    threadMs: measurement.threadMs,
    cpuMs: Math.max(0, measurement.totalMs - measurement.waitMs),
    ownMs: measurement.ownMs,
    waitMs: measurement.waitMs,
  };
  if (measurement.calls !== undefined) view.calls = measurement.calls;
  if (measurement.longestRunMs !== undefined) view.longestRunMs = measurement.longestRunMs;
  return view;
}

function toEvidenceView(evidence: Evidence, index: number, analysedFile: string): EvidenceView {
  const view: EvidenceView = { index, line: evidence.line, message: evidence.message };
  if (evidence.signal) view.signal = evidence.signal;
  if (evidence.file && evidence.file !== analysedFile) view.fileLabel = baseName(evidence.file);
  return view;
}

function toFindingView(finding: Finding, index: number, fixes: readonly FixView[]): FindingView {
  return {
    index,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    line: finding.range.line,
    topicId: resolveTopic(finding.rule),
    fixes: [...fixes],
  };
}
