/**
 * The reports of whole components kept across runs (`threadwise analyze --cache`), beside the
 * per-file summaries: a component (files connected by imports, see components.ts) is linked,
 * evaluated and checked by the rules from nothing but its files' summaries, their texts, the
 * configuration and the environment, so when all of those hash as they did, its reports are the
 * ones the earlier run computed. An unchanged tree then costs a hash walk and a read; a changed
 * file costs its own summary and its component's relink, and every other component is read back.
 *
 * One entry per component (named by its files, so a component whose files changed rewrites its
 * own entry), holding the component's fingerprint (see TypeScriptAnalyzer.componentFingerprint)
 * and the reports of the files asked for. A file whose report the entry lacks (asked for the
 * first time) is computed as usual and added when the entry is written again.
 */
import type { FileReport } from '../model';
import type { SummaryCache } from '../summary-cache';

/** Which component, and everything its reports depend on, hashed. */
export interface ComponentFingerprint {
  /** the component's files (sorted paths), hashed: names its entry */
  id: string;
  /** the files' texts and module resolutions, the configuration and the environment, hashed */
  key: string;
}

interface StoredReports {
  reports: [file: string, report: FileReport][];
}

export class ComponentReportCache {
  /** entries read so far, by fingerprint key (null: none usable) */
  private readonly read = new Map<string, Map<string, FileReport> | null>();
  /** reports computed this run that the component's entry lacks, by component id */
  private readonly added = new Map<string, { fingerprint: ComponentFingerprint; reports: Map<string, FileReport> }>();

  constructor(private readonly cache: SummaryCache) {}

  /** The stored report of `file` in the component, if its entry is current and holds one. */
  get(fingerprint: ComponentFingerprint, file: string): FileReport | undefined {
    return this.entryOf(fingerprint)?.get(file);
  }

  /** A report computed this run: written with the component's entry (see save). */
  add(fingerprint: ComponentFingerprint, file: string, report: FileReport): void {
    let added = this.added.get(fingerprint.id);
    if (!added || added.fingerprint.key !== fingerprint.key) this.added.set(fingerprint.id, (added = { fingerprint, reports: new Map() }));
    added.reports.set(file, report);
  }

  /** Writes the component's entry when this run added reports to it: the stored ones and the new. */
  save(fingerprint: ComponentFingerprint): void {
    const added = this.added.get(fingerprint.id);
    if (!added || added.fingerprint.key !== fingerprint.key) return;
    this.added.delete(fingerprint.id);
    const reports = new Map(this.entryOf(fingerprint) ?? []);
    for (const [file, report] of added.reports) reports.set(file, report);
    this.read.set(fingerprint.key, reports);
    this.cache.set(entryName(fingerprint), fingerprint.key, { reports: [...reports] } satisfies StoredReports);
  }

  private entryOf(fingerprint: ComponentFingerprint): Map<string, FileReport> | undefined {
    if (!this.read.has(fingerprint.key)) {
      const value = this.cache.get(entryName(fingerprint), fingerprint.key) as Partial<StoredReports> | undefined;
      this.read.set(fingerprint.key, value && Array.isArray(value.reports) ? new Map(value.reports) : null);
    }
    return this.read.get(fingerprint.key) ?? undefined;
  }
}

/** What the cache names a component's entry by (its "file"): never a path a summary entry has. */
function entryName(fingerprint: ComponentFingerprint): string {
  return `component:${fingerprint.id}`;
}
