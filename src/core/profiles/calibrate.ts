/**
 * Estimate against measurement, per function, and the project calibration fitted from them.
 *
 * A function is compared when the analysis priced it (a finite estimate above zero) and a profile
 * counted its calls (cProfile does; sampling profilers — V8, py-spy — see time, not calls, so a
 * time per call cannot be had from them). Measured per call is its CPU time (waits excluded),
 * callees included as the estimate includes them, over every thread and profile, divided by the
 * calls. Functions whose estimate rests on assumed sizes (data-dependent) are listed but not fitted
 * on: their error is about sizes, not about the machine.
 *
 * The fit is robust: per language, the median of measured ÷ estimated, clamped to FACTOR_LIMITS,
 * and only from MIN_FIT_FUNCTIONS functions up.
 */
import { FACTOR_LIMITS, PROJECT_CALIBRATION_VERSION, type LanguageCorrection, type ProjectCalibration } from '../cost/project';
import { CALIBRATION, type CostLanguage } from '../cost/time';
import type { FileReport, FunctionReport } from '../model';
import { cpuMs } from './describe';

/** Fewer functions than this make no factor: one odd function would decide it. */
export const MIN_FIT_FUNCTIONS = 3;

/** Under this much measured CPU time in all (ms), timer resolution and profiler overhead decide the ratio. */
export const MIN_MEASURED_MS = 1;

export interface EstimateComparison {
  file: string;
  functionId: string;
  name: string;
  line: number;
  language: CostLanguage;
  /** the analysis's estimate of one call (ms) */
  estimateMs: number;
  /** measured CPU time per call (ms) */
  measuredMs: number;
  calls: number;
  /** measuredMs ÷ estimateMs */
  ratio: number;
  /** the estimate rests on sizes the analyser assumed: shown, not fitted on */
  dataDependent: boolean;
}

export interface CalibrationReport {
  compared: EstimateComparison[];
  /** functions the profiles measured without counting calls (sampled profiles): no time per call */
  withoutCalls: number;
  /** functions measured and counted that the analysis did not price (no finite estimate above zero) */
  withoutEstimate: number;
  /** counted, but too little time measured to compare */
  tooShort: number;
  /** coroutines: a profiler counts each resumption after an await as a call */
  coroutines: number;
}

/** Every function the profiles counted and the analysis priced, estimate beside measurement. */
export function compareEstimates(reports: readonly FileReport[]): CalibrationReport {
  const report: CalibrationReport = { compared: [], withoutCalls: 0, withoutEstimate: 0, tooShort: 0, coroutines: 0 };
  for (const file of reports) {
    for (const fn of file.functions) {
      if (!fn.measured || fn.measured.length === 0) continue;
      const counted = fn.measured.filter((m) => m.calls !== undefined && m.calls > 0);
      if (counted.length === 0) {
        report.withoutCalls++;
        continue;
      }
      // cProfile counts each resumption of a coroutine as a call: its "calls" are not calls.
      if (fn.isAsync) {
        report.coroutines++;
        continue;
      }
      const estimate = fn.cost.ms;
      if (estimate === undefined || !Number.isFinite(estimate) || estimate <= 0) {
        report.withoutEstimate++;
        continue;
      }
      const measured = counted.reduce((sum, m) => sum + cpuMs(m), 0);
      if (measured < MIN_MEASURED_MS) {
        report.tooShort++;
        continue;
      }
      report.compared.push(comparison(file, fn, estimate, measured, counted.reduce((sum, m) => sum + (m.calls ?? 0), 0)));
    }
  }
  report.compared.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return report;
}

function comparison(file: FileReport, fn: FunctionReport, estimateMs: number, measuredTotalMs: number, calls: number): EstimateComparison {
  const measuredMs = measuredTotalMs / calls;
  return {
    file: file.path,
    functionId: fn.id,
    name: fn.name,
    line: fn.nameRange.line,
    language: file.language === 'python' ? 'py' : 'js',
    estimateMs,
    measuredMs,
    calls,
    ratio: measuredMs / estimateMs,
    dataDependent: fn.cost.dataDependent,
  };
}

