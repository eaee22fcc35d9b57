/**
 * The custom messages between the VS Code client and the Threadwise language server, on top of
 * standard LSP. Plain types only: both sides import this file.
 */
import type { Finding, FunctionReport } from '../core/model';

/** `threadwise/functionAt`: the innermost analysed function around a position (0-based). */
export const FUNCTION_AT_REQUEST = 'threadwise/functionAt';

export interface FunctionAtParams {
  uri: string;
  line: number;
  character: number;
}

export interface FunctionAtResult {
  function: FunctionReport;
  findings: Finding[];
}

/** `threadwise/analyzeWorkspace`: analyse every file of every folder and publish all diagnostics. */
export const ANALYZE_WORKSPACE_REQUEST = 'threadwise/analyzeWorkspace';

export interface AnalyzeWorkspaceResult {
  files: number;
  findings: number;
  skipped: number;
  milliseconds: number;
  cancelled: boolean;
  /** set when loading a folder failed (the other folders' results are still published) */
  failed?: string;
}

/**
 * `threadwise/loadProfiles`: CPU profiles to measure the analysed functions with (they replace
 * those loaded before; an empty list unloads them). Profiles in `threadwise.profileFolder` load
 * by themselves.
 */
export const LOAD_PROFILES_REQUEST = 'threadwise/loadProfiles';

export interface LoadProfilesParams {
  /** absolute paths */
  files: string[];
}

export interface LoadProfilesResult {
  /** profiles read, with one line per thread on how its time divides */
  loaded: { file: string; threads: string[] }[];
  /** profiles that could not be read, and why */
  failed: { file: string; error: string }[];
  /** what they changed in the files they measured */
  confirmed: number;
  lowered: number;
  added: number;
  /** analysed functions the profiles measured */
  measured: number;
}

/**
 * `threadwise/serverStats` (client → server, no params): the server's memory, for a soak benchmark
 * or a user who wonders what it costs (the heap is the server thread's; RSS includes its workers).
 */
export const SERVER_STATS_REQUEST = 'threadwise/serverStats';

export interface ServerStats {
  /** live heap after a full collection when the server runs with --expose-gc, else as found */
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
  /** files tracked over every folder */
  files: number;
}

/** `threadwise/progress` (server → client): how far a workspace analysis has got. */
export const PROGRESS_NOTIFICATION = 'threadwise/progress';

export interface ProgressParams {
  done: number;
  total: number;
  message: string;
}

/** `threadwise/analysisChanged` (server → client): these documents' analyses changed. */
export const ANALYSIS_CHANGED_NOTIFICATION = 'threadwise/analysisChanged';

export interface AnalysisChangedParams {
  uris: string[];
}

/**
 * `threadwise/status` (server → client): whether the server is still loading a workspace (calls
 * into files it has not read yet cannot be followed until it has) and how many files it tracks.
 */
export const STATUS_NOTIFICATION = 'threadwise/status';

export interface ServerStatus {
  /** true while a workspace folder is being loaded */
  busy: boolean;
  /** files loaded so far, over every folder */
  files: number;
  /** one line for people: "Loading 120/775 files of app" */
  message: string;
  /** set when loading a folder failed: what failed, in one line (the log has the details) */
  problem?: string;
}

/** Settings under `threadwise.*`, as the client sends them (VS Code's configuration section). */
export interface ThreadwiseSettings {
  enable: boolean;
  languages: { typescript: boolean; javascript: boolean; python: boolean };
  rules: Record<string, string>;
  /** milliseconds per call (calibrated machine class) from which work counts as CPU-heavy */
  cpuThresholdMs: number;
  /** deprecated: the threshold in operations, read when `cpuThresholdMs` is left at its default */
  cpuThreshold?: number | null;
  unknownLoopBound: number;
  debounceMs: number;
  exclude: string[];
  maxFileBytes: number;
  /** after loading a folder of at most this many files, show every file's findings (0: open files only) */
  workspaceDiagnosticsMaxFiles: number;
  /** report findings in tests, fixtures, benchmarks, examples, generated code (see core/places.ts) */
  reportIn: Partial<Record<'tests' | 'fixtures' | 'benchmarks' | 'examples' | 'generated', boolean>>;
  python: { freeThreaded: boolean };
  /** a folder (relative to the workspace folder) whose CPU profiles are loaded and watched; '' for none */
  profileFolder: string;
}

/** What the server stores in each Diagnostic's `data`, to find the finding back for code actions. */
export interface DiagnosticData {
  rule: string;
  /** position of the finding when it was published (1-based), to match it in the latest report */
  line: number;
  column: number;
}
