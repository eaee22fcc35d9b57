/**
 * The persistent cache of per-file summaries (`threadwise analyze --cache`): what a language's
 * summariser made of one file, kept on disk so an unchanged file costs a hash and a read on the
 * next run, not a parse and a walk.
 *
 * One entry per source file (a changed file rewrites only its own entry), named by a hash of the
 * file's path and holding: the format, the analyser build it was made by, the options that shape
 * it, a hash of the file's text, and the value (V8's structured serialisation, which keeps maps,
 * sets and shared references). An entry is used only when all four match; whatever else (another
 * build's entry, a changed file, a truncated or foreign file) is ignored, never an error: the
 * file is summarised again and its entry rewritten. Entries that cannot be read are counted and
 * said once (`notes`), so a broken cache is visible without costing a result.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';

const FORMAT = 'threadwise-summary-cache/1';

export interface SummaryCacheOptions {
  directory: string;
  /** the analyser build: entries of another build are never used (summaries change with the code) */
  version: string;
  /** everything else a summary depends on besides the file's text (options, settings), as text */
  options: string;
}

interface Entry {
  format: string;
  version: string;
  options: string;
  file: string;
  textHash: string;
  value: unknown;
}

export class SummaryCache {
  private readonly stamp: string;
  private unreadable = 0;
  private unwritable: string | undefined;
  private directoryReady = false;
  readonly stats = { hits: 0, misses: 0, writes: 0 };

  constructor(private readonly options: SummaryCacheOptions) {
    this.stamp = `${options.version}\0${options.options}`;
  }

  get directory(): string {
    return this.options.directory;
  }

  static textHash(text: string): string {
    return createHash('sha1').update(text).digest('base64');
  }

  /** The value stored for `file` when its text hashed to `textHash` under this build and options. */
  get(file: string, textHash: string): unknown {
    let buffer: Buffer;
    try {
      buffer = fs.readFileSync(this.entryPath(file));
    } catch {
      this.stats.misses++;
      return undefined; // no entry yet
    }
    let entry: Entry;
    try {
      entry = v8.deserialize(buffer) as Entry;
    } catch {
      this.unreadable++;
      this.stats.misses++;
      return undefined;
    }
    if (!isEntry(entry)) {
      this.unreadable++;
      this.stats.misses++;
      return undefined;
    }
    if (entry.file !== file || `${entry.version}\0${entry.options}` !== this.stamp || entry.textHash !== textHash) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return entry.value;
  }

  /** Stores a file's value; a cache that cannot be written is noted once, never an error. */
  set(file: string, textHash: string, value: unknown): void {
    if (this.unwritable !== undefined) return;
    const entry: Entry = { format: FORMAT, version: this.options.version, options: this.options.options, file, textHash, value };
    try {
      if (!this.directoryReady) {
        fs.mkdirSync(this.options.directory, { recursive: true });
        this.directoryReady = true;
      }
      const target = this.entryPath(file);
      // written aside, then renamed: a run killed mid-write leaves no half entry behind
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, v8.serialize(entry));
      fs.renameSync(temporary, target);
      this.stats.writes++;
    } catch (error) {
      this.unwritable = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
  }

  /** What a user should know about the cache after a run: entries ignored as unreadable, a cache not written. */
  notes(): string[] {
    return SummaryCache.notesOf([this]);
  }

  /** The notes of caches that share a folder (summaries and reports), said once for all of them. */
  static notesOf(caches: readonly SummaryCache[]): string[] {
    const notes: string[] = [];
    const directory = caches[0]?.options.directory;
    const unreadable = caches.reduce((sum, cache) => sum + cache.unreadable, 0);
    if (unreadable > 0) {
      notes.push(`${unreadable} cache entr${unreadable === 1 ? 'y' : 'ies'} in ${directory} could not be read (corrupt or not Threadwise's) and ${unreadable === 1 ? 'was' : 'were'} ignored; the files were analysed again`);
    }
    const unwritable = caches.find((cache) => cache.unwritable !== undefined)?.unwritable;
    if (unwritable !== undefined) notes.push(`the cache could not be written to ${directory} (${unwritable}); results are complete, the next run will not be faster`);
    return notes;
  }

  private entryPath(file: string): string {
    const name = createHash('sha1').update(file).digest('hex').slice(0, 24);
    return path.join(this.options.directory, `${name}.bin`);
  }
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<Entry>;
  return entry.format === FORMAT && typeof entry.version === 'string' && typeof entry.options === 'string'
    && typeof entry.file === 'string' && typeof entry.textHash === 'string' && 'value' in entry;
}
