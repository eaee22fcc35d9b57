/**
 * The CLI's stable JSON contract (documented in the README). Positions are 1-based; paths are
 * relative to the working directory.
 */
import * as path from 'node:path';
import type { FileReport, Severity, Strategy, WorkKind } from '../core/model';

export interface JsonEvidence {
  line: number;
  message: string;
  file?: string;
}

export interface JsonFunction {
  name: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  kind: WorkKind;
  confidence: number;
  evidence: JsonEvidence[];
  recommendation: { strategy: Strategy; reason: string };
  cost: string;
}

export interface JsonDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: { file: string; line: number; message: string }[];
}

export interface JsonFile {
  path: string;
  language: FileReport['language'];
  skipped?: string;
  parseErrors?: number;
  functions: JsonFunction[];
  diagnostics: JsonDiagnostic[];
}

export interface JsonOutput {
  tool: { name: string; version: string };
  files: JsonFile[];
}

export function relativePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative === '' ? '.' : relative).split(path.sep).join('/');
}

export function toJsonFile(report: FileReport, cwd: string): JsonFile {
  const file: JsonFile = {
    path: relativePath(report.path, cwd),
    language: report.language,
    functions: report.functions.map((fn) => ({
      name: fn.name,
      line: fn.range.line,
      column: fn.range.column,
      endLine: fn.range.endLine,
      endColumn: fn.range.endColumn,
      kind: fn.kind,
      confidence: fn.confidence,
      evidence: fn.evidence.map((item) => ({
        line: item.line,
        message: item.message,
        ...(item.file && item.file !== report.path ? { file: relativePath(item.file, cwd) } : {}),
      })),
      recommendation: fn.recommendation,
      cost: fn.cost.description,
    })),
    diagnostics: report.findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...finding.range,
      related: finding.related.map((related) => ({ ...related, file: relativePath(related.file, cwd) })),
    })),
  };
  if (report.skipped !== undefined) file.skipped = report.skipped;
  if (report.parseErrors > 0) file.parseErrors = report.parseErrors;
  return file;
}
