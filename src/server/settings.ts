/**
 * VS Code settings (`threadwise.*`) → the core's ThreadwiseConfig, with defaults for anything
 * missing or malformed: a bad setting falls back instead of breaking the analysis.
 */
import { ConfigError, DEFAULT_CONFIG, deprecationNotes, parseConfig, type ThreadwiseConfig } from '../core/config';
import type { Language } from '../core/model';
import type { ThreadwiseSettings } from '../shared/protocol';

export const DEFAULT_SETTINGS: ThreadwiseSettings = {
  enable: true,
  languages: { typescript: true, javascript: true, python: true },
  rules: {},
  cpuThresholdMs: DEFAULT_CONFIG.cpuThresholdMs,
  unknownLoopBound: DEFAULT_CONFIG.unknownLoopBound,
  debounceMs: 250,
  exclude: [],
  maxFileBytes: DEFAULT_CONFIG.maxFileBytes,
  workspaceDiagnosticsMaxFiles: 2000,
  reportIn: { ...DEFAULT_CONFIG.reportIn },
  python: { freeThreaded: false },
  profileFolder: '',
};

export function withDefaults(raw: Partial<ThreadwiseSettings> | null | undefined): ThreadwiseSettings {
  const settings = { ...DEFAULT_SETTINGS, ...(raw ?? {}) };
  settings.languages = { ...DEFAULT_SETTINGS.languages, ...(raw?.languages ?? {}) };
  settings.python = { ...DEFAULT_SETTINGS.python, ...(raw?.python ?? {}) };
  settings.reportIn = { ...DEFAULT_SETTINGS.reportIn, ...(raw?.reportIn ?? {}) };
  if (typeof settings.profileFolder !== 'string') settings.profileFolder = '';
  if (typeof settings.debounceMs !== 'number' || settings.debounceMs < 0) settings.debounceMs = DEFAULT_SETTINGS.debounceMs;
  if (!Number.isInteger(settings.workspaceDiagnosticsMaxFiles) || settings.workspaceDiagnosticsMaxFiles < 0) {
    settings.workspaceDiagnosticsMaxFiles = DEFAULT_SETTINGS.workspaceDiagnosticsMaxFiles;
  }
  return settings;
}

/**
 * The threshold keys to pass on: `cpuThresholdMs`, or the deprecated `threadwise.cpuThreshold`
 * (operations) when only that one was changed (VS Code sends `cpuThresholdMs` at its default
 * whether or not the user set it).
 */
function thresholdKeys(settings: ThreadwiseSettings): { cpuThresholdMs?: unknown; cpuThreshold?: unknown } {
  const legacyOnly = settings.cpuThreshold !== undefined && settings.cpuThreshold !== null && settings.cpuThresholdMs === DEFAULT_CONFIG.cpuThresholdMs;
  return legacyOnly ? { cpuThreshold: settings.cpuThreshold } : { cpuThresholdMs: settings.cpuThresholdMs };
}

/**
 * The analysis configuration, the problems found in the settings (reported to the user as
 * warnings) and notes about deprecated settings (reported as information).
 */
export function toConfig(settings: ThreadwiseSettings): { config: ThreadwiseConfig; problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const attempt = (raw: unknown): ThreadwiseConfig | undefined => {
    try {
      return parseConfig(raw);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(error.message);
      else throw error;
      return undefined;
    }
  };
  const full = attempt({
    rules: settings.rules,
    ...thresholdKeys(settings),
    unknownLoopBound: settings.unknownLoopBound,
    exclude: settings.exclude,
    maxFileBytes: settings.maxFileBytes,
    reportIn: settings.reportIn,
    python: settings.python,
  });
  const notes = deprecationNotes(thresholdKeys(settings)).map((note) => note.replace(/"cpuThreshold"/, '"threadwise.cpuThreshold"').replace(/"cpuThresholdMs"/, '"threadwise.cpuThresholdMs"'));
  return { config: full ?? parseConfig(undefined), problems, notes };
}

export function languageEnabled(settings: ThreadwiseSettings, language: Language): boolean {
  return settings.enable && settings.languages[language] !== false;
}
