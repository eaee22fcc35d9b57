/** Who imports whom, from the file summaries: what an edit of one file may change elsewhere. */
import type { FileSummary } from './summary';

/** file → the files that import it */
export function reverseImports(summaries: ReadonlyMap<string, FileSummary>): Map<string, string[]> {
  const importers = new Map<string, string[]>();
  for (const summary of summaries.values()) {
    for (const imported of summary.imports) {
      const list = importers.get(imported);
      if (list) list.push(summary.path);
      else importers.set(imported, [summary.path]);
    }
  }
  return importers;
}

/** The files and everything that imports them, directly or not. */
export function transitiveImporters(importers: ReadonlyMap<string, readonly string[]>, files: Iterable<string>): Set<string> {
  const found = new Set(files);
  const queue = [...found];
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (!found.has(importer)) {
        found.add(importer);
        queue.push(importer);
      }
    }
  }
  return found;
}

/**
 * The files connected to `file` through imports, in either direction, and the file itself: an
 * edit's effects flow up (importers see callee verdicts change) and down (callees get their
 * arguments and request context from callers), so findings anywhere in this set may change.
 */
export function connectedFiles(summaries: ReadonlyMap<string, FileSummary>, file: string): Set<string> {
  const importers = reverseImports(summaries);
  const found = new Set([file]);
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const next of [...(summaries.get(current)?.imports ?? []), ...(importers.get(current) ?? [])]) {
      if (!found.has(next)) {
        found.add(next);
        queue.push(next);
      }
    }
  }
  return found;
}
