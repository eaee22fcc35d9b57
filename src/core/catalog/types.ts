/**
 * The knowledge catalog is data: what a call to a library or built-in does to the thread that
 * makes it. The TypeScript analyser matches calls against it by import specifier, so it works
 * without node_modules installed.
 */

export type CallEffect =
  /** non-blocking I/O: the thread is free while the OS or network answers */
  | 'io'
  /** blocking synchronous I/O: the thread waits */
  | 'io-sync'
  /** a timer or a deliberate wait (setTimeout, timers/promises) */
  | 'timer'
  /** computation on the calling thread */
  | 'cpu'
  /** computation the library runs on the libuv threadpool (crypto.pbkdf2, zlib.gzip): async for the caller */
  | 'offloaded'
  /** starts a worker thread or a process */
  | 'spawn-worker'
  | 'spawn-process';

/** Cost of a CPU entry: a fixed estimate, optionally scaled by a numeric argument. */
export interface CpuCost {
  /** operations per call when nothing else is known */
  base: number;
  /** 0-based index of the argument that scales the work (e.g. pbkdf2Sync's iterations) */
  scaleArg?: number;
  /** operations per unit of that argument */
  perUnit?: number;
  /** when scaleArg holds an exponent (bcrypt's cost factor): operations = perUnit * 2^arg */
  exponential?: boolean;
  /**
   * The work is proportional to the size of the data passed (hashing a message): `base` is an
   * input of ordinary size, and the estimate is marked as depending on the input.
   */
  proportional?: boolean;
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
  effect: CallEffect;
  /** short plain-words description used in evidence, e.g. "reads a file synchronously" */
  description: string;
  cost?: CpuCost;
  /** for sync calls: the non-blocking equivalent a fix can use, as `module#member` */
  asyncTwin?: string;
  /**
   * The twin takes the same arguments and, awaited, gives what the sync call returned, so a fix
   * may swap one for the other (`readFileSync` → `readFile`; not `openSync`, whose twin returns a
   * FileHandle instead of a descriptor).
   */
  dropInTwin?: boolean;
}

/** A global (no import needed) function or method: `fetch`, `setTimeout`, `Atomics.wait`. */
export interface GlobalEntry {
  /** `fetch`, `Atomics.wait`, `JSON.parse` */
  name: string;
  effect: CallEffect;
  description: string;
  cost?: CpuCost;
}
