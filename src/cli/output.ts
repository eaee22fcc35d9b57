/**
 * The CLI's stable JSON contract (documented in the README). Positions are 1-based; paths are
 * relative to the working directory.
 */
import * as path from 'node:path';
import type { FileReport, FindingMeasurement, Measurement, Severity, Strategy, WorkKind } from '../core/model';
import type { SkippedTwin } from '../core/module-twins';
import type { ThreadSummary } from '../core/profiles';
import type { JsonCalibration } from './calibration';
import { describePlace, PLACES, type Place } from '../core/places';

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
  /**
   * The estimate behind `cost`: milliseconds per call on the calibrated machine class, whether it
   * grows with the data, and the analyser's operation count it was converted from.
   */
  estimate: { ms?: number; dataDependent: boolean; operations?: number };
  /** what loaded profiles measured (--profile), one entry per thread */
  measured?: Measurement[];
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
  /** confirmed, lowered or added by a loaded profile (--profile) */
  measured?: FindingMeasurement;
}

export interface JsonFile {
  path: string;
  language: FileReport['language'];
  skipped?: string;
  /** analysed, but findings not reported because of the file's place (`reportIn`) */
  unreported?: { place: Place; findings: number };
  parseErrors?: number;
  functions: JsonFunction[];
  diagnostics: JsonDiagnostic[];
}

export interface JsonOutput {
  tool: { name: string; version: string };
  /** with --profile: how each profiled thread's time divides */
  profiles?: ThreadSummary[];
  /** with --calibration-report: each function's estimate beside its measured time per call */
  calibration?: JsonCalibration;
  /**
   * build output folders analysed because their package ships nothing else, and copies of a dual
   * build left out for the other copy (core/walk.ts, core/module-twins.ts)
   */
  buildOutput?: (JsonBuildOutput | JsonSkippedCopy)[];
  files: JsonFile[];
}

export interface JsonBuildOutput {
  /** the folder, relative to the working directory, with a trailing slash (`dist/`) */
  folder: string;
  /** files taken from it */
  files: number;
  why: 'the package ships only build output';
}

/** A copy of a dual build not analysed: the same code as `kept` in another module format. */
export interface JsonSkippedCopy {
  /** the copy left out: a folder with a trailing slash (`dist/esm/`) or files beside their twins (`dist/*.mjs`) */
  skipped: string;
  /** JavaScript files left out */
  files: number;
  /** the copy analysed instead, in the same shape */
  kept: string;
  why: string;
}

export function analysedBuildJson(analysed: readonly { folder: string; files: number }[], cwd: string): JsonBuildOutput[] {
  return analysed.filter(({ files }) => files > 0).map(({ folder, files }) => ({ folder: `${relativePath(folder, cwd)}/`, files, why: 'the package ships only build output' }));
}

export function skippedCopiesJson(skipped: readonly SkippedTwin[], cwd: string): JsonSkippedCopy[] {
  const shown = (label: string) => (label.includes('*') ? relativePath(label, cwd) : `${relativePath(label, cwd)}/`);
  return skipped.map((twin) => ({ skipped: shown(twin.skipped), files: twin.files, kept: shown(twin.kept), why: twin.why }));
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
      estimate: {
        ...(fn.cost.ms !== undefined ? { ms: roundMs(fn.cost.ms) } : {}),
        dataDependent: fn.cost.dataDependent,
        ...(fn.cost.operations !== undefined ? { operations: fn.cost.operations } : {}),
      },
      ...(fn.measured ? { measured: fn.measured } : {}),
    })),
    diagnostics: report.findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      ...finding.range,
      related: finding.related.map((related) => ({ ...related, file: relativePath(related.file, cwd) })),
      ...(finding.measured ? { measured: finding.measured } : {}),
    })),
  };
  if (report.skipped !== undefined) file.skipped = report.skipped;
  if (report.unreported !== undefined) file.unreported = report.unreported;
  if (report.parseErrors > 0) file.parseErrors = report.parseErrors;
  return file;
}

/**
 * What was analysed but not reported because of its place, in one sentence with the way to see
 * it ("14 findings in 6 test files not reported (--report-in tests, or "reportIn" in the
 * configuration)"), or undefined when nothing was held back.
 */
export function describeUnreported(reports: readonly FileReport[]): string | undefined {
  const parts: string[] = [];
  const places: Place[] = [];
  for (const place of PLACES) {
    const held = reports.filter((report) => report.unreported?.place === place && report.unreported.findings > 0);
    if (held.length === 0) continue;
    const findings = held.reduce((sum, report) => sum + (report.unreported?.findings ?? 0), 0);
    const noun = describePlace(place);
    parts.push(`${findings} finding${findings === 1 ? '' : 's'} in ${held.length} ${plural(noun, held.length)}`);
    places.push(place);
  }
  if (parts.length === 0) return undefined;
  return `${parts.join(', ')} not reported (--report-in ${places.join(',')}, or "reportIn" in threadwise.config.json)`;
}

function plural(noun: string, count: number): string {
  if (count === 1) return noun;
  return noun === 'generated code' ? 'generated files' : `${noun}s`;
}

/** Three significant figures: an estimate, not a measurement. */
function roundMs(ms: number): number {
  return Number.isFinite(ms) ? Number(ms.toPrecision(3)) : ms;
}
