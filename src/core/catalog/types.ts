/**
 * The knowledge catalog is data: what a call to a library or built-in does to the thread that
 * makes it. The TypeScript analyser matches calls against it by import specifier, so it works
 * without node_modules installed; the Python analyser by fully-qualified name (python.ts).
 */
import type { Primitive } from '../cost/time';

/**
 * What one call does to the thread that makes it: one vocabulary for every language's catalog.
 * Each language uses the part that exists there (`JsCallEffect`, `PythonCallEffect`).
 */
export type CallEffect =
  /** non-blocking I/O: the thread is free while the OS or network answers (a promise, a callback, an awaitable) */
  | 'async-io'
  /** blocking I/O: the thread waits for the OS (in Python the GIL is released meanwhile) */
  | 'blocking-io'
  /** a non-blocking timer or deliberate wait (setTimeout, timers/promises) */
  | 'timer'
  /** a blocking wait for a timer or another thread/process, doing nothing (time.sleep, Thread.join) */
  | 'wait'
  /** computation on the calling thread */
  | 'cpu'
  /** computation the library runs on the libuv threadpool (crypto.pbkdf2, zlib.gzip): async for the caller */
  | 'offloaded'
  /** starts a worker thread or a process */
  | 'spawn-worker'
  | 'spawn-process'
  /** cheap, or only interesting for the type it returns */
  | 'none';

/** The effects of Node built-ins, npm libraries and JavaScript globals. */
export type JsCallEffect = Exclude<CallEffect, 'wait' | 'none'>;

/** The effects of Python calls (threads, processes and pools are catalogued apart, as executors). */
export type PythonCallEffect = Extract<CallEffect, 'blocking-io' | 'wait' | 'cpu' | 'async-io' | 'none'>;

/**
 * Cost of a CPU entry, in units of a primitive of the cost model (core/cost/time.ts: a KB of JSON
 * parsed, a pbkdf2 iteration, a hash call …), which the calibration table turns into time.
 */
export interface CpuCost {
  /** the primitive counted; the language's own operation (`js.op`) when absent */
  unit?: Primitive;
  /** units per call when the scaling argument is unknown (an input of ordinary size) */
  base: number;
  /** 0-based index of the argument that scales the work (e.g. pbkdf2Sync's iterations) */
  scaleArg?: number;
  /** units per unit of that argument (1 when absent) */
  perUnit?: number;
  /** when scaleArg holds an exponent (bcrypt's cost factor): units = perUnit * 2^arg */
  exponential?: boolean;
  /**
   * The work is proportional to the size of the data passed (hashing a message): `base` is an
   * input of ordinary size, and the estimate is marked as depending on the input.
   */
  proportional?: boolean;
  /**
   * The work depends on the algorithm an argument names (`generateKeyPairSync('x25519')` takes
   * microseconds, `('rsa')` most of a second): units per call for each algorithm, by the literal
   * text of argument `arg`. An algorithm not listed, or not written as a literal, leaves the cost
   * unknown: `base` stands for it in a verdict, never as a known size (no finding rests on it).
   */
  perAlgorithm?: { arg: number; units: Readonly<Record<string, number>> };
}

export interface CatalogEntry {
  /** import specifiers this entry applies to, without the `node:` prefix */
  modules: readonly string[];
  /**
   * The member path called, relative to the module: `readFileSync`, `promises.readFile`,
   * `default` for the module's default export called directly, `*` for any call on any value
   * derived from the module (a client instance, a query builder).
   */
  members: readonly string[];
  effect: JsCallEffect;
  /** short plain-words description used in evidence, e.g. "reads a file synchronously" */
  description: string;
  cost?: CpuCost;
  /**
   * for sync calls: the non-blocking equivalent, as `module#member`; `FileHandle#member` when it is
   * a method of the handle `fs/promises.open()` returns (fd-based calls such as `closeSync`)
   */
  asyncTwin?: string;
  /**
   * The twin takes the same arguments and, awaited, gives what the sync call returned, so a fix
   * may swap one for the other (`readFileSync` → `readFile`; not `openSync`, whose twin returns a
   * FileHandle instead of a descriptor).
   */
  dropInTwin?: boolean;
  /** the call makes a server listen: the function calling it is the program's start-up (typescript/run-once.ts) */
  startsServer?: boolean;
}

/** A global (no import needed) function or method: `fetch`, `setTimeout`, `Atomics.wait`. */
export interface GlobalEntry {
  /** `fetch`, `Atomics.wait`, `JSON.parse` */
  name: string;
  effect: JsCallEffect;
  description: string;
  cost?: CpuCost;
}
