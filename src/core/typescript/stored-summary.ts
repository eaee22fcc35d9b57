/**
 * A summary as the persistent cache keeps it (`analyze --cache`): the file's path and imports
 * apart, the rest serialised on its own and read back only when first asked for.
 *
 * An unchanged tree costs a hash walk and the relink of what changed: the components whose
 * reports are read back (report-cache.ts) need their files' imports (the partition into
 * components) and nothing else of their summaries, and reading every summary back in full was
 * the larger part of a cached re-run.
 */
import * as v8 from 'node:v8';
import type { Binding, ClassInfo, FileSummary, FunctionSummary } from './summary';

/** What a cache entry holds of a summary (plain data: V8's serialisation keeps the body's maps, sets and shared references). */
export interface StoredSummary {
  path: string;
  imports: string[];
  /** the whole summary, serialised */
  body: Uint8Array;
}

export function storeSummary(summary: FileSummary): StoredSummary {
  return { path: summary.path, imports: [...summary.imports], body: v8.serialize(summary) };
}

export function isStoredSummary(value: unknown): value is StoredSummary {
  if (typeof value !== 'object' || value === null) return false;
  const stored = value as Partial<StoredSummary>;
  return typeof stored.path === 'string' && Array.isArray(stored.imports) && stored.body instanceof Uint8Array;
}

/**
 * A stored summary that reads its body on the first question about anything but its path and
 * imports, then answers from it: to the analysis it is the summary it was made from.
 */
export class LazyFileSummary implements FileSummary {
  readonly path: string;
  readonly imports: Set<string>;
  private body: Uint8Array | undefined;
  private read: FileSummary | undefined;

  constructor(stored: StoredSummary) {
    this.path = stored.path;
    this.imports = new Set(stored.imports);
    this.body = stored.body;
  }

  /** Whether the body was read (a component whose reports were read back never reads it). */
  get isRead(): boolean {
    return this.read !== undefined;
  }

  private get full(): FileSummary {
    if (!this.read) {
      this.read = v8.deserialize(this.body!) as FileSummary;
      this.body = undefined;
    }
    return this.read;
  }

  get functions(): FunctionSummary[] {
    return this.full.functions;
  }

  get classes(): Map<string, ClassInfo> {
    return this.full.classes;
  }

  get exports(): Map<string, Binding> {
    return this.full.exports;
  }

  get starExports(): string[] {
    return this.full.starExports;
  }

  get isWorkerModule(): boolean {
    return this.full.isWorkerModule;
  }

  get parseErrors(): number {
    return this.full.parseErrors;
  }

  get reexports(): Binding[] {
    return this.full.reexports;
  }

  get externalModules(): Set<string> {
    return this.full.externalModules;
  }

  get augments(): FileSummary['augments'] {
    return this.full.augments;
  }
}
