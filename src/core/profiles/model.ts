/**
 * A CPU profile as Threadwise reads it, whatever tool recorded it: frames (functions with a
 * source position, or what the profiler calls idle, GC, native …) and, per thread, either the
 * time-ordered samples of stacks (V8 `.cpuprofile`, speedscope) or per-function totals with call
 * counts (Python cProfile). The parsers (one per format file) produce this; `measure.ts` maps it
 * to the analysed functions; `apply.ts` is the one place where it changes findings.
 */

/** What a frame stands for. Only `code` frames can be mapped to analysed functions. */
export type FrameCategory =
  /** a function with a source position */
  | 'code'
  /** runtime or native code without a source of ours: builtins, node: internals, C functions */
  | 'native'
  /** the thread had nothing to run (V8 "(idle)", py-spy idle) */
  | 'idle'
  /** garbage collection */
  | 'gc'
  /** the VM itself, outside any JavaScript ("(program)": compiling, the event loop's own work …) */
  | 'program'
  /** a blocking wait: sleep, a lock, select, a socket read (the thread is off the CPU, GIL released) */
  | 'wait';

export interface ProfileFrame {
  name: string;
  /** a path, a file:// URL, or a runtime's pseudo-file (node:fs, <frozen …>, ~); absent for VM frames */
  file?: string;
  /** 1-based line: of the function's start (V8, cProfile) or of the executing line (py-spy) */
  line?: number;
  /** 1-based column of the function's start, when the format has one */
  column?: number;
  category: FrameCategory;
}

/** One sample: a stack (indices into Profile.frames, outermost first) and how long it stood. */
export interface ProfileSample {
  stack: readonly number[];
  ms: number;
}

/** Totals of one function as a deterministic profiler (cProfile) counts them. */
export interface FunctionTotals {
  frame: number;
  /** calls from outside the function (recursive calls are part of the call they are in) */
  calls: number;
  /** time in the function's own bytecode, callees excluded */
  selfMs: number;
  /** time from entry to return, callees included */
  totalMs: number;
  /** what each callee spent on this function's behalf (binary pstats only: per-caller times) */
  callees: { frame: number; selfMs: number; totalMs: number }[];
}

export interface ProfiledThread {
  /** as the profiler names it ("main", "worker 2", "MainThread", "Thread-3 (worker)") */
  name: string;
  /** the event loop (Node's main thread) or Python's main thread */
  main: boolean;
  /** recorded time of the thread (ms) */
  durationMs: number;
  /** sampled profiles: time-ordered samples */
  samples?: ProfileSample[];
  /** deterministic profiles: per-function totals */
  totals?: FunctionTotals[];
  /** true when the profiler recorded only samples holding the GIL or running (py-spy without --idle) */
  activeOnly?: boolean;
}

export type ProfileFormat = 'v8' | 'speedscope' | 'cprofile';

export interface Profile {
  format: ProfileFormat;
  /** the file it was read from (absolute) */
  source: string;
  /** when it was recorded, when the file says (V8 file names, mtime otherwise) */
  recordedAt?: Date;
  /** the program's language, as far as the format tells */
  runtime: 'node' | 'python' | 'unknown';
  frames: ProfileFrame[];
  threads: ProfiledThread[];
}

/** Bad input: a message that says which file and what is wrong, never a stack trace. */
export class ProfileError extends Error {}
