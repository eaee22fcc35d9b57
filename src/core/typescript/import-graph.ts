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
