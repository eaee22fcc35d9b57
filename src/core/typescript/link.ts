/**
 * Links call sites to what they call, across files: imports, CommonJS requires and re-exports,
 * namespaces, classes (static and instance members, base classes), constructor functions and
 * their prototypes, object literals (and objects derived from them), what functions return, and
 * names declared after their use. Cycle-safe by a depth limit and a step budget per look-up.
 *
 * When the structure says nothing, two weaker sources are tried, and marked as such:
 * - by name: a method called on `this` (or on a known object) that the object does not define is
 *   looked up among the methods of that name in the files connected to the caller by imports
 *   (subclasses and mixins define it: crypto-js's `_doProcessBlock`); a method on an unknown
 *   receiver only when exactly one method in those files has that (distinctive) name;
 * - by convention (`heuristics.ts`): `*Sync` calls of external packages and fs-like receivers,
 *   stream events, sockets.
 */
import { isKnownModule, lookupGlobalCall, lookupModuleCall, type CatalogEntry, type GlobalEntry } from '../catalog';
import { COMPUTED_MEMBER, unionOf } from './bindings';
import { inferEffect, type InferredCallee } from './heuristics';
import type { Binding, CalleeRef, CallSite, ClassInfo, FileSummary, FunctionSummary } from './summary';
import type { TypeOracle } from './types';

export type ResolvedCallee =
  | { kind: 'fn'; fn: FunctionSummary }
  /**
   * Implementations found by name, not by structure: one of `fns` runs. The evaluator treats
   * them as less certain evidence; rules that need certainty ignore them.
   */
  /** one of several functions: alternatives a value may hold (`dev ? viaLocal : viaCache`), or methods found by name (`byName`) */
  | { kind: 'virtual'; fns: FunctionSummary[]; methodName: string; byName?: true }
  | { kind: 'catalog'; entry: CatalogEntry; module: string }
  | { kind: 'global'; entry: GlobalEntry }
  /** an effect inferred from a naming convention (`*Sync`, `stream.on('data')`), with lower confidence */
  | InferredCallee
  | { kind: 'unknown'; methodName?: string };

/** Where a linker finds resolutions computed before (see Linker.finalResolutions). */
export interface ResolutionSource {
  get(call: CallSite): ResolvedCallee | undefined;
}

const UNRESOLVED: ResolvedCallee = { kind: 'unknown' };
const MAX_DEPTH = 16;
/** resolution steps per look-up: bounds the work on unions of unions and long chains */
const MAX_STEPS = 400;
/** at most this many implementations of a method found by name count as "the" implementations */
const MAX_VIRTUAL = 12;
/** the type checker is asked about at most this many calls per file, and per analysis of a component */
const MAX_TYPED_CALLS_PER_FILE = 8;
const MAX_TYPED_CALLS = 200;
/** a parameter is followed to its arguments when its callers pass at most this many different ones */
const MAX_PARAMETER_SOURCES = 3;

/** Method names of built-in objects: finding a project method by such a name proves nothing. */
const BUILTIN_METHOD_NAMES: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'slice', 'splice', 'concat', 'join', 'indexOf', 'lastIndexOf',
  'includes', 'map', 'filter', 'forEach', 'reduce', 'some', 'every', 'find', 'findIndex', 'sort',
  'reverse', 'fill', 'flat', 'flatMap', 'keys', 'values', 'entries', 'get', 'set', 'has', 'delete',
  'add', 'clear', 'then', 'catch', 'finally', 'call', 'apply', 'bind', 'toString', 'valueOf',
  'toJSON', 'emit', 'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners',
  'listeners', 'write', 'end', 'read', 'pipe', 'unpipe', 'destroy', 'pause', 'resume', 'replace',
  'split', 'trim', 'test', 'exec', 'match', 'charAt', 'charCodeAt', 'substring', 'substr',
  'startsWith', 'endsWith', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'next', 'return',
  'throw', 'hasOwnProperty', 'isPrototypeOf', 'constructor', 'init', 'create', 'extend', 'clone',
  'copy', 'equals', 'compare', 'update', 'digest', 'send', 'close', 'open', 'start', 'stop', 'run',
  'handle', 'process', 'parse', 'stringify', 'format', 'render', 'log', 'error', 'warn', 'debug',
  'info', 'trace', 'resolve', 'reject', 'dispatch', 'execute', 'apply', 'length', 'size', 'reset',
]);

