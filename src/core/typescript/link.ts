/**
 * Links call sites to what they call, across files: imports, CommonJS requires, namespaces,
 * classes and their instances, object literals, re-exports. Cycle-safe by a depth limit.
 */
import { lookupModuleCall, type CatalogEntry, type GlobalEntry } from '../catalog';
import type { Binding, CalleeRef, CallSite, ClassInfo, FileSummary, FunctionSummary } from './summary';

export type ResolvedCallee =
  | { kind: 'fn'; fn: FunctionSummary }
  | { kind: 'catalog'; entry: CatalogEntry; module: string }
  | { kind: 'global'; entry: GlobalEntry }
  | { kind: 'unknown'; methodName?: string };

const UNRESOLVED: ResolvedCallee = { kind: 'unknown' };
const MAX_DEPTH = 12;

export class Linker {
  private readonly functions = new Map<string, FunctionSummary>();
  private readonly classes = new Map<string, ClassInfo>();
  private readonly resolved = new Map<string, ResolvedCallee>();
  private readonly calls = new Map<string, CallSite>();

  constructor(private readonly files: ReadonlyMap<string, FileSummary>) {
    for (const file of files.values()) {
      for (const fn of file.functions) {
        this.functions.set(fn.id, fn);
        for (const { call } of callsOf(fn)) this.calls.set(call.id, call);
      }
      for (const [key, info] of file.classes) this.classes.set(key, info);
    }
  }

  callById(id: string): CallSite | undefined {
    return this.calls.get(id);
  }

  functionById(id: string): FunctionSummary | undefined {
    return this.functions.get(id);
  }

  allFunctions(): IterableIterator<FunctionSummary> {
    return this.functions.values();
  }

  resolve(call: CallSite): ResolvedCallee {
    let result = this.resolved.get(call.id);
    if (!result) {
      result = this.resolveRef(call.callee, call.isNew);
      this.resolved.set(call.id, result);
    }
    return result;
  }

  private resolveRef(ref: CalleeRef, isNew: boolean): ResolvedCallee {
    switch (ref.kind) {
      case 'catalog':
        return { kind: 'catalog', entry: ref.entry, module: ref.module };
      case 'global':
        return { kind: 'global', entry: ref.entry };
      case 'unknown':
        return { kind: 'unknown', methodName: ref.methodName };
      case 'binding':
        return this.resolveBinding(ref.binding, ref.path, isNew, 0);
    }
  }

  private resolveBinding(binding: Binding | undefined, path: readonly string[], isNew: boolean, depth: number): ResolvedCallee {
    if (!binding || depth > MAX_DEPTH) return UNRESOLVED;
    switch (binding.kind) {
      case 'fn':
        return this.resolveFunction(binding.id, path);
      case 'module': {
        const fullPath = [...binding.path, ...path];
        const entry = lookupModuleCall(binding.specifier, fullPath.length === 0 ? 'default' : fullPath.join('.'));
        return entry ? { kind: 'catalog', entry, module: binding.specifier } : { kind: 'unknown', methodName: fullPath.at(-1) };
      }
      case 'import':
        return this.resolveBinding(this.exportOf(binding.file, binding.name, 0), path, isNew, depth + 1);
      case 'namespace':
        if (path.length === 0) return this.resolveBinding(this.exportOf(binding.file, 'default', 0), path, isNew, depth + 1);
        return this.resolveBinding(this.exportOf(binding.file, path[0], 0), path.slice(1), isNew, depth + 1);
      case 'class':
        return this.resolveClassMember(binding.key, path.length === 0 && isNew ? ['constructor'] : path, depth);
      case 'instance':
        return this.resolveClassMember(binding.classKey, path, depth);
      case 'object':
        if (path.length === 0) return UNRESOLVED;
        return this.resolveBinding(binding.members.get(path[0]), path.slice(1), isNew, depth + 1);
      default:
        return UNRESOLVED;
    }
  }

  private resolveFunction(id: string, path: readonly string[]): ResolvedCallee {
    const fn = this.functions.get(id);
    if (!fn) return UNRESOLVED;
    if (path.length === 0 || (path.length === 1 && /^(call|apply|bind)$/.test(path[0]))) return { kind: 'fn', fn };
    const pseudoClass = this.classes.get(`class:${id}`);
    return pseudoClass ? this.resolveClassMember(pseudoClass.key, path, 0) : UNRESOLVED;
  }

  private resolveClassMember(classKey: string, path: readonly string[], depth: number): ResolvedCallee {
    const info = this.classInfo(classKey, depth);
    if (!info || path.length === 0 || depth > MAX_DEPTH) return UNRESOLVED;
    const [member, ...rest] = path;
    const methodId = info.methods.get(member);
    if (methodId && rest.length === 0) return this.resolveFunction(methodId, []);
    const field = info.fields.get(member);
    if (field) return this.resolveBinding(field, rest, false, depth + 1);
    if (info.base) {
      const base = this.classKeyOf(info.base, depth + 1);
      if (base) return this.resolveClassMember(base, path, depth + 1);
    }
    return { kind: 'unknown', methodName: path.at(-1) };
  }

  private classInfo(classKey: string, depth: number): ClassInfo | undefined {
    if (!classKey.startsWith('import:')) return this.classes.get(classKey);
    const hash = classKey.lastIndexOf('#');
    const binding = this.exportOf(classKey.slice('import:'.length, hash), classKey.slice(hash + 1), 0);
    const key = binding ? this.classKeyOf(binding, depth + 1) : undefined;
    return key ? this.classes.get(key) : undefined;
  }

  private classKeyOf(binding: Binding, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (binding.kind === 'class') return binding.key;
    if (binding.kind === 'fn') return `class:${binding.id}`;
    if (binding.kind === 'import') {
      const exported = this.exportOf(binding.file, binding.name, 0);
      return exported ? this.classKeyOf(exported, depth + 1) : undefined;
    }
    return undefined;
  }

  /** An export of a file, following `export * from` chains. */
  exportOf(file: string, name: string, depth: number): Binding | undefined {
    const summary = this.files.get(file);
    if (!summary || depth > MAX_DEPTH) return undefined;
    const direct = summary.exports.get(name);
    if (direct) return direct;
    for (const star of summary.starExports) {
      const found = this.exportOf(star, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
}

/** Every call site of a function, including those inside loops. */
export function* callsOf(fn: FunctionSummary): Generator<{ call: CallSite; loopMultiplier: boolean }> {
  const stack = [{ block: fn.body, inLoop: false }];
  while (stack.length > 0) {
    const { block, inLoop } = stack.pop()!;
    for (const call of block.calls) yield { call, loopMultiplier: inLoop };
    for (const loop of block.loops) stack.push({ block: loop.body, inLoop: true });
  }
}
