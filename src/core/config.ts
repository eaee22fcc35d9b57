/**
 * User configuration, shared by the CLI (`threadwise.config.json` / `--config`) and the language
 * server (VS Code settings under `threadwise.*`). Unknown keys are ignored; wrong types are
 * reported as errors by `parseConfig` so a typo never silently disables a rule.
 */
import type { Severity } from './model';
import { DEFAULT_REPORT_IN, PLACES, type Place, type ReportIn } from './places';

export type RuleSetting = Severity | 'off';

export interface ThreadwiseConfig {
  /** per-rule severity; a rule not listed uses its default severity */
  rules: Record<string, RuleSetting>;
  /** estimated operations per call from which a function counts as CPU-heavy */
  cpuThreshold: number;
  /** iterations assumed for a loop whose bound depends on data the analyser cannot see */
  unknownLoopBound: number;
  /** glob patterns (relative to the project root) of files not to analyse */
  exclude: string[];
  /** files larger than this (in bytes) are skipped with a stated reason */
  maxFileBytes: number;
  /** whether findings are reported in tests, fixtures, benchmarks, examples and generated code */
  reportIn: ReportIn;
  python: {
    /** the project targets a free-threaded (no-GIL, 3.13t+) CPython build */
    freeThreaded: boolean;
  };
}

export const DEFAULT_CONFIG: ThreadwiseConfig = {
  rules: {},
  cpuThreshold: 1_000_000,
  unknownLoopBound: 100,
  exclude: [],
  maxFileBytes: 1_000_000,
  reportIn: { ...DEFAULT_REPORT_IN },
  python: { freeThreaded: false },
};

export const CONFIG_FILE_NAMES = ['threadwise.config.json', '.threadwiserc.json'];

const SEVERITIES: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];

export class ConfigError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`"${key}" must be a positive number`);
  }
  return value;
}

function parseRules(value: unknown): Record<string, RuleSetting> {
  if (!isRecord(value)) throw new ConfigError('"rules" must be an object of rule id to severity');
  const rules: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(value)) {
    if (!SEVERITIES.includes(setting as RuleSetting)) {
      throw new ConfigError(`rule "${id}": severity must be one of ${SEVERITIES.join(', ')}`);
    }
    rules[id] = setting as RuleSetting;
  }
  return rules;
}

function parseReportIn(value: unknown): ReportIn {
  if (!isRecord(value)) throw new ConfigError(`"reportIn" must be an object such as { "tests": true }`);
  const reportIn = { ...DEFAULT_REPORT_IN };
  for (const [place, setting] of Object.entries(value)) {
    if (!PLACES.includes(place as Place)) throw new ConfigError(`"reportIn.${place}": unknown place (${PLACES.join(', ')})`);
    if (typeof setting !== 'boolean') throw new ConfigError(`"reportIn.${place}" must be true or false`);
    reportIn[place as Place] = setting;
  }
  return reportIn;
}

/** Validates a raw (JSON-parsed) object and merges it over the defaults. */
export function parseConfig(raw: unknown): ThreadwiseConfig {
  if (raw === undefined || raw === null) return structuredClone(DEFAULT_CONFIG);
  if (!isRecord(raw)) throw new ConfigError('configuration must be a JSON object');
  const config = structuredClone(DEFAULT_CONFIG);
  if (raw.rules !== undefined) config.rules = parseRules(raw.rules);
  if (raw.cpuThreshold !== undefined) config.cpuThreshold = positiveNumber(raw.cpuThreshold, 'cpuThreshold');
  if (raw.unknownLoopBound !== undefined) {
    config.unknownLoopBound = positiveNumber(raw.unknownLoopBound, 'unknownLoopBound');
  }
  if (raw.maxFileBytes !== undefined) config.maxFileBytes = positiveNumber(raw.maxFileBytes, 'maxFileBytes');
  if (raw.exclude !== undefined) {
    if (!Array.isArray(raw.exclude) || raw.exclude.some((p) => typeof p !== 'string')) {
      throw new ConfigError('"exclude" must be an array of glob strings');
    }
    // An empty pattern matches nothing, so it can only be a mistake (and the matcher rejects it).
    if (raw.exclude.some((p) => (p as string).trim() === '')) throw new ConfigError('"exclude" patterns must not be empty strings');
    config.exclude = raw.exclude as string[];
  }
  if (raw.reportIn !== undefined) config.reportIn = parseReportIn(raw.reportIn);
  if (raw.python !== undefined) {
    if (!isRecord(raw.python)) throw new ConfigError('"python" must be an object');
    if (raw.python.freeThreaded !== undefined) {
      if (typeof raw.python.freeThreaded !== 'boolean') {
        throw new ConfigError('"python.freeThreaded" must be true or false');
      }
      config.python.freeThreaded = raw.python.freeThreaded;
    }
  }
  return config;
}

/** The severity a rule reports at, or undefined when the user turned it off. */
export function effectiveSeverity(
  config: ThreadwiseConfig,
  ruleId: string,
  defaultSeverity: Severity,
): Severity | undefined {
  const setting = config.rules[ruleId] ?? defaultSeverity;
  return setting === 'off' ? undefined : setting;
}