interface Walk {
  steps: number;
  /** the last member looked for on a known object that does not define it */
  missing?: string;
}

type FnBinding = Extract<Binding, { kind: 'fn' }>;

export class Linker {
  private readonly functions = new Map<string, FunctionSummary>();
  private readonly classes = new Map<string, ClassInfo>();
  /** by call site object: identity hashing is cheaper than the long id strings */
  private readonly resolved = new Map<CallSite, ResolvedCallee>();
  /** call sites by id, built on first use (only a few rules look calls up by id) */
  private callIndex: Map<string, CallSite> | undefined;
  private methodIndex: Map<string, FunctionSummary[]> | undefined;
  private components: Map<string, string> | undefined;
  /** call sites that resolve to each function, by structure: what parameters receive */
  private callers: Map<string, CallSite[]> | undefined;
  /** see newFinalResolutions() */
  private readonly final = new Map<CallSite, ResolvedCallee>();
  private followParams = false;
  /** set while resolving a call whose value went through a parameter before parameters were followed */
  private parameterConsulted = false;
  /** first-pass resolutions that read a parameter: the only ones following parameters can change */
  private readonly parameterDependent = new Set<CallSite>();
  /** set while resolving a call by looking at every file (methods found by name) */
  private projectConsulted = false;
  /** first-pass resolutions that looked at every file: any edit anywhere may change them */
  private readonly projectDependent = new Set<CallSite>();
  /** members files add to other modules' exports, by the augmented file */
  private readonly augments = new Map<string, { path: string[]; binding: Binding }[]>();
  /** calls syntax could not resolve that the type checker is asked about */
  private readonly typeCandidates = new Set<CallSite>();

