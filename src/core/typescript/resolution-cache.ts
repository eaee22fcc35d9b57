/**
 * Call resolutions kept across analyses, so that an edit does not re-resolve every call of a large
 * project (most of an edit's cost in a workspace of hundreds of files).
 *
 * A final resolution (Linker.newFinalResolutions) reads only the caller's file and the files it
 * imports, directly or not. So after edits it stays valid for every file that neither changed nor
 * imports a changed file. Two kinds of file reach further, into modules they do not import
 * from: a file that adds members to another module's exports (`augments`) and a file that adds
 * methods to an imported class (`import:` class keys). A change to such a file forgets everything.
 */
import { transitiveImporters } from './import-graph';
import type { ResolutionSource, ResolvedCallee } from './link';
import type { CallSite, FileSummary } from './summary';

export class ResolutionCache implements ResolutionSource {
  private readonly resolved = new Map<CallSite, ResolvedCallee>();
  /** the cached calls of each file, to forget them together */
  private readonly callsByFile = new Map<string, CallSite[]>();
  private readonly changed = new Set<string>();
  private forgetAll = false;

  get(call: CallSite): ResolvedCallee | undefined {
    return this.resolved.get(call);
  }

  /** A file was added, replaced or removed (`after` undefined). */
  noteChange(file: string, before: FileSummary | undefined, after: FileSummary | undefined): void {
    this.changed.add(file);
    if (reachesOtherModules(before) || reachesOtherModules(after)) this.forgetAll = true;
  }

  /** Before a new linker: drops what the changes noted since the last call may have made stale. */
  invalidate(importers: ReadonlyMap<string, readonly string[]>): void {
    if (this.forgetAll) {
      this.resolved.clear();
      this.callsByFile.clear();
    } else {
      for (const file of transitiveImporters(importers, this.changed)) {
        for (const call of this.callsByFile.get(file) ?? []) this.resolved.delete(call);
        this.callsByFile.delete(file);
      }
    }
    this.changed.clear();
    this.forgetAll = false;
  }

  /** Keeps a linker's new final resolutions for the next analysis. */
  store(resolutions: ReadonlyMap<CallSite, ResolvedCallee>): void {
    for (const [call, resolved] of resolutions) {
      if (this.resolved.has(call)) continue;
      this.resolved.set(call, resolved);
      const file = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
      const calls = this.callsByFile.get(file);
      if (calls) calls.push(call);
      else this.callsByFile.set(file, [call]);
    }
  }
}

function reachesOtherModules(summary: FileSummary | undefined): boolean {
  if (!summary) return false;
  return summary.augments.length > 0 || [...summary.classes.keys()].some((key) => key.startsWith('import:'));
}
