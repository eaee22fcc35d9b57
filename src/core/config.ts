/**
 * User configuration, shared by the CLI (`threadwise.config.json` / `--config`) and the language
 * server (VS Code settings under `threadwise.*`). Unknown keys are ignored; wrong types are
 * reported as errors by `parseConfig` so a typo never silently disables a rule.
 */
import type { ProjectCalibration } from './cost/project';
import type { Severity } from './model';
import { DEFAULT_REPORT_IN, PLACES, type Place, type ReportIn } from './places';

export type RuleSetting = Severity | 'off';

export interface ThreadwiseConfig {
  /** per-rule severity; a rule not listed uses its default severity */
  rules: Record<string, RuleSetting>;
  /**
   * estimated milliseconds per call (on the calibrated machine class, core/cost/time.ts) from
   * which a function counts as CPU-heavy
   */
  cpuThresholdMs: number;
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
  /** when a loaded CPU profile confirms, lowers or adds a CPU finding (src/core/profiles/apply.ts) */
  profile: {
    /** share of a thread's recorded time from which a function counts as hot */
    hotShare: number;
    /** share under which a function the profile saw counts as negligible */
    negligibleShare: number;
    /** holding the thread this long at once (ms; longest run of samples, or time per call) is hot whatever the share */
    blockingMs: number;
    /** a thread recorded for less than this (ms) never makes work negligible: too few samples */
    minThreadMs: number;
  };
  /**
   * the project's correction of the cost table (`.threadwise/calibration.json`, fitted by
   * `threadwise calibrate --from-profile`); the front ends load it, never the configuration file
   */
  calibration?: ProjectCalibration;
}

/** Default of `cpuThresholdMs`: a call that holds the thread this long delays everything else noticeably. */
export const DEFAULT_CPU_THRESHOLD_MS = 1;

/**
 * The deprecated `cpuThreshold` counted abstract operations, 1,000,000 by default. It is mapped
 * onto `cpuThresholdMs` in proportion to the defaults (1,000,000 operations → the default time),
 * so a project that doubled it still gets twice the default.
 */
export const LEGACY_OPERATIONS_PER_DEFAULT = 1_000_000;

export function legacyThresholdMs(operations: number): number {
  return (operations / LEGACY_OPERATIONS_PER_DEFAULT) * DEFAULT_CPU_THRESHOLD_MS;
}

export const DEFAULT_CONFIG: ThreadwiseConfig = {
  rules: {},
  cpuThresholdMs: DEFAULT_CPU_THRESHOLD_MS,
  unknownLoopBound: 100,
  exclude: [],
  maxFileBytes: 1_000_000,
  reportIn: { ...DEFAULT_REPORT_IN },
  python: { freeThreaded: false },
  profile: { hotShare: 0.05, negligibleShare: 0.01, blockingMs: 50, minThreadMs: 200 },
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
  if (raw.cpuThreshold !== undefined) config.cpuThresholdMs = legacyThresholdMs(positiveNumber(raw.cpuThreshold, 'cpuThreshold'));
  // the key in time wins over the deprecated one when both are given
  if (raw.cpuThresholdMs !== undefined) config.cpuThresholdMs = positiveNumber(raw.cpuThresholdMs, 'cpuThresholdMs');
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
  if (raw.profile !== undefined) config.profile = parseProfileThresholds(raw.profile);
  return config;
}

/**
 * Notes about deprecated keys in a raw configuration, for the front ends to show (the CLI on
 * stderr, the server in its log): the configuration still works, the note says what to write.
 */
export function deprecationNotes(raw: unknown): string[] {
  if (!isRecord(raw) || raw.cpuThreshold === undefined) return [];
  const value = raw.cpuThreshold;
  const mapped = typeof value === 'number' && value > 0 ? `; ${value.toLocaleString('en-US')} operations is read as ${Number(legacyThresholdMs(value).toPrecision(3))} ms` : '';
  return [`"cpuThreshold" (operations) is deprecated: use "cpuThresholdMs" (milliseconds per call, default ${DEFAULT_CPU_THRESHOLD_MS})${mapped}`];
}

function parseProfileThresholds(value: unknown): ThreadwiseConfig['profile'] {
  if (!isRecord(value)) throw new ConfigError('"profile" must be an object such as { "hotShare": 0.05 }');
  const thresholds = { ...DEFAULT_CONFIG.profile };
  for (const [key, setting] of Object.entries(value)) {
    if (!(key in thresholds)) throw new ConfigError(`"profile.${key}": unknown option (${Object.keys(thresholds).join(', ')})`);
    const number = positiveNumber(setting, `profile.${key}`);
    if ((key === 'hotShare' || key === 'negligibleShare') && number >= 1) throw new ConfigError(`"profile.${key}" is a share: a number between 0 and 1`);
    thresholds[key as keyof typeof thresholds] = number;
  }
  return thresholds;
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
