/**
 * Estimate against measurement in the CLI: the table of `analyze --profile … --calibration-report`
 * (text) or its `calibration` section (JSON), and what `threadwise calibrate --from-profile` prints
 * and writes. The comparisons and the fit are the core's (src/core/profiles/calibrate.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeProjectCalibration, serializeProjectCalibration, validateProjectCalibration, type ProjectCalibration } from '../core/cost/project';
import { formatMs } from '../core/profiles';
import type { CalibrationFit, CalibrationReport, EstimateComparison, HoldOutResult } from '../core/profiles/calibrate';
import { isWithin, MIN_FIT_FUNCTIONS } from '../core/profiles/calibrate';
import { relativePath } from './output';

export interface JsonComparison {
  path: string;
  name: string;
  line: number;
  language: EstimateComparison['language'];
  estimateMs: number;
  measuredMs: number;
  calls: number;
  ratio: number;
  dataDependent: boolean;
}

export interface JsonCalibration {
  /** the estimates rest on this project's calibration (.threadwise/calibration.json), when it has one */
  projectCalibration?: string;
  compared: JsonComparison[];
  withoutCalls: number;
  withoutEstimate: number;
  tooShort: number;
  coroutines: number;
  /** the share of compared functions whose estimate is within 3× of the measurement */
  within3x: number;
}

export function calibrationJson(report: CalibrationReport, cwd: string, calibration?: ProjectCalibration): JsonCalibration {
  return {
    ...(calibration?.file ? { projectCalibration: relativePath(calibration.file, cwd) } : {}),
    compared: report.compared.map((row) => ({
      path: relativePath(row.file, cwd), name: row.name, line: row.line, language: row.language,
      estimateMs: round(row.estimateMs), measuredMs: round(row.measuredMs), calls: row.calls, ratio: round(row.ratio), dataDependent: row.dataDependent,
    })),
    withoutCalls: report.withoutCalls,
    withoutEstimate: report.withoutEstimate,
    tooShort: report.tooShort,
    coroutines: report.coroutines,
    within3x: withinShare(report.compared),
  };
}

/** The table: one function a line, estimate and measurement per call, and their ratio. */
export function calibrationTable(report: CalibrationReport, cwd: string, basis: string): string {
  const lines = [`Estimate vs measured, per call (${basis}):`];
  if (report.compared.length === 0) {
    lines.push('  no function both priced by the analysis and counted by a profile');
  } else {
    const rows = report.compared.map((row) => [
      `${relativePath(row.file, cwd)}:${row.line} ${row.name}()`,
      formatMs(row.estimateMs),
      formatMs(row.measuredMs),
      row.calls.toLocaleString('en-US'),
      `${formatRatio(row.ratio)}${row.dataDependent ? ' (assumed sizes)' : ''}`,
    ]);
    const header = ['function', 'estimated', 'measured', 'calls', 'measured ÷ estimated'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: string[]) => `  ${cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd();
    lines.push(line(header), ...rows.map(line));
    lines.push(`  within 3× of the measurement: ${formatShare(withinShare(report.compared))} of ${report.compared.length} function${report.compared.length === 1 ? '' : 's'}`);
  }
  const left: string[] = [];
  if (report.withoutCalls > 0) left.push(`${report.withoutCalls} measured by a sampling profile, which counts no calls (profile with cProfile for times per call)`);
  if (report.withoutEstimate > 0) left.push(`${report.withoutEstimate} with no estimate to compare`);
  if (report.tooShort > 0) left.push(`${report.tooShort} with under 1 ms measured`);
  if (report.coroutines > 0) left.push(`${report.coroutines} coroutine${report.coroutines === 1 ? '' : 's'} (each resumption after an await counts as a call)`);
  if (left.length > 0) lines.push(`  not compared: ${left.join('; ')}`);
  return `${lines.join('\n')}\n`;
}

/** What `calibrate` found: the fit, and the held-out check when asked for. */
export function describeFit(fit: CalibrationFit, holdOut?: HoldOutResult): string {
  const lines: string[] = [];
  for (const [language, entry] of Object.entries(fit.languages)) {
    const clamped = entry.clamped ? ` (the median, ×${Number(entry.median.toPrecision(3))}, clamped)` : '';
    lines.push(`Fitted ${language}: estimates × ${entry.factor}${clamped}, the median of measured ÷ estimated over ${entry.functions} function${entry.functions === 1 ? '' : 's'} with firm estimates`);
  }
  for (const [language, count] of Object.entries(fit.tooFew)) {
    lines.push(`No fit for ${language}: ${count} function${count === 1 ? '' : 's'} with a firm estimate were measured per call, at least ${MIN_FIT_FUNCTIONS} are needed`);
  }
  if (lines.length === 0) lines.push('No fit: no function with a firm estimate was measured per call (profile with cProfile, whose calls are counted)');
  if (holdOut) {
    lines.push(`Held out: ${holdOut.heldOut.length} of ${holdOut.heldOut.length + holdOut.fitted.length} functions (fitted on the other ${holdOut.fitted.length}):`);
    for (const [language, share] of Object.entries(holdOut.within3x)) {
      lines.push(`  ${language}: within 3× of the measurement ${formatShare(share.before)} before, ${formatShare(share.after)} after (${share.functions} held-out function${share.functions === 1 ? '' : 's'})`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Saves the calibration. A file already there is replaced only when it is a Threadwise project
 * calibration (an earlier fit); anything else is the user's and stays.
 */
export function writeProjectCalibration(file: string, calibration: ProjectCalibration): void {
  if (fs.existsSync(file)) {
    try {
      validateProjectCalibration(JSON.parse(fs.readFileSync(file, 'utf8')), file);
    } catch {
      throw new CalibrationWriteError(`${file} exists and is not a Threadwise calibration: not replaced (remove it or choose another file with --write=<file>)`);
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serializeProjectCalibration(calibration));
}

export class CalibrationWriteError extends Error {}

export function describeWritten(file: string, cwd: string, calibration: ProjectCalibration): string {
  return `Wrote ${relativePath(file, cwd)} (${describeProjectCalibration(calibration)}): later analyses of this project use it\n`;
}

function withinShare(rows: readonly EstimateComparison[]): number {
  return rows.length === 0 ? 0 : rows.filter((row) => isWithin(row.estimateMs, row.measuredMs)).length / rows.length;
}

function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? `${Math.round(ratio).toLocaleString('en-US')}×` : `${Number(ratio.toPrecision(2))}×`;
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}
