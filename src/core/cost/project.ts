/**
 * A project's own calibration: a correction of the bundled table (calibration.json, measured on
 * the release's machine class) fitted from the project's CPU profiles by `threadwise calibrate
 * --from-profile` (src/core/profiles/calibrate.ts) and kept in `.threadwise/calibration.json`.
 *
 * The correction is one factor per language: every primitive of the language is scaled alike, so
 * the ratios between primitives (how a kernel compares with a loop operation) stay the bundled
 * table's, and only "how fast is this project's code on the machine it runs on" moves. The CLI and
 * the server read the file into `ThreadwiseConfig.calibration`; every conversion between the cost
 * model's operations and time goes through the functions below, so thresholds, verdicts, messages
 * and hovers agree, and say which calibration they rest on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CALIBRATION, formatMs, msToOps, opsToMs, type CostLanguage } from './time';

/** Where the project's calibration lives, relative to the project (workspace) root. */
export const PROJECT_CALIBRATION_FILE = '.threadwise/calibration.json';

/** The format's version: a file of another version is refused with a clear error. */
export const PROJECT_CALIBRATION_VERSION = 1;

/** A factor outside this range says the profile and the analysed code do not match, not that the machine is that fast. */
export const FACTOR_LIMITS = { min: 0.1, max: 10 } as const;

export interface LanguageCorrection {
  /** measured ÷ estimated time per call: the median over the functions it rests on, clamped to FACTOR_LIMITS */
  factor: number;
  /** how many functions it rests on */
  functions: number;
}

export interface ProjectCalibration {
  version: typeof PROJECT_CALIBRATION_VERSION;
  /** when it was fitted (ISO 8601) */
  fittedAt: string;
  /** the profiles it was fitted from (file names) */
  profiles: string[];
  /** the bundled table it corrects (its `measuredAt`): a new release's table makes the fit stale */
  baseMeasuredAt: string;
  languages: Partial<Record<CostLanguage, LanguageCorrection>>;
  /** the file it was read from (absolute), once loaded; never saved */
  file?: string;
}

export class ProjectCalibrationError extends Error {}

/** The scale of a language's times: 1 without a project calibration. */
export function costScale(calibration: ProjectCalibration | undefined, language: CostLanguage): number {
  return calibration?.languages[language]?.factor ?? 1;
}

/** Operations → milliseconds on the project's calibration when it has one for the language, else on the bundled table. */
export function projectOpsToMs(calibration: ProjectCalibration | undefined, language: CostLanguage, ops: number): number {
  return opsToMs(language, ops) * costScale(calibration, language);
}

/** Milliseconds → operations, the inverse of projectOpsToMs (thresholds in time become operation counts). */
export function projectMsToOps(calibration: ProjectCalibration | undefined, language: CostLanguage, ms: number): number {
  return msToOps(language, ms) / costScale(calibration, language);
}

/** `≈ 69 ms`, on the project's calibration when it has one for the language. */
export function formatProjectMs(calibration: ProjectCalibration | undefined, language: CostLanguage, ops: number): string {
  return formatMs(projectOpsToMs(calibration, language, ops));
}

/** "on this project's calibration" or "on this machine class": what a time in a message rests on. */
export function calibrationWords(calibration: ProjectCalibration | undefined, language: CostLanguage): string {
  return calibration?.languages[language] ? "on this project's calibration" : 'on this machine class';
}

/** Checks a parsed file; `where` names it in errors. */
export function validateProjectCalibration(raw: unknown, where: string): ProjectCalibration {
  const fail = (problem: string): never => {
    throw new ProjectCalibrationError(`${where}: ${problem} (write it again with \`threadwise calibrate --from-profile <file> --write\`)`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('expected a JSON object');
  const table = raw as Record<string, unknown>;
  if (table.version !== PROJECT_CALIBRATION_VERSION) return fail(`unknown version ${JSON.stringify(table.version)} (expected ${PROJECT_CALIBRATION_VERSION})`);
  if (typeof table.languages !== 'object' || table.languages === null) return fail('no "languages"');
  const languages: ProjectCalibration['languages'] = {};
  for (const [language, entry] of Object.entries(table.languages as Record<string, unknown>)) {
    if (language !== 'js' && language !== 'py') return fail(`unknown language "${language}" (js or py)`);
    const { factor, functions } = (entry ?? {}) as Record<string, unknown>;
    if (typeof factor !== 'number' || !(factor >= FACTOR_LIMITS.min && factor <= FACTOR_LIMITS.max)) {
      return fail(`"languages.${language}.factor" must be a number from ${FACTOR_LIMITS.min} to ${FACTOR_LIMITS.max}`);
    }
    if (typeof functions !== 'number' || !Number.isInteger(functions) || functions < 1) return fail(`"languages.${language}.functions" must be a positive integer`);
    languages[language] = { factor, functions };
  }
  const profiles = Array.isArray(table.profiles) ? table.profiles.filter((name): name is string => typeof name === 'string') : [];
  return {
    version: PROJECT_CALIBRATION_VERSION,
    fittedAt: typeof table.fittedAt === 'string' ? table.fittedAt : '',
    profiles,
    baseMeasuredAt: typeof table.baseMeasuredAt === 'string' ? table.baseMeasuredAt : '',
    languages,
  };
}

/** The file's text: what `calibrate --write` saves (stable key order, one language per line group). */
export function serializeProjectCalibration(calibration: ProjectCalibration): string {
  const about = 'Written by `threadwise calibrate --from-profile`: measured ÷ estimated time per call (median over the functions named), per language, applied to the bundled cost table by every later analysis of this project.';
  const { file: _file, ...saved } = calibration;
  return `${JSON.stringify({ about, ...saved }, null, 2)}\n`;
}

/** A note when the fit corrects another table than the bundled one (a newer release): the factor may no longer fit. */
export function staleNote(calibration: ProjectCalibration): string | undefined {
  if (!calibration.baseMeasuredAt || calibration.baseMeasuredAt === CALIBRATION.measuredAt) return undefined;
  return `the project's calibration was fitted against the cost table of ${calibration.baseMeasuredAt}; this release's is of ${CALIBRATION.measuredAt}: fit it again from a fresh profile`;
}

/** "py ×2.1 (14 functions), js ×0.8 (5 functions)" */
export function describeProjectCalibration(calibration: ProjectCalibration): string {
  const parts = (Object.entries(calibration.languages) as [CostLanguage, LanguageCorrection][])
    .map(([language, entry]) => `${language} ×${Number(entry.factor.toPrecision(2))} (${entry.functions} function${entry.functions === 1 ? '' : 's'})`);
  return parts.length > 0 ? parts.join(', ') : 'no correction';
}

/**
 * The project's calibration from `<root>/.threadwise/calibration.json`, or undefined when the
 * project has none. A file that cannot be read or is malformed is a ProjectCalibrationError (the
 * CLI stops with it, the server reports it and analyses on the bundled table).
 */
export function loadProjectCalibration(root: string, file = path.join(root, PROJECT_CALIBRATION_FILE)): ProjectCalibration | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProjectCalibrationError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ProjectCalibrationError(`${file}: not JSON (${(error as Error).message})`);
  }
  return { ...validateProjectCalibration(raw, file), file };
}
