/**
 * One analysed project: a workspace folder (or the folder of a loose file outside any workspace)
 * with its own Analyzer, settings and latest reports. Large workspaces load in batches that
 * yield to the event loop, so edits and requests keep being served while a scan runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ThreadwiseConfig } from '../core/config';
import { Analyzer } from '../core/engine';
import { languageOf } from '../core/files';
import { matchesAny } from '../core/globs';
import type { FileReport } from '../core/model';
import type { SummaryWorkers } from '../core/typescript/summary-workers';
import { collectFiles } from '../core/walk';
import type { ThreadwiseSettings } from '../shared/protocol';
import { languageEnabled } from './settings';

/** files loaded between two progress reports (batches are often smaller: see Analyzer.loadBatches) */
const PROGRESS_EVERY = 40;
/**
 * Batches read ahead of the one being loaded (Analyzer.readAhead): the summary worker parses them
 * while this thread takes in the current batch and answers requests, instead of waiting for it.
 */
const BATCHES_AHEAD = 2;
/** Beyond this many files a workspace is only analysed on demand (open files and their imports). */
const MAX_SCANNED_FILES = 20_000;

export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export class Project {
  readonly analyzer: Analyzer;
  private dependencyNames: Set<string> | undefined;

  constructor(
    readonly root: string,
    readonly settings: ThreadwiseSettings,
    readonly config: ThreadwiseConfig,
    /** false for the folder of a file opened outside every workspace folder: never scanned */
    readonly isWorkspaceFolder: boolean,
    wasmDir: string | undefined,
    /** the editor's text of an open file: unsaved buffers win over the disk (see AnalyzerOptions) */
    openText?: (file: string) => string | undefined,
    /** the server's summary workers: files are parsed off its thread (see AnalyzerOptions.summaryWorkers) */
    summaryWorkers?: SummaryWorkers,
  ) {
    this.analyzer = new Analyzer({ root, config, pythonWasmDir: wasmDir, openText, summaryWorkers });
  }

  contains(file: string): boolean {
    const relative = path.relative(this.root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  /** Should this file be analysed at all (language enabled, not excluded)? */
  accepts(file: string): boolean {
    const language = languageOf(file);
    if (!language || !languageEnabled(this.settings, language)) return false;
    return !matchesAny(path.relative(this.root, file), this.config.exclude);
  }

  /** The workspace's source files, as the CLI would walk them. */
  workspaceFiles(): string[] {
    if (!this.isWorkspaceFolder) return [];
    const { files } = collectFiles(['.'], this.root, { isExcluded: (file) => matchesAny(path.relative(this.root, file), this.config.exclude) });
    return files.filter((file) => this.accepts(file)).slice(0, MAX_SCANNED_FILES);
  }

  /** Loads every workspace file, in batches; returns how many were loaded and whether it stopped early. */
  async scan(token: CancellationLike | undefined, onProgress?: (done: number, total: number) => void): Promise<{ files: string[]; cancelled: boolean }> {
    const files = this.workspaceFiles();
    const vanished = new Set<string>();
    let index = 0;
    let reported = 0;
    const batches = this.analyzer.loadBatches(files, sizeOnDisk);
    for (const ahead of batches.slice(0, BATCHES_AHEAD)) this.analyzer.readAhead(ahead);
    for (const [number, batch] of batches.entries()) {
      if (token?.isCancellationRequested) return { files: files.slice(0, index).filter((file) => !vanished.has(file)), cancelled: true };
      this.analyzer.readAhead(batches[number + BATCHES_AHEAD] ?? []);
      index += batch.length;
      await this.analyzer.loadFiles(batch, { followImports: false });
      // Deleted since the folder was listed (a checkout, a clean): not a file of the workspace any more.
      for (const file of batch) {
        if (fs.existsSync(file)) continue;
        this.analyzer.removeFile(file);
        vanished.add(file);
      }
      if (index - reported >= PROGRESS_EVERY || index === files.length) {
        onProgress?.(index, files.length);
        reported = index;
      }
      await yieldToEventLoop(); // edits and hovers are served between batches
    }
    await this.analyzer.loadFiles([]); // what the workspace's files import from outside it
    return { files: files.filter((file) => !vanished.has(file)), cancelled: false };
  }

  async update(file: string, text: string, wanted?: (path: string) => boolean): Promise<FileReport[]> {
    return this.analyzer.updateFile(file, text, wanted);
  }

  /** Re-reads changed files from disk in one batch (after a checkout, a copy, a code generator). */
  async reload(files: readonly string[]): Promise<void> {
    for (const batch of this.analyzer.loadBatches(files.filter((file) => this.accepts(file)), sizeOnDisk)) {
      await this.analyzer.loadFiles(batch);
      await yieldToEventLoop(); // edits and hovers are served between batches
    }
  }

  report(file: string): FileReport | undefined {
    return this.analyzer.isTracked(file) ? this.analyzer.report(file) : undefined;
  }

  /** The project's npm dependencies, for fixes that prefer a library the project already uses. */
  dependencies(): ReadonlySet<string> {
    if (this.dependencyNames) return this.dependencyNames;
    const names = new Set<string>();
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(this.root, 'package.json'), 'utf8'));
      for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const name of Object.keys(manifest[field] ?? {})) names.add(name);
      }
    } catch {
      // no package.json, or not JSON: no known dependencies
    }
    this.dependencyNames = names;
    return names;
  }

  forgetDependencies(): void {
    this.dependencyNames = undefined;
  }
}

/** A file's size on disk (0 when it cannot be read: it is loaded as skipped). */
function sizeOnDisk(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