  constructor(
    private readonly files: ReadonlyMap<string, FileSummary>,
    private readonly types?: TypeOracle,
    /** final resolutions of an earlier linker that the edits since cannot have changed */
    private readonly earlier?: ResolutionSource,
  ) {
    // in path order: callers, candidates for the type checker and methods found by name are
    // listed in it, so no budget or tie depends on the order the files were loaded in
    const ordered = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of ordered) {
      for (const fn of file.functions) {
        this.functions.set(fn.id, fn);
      }
      for (const [key, info] of file.classes) this.classes.set(key, info);
      for (const augment of file.augments) {
        const list = this.augments.get(augment.file);
        if (list) list.push(augment);
        else this.augments.set(augment.file, [augment]);
      }
    }
  }

  /** A member another file added to `file`'s exports along `path`, with the rest of the path. */
  private augmented(file: string, path: readonly string[]): { binding: Binding; rest: string[] } | undefined {
    const list = this.augments.get(file);
    if (!list) return undefined;
    let best: { path: string[]; binding: Binding } | undefined;
    for (const augment of list) {
      if (augment.path.length <= path.length && augment.path.every((segment, index) => path[index] === segment) && (!best || augment.path.length > best.path.length)) best = augment;
    }
    return best ? { binding: best.binding, rest: path.slice(best.path.length) } : undefined;
  }

  callById(id: string): CallSite | undefined {
    if (!this.callIndex) {
      this.callIndex = new Map();
      for (const call of this.allCalls()) this.callIndex.set(call.id, call);
    }
    return this.callIndex.get(id);
  }

  private *allCalls(): Generator<CallSite> {
    for (const fn of this.functions.values()) {
      for (const { call } of callsOf(fn)) yield call;
    }
  }

  functionById(id: string): FunctionSummary | undefined {
    return this.functions.get(id);
  }

  allFunctions(): IterableIterator<FunctionSummary> {
    return this.functions.values();
  }

  /** The project function a value names (`list`, `handlers.list`, `app.handle` bound to `app`), if any. */
  functionOf(binding: Binding): FunctionSummary | undefined {
    if (binding.kind === 'fn') return this.functions.get(binding.id);
    if (binding.kind === 'value') return undefined;
    if (!this.callers) this.indexCallers();
    const walk: Walk = { steps: 0 };
    const value = this.valueOf(binding, [], walk, 0);
    return value?.kind === 'fn' ? this.functions.get(value.id) : undefined;
  }

  resolve(call: CallSite): ResolvedCallee {
    if (!this.callers) this.indexCallers();
    let result = this.resolved.get(call);
    if (result) return result;
    result = this.typeCandidates.has(call) ? undefined : this.earlier?.get(call);
    if (!result) {
      const outer = { parameter: this.parameterConsulted, project: this.projectConsulted };
      this.parameterConsulted = this.projectConsulted = false;
      result = this.resolveRef(call.callee, call);
      if (!this.followParams) {
        if (this.parameterConsulted) this.parameterDependent.add(call);
        else if (this.projectConsulted) this.projectDependent.add(call);
        else this.final.set(call, result);
      }
      this.parameterConsulted ||= outer.parameter;
      this.projectConsulted ||= outer.project;
    }
    this.resolved.set(call, result);
    return result;
  }

  /**
   * The resolutions this linker computed (not taken from `earlier`) that depend only on the
   * caller's file and the files it imports, directly or not: neither parameters, nor the type
   * checker, nor methods found by name anywhere. A later linker may reuse them for every file
   * that neither changed nor imports a changed file.
   */
  newFinalResolutions(): ReadonlyMap<CallSite, ResolvedCallee> {
    return this.final;
  }

  private resolveRef(ref: CalleeRef, call: CallSite): ResolvedCallee {
    switch (ref.kind) {
      case 'catalog':
        return { kind: 'catalog', entry: ref.entry, module: ref.module };
      case 'global':
        return { kind: 'global', entry: ref.entry };
      case 'unknown':
        return this.fallback(call, ref.methodName, undefined, false);
      case 'binding': {
        // A function calling its own callback parameter runs its caller's code: what that does
        // is the caller's business. A closure calling its factory's parameter is another matter
        // (`parseMarkdown(lexer, parser)` returns `(src) => parser(lexer(src))`).
        if (ref.binding.kind === 'param' && ref.path.length === 0 && ref.binding.fn === call.callerId) {
          return this.fallback(call, undefined, undefined, false);
        }
        const walk: Walk = { steps: 0 };
        const value = this.valueOf(ref.binding, ref.path, walk, 0);
        const callee = value ? this.calleeOfValue(value, call.isNew, walk, 0) : UNRESOLVED;
        if (callee.kind !== 'unknown' && callee.kind !== 'virtual') return callee;
        const typed = this.typedCallee(call);
        if (typed) return typed;
        if (callee.kind === 'virtual') return callee;
        const moduleValue = value?.kind === 'module' ? value : undefined;
        return this.fallback(call, callee.methodName ?? ref.path.at(-1) ?? (ref.binding.kind === 'lazy' ? ref.binding.name : undefined), moduleValue, walk.missing !== undefined);
      }
    }
  }

  /** Name-based and convention-based guesses for a call the structure did not resolve. */
  private fallback(call: CallSite, methodName: string | undefined, module: Extract<Binding, { kind: 'module' }> | undefined, missingMember: boolean): ResolvedCallee {
    const inferred = inferEffect(call, methodName, module?.specifier);
    // `sibling.unlink()` in a project whose tree nodes have an `unlink` method is that method, not a file-system call
    if ((inferred?.byMethodName || inferred?.byUse) && methodName && !module && call.hint) {
      const byName = this.implementationsByName(call, methodName, missingMember || call.hint.isThis === true);
      if (byName) return byName;
    }
    if (inferred) return inferred;
    if (methodName && !module && call.hint) {
      const byName = this.implementationsByName(call, methodName, missingMember || call.hint.isThis === true);
      if (byName) return byName;
    }
    return { kind: 'unknown', methodName };
  }

  /**
   * Parameter flow needs to know who calls whom: every call is resolved once without it, the
   * callers of each function recorded, and the resolutions that read a parameter forgotten; from
   * then on a parameter is what the function's callers pass (`constructor(hash) { this.hash = hash }`
   * and `new Hasher(createHash('sha256'))`), when they pass few different things.
   */
  private indexCallers(): void {
    this.callers = new Map();
    const perFile = new Map<string, number>();
    const packageCandidates: CallSite[] = [];
    const nameCandidates: CallSite[] = [];
    for (const call of this.allCalls()) {
      const callee = this.resolve(call);
      if (callee.kind === 'fn' && call.argBindings) {
        const list = this.callers.get(callee.fn.id);
        if (list) list.push(call);
        else this.callers.set(callee.fn.id, [call]);
      }
      const worth = this.types && callee.kind !== 'fn' && callee.kind !== 'catalog' && callee.kind !== 'global' ? this.worthTyping(call, callee) : undefined;
      if (worth) {
        const file = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
        const count = perFile.get(file) ?? 0;
        if (count < MAX_TYPED_CALLS_PER_FILE) {
          perFile.set(file, count + 1);
          (worth === 'package' ? packageCandidates : nameCandidates).push(call);
        }
      }
    }
    // Forget what following parameters or asking the type checker can change; every other
    // resolution is final (resolving each call twice was half the cost of an edit in a large project).
    for (const call of this.parameterDependent) this.resolved.delete(call);
    this.followParams = true;
    // "the few": receivers that may be a package's client first, then ambiguous names, within a budget
    for (const call of [...packageCandidates, ...nameCandidates].slice(0, MAX_TYPED_CALLS)) {
      this.typeCandidates.add(call);
      this.resolved.delete(call);
    }
    for (const call of this.typeCandidates) this.final.delete(call);
    this.parameterDependent.clear();
    this.projectDependent.clear();
    if (this.types && this.typeCandidates.size > 0) this.types.prepare([...this.typeCandidates]);
  }

  /**
   * A member call worth the type checker: several project methods have its name (which one is
   * it?), or it sits in a TypeScript file that imports a package the catalog describes (is the
   * receiver that package's client?). Built-in method names are never worth it; a unique name is
   * already resolved by name.
   */
  private worthTyping(call: CallSite, callee: ResolvedCallee): 'package' | 'name' | undefined {
    if (!call.hint) return undefined;
    const name = callee.kind === 'unknown' ? callee.methodName : callee.kind === 'virtual' ? callee.methodName : calleeName(call);
    if (!name || name.length < 3 || name.includes('.') || BUILTIN_METHOD_NAMES.has(name)) return undefined;
    const file = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
    const summary = this.files.get(file);
    if (/\.[cm]?tsx?$/.test(file) && summary && [...summary.externalModules].some((module) => isKnownModule(module))) return 'package';
    // several project methods have this name, and the receiver is not `this` (whose class says which)
    if (call.hint.isThis) return undefined;
    const component = this.componentOf(file);
    const named = (this.methodsNamed(name) ?? []).filter((fn) => this.componentOf(fn.file) === component);
    return named.length >= 2 ? 'name' : undefined;
  }

  /** The type checker's answer for a call syntax left unresolved. */
  private typedCallee(call: CallSite): ResolvedCallee | undefined {
    if (!this.types || !this.typeCandidates.has(call)) return undefined;
    const answer = this.types.calleeOf(call);
    if (!answer) return undefined;
    if (answer.kind === 'fn') {
      const fn = this.functions.get(answer.id);
      return fn ? { kind: 'fn', fn } : undefined;
    }
    const entry = lookupModuleCall(answer.specifier, answer.path.join('.'));
    return entry ? { kind: 'catalog', entry, module: answer.specifier } : undefined;
  }

  /** What the callers pass as parameter `index` of `fnId`, when that is a few known things. */
  private parameterValue(fnId: string, index: number, walk: Walk, depth: number): Binding | undefined {
    if (!this.followParams) {
      this.parameterConsulted = true;
      return undefined;
    }
    const sites = this.callers?.get(fnId);
    if (!sites || sites.length > MAX_PARAMETER_SOURCES * 4) return undefined;
    const passed = new Set<Binding>();
    for (const site of sites) {
      const binding = site.argBindings?.[index];
      if (binding) passed.add(binding);
    }
    if (passed.size === 0 || passed.size > MAX_PARAMETER_SOURCES) return undefined;
    return this.valueOf(unionOf([...passed]), [], walk, depth + 1);
  }

  // ---------------------------------------------------------------- values

  /**
   * The value `binding.path` denotes, as a binding the linker can call or look into: a function,
   * a class, an instance, an object, a module value. Undefined when it cannot be known.
   */
  private valueOf(binding: Binding | undefined, path: readonly string[], walk: Walk, depth: number): Binding | undefined {
    if (!binding || depth > MAX_DEPTH || ++walk.steps > MAX_STEPS) return undefined;
    switch (binding.kind) {
      case 'fn':
        return path.length === 0 ? binding : this.memberOfFunction(binding, path, walk, depth);
      case 'module':
        return path.length === 0 ? binding : { kind: 'module', specifier: binding.specifier, path: [...binding.path, ...path] };
      case 'global':
        return path.length === 0 || (path.length === 1 && /^(call|apply|bind)$/.test(path[0])) ? binding : undefined;
      case 'import': {
        const added = this.augments.size > 0 ? this.augmented(binding.file, [binding.name, ...path]) : undefined;
        if (added && !this.summaryExports(binding.file, binding.name, path)) return this.valueOf(added.binding, added.rest, walk, depth + 1);
        return this.valueOf(this.exportOf(binding.file, binding.name, 0), path, walk, depth + 1);
      }
      case 'namespace': {
        if (path.length === 0) return binding;
        const added = this.augments.size > 0 ? this.augmented(binding.file, path) : undefined;
        if (added && !this.summaryExports(binding.file, path[0], path.slice(1))) return this.valueOf(added.binding, added.rest, walk, depth + 1);
        return this.valueOf(this.exportOf(binding.file, path[0], 0), path.slice(1), walk, depth + 1);
      }
      case 'class':
        return path.length === 0 ? binding : this.memberOfClass(binding.key, path, walk, depth, true);
      case 'instance':
        return path.length === 0 ? binding : this.memberOfClass(binding.classKey, path, walk, depth, false);
      case 'object':
        return path.length === 0 ? binding : this.memberOfObject(binding, path, walk, depth);
      case 'union': {
        const options = binding.options.map((option) => this.valueOf(option, path, walk, depth + 1));
        return unionOf(options);
      }
      case 'member':
        return this.valueOf(binding.of, [...binding.path, ...path], walk, depth + 1);
      case 'lazy': {
        for (const scope of binding.scopes) {
          const found = scope.get(binding.name);
          if (found) return found === binding ? undefined : this.valueOf(found, path, walk, depth + 1);
        }
        return undefined;
      }
      case 'param': {
        if (!binding.fn) return undefined;
        const passed = this.parameterValue(binding.fn, binding.index, walk, depth + 1);
        return passed && path.length > 0 ? this.valueOf(passed, path, walk, depth + 1) : passed;
      }
      case 'result': {
        const returned = this.returnedValue(binding, walk, depth + 1);
        if (returned) {
          const value = this.valueOf(returned, path, walk, depth + 1);
          if (value) return value;
        }
        // A fluent or factory call whose result is unknown (`PBKDF2.create(cfg).compute()`): assume
        // it returns its receiver, if the receiver has the member asked for.
        if (path.length > 0 && binding.path.length > 0 && !binding.isNew) {
          const receiver = this.valueOf(binding.callee, binding.path.slice(0, -1), walk, depth + 1);
          const found = receiver && receiver.kind !== 'module' ? this.valueOf(receiver, path, { steps: walk.steps }, depth + 1) : undefined;
          if (found && (found.kind === 'fn' || found.kind === 'union')) return found;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** What a call returns: an instance for `new`, the callee's `returns` with parameters replaced by arguments. */
  private returnedValue(result: Extract<Binding, { kind: 'result' }>, walk: Walk, depth: number): Binding | undefined {
    const callee = this.valueOf(result.callee, result.path, walk, depth);
    if (!callee) return undefined;
    if (result.isNew) {
      if (callee.kind === 'module') return callee;
      const classKey = this.classKeyOf(callee, walk, depth);
      return classKey ? { kind: 'instance', classKey } : undefined;
    }
    if (callee.kind === 'module') return callee;
    if (callee.kind === 'union') {
      return unionOf(callee.options.map((option) => option.kind === 'fn' ? this.substitute(this.functions.get(option.id)?.returns, result.args, option.id) : undefined));
    }
    if (callee.kind !== 'fn') return undefined;
    const fn = this.functions.get(callee.id);
    return fn?.returns ? this.substitute(fn.returns, result.args, fn.id) : undefined;
  }

  /** A callee's return binding seen from a call site: its parameters are the call's arguments. */
  private substitute(binding: Binding | undefined, args: readonly (Binding | undefined)[], calleeId: string): Binding | undefined {
    if (!binding) return undefined;
    switch (binding.kind) {
      case 'param':
        return binding.fn === undefined || binding.fn === calleeId ? args[binding.index] : binding;
      case 'member': {
        const of = this.substitute(binding.of, args, calleeId);
        return of ? { kind: 'member', of, path: binding.path } : undefined;
      }
      case 'union':
        return unionOf(binding.options.map((option) => this.substitute(option, args, calleeId)));
      case 'object': {
        // an object literal made of the arguments (`{ default: mod }`, TypeScript's CommonJS
        // interop `__importDefault(require('path'))`) holds this call's arguments, not every caller's
        let members: Map<string, Binding> | undefined;
        for (const [key, member] of binding.members) {
          // only members rooted in a parameter (`mod`, `mod.default`): an object's members may
          // refer to the object itself (`var util = module.exports = {}; util.a = util.b`)
          if (!rootedInParameter(member)) continue;
          const replaced = this.substitute(member, args, calleeId);
          if (replaced === member) continue;
          members ??= new Map(binding.members);
          if (replaced) members.set(key, replaced);
          else members.delete(key);
        }
        return members ? { ...binding, members } : binding;
      }
      default:
        return binding;
    }
  }

  private memberOfFunction(binding: FnBinding, path: readonly string[], walk: Walk, depth: number): Binding | undefined {
    if (path.length === 1 && /^(call|apply|bind)$/.test(path[0])) return binding;
    const info = this.classes.get(`class:${binding.id}`);
    if (path[0] === 'prototype') {
      return path.length === 1 ? { kind: 'instance', classKey: `class:${binding.id}` } : this.memberOfClass(`class:${binding.id}`, path.slice(1), walk, depth, false);
    }
    if (!info) return undefined;
    return this.memberOfClass(info.key, path, walk, depth, true);
  }

  /** `Class.member` (static) or `instance.member`, through base classes. */
  private memberOfClass(classKey: string, path: readonly string[], walk: Walk, depth: number, isStatic: boolean): Binding | undefined {
    const info = this.classInfo(classKey, walk, depth);
    if (!info || depth > MAX_DEPTH) return undefined;
    const [member, ...rest] = path;
    if (isStatic && member === 'prototype') return this.valueOf({ kind: 'instance', classKey: info.key }, rest, walk, depth + 1);
    if (isStatic) {
      const staticMember = info.statics.get(member);
      if (staticMember) return this.valueOf(staticMember, rest, walk, depth + 1);
    } else {
      const methodId = info.methods.get(member);
      if (methodId) return this.valueOf({ kind: 'fn', id: methodId }, rest, walk, depth + 1);
      const field = info.fields.get(member);
      if (field) return this.valueOf(field, rest, walk, depth + 1);
    }
    if (info.base) {
      const baseKey = this.classKeyOf(info.base, walk, depth + 1);
      if (baseKey) return this.memberOfClass(baseKey, path, walk, depth + 1, isStatic);
      // a base that is not a project class: a module's class (`extends EventEmitter`) or an object
      const base = this.valueOf(info.base, [], walk, depth + 1);
      if (base && base.kind !== 'instance' && base.kind !== 'class' && base.kind !== 'fn') return this.valueOf(base, path, walk, depth + 1);
    }
    if (!isComputed(member)) walk.missing = member;
    return undefined;
  }

  private memberOfObject(object: Extract<Binding, { kind: 'object' }>, path: readonly string[], walk: Walk, depth: number): Binding | undefined {
    const [member, ...rest] = path;
    // obj[KEY] with a constant key no member is declared with: a string constant, any member as for obj[key]
    if (member === COMPUTED_MEMBER || (isComputed(member) && !object.members.has(member) && !object.base)) {
      // obj[key]: any of its members (`knownAdapters[name]`)
      const options = [...object.members.values()].slice(0, 8).map((value) => this.valueOf(value, rest, walk, depth + 1));
      return unionOf(options);
    }
    const found = object.members.get(member);
    if (found) return this.valueOf(found, rest, walk, depth + 1);
    if (object.base) {
      const inherited = this.valueOf(object.base, path, walk, depth + 1);
      if (inherited) return inherited;
    }
    walk.missing = member;
    return undefined;
  }

  /** What calling a value does. */
  private calleeOfValue(value: Binding, isNew: boolean, walk: Walk, depth: number): ResolvedCallee {
    switch (value.kind) {
      case 'fn': {
        const fn = this.functions.get(value.id);
        return fn ? { kind: 'fn', fn } : UNRESOLVED;
      }
      case 'module': {
        const path = value.path.filter((segment, index) => !(segment === 'default' && index < value.path.length - 1));
        while (path.length > 1 && /^(call|apply|bind)$/.test(path[path.length - 1])) path.pop();
        const entry = lookupModuleCall(value.specifier, path.length === 0 ? 'default' : path.join('.'));
        return entry ? { kind: 'catalog', entry, module: value.specifier } : { kind: 'unknown', methodName: path.at(-1) };
      }
      case 'global': {
        const entry = lookupGlobalCall(value.name);
        return entry ? { kind: 'global', entry } : UNRESOLVED;
      }
      case 'namespace': {
        // calling a CommonJS module's value: `const parse = require('./parser'); parse(buffer)`
        const exported = this.valueOf(this.exportOf(value.file, 'default', 0), [], walk, depth + 1);
        return exported && exported !== value ? this.calleeOfValue(exported, isNew, walk, depth + 1) : UNRESOLVED;
      }
      case 'class': {
        if (!isNew) return UNRESOLVED;
        const constructor = this.memberOfClass(value.key, ['constructor'], walk, depth + 1, false);
        return constructor ? this.calleeOfValue(constructor, false, walk, depth + 1) : UNRESOLVED;
      }
      case 'union': {
        // one of several values: a catalog entry decides; several functions are alternatives
        let fallback: ResolvedCallee = UNRESOLVED;
        const fns: FunctionSummary[] = [];
        for (const option of value.options) {
          const callee = this.calleeOfValue(option, isNew, walk, depth + 1);
          if (callee.kind === 'catalog' || callee.kind === 'global') return callee;
          if (callee.kind === 'fn' && !fns.includes(callee.fn)) fns.push(callee.fn);
          if (callee.kind === 'virtual') for (const fn of callee.fns) if (!fns.includes(fn)) fns.push(fn);
          if (fallback.kind === 'unknown' && callee.kind === 'unknown' && callee.methodName) fallback = callee;
        }
        if (fns.length === 1) return { kind: 'fn', fn: fns[0] };
        if (fns.length > 1) return { kind: 'virtual', fns, methodName: fns[0].memberName ?? fns[0].name };
        return fallback;
      }
      default:
        return UNRESOLVED;
    }
  }

  private classInfo(classKey: string, walk: Walk, depth: number): ClassInfo | undefined {
    if (!classKey.startsWith('import:')) return this.classes.get(classKey);
    const hash = classKey.lastIndexOf('#');
    const binding = this.exportOf(classKey.slice('import:'.length, hash), classKey.slice(hash + 1), 0);
    const key = binding ? this.classKeyOf(binding, walk, depth + 1) : undefined;
    return key ? this.classes.get(key) : undefined;
  }

  private classKeyOf(binding: Binding, walk: Walk, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (binding.kind === 'class') return binding.key;
    if (binding.kind === 'fn') return `class:${binding.id}`;
    if (binding.kind === 'instance') return undefined;
    if (binding.kind === 'namespace') {
      // `const Sender = require('./sender'); new Sender()`: the module's value is the class
      const exported = this.exportOf(binding.file, 'default', 0);
      return exported ? this.classKeyOf(exported, walk, depth + 1) : undefined;
    }
    const value = binding.kind === 'union' ? binding.options.find((option) => option.kind === 'class' || option.kind === 'fn') : this.valueOf(binding, [], walk, depth + 1);
    if (!value || value === binding) return undefined;
    return value.kind === 'class' || value.kind === 'fn' ? this.classKeyOf(value, walk, depth + 1) : undefined;
  }

  /** Does the file export `name` itself (a direct export wins over another file's augmentation of the same path)? */
  private summaryExports(file: string, name: string, rest: readonly string[]): boolean {
    const direct = this.files.get(file)?.exports.get(name);
    if (!direct) return false;
    if (rest.length === 0) return true;
    return direct.kind === 'object' && direct.members.has(rest[0]);
  }

  /** An export of a file, following `export * from` chains and wholesale re-exports (`module.exports = require('fs')`). */
  exportOf(file: string, name: string, depth: number): Binding | undefined {
    const summary = this.files.get(file);
    if (!summary || depth > MAX_DEPTH) return undefined;
    const direct = summary.exports.get(name);
    if (direct) return direct;
    // `var util = module.exports = {}; util.fs = …`: members the exported object gained after the export
    const exported = summary.exports.get('default');
    const later = exported?.kind === 'object' ? exported.members.get(name) : undefined;
    if (later) return later;
    for (const star of summary.starExports) {
      const found = this.exportOf(star, name, depth + 1);
      if (found) return found;
    }
    if (summary.reexports.length > 0 && name !== 'default') {
      return unionOf(summary.reexports.map((source) => ({ kind: 'member' as const, of: source, path: [name] })));
    }
    return undefined;
  }

  // ---------------------------------------------------------------- by name

  /**
   * The project's methods named `methodName` in the files connected to the caller's by imports.
   * For a member missing on a known receiver (`this._doProcessBlock()` in a base class) every
   * implementation counts, up to a limit; for an unknown receiver only a unique, distinctive name.
   */
  private implementationsByName(call: CallSite, methodName: string, onKnownReceiver: boolean): ResolvedCallee | undefined {
    if (BUILTIN_METHOD_NAMES.has(methodName) || methodName.length < 4) return undefined;
    this.projectConsulted = true;
    const candidates = this.methodsNamed(methodName);
    if (!candidates || candidates.length === 0) return undefined;
    const callerFile = call.callerId.slice(0, call.callerId.lastIndexOf('#'));
    const component = this.componentOf(callerFile);
    const connected = candidates.filter((fn) => fn.id !== call.callerId && this.componentOf(fn.file) === component);
    if (connected.length === 0) return undefined;
    if (onKnownReceiver ? connected.length > MAX_VIRTUAL : connected.length > 1) return undefined;
    return { kind: 'virtual', fns: connected, methodName, byName: true };
  }

  private methodsNamed(name: string): FunctionSummary[] | undefined {
    if (!this.methodIndex) {
      this.methodIndex = new Map();
      for (const fn of this.functions.values()) {
        if (!fn.memberName || fn.memberName === 'constructor') continue;
        const list = this.methodIndex.get(fn.memberName);
        if (list) list.push(fn);
        else this.methodIndex.set(fn.memberName, [fn]);
      }
    }
    return this.methodIndex.get(name);
  }

  /** Files connected by imports (in either direction) form a component: code that can call each other. */
  private componentOf(file: string): string {
    if (!this.components) {
      const parent = new Map<string, string>();
      const find = (x: string): string => {
        let root = x;
        while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
        let current = x;
        while (parent.has(current) && parent.get(current) !== root) {
          const next = parent.get(current)!;
          parent.set(current, root);
          current = next;
        }
        return root;
      };
      for (const summary of this.files.values()) {
        if (!parent.has(summary.path)) parent.set(summary.path, summary.path);
        for (const imported of [...summary.imports, ...summary.starExports]) {
          if (!parent.has(imported)) parent.set(imported, imported);
          const a = find(summary.path);
          const b = find(imported);
          if (a !== b) parent.set(a, b);
        }
      }
      this.components = new Map([...parent.keys()].map((key) => [key, find(key)]));
    }
    return this.components.get(file) ?? file;
  }
}

/** A parameter, or a member path of one (`mod.default`), a few levels deep at most. */
function rootedInParameter(binding: Binding): boolean {
  let current = binding;
  for (let depth = 0; depth < 8 && current.kind === 'member'; depth++) current = current.of;
  return current.kind === 'param';
}

/** The method name of a member call, from its source text (`this.stream.write` → `write`). */
function calleeName(call: CallSite): string | undefined {
  const match = /([A-Za-z_$][\w$]*)$/.exec(call.calleeText);
  return match?.[1];
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

/** A member named by an expression (`obj[key]`) or a constant (`obj[kSend]`, `[Symbol.iterator]`): not a name a reader can miss. */
function isComputed(member: string): boolean {
  return member.startsWith('[');
}
