/**
 * The analysis model shared by every front end (CLI, language server, panel).
 * Positions are 1-based (line and column) everywhere in this model: the CLI prints them as they
 * are and the language server converts them to LSP's 0-based positions at its edge.
 * Nothing here may import `vscode`.
 */

/** What a function spends its time doing. */
export type WorkKind =
  /** dominated by computation on the calling thread */
  | 'cpu'
  /** waits on non-blocking I/O or timers (the thread is free while it waits) */
  | 'io'
  /** blocking synchronous I/O: the thread is stuck until the OS answers */
  | 'io-sync'
  /** substantial CPU work and I/O both */
  | 'mixed'
  /** cheap logic: neither */
  | 'none';

/** The concurrency tool the analyser recommends, in the language's own terms. */
export type Strategy =
  // TypeScript / JavaScript
  | 'worker-thread'
  | 'worker-pool'
  | 'child-process'
  | 'async-io'
  | 'concurrent-awaits'
  // Python
  | 'thread-pool'
  | 'process-pool'
  | 'asyncio'
  // both
  | 'none';

export type Language = 'typescript' | 'javascript' | 'python';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Where a file sits in a project besides product code (see places.ts: which files, and whether reported). */
export type Place = 'tests' | 'fixtures' | 'benchmarks' | 'examples' | 'generated';

/** A 1-based source range. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One reason behind a verdict. `file` is set when the evidence lives in another file. */
export interface Evidence {
  line: number;
  message: string;
  /** absolute path of the file holding the evidence, when it is not the analysed file */
  file?: string;
  /** what sort of signal this is; lets front ends pick an icon or a fix */
  signal?: EvidenceSignal;
}

export type EvidenceSignal =
  | 'loop'
  | 'recursion'
  | 'cpu-call'
  | 'io-call'
  | 'sync-io-call'
  | 'timer'
  | 'callee'
  | 'context';

export interface Recommendation {
  strategy: Strategy;
  /** one sentence, in plain words, why this tool fits */
  reason: string;
}

/**
 * Estimated cost of one call of a function: in time on the calibrated machine class (see
 * core/cost/time.ts), converted from the analyser's operation count (loop iterations × body
 * weight, catalogued kernels in their own units).
 */
export interface CostEstimate {
  /** estimated milliseconds per call on the calibrated machine class; undefined when nothing can be said */
  ms?: number;
  /** the analyser's count the time was converted from (the language's operations) */
  operations?: number;
  /** human-readable form, e.g. "≈ 450 ms per call on this machine class; mostly pbkdf2Sync() with 600,000 iterations …" */
  description: string;
  /** true when the bound depends on data the analyser could not see */
  dataDependent: boolean;
}

export interface FunctionReport {
  /** stable id within one analysis: `<file>#<start offset>` */
  id: string;
  /** `name`, `Class.method`, `createServer handler`, `app.get('/report') handler`, ... */
  name: string;
  range: Range;
  /** range of the name (or the `function`/`=>` token for anonymous functions): where diagnostics go */
  nameRange: Range;
  kind: WorkKind;
  confidence: number;
  evidence: Evidence[];
  recommendation: Recommendation;
  cost: CostEstimate;
  /** true when the function runs inside a request handler or code reachable from one */
  inRequestPath: boolean;
  isAsync: boolean;
  /** what loaded CPU profiles measured, one entry per thread it ran on, busiest first (src/core/profiles) */
  measured?: Measurement[];
}

/** What a CPU profile measured for one function on one thread. Times in milliseconds. */
export interface Measurement {
  /** the profile's file name */
  profile: string;
  /** when it was recorded (ISO 8601), when known */
  recordedAt?: string;
  thread: string;
  /** Node's event loop, or Python's main thread */
  mainThread: boolean;
  /** time the profile recorded for that thread */
  threadMs: number;
  /** time with the function on the stack (callees included) */
  totalMs: number;
  /** time in its own code and in the runtime, native and library code it called (not in other analysed functions) */
  ownMs: number;
  /** time it spent blocked waiting (sleep, locks, sockets): off the CPU, the GIL released */
  waitMs: number;
  /** calls counted (deterministic profilers: cProfile) */
  calls?: number;
  /** longest stretch of consecutive samples with the function on the stack: how long it held the thread at once, at least */
  longestRunMs?: number;
  /** it ran as (or below) a callback of an asyncio event loop: a coroutine's step or what that step called (Python) */
  eventLoop?: boolean;
}

/** How a profile changed a finding: confirmed it, lowered it to a hint, or added it. */
export interface FindingMeasurement {
  verdict: 'confirmed' | 'lowered' | 'added';
  measurement: Measurement;
}

export interface RelatedLocation {
  file: string;
  line: number;
  message: string;
}

export interface Finding {
  /** rule id, e.g. `cpu-on-event-loop` */
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedLocation[];
  /** id of the function the finding is about, when there is one */
  functionId?: string;
  /** fix ids (scaffolds) that apply to this finding, best first */
  fixes: string[];
  /** extra data a fix needs (e.g. the sync call's name), kept small and serialisable */
  data?: Record<string, string | number | boolean>;
  /** set when a loaded CPU profile confirmed, lowered or added this finding */
  measured?: FindingMeasurement;
}

export interface FileReport {
  /** absolute path */
  path: string;
  language: Language;
  /** set when the file was not analysed; says why in plain words */
  skipped?: string;
  /**
   * set when the file was analysed but its findings are not reported because of where it is
   * (a test file, a generated bundle …; see `reportIn`): `findings` is then empty
   */
  unreported?: { place: Place; findings: number };
  functions: FunctionReport[];
  findings: Finding[];
  /** parse problems the analyser tolerated (the rest of the file was still analysed) */
  parseErrors: number;
}

/** Static description of a rule: everything a front end needs to show it and link its docs. */
export interface RuleMeta {
  id: string;
  /** `typescript` covers TypeScript and JavaScript */
  language: 'typescript' | 'python';
  /** one line */
  description: string;
  /** a paragraph or two of Markdown: what, why, and how to fix */
  docs: string;
  defaultSeverity: Severity;
  /** fix ids this rule offers */
  fixes: string[];
}

export const DOCS_BASE_URL = 'https://github.com/threadwise/threadwise/blob/main/docs/rules/';

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
