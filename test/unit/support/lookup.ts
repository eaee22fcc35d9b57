/**
 * Finding things in reports, with assertion messages that say what was there instead.
 */
import * as assert from 'node:assert/strict';
import type { FileReport, Finding, FunctionReport } from '../../../src/core/model';
import type { Reports } from './analysis';

export function reportOf(reports: Reports, file: string): FileReport {
  const report = reports.get(file);
  assert.ok(report, `no report for ${file}; have ${[...reports.keys()].join(', ')}`);
  return report;
}

/** The function named `name` (the first one, or the one declared at `line`). */
export function functionNamed(report: FileReport, name: string, line?: number): FunctionReport {
  const found = report.functions.find((candidate) => candidate.name === name && (line === undefined || candidate.range.line === line));
  assert.ok(found, `no function ${name}${line ? `@${line}` : ''} in ${report.path}; have ${report.functions.map((f) => `${f.name}@${f.range.line}`).join(', ')}`);
  return found;
}

/** The function named `name` in `file` of a multi-file analysis. */
export function functionIn(reports: Reports, file: string, name: string, line?: number): FunctionReport {
  return functionNamed(reportOf(reports, file), name, line);
}

export function kindIn(reports: Reports, file: string, name: string, line?: number): string {
  return functionIn(reports, file, name, line).kind;
}

/** Asserts the kinds of several functions of one file at once (a readable diff when they differ). */
export function assertKinds(reports: Reports, file: string, expected: Record<string, string>): void {
  const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, reports.get(file)?.functions.find((f) => f.name === name)?.kind ?? 'missing']));
  const details = reports.get(file)?.functions.map((f) => `${f.name}: ${f.kind} (${f.cost.description}) ${f.evidence.map((e) => e.message).join(' | ')}`).join('\n');
  assert.deepEqual(actual, expected, details);
}

export function findingsOf(report: FileReport, rule: string): Finding[] {
  return report.findings.filter((finding) => finding.rule === rule);
}

/** `rule@line` of every finding, for compact assertions and messages. */
export function rulesAt(report: FileReport): string[] {
  return report.findings.map((finding) => `${finding.rule}@${finding.range.line}`);
}