export interface FittedCorrection extends LanguageCorrection {
  /** the median before clamping */
  median: number;
  clamped: boolean;
}

export interface CalibrationFit {
  languages: Partial<Record<CostLanguage, FittedCorrection>>;
  /** languages with comparisons but too few to fit on, and how many they had */
  tooFew: Partial<Record<CostLanguage, number>>;
}

/** Whether a comparison may be fitted on: a firm estimate (sizes the code states). */
export function fittable(row: EstimateComparison): boolean {
  return !row.dataDependent;
}

/** Per language: the median of measured ÷ estimated over the firm estimates, clamped. */
export function fitCorrection(rows: readonly EstimateComparison[]): CalibrationFit {
  const fit: CalibrationFit = { languages: {}, tooFew: {} };
  for (const language of ['js', 'py'] as const) {
    const ratios = rows.filter((row) => row.language === language && fittable(row)).map((row) => row.ratio);
    if (ratios.length === 0) continue;
    if (ratios.length < MIN_FIT_FUNCTIONS) {
      fit.tooFew[language] = ratios.length;
      continue;
    }
    const middle = median(ratios);
    const factor = Math.min(FACTOR_LIMITS.max, Math.max(FACTOR_LIMITS.min, middle));
    fit.languages[language] = { factor: Number(factor.toPrecision(3)), functions: ratios.length, median: middle, clamped: factor !== middle };
  }
  return fit;
}

/** The file `calibrate --write` saves from a fit. */
export function projectCalibrationOf(fit: CalibrationFit, profiles: readonly string[], now = new Date()): ProjectCalibration {
  const languages: ProjectCalibration['languages'] = {};
  for (const [language, entry] of Object.entries(fit.languages) as [CostLanguage, FittedCorrection][]) {
    languages[language] = { factor: entry.factor, functions: entry.functions };
  }
  return { version: PROJECT_CALIBRATION_VERSION, fittedAt: now.toISOString(), profiles: [...profiles], baseMeasuredAt: CALIBRATION.measuredAt, languages };
}

/** Within a factor of `within` either way (3: from a third to three times the measurement). */
export function isWithin(estimateMs: number, measuredMs: number, within = 3): boolean {
  const ratio = measuredMs / estimateMs;
  return ratio <= within && ratio >= 1 / within;
}

export interface HoldOutResult {
  /** the rows the factor was fitted on */
  fitted: EstimateComparison[];
  /** the rows held out: judged, never fitted on */
  heldOut: EstimateComparison[];
  fit: CalibrationFit;
  /** share of held-out rows within 3× of the measurement, per language, before and after the correction */
  within3x: Partial<Record<CostLanguage, { before: number; after: number; functions: number }>>;
}

/**
 * How much the correction helps on functions it did not see: every `every`-th fittable row (in
 * file and line order) is held out, the factor is fitted on the others, and the held-out rows'
 * estimates are judged against their measurements before and after applying it.
 */
export function holdOutCheck(rows: readonly EstimateComparison[], every: number): HoldOutResult {
  const firm = rows.filter(fittable);
  const heldOut = firm.filter((_, index) => index % every === every - 1);
  const fitted = firm.filter((_, index) => index % every !== every - 1);
  const fit = fitCorrection(fitted);
  const within3x: HoldOutResult['within3x'] = {};
  for (const language of ['js', 'py'] as const) {
    const judged = heldOut.filter((row) => row.language === language);
    if (judged.length === 0) continue;
    const factor = fit.languages[language]?.factor ?? 1;
    const share = (scale: number) => judged.filter((row) => isWithin(row.estimateMs * scale, row.measuredMs)).length / judged.length;
    within3x[language] = { before: share(1), after: share(factor), functions: judged.length };
  }
  return { fitted, heldOut, fit, within3x };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.sqrt(sorted[mid - 1] * sorted[mid]);
}
