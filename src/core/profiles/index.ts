/**
 * Loaded CPU profiles, as the engine holds them: indexed once, measured per file on demand.
 * Relative frame paths (cProfile's and py-spy's `app.py`) are resolved against the project root,
 * else against the profile's own folder.
 */
import * as path from 'node:path';
import type { FunctionReport, Measurement } from '../model';
import { ProfileIndex, type ThreadSummary } from './measure';
import type { Profile } from './model';

export { applyMeasurements, type ProfileThresholds } from './apply';
export { describeMeasurement, describeThread, formatMs, formatShare } from './describe';
export type { ThreadSummary } from './measure';
export { ProfileError, type Profile } from './model';
export { readProfile, parseProfile, type ReadProfileOptions } from './read';

export class LoadedProfiles {
  private readonly indexes: ProfileIndex[];

  constructor(readonly profiles: readonly Profile[], root: string, isAnalysed: (file: string) => boolean) {
    this.indexes = profiles.map((profile) => {
      const byRoot = new ProfileIndex(profile, { root, isAnalysed });
      if (byRoot.files().some(isAnalysed)) return byRoot;
      const byFolder = new ProfileIndex(profile, { root: path.dirname(profile.source), isAnalysed });
      return byFolder.files().some(isAnalysed) ? byFolder : byRoot;
    });
  }

  /** Every profile's measurements of a file's functions, by function id. */
  measureFile(file: string, functions: readonly FunctionReport[]): Map<string, Measurement[]> {
    const merged = new Map<string, Measurement[]>();
    for (const index of this.indexes) {
      for (const [id, entries] of index.measureFile(file, functions)) merged.set(id, [...(merged.get(id) ?? []), ...entries]);
    }
    for (const entries of merged.values()) entries.sort((a, b) => b.totalMs - a.totalMs);
    return merged;
  }

  /** How each profiled thread's time divides (project code, other code, idle, GC, VM, waits). */
  summaries(): ThreadSummary[] {
    return this.indexes.flatMap((index) => index.summary());
  }

  /** Files with code in the profiles. */
  files(): string[] {
    return [...new Set(this.indexes.flatMap((index) => index.files()))];
  }

  /** Files with code in the profiles that the analysis does not cover (outside the analysed paths). */
  unanalysedFiles(isAnalysed: (file: string) => boolean): string[] {
    return [...new Set(this.indexes.flatMap((index) => index.files()))].filter((file) => !isAnalysed(file));
  }
}
