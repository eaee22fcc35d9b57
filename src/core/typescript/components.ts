/**
 * The project split into components: files connected by imports, in either direction. Every fact
 * of the analysis about a function comes from its own component: a call resolves through the
 * caller's file and what it imports; a method found by name is looked for among the component's
 * files (Linker.implementationsByName); parameters receive what callers pass, and callers import
 * the callee; request paths and effects follow resolved calls. So each component is linked and
 * evaluated on its own (TypeScriptAnalyzer keeps one snapshot per component), and an edit costs
 * the edited file's component, not the project.
 *
 * The partition changes only when a file's imports do (a file appears, goes, or imports something
 * else); an edit of a function body leaves it as it is (see ComponentIndex.noteChange).
 */
import type { FileSummary } from './summary';

export interface Component {
  /** the summaries of the component's files (kept current: a body edit replaces its summary here) */
  readonly files: Map<string, FileSummary>;
  /** its files and every file they import (loaded or not): what a new edge must touch to join it */
  reach?: Set<string>;
  /**
   * How many entries of the index's change log were found not to touch it, and in which partition:
   * a look-up checks only the changes since (a workspace load changes thousands of files between
   * two partitions, and every request about an open file looks its component up).
   */
  untouchedThrough?: { partition: number; changes: number };
}

export class ComponentIndex<C extends Component> {
  private byFile = new Map<string, C>();
  /** files whose imports changed (or that appeared or went) since the partition was computed */
  private readonly edgesChanged = new Set<string>();
  /**
   * The same changes in the order they were noted, a file again each time its imports change
   * again (its new imports may reach a component its old ones did not): see Component.untouchedThrough.
   */
  private changeLog: string[] = [];
  /** counts the partitions computed, so a component's untouchedThrough is read against the current log */
  private partitions = 0;

  constructor(
    /** the analyser's summaries, by file (the index reads them; it never changes them) */
    private readonly summaries: ReadonlyMap<string, FileSummary>,
    private readonly create: (files: Map<string, FileSummary>) => C,
  ) {}

  /**
   * A file's summary changed (`after` undefined: removed). Returns the component whose snapshot
   * the change makes stale when the partition holds, or undefined when the partition itself
   * changes (it is computed again on the next look-up).
   */
  noteChange(file: string, before: FileSummary | undefined, after: FileSummary | undefined): C | undefined {
    const known = this.byFile.get(file);
    const component = known && !this.touched(known) ? known : undefined;
    if (!component || !before || !after || !sameImports(before, after)) {
      this.edgesChanged.add(file);
      this.changeLog.push(file);
      return undefined;
    }
    component.files.set(file, after);
    return component;
  }

  /**
   * The component of a summarised file. While files load (each one changes the partition), a
   * component that no change touches is still exact: it is answered without computing the
   * partition again, so a request about an open file does not pay for the whole workspace.
   */
  of(file: string): C | undefined {
    const known = this.byFile.get(file);
    if (this.edgesChanged.size > 0 && (!known || this.touched(known))) this.partition();
    return this.byFile.get(file);
  }

  /**
   * May the changes since the partition have changed this component's files? Only a changed file
   * that is one of them, that they import, or that imports one of them (or what they import).
   */
  private touched(component: C): boolean {
    if (this.edgesChanged.size === 0) return false;
    if (!component.reach) {
      component.reach = new Set(component.files.keys());
      for (const summary of component.files.values()) for (const imported of summary.imports) component.reach.add(imported);
    }
    const reach = component.reach;
    const checked = component.untouchedThrough?.partition === this.partitions ? component.untouchedThrough.changes : 0;
    for (let index = checked; index < this.changeLog.length; index++) {
      const file = this.changeLog[index];
      // A removed file that is not one of them was not connected to them (it would be).
      if (reach.has(file)) return true;
      for (const imported of this.summaries.get(file)?.imports ?? []) if (reach.has(imported)) return true;
    }
    component.untouchedThrough = { partition: this.partitions, changes: this.changeLog.length };
    return false;
  }

  /**
   * Computes the partition again. Components that no changed file belonged to, before or after,
   * are the same sets of files: they are kept with what they computed.
   */
  private partition(): void {
    const summaries = this.summaries;
    const previous = this.byFile;
    const stale = new Set<C>();
    for (const file of this.edgesChanged) {
      const component = previous.get(file);
      if (component) stale.add(component);
    }
    this.byFile = new Map();
    for (const members of groups(summaries)) {
      const first = previous.get(members[0]);
      const kept = first !== undefined && !stale.has(first) && first.files.size === members.length
        && members.every((file) => !this.edgesChanged.has(file) && previous.get(file) === first);
      const component = kept ? first : this.create(new Map(members.map((file) => [file, summaries.get(file)!])));
      for (const file of members) this.byFile.set(file, component);
    }
    this.edgesChanged.clear();
    this.changeLog = [];
    this.partitions++;
  }
}

/** The summarised files, grouped by import connectivity (through files not summarised too). */
function groups(summaries: ReadonlyMap<string, FileSummary>): string[][] {
  const parent = new Map<string, string>();
  const find = (file: string): string => {
    let root = file;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let current = file; current !== root;) {
      const next = parent.get(current)!;
      parent.set(current, root);
      current = next;
    }
    return root;
  };
  const node = (file: string): void => {
    if (!parent.has(file)) parent.set(file, file);
  };
  for (const summary of summaries.values()) {
    node(summary.path);
    for (const imported of summary.imports) {
      node(imported);
      const a = find(summary.path);
      const b = find(imported);
      if (a !== b) parent.set(a, b);
    }
  }
  const byRoot = new Map<string, string[]>();
  for (const file of summaries.keys()) {
    const root = find(file);
    const members = byRoot.get(root);
    if (members) members.push(file);
    else byRoot.set(root, [file]);
  }
  // each component's files in path order: what iterates them (linking, request paths, budgets)
  // then visits them in an order that does not depend on the order the files were loaded in
  return [...byRoot.values()].map((members) => members.sort(comparePaths));
}

function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameImports(before: FileSummary, after: FileSummary): boolean {
  if (before.imports.size !== after.imports.size) return false;
  for (const file of before.imports) if (!after.imports.has(file)) return false;
  return true;
}
