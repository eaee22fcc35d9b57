/**
 * Stage 2 of 3 (summarize → link → evaluate): name resolution across the workspace: what a
 * called name stands for (a function of this or another module, a class, a catalog entry, a
 * method of a known type) and which module file an import refers to. Also infers the types of
 * variables from the calls that produced them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CallInfo,
  CONTAINER_BASES,
  CPU_METHOD_HINTS,
  DIVISIBLE_TYPES,
  IN_MEMORY_TYPES,
  IO_METHOD_HINTS,
  POOLS,
  SPAWNERS,
  attributeType,
  catalogKnows,
  catalogKnowsModuleOf,
  annotatedCatalogType,
  catalogType,
  itemType,
  lookupFunction,
  lookupMethod,
  typeByUse,
  uniformMethodEffect,
} from '../catalog/python';
import { type ClassInfo, type FunctionUnit, type ImportBinding, type PyModule, emptyMap, ownNodes, writable } from './summarize';
import type { PyNode } from './syntax';
import { NodeMap, childByField, descendants, dottedName, namedChildren, textOf } from './syntax';
import { argumentsOf, keywordArguments } from './bounds';

/** What an expression refers to, as far as the analyser can tell. */
export type Resolved =
  | { kind: 'unit'; unit: FunctionUnit }
  | { kind: 'class'; cls: ClassInfo; module: PyModule }
  /** `qualified` is the module's dotted name when it was imported absolutely */
  | { kind: 'module'; module: PyModule; qualified?: string }
  /** something outside the workspace, by its fully-qualified name (a library, a builtin) */
  | { kind: 'external'; qualified: string }
  /** a value of a known type (catalog type, `pool:<executor>`, or `local:<path>::<Class>`) */
  | { kind: 'instance'; type: string }
  | { kind: 'unknown' };

/** A resolved call target with what the catalog says about it. */
export interface CallTarget {
  resolved: Resolved;
  /** the name to show in evidence: `requests.get`, `Image.filter`, `parse_all` */
  display: string;
  info?: CallInfo;
  /** true when `info` comes from a method-name guess on a receiver of unknown type */
  guessed: boolean;
  /** for method calls: the method name and the receiver's resolution */
  method?: string;
  /** the receiver's type was told by the methods called on it (Linker.inferTypesByUse): a guess, and so is what the call returns */
  byUse?: boolean;
  receiver?: Resolved;
}

const UNKNOWN: Resolved = { kind: 'unknown' };
/** Python's builtin functions: a name no scope binds and no import brings resolves to one of these, or to nothing. */
const BUILTIN_NAMES: ReadonlySet<string> = new Set(
  (
    'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash ' +
    'help hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ' +
    'ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super ' +
    'tuple type vars zip'
  ).split(' '),
);

export interface ModuleLoader {
  /** a module of the workspace by absolute path, loading it from disk when it is not yet known */
  moduleAt(filePath: string): PyModule | undefined;
  /**
   * every module loaded so far, in load order (to find the classes that mix a class in): the same
   * array grows as modules load, and a new array starts when the loaded set is thrown away
   */
  loadedModules?(): readonly PyModule[];
}

export class Linker {
  private readonly moduleCache = new Map<string, PyModule | undefined>();
  /** `module\0name` pairs whose import chain is being followed (see memberOfModule) */
  private readonly membersBeingResolved = new Set<string>();
  /** local aliases being followed (`factory = factory` must not loop) */
  private readonly aliasesBeingResolved = new Set<string>();
  /** functions whose returned instance is being worked out (a function returning its own call) */
  private readonly returnsBeingResolved = new Set<string>();

  constructor(private readonly loader: ModuleLoader) {}

  private readonly mixinCache = new Map<string, FunctionUnit | undefined>();
  private readonly baseCache = new Map<string, ClassRef | undefined>();
  private readonly catalogBaseCache = new Map<string, string | undefined>();
  private readonly subclasses = new SubclassIndex((module, written) => this.resolveBase(module, written));

  /**
   * What each call resolved to, kept once types are settled (see settleTypes): the evaluator walks
   * a function once per argument variant, and the rule contexts and the run-once index ask again.
   */
  private callTargets: NodeMap<{ unit: FunctionUnit; target: CallTarget }> | undefined;

  /**
   * The types call sites hand a function's parameters (`Store(redis.Redis())`, `serve(sock)` with
   * `sock = socket.create_connection(…)`): parameter name → type, or null where call sites disagree.
   * Gathered by one round of type inference (`passingTypes`), used by the next (see
   * beginTypeRound): a round that used what it is still gathering would type a parameter from the
   * call sites met so far, before one that hands an unknown value.
   */
  private passedTypes = new Map<FunctionUnit, Map<string, string | null>>();
  /** names and `self` attributes typed by their use (inferTypesByUse), by scope: what their calls do is a guess */
  private readonly typedByUse = new WeakMap<FunctionUnit | ClassInfo, Set<string>>();
  private passingTypes = new Map<FunctionUnit, Map<string, string | null>>();

  /** Starts a round of type inference over every module: what call sites handed in the last one is known now. */
  beginTypeRound(): void {
    this.passedTypes = this.passingTypes;
    this.passingTypes = new Map();
  }

  clearCache(): void {
    this.callTargets = undefined;
    this.names = new Map();
    this.passedTypes = new Map();
    this.passingTypes = new Map();
    this.moduleCache.clear();
    this.mixinCache.clear();
    this.baseCache.clear();
    this.catalogBaseCache.clear();
    this.subclasses.clear();
  }

  /** The workspace module an import names, if its file exists among the files or on disk. */
  resolveModule(from: PyModule, dotted: string, level: number): PyModule | undefined {
    const key = `${from.path}|${level}|${dotted}`;
    if (this.moduleCache.has(key)) return this.moduleCache.get(key);
    const result = this.findModule(from, dotted, level);
    this.moduleCache.set(key, result);
    return result;
  }

  private findModule(from: PyModule, dotted: string, level: number): PyModule | undefined {
    const parts = dotted ? dotted.split('.') : [];
    const roots: string[] = [];
    if (level > 0) {
      let dir = path.dirname(from.path);
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      roots.push(dir);
    } else {
      // absolute imports: the importer's folder and its ancestors may be the import root
      let dir = path.dirname(from.path);
      for (let i = 0; i < 6; i++) {
        roots.push(dir);
        const up = path.dirname(dir);
        if (up === dir) break;
        dir = up;
      }
    }
    for (const root of roots) {
      const base = path.join(root, ...parts);
      // `import trio` in hypercorn/trio/run.py is the third-party trio: in Python 3 a package's own
      // modules reach it by its full or relative name, never by a bare name from a folder inside a package
      if (level === 0 && from.path.startsWith(base + path.sep) && this.loader.moduleAt(path.join(root, '__init__.py'))) continue;
      for (const candidate of [`${base}.py`, path.join(base, '__init__.py')]) {
        if (candidate === from.path && level === 0) continue;
        const module = this.loader.moduleAt(candidate);
        if (module) return module;
      }
    }
    return undefined;
  }

  /** What a name means inside `unit`: nested def, module function or class, import, builtin. */
  resolveName(unit: FunctionUnit, name: string): Resolved {
    for (let scope: FunctionUnit | undefined = unit; scope; scope = scope.parent) {
      const local = scope.locals.get(name);
      if (local) return { kind: 'unit', unit: local };
      const param = scope.params.find((candidate) => candidate.name === name);
      if (param) return this.defaultCallable(scope, param.defaultValue);
      // a local variable shadows imports and builtins (`input`, `open`, `requests = []`)
      if (scope.bound.has(name) || scope.constants.has(`!${name}`)) {
        return this.aliasedCallable(scope, name);
      }
    }
    const module = unit.module;
    const fn = module.functions.get(name);
    if (fn) return { kind: 'unit', unit: fn };
    const cls = module.classes.get(name);
    if (cls) return { kind: 'class', cls, module };
    const binding = module.imports.get(name);
    if (binding) return this.resolveImportOrFallback(module, binding);
    // a module-level variable (`requests = []`, `compile = make_compiler()`) is no library
    if (module.moduleUnit.bound.has(name)) return this.aliasedCallable(module.moduleUnit, name);
    if (BUILTIN_NAMES.has(name)) return { kind: 'external', qualified: name };
    for (const wildcard of module.wildcardImports) {
      if (lookupFunction(`${wildcard}.${name}`)) return { kind: 'external', qualified: `${wildcard}.${name}` };
    }
    return UNKNOWN;
  }

  /**
   * A name its scope assigns once to a class or a catalogued library callable
   * (`factory = ftplib.FTP`, `factory = kwargs.pop("session_factory", DefaultSession)`) calls that
   * class or callable; any other variable is a value the analyser does not know. A default taken
   * from a mapping counts as a parameter's default does (see defaultCallable).
   */
  private aliasedCallable(scope: FunctionUnit, name: string): Resolved {
    const assigned = scope.constants.get(name);
    const value = assigned && defaultOfLookup(scope.module.source, assigned);
    if (!value || (value.type !== 'identifier' && value.type !== 'attribute')) return UNKNOWN;
    const key = `${scope.id}\0${name}`;
    if (this.aliasesBeingResolved.has(key)) return UNKNOWN;
    this.aliasesBeingResolved.add(key);
    try {
      const resolved = this.resolveValue(scope, value);
      if (resolved.kind === 'class' || (resolved.kind === 'external' && lookupFunction(resolved.qualified))) return resolved;
      return UNKNOWN;
    } finally {
      this.aliasesBeingResolved.delete(key);
    }
  }

  /**
   * A parameter whose default is a class or a library callable
   * (`decompressor=zlib.decompress`, `pickler=pickle.Pickler`) calls that unless a caller says
   * otherwise; any other parameter is a value the analyser does not know.
   */
  private defaultCallable(scope: FunctionUnit, defaultValue: PyNode | undefined): Resolved {
    if (defaultValue?.type !== 'identifier' && defaultValue?.type !== 'attribute') return UNKNOWN;
    const resolved = this.resolveValue(scope.parent ?? scope.module.moduleUnit, defaultValue);
    // a function of the workspace as a default (`deepcopy=deepcopy`) is mostly a fast local name: the caller decides
    return resolved.kind === 'class' || resolved.kind === 'external' ? resolved : UNKNOWN;
  }

  /**
   * `try: import ujson as json` / `except ImportError: import json`: the same API under one name;
   * when the analyser knows nothing of the first (a module neither in the catalog nor on disk), the
   * first fallback it knows stands for it.
   */
  private resolveImportOrFallback(module: PyModule, binding: ImportBinding): Resolved {
    const known = (resolved: Resolved) => resolved.kind !== 'external' || catalogKnowsModuleOf(resolved.qualified);
    const first = this.resolveImport(module, binding);
    if (!binding.fallbacks || known(first)) return first;
    for (const fallback of binding.fallbacks) {
      const resolved = this.resolveImport(module, fallback);
      if (known(resolved)) return resolved;
    }
    return first;
  }

  private resolveImport(module: PyModule, binding: ImportBinding): Resolved {
    // the catalog knows libraries better than walking their sources (even when they are on disk)
    if (binding.relativeLevel === 0 && lookupFunction(binding.qualified)) return { kind: 'external', qualified: binding.qualified };
    const asModule = this.resolveModule(module, binding.qualified, binding.relativeLevel);
    if (asModule) return { kind: 'module', module: asModule, qualified: binding.relativeLevel === 0 ? binding.qualified : undefined };
    const dot = binding.qualified.lastIndexOf('.');
    if (dot > 0 || binding.relativeLevel > 0) {
      const owner = dot > 0 ? binding.qualified.slice(0, dot) : '';
      const symbol = binding.qualified.slice(dot + 1);
      const ownerModule = this.resolveModule(module, owner, binding.relativeLevel);
      if (ownerModule) return this.memberOfModule(ownerModule, symbol);
    }
    if (binding.relativeLevel > 0) return UNKNOWN;
    return { kind: 'external', qualified: binding.qualified };
  }

  private memberOfModule(module: PyModule, name: string): Resolved {
    const fn = module.functions.get(name);
    if (fn) return { kind: 'unit', unit: fn };
    const cls = module.classes.get(name);
    if (cls) return { kind: 'class', cls, module };
    const binding = module.imports.get(name);
    if (binding) {
      // re-exports can loop (`a` takes `x` from `b`, `b` from `a`, as optional-import fallbacks
      // do): a name met again on its own chain resolves to nothing, not to a stack overflow
      const key = `${module.path}\0${name}`;
      if (this.membersBeingResolved.has(key)) return UNKNOWN;
      this.membersBeingResolved.add(key);
      try {
        return this.resolveImportOrFallback(module, binding);
      } finally {
        this.membersBeingResolved.delete(key);
      }
    }
    const type = module.moduleUnit.variableTypes.get(name);
    if (type) return { kind: 'instance', type };
    // `import pkg.impl` binds `pkg`; `pkg.impl` is the package's submodule
    if (path.basename(module.path) === '__init__.py') {
      const submodule = this.resolveModule(module, name, 1);
      if (submodule && submodule !== module) return { kind: 'module', module: submodule };
    }
    return UNKNOWN;
  }

  /** What an expression evaluates to (a module, a class, a typed value...). */
  resolveValue(unit: FunctionUnit, node: PyNode): Resolved {
    const source = unit.module.source;
    if (node.type === 'identifier') {
      const name = textOf(source, node);
      const type = this.variableType(unit, name);
      if (type) return { kind: 'instance', type };
      return this.resolveName(unit, name);
    }
    if (node.type === 'attribute') {
      const object = childByField(node, 'object');
      const attribute = childByField(node, 'attribute');
      if (!object || !attribute) return UNKNOWN;
      const attr = textOf(source, attribute);
      if (object.type === 'identifier' && textOf(source, object) === 'self' && unit.className) {
        const type = this.attributeTypeOf(unit.module, unit.className, attr);
        return type ? { kind: 'instance', type } : UNKNOWN;
      }
      const base = this.resolveValue(unit, object);
      if (base.kind === 'instance') {
        const type = attributeType(base.type, attr);
        return type ? { kind: 'instance', type } : UNKNOWN;
      }
      if (base.kind === 'module' && base.qualified && catalogKnows(`${base.qualified}.${attr}`)) {
        return { kind: 'external', qualified: `${base.qualified}.${attr}` };
      }
      if (base.kind === 'module') return this.memberOfModule(base.module, attr);
      if (base.kind === 'external') return { kind: 'external', qualified: `${base.qualified}.${attr}` };
      return UNKNOWN;
    }
    if (node.type === 'call') {
      const target = this.resolveCall(unit, node);
      return this.returnOf(this.overMemoryTwin(unit, node, target) ?? target);
    }
    if (node.type === 'binary_operator') {
      // `root / "static" / name` keeps the type of `root`
      const operator = childByField(node, 'operator');
      const left = childByField(node, 'left');
      if (!operator || !left || textOf(source, operator) !== '/') return UNKNOWN;
      const base = this.resolveValue(unit, left);
      return base.kind === 'instance' && DIVISIBLE_TYPES.has(base.type) ? base : UNKNOWN;
    }
    if (node.type === 'boolean_operator') {
      // `decoder or json.JSONDecoder()`: what the fallback makes is the type the value has
      const operator = childByField(node, 'operator');
      if (!operator || textOf(source, operator) !== 'or') return UNKNOWN;
      for (const side of [childByField(node, 'left'), childByField(node, 'right')]) {
        const resolved = side ? this.resolveValue(unit, side) : UNKNOWN;
        if (resolved.kind === 'instance') return resolved;
      }
      return UNKNOWN;
    }
    if (node.type === 'conditional_expression') {
      // `context if context is not None else SqlStore(path)`: the type the branches make, when they
      // agree; a branch of unknown type counts only beside a default constructed right there (not
      // `pipeline if pipeline is not None else self.connection`: a queueing pipeline stands in for the client)
      const [body, , alternative] = namedChildren(node);
      const types = new Set<string>();
      let unknownBeside = false;
      let constructed = false;
      for (const side of [body, alternative]) {
        const resolved = side ? this.resolveValue(unit, side) : UNKNOWN;
        if (resolved.kind === 'instance') {
          types.add(resolved.type);
          constructed ||= side?.type === 'call';
        } else if (side?.type !== 'none') unknownBeside = true;
      }
      return types.size === 1 && (!unknownBeside || constructed) ? { kind: 'instance', type: [...types][0] as string } : UNKNOWN;
    }
    if (node.type === 'parenthesized_expression' || node.type === 'await') {
      const inner = namedChildren(node)[0];
      return inner ? this.resolveValue(unit, inner) : UNKNOWN;
    }
    if (node.type === 'subscript') {
      const value = childByField(node, 'value');
      const base = value ? this.resolveValue(unit, value) : UNKNOWN;
      const type = base.kind === 'instance' ? itemType(base.type) : undefined;
      return type ? { kind: 'instance', type } : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** The type of value a call returns, when the catalog or the workspace says. */
  /**
   * `gzip.GzipFile(fileobj=io.BytesIO(raw))`, `zipfile.ZipFile(buf)` with `buf = io.BytesIO()`: a
   * call whose stream is in memory (CallInfo.overMemory) makes what its in-memory twin makes.
   */
  private overMemoryTwin(unit: FunctionUnit, call: PyNode, target: CallTarget): CallTarget | undefined {
    const twin = target.info?.overMemory;
    if (!twin) return undefined;
    const stream = keywordArguments(call, unit.module.source).get(twin.keyword ?? '') ?? argumentsOf(call)[twin.arg];
    const value = stream ? this.resolveValue(unit, stream) : UNKNOWN;
    if (value.kind !== 'instance' || !IN_MEMORY_TYPES.has(value.type)) return undefined;
    return { resolved: { kind: 'external', qualified: twin.as }, display: twin.as, info: lookupFunction(twin.as), guessed: false };
  }

  private returnOf(target: CallTarget): Resolved {
    if (target.resolved.kind === 'class') {
      return { kind: 'instance', type: localClassType(target.resolved.module, target.resolved.cls) };
    }
    if (target.resolved.kind === 'external') {
      const pool = POOLS[target.resolved.qualified];
      if (pool) return { kind: 'instance', type: `pool:${pool}` };
      if (SPAWNERS[target.resolved.qualified]) return { kind: 'instance', type: 'threading.Thread' };
    }
    // what a call on a receiver typed by its use returns is as much a guess: it types nothing
    if (target.info?.returns && !target.byUse) return { kind: 'instance', type: target.info.returns };
    if (target.resolved.kind === 'unit') return this.returnedInstance(target.resolved.unit);
    return UNKNOWN;
  }

  /** `def make(): return Worker()`, `@classmethod def create(cls): return cls(...)`: the instance a workspace function returns. */
  private returnedInstance(unit: FunctionUnit): Resolved {
    if (this.returnsBeingResolved.has(unit.id) || this.returnsBeingResolved.size > 8) return UNKNOWN;
    this.returnsBeingResolved.add(unit.id);
    try {
      for (const value of returnedValues(unit)) {
        const cls = unit.className !== undefined && isClsCall(unit, value) ? unit.module.classes.get(unit.className) : undefined;
        if (cls) return { kind: 'instance', type: localClassType(unit.module, cls) };
        const resolved = this.resolveValue(unit, value);
        if (resolved.kind === 'instance') return resolved;
      }
      return UNKNOWN;
    } finally {
      this.returnsBeingResolved.delete(unit.id);
    }
  }

  /**
   * Type inference is done until the next `clearCache`: what a call resolves to stops changing, so
   * it is remembered from here on.
   */
  settleTypes(): void {
    this.callTargets = new NodeMap();
  }

  /**
   * One copy of each name the remembered call targets hold (`display`, `method`, qualified names):
   * made by concatenation or cut from the text, the same name was a new string at every call.
   */
  private names = new Map<string, string>();

  private intern(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    this.names.set(text, text);
    return text;
  }

  /** Resolves the callee of a `call` node. */
  resolveCall(unit: FunctionUnit, call: PyNode): CallTarget {
    // inside the resolution of a return value or an import chain, the guards against cycles
    // shape the answer: only a resolution started afresh is remembered or reused
    const memo = this.returnsBeingResolved.size === 0 && this.membersBeingResolved.size === 0 ? this.callTargets : undefined;
    const known = memo?.get(call);
    if (known?.unit === unit) return known.target;
    const target = this.resolveCallTarget(unit, call);
    if (memo) {
      // a remembered target lives to the end of the analysis: its names as one copy each
      target.display = this.intern(target.display);
      if (target.method !== undefined) target.method = this.intern(target.method);
      if (target.resolved.kind === 'external') target.resolved.qualified = this.intern(target.resolved.qualified);
      if (target.receiver?.kind === 'external') target.receiver.qualified = this.intern(target.receiver.qualified);
      memo.set(call, { unit, target });
    }
    return target;
  }

  private resolveCallTarget(unit: FunctionUnit, call: PyNode): CallTarget {
    const target = this.resolveCallee(unit, call);
    const quiet = target.info?.noWaitWith;
    if (quiet && passesName(unit.module.source, call, quiet)) return { ...target, info: { effect: 'none' } };
    const starts = target.info?.localWith;
    if (starts && target.info && passesName(unit.module.source, call, starts)) return { ...target, info: { ...target.info, local: true } };
    return target;
  }

  private resolveCallee(unit: FunctionUnit, call: PyNode): CallTarget {
    const source = unit.module.source;
    const fn = childByField(call, 'function');
    if (!fn) return { resolved: UNKNOWN, display: '?', guessed: false };
    const display = dottedName(source, fn) ?? shorten(textOf(source, fn));
    if (fn.type === 'identifier') {
      // `read = f.read; read(n)`, `send = getattr(session, method)`: a bound method kept in a local name
      const alias = unit.constants.get(textOf(source, fn));
      if (alias?.type === 'attribute' || (alias?.type === 'call' && this.isGetattr(unit, alias))) {
        return this.resolveCallee(unit, call.derive({ children: [alias.derive({ field: 'function' })] }));
      }
      const resolved = this.resolveName(unit, textOf(source, fn));
      return { resolved, display, info: infoOf(resolved), guessed: false };
    }
    if (fn.type === 'call' && this.isGetattr(unit, fn)) return this.dynamicMember(unit, fn, display);
    if (fn.type !== 'attribute') return { resolved: UNKNOWN, display, guessed: false };
    const object = childByField(fn, 'object') as PyNode;
    const method = textOf(source, childByField(fn, 'attribute') as PyNode);
    if (object.type === 'identifier' && textOf(source, object) === 'self' && unit.className) {
      const declared = this.methodOf(unit.module, unit.className, method);
      // an abstract method (`raise NotImplementedError`) runs as a subclass implements it
      const own = declared && !isAbstractStub(declared) ? declared : (this.implementedMethod(unit.module, unit.className, method) ?? declared);
      if (own) return { resolved: { kind: 'unit', unit: own }, display: `self.${method}`, guessed: false, method };
      const kept = this.classOf(unit)?.attributeCallables.get(method);
      if (kept) return { ...this.resolveCallee(kept.unit, call.derive({ children: [kept.value.derive({ field: 'function' })] })), display: `self.${method}` };
      // `class Api(requests.Session)`: `self.post(…)` is the session's post
      const inherited = this.catalogBaseType(unit.module, unit.className);
      if (inherited) return this.memberCall({ kind: 'instance', type: inherited }, method, `self.${method}`);
    }
    if (object.type === 'call' && unit.className && isSuperCall(source, object)) {
      const inherited = this.inheritedMethod(unit.module, unit.className, method);
      if (inherited) return { resolved: { kind: 'unit', unit: inherited }, display: `super().${method}`, guessed: false, method };
    }
    const resolvedReceiver = this.resolveValue(unit, object);
    const receiver = resolvedReceiver.kind === 'unknown' && joinsPath(source, object, method) ? PATH_VALUE : resolvedReceiver;
    const target = this.memberCall(receiver, method, display);
    // a type told by a method name is a guess: it shapes the verdict, never a finding
    return target.info && this.isTypedByUse(unit, object) ? { ...target, guessed: true, byUse: true } : target;
  }

  /** `sock` or `self._sock` whose type only its use told (inferTypesByUse). */
  private isTypedByUse(unit: FunctionUnit, object: PyNode): boolean {
    const source = unit.module.source;
    if (object.type === 'identifier') {
      const name = textOf(source, object);
      for (let scope: FunctionUnit | undefined = unit; scope; scope = scope.parent) {
        if (scope.variableTypes.has(name)) return this.typedByUse.get(scope)?.has(name) === true;
      }
      return false;
    }
    const owner = object.type === 'attribute' ? childByField(object, 'object') : undefined;
    const attribute = object.type === 'attribute' ? childByField(object, 'attribute') : undefined;
    const cls = this.classOf(unit);
    if (!owner || !attribute || !cls || textOf(source, owner) !== 'self') return false;
    return this.typedByUse.get(cls)?.has(textOf(source, attribute)) === true;
  }

  /** `getattr(obj, name)`: the builtin, not a name that shadows it. */
  private isGetattr(unit: FunctionUnit, call: PyNode): boolean {
    const fn = childByField(call, 'function');
    if (fn?.type !== 'identifier' || textOf(unit.module.source, fn) !== 'getattr') return false;
    const resolved = this.resolveName(unit, 'getattr');
    return resolved.kind === 'external' && resolved.qualified === 'getattr';
  }

  /**
   * `getattr(obj, "name")` is `obj.name`; `getattr(session, method)` picks a method at run time:
   * on a type whose methods all do the same (every request of an HTTP session, every call of a
   * cache client), that is what it does.
   */
  private dynamicMember(unit: FunctionUnit, getattrCall: PyNode, display: string): CallTarget {
    const [object, name] = argumentsOf(getattrCall);
    if (!object || !name) return { resolved: UNKNOWN, display, guessed: false };
    const source = unit.module.source;
    const literal = name.type === 'string' ? /^[rbuRBU]?['"](\w+)['"]$/.exec(textOf(source, name))?.[1] : undefined;
    const receiver = this.resolveValue(unit, object);
    if (literal) {
      const own = object.type === 'identifier' && textOf(source, object) === 'self' && unit.className ? this.methodOf(unit.module, unit.className, literal) : undefined;
      return own ? { resolved: { kind: 'unit', unit: own }, display, guessed: false, method: literal } : this.memberCall(receiver, literal, display);
    }
    const info = receiver.kind === 'instance' ? uniformMethodEffect(receiver.type) : undefined;
    return { resolved: UNKNOWN, display, info, guessed: false, receiver };
  }

  /** `super().method`: the method as the class's bases define it (the class's own is skipped). */
  private inheritedMethod(module: PyModule, className: string, method: string): FunctionUnit | undefined {
    for (const base of module.classes.get(className)?.bases ?? []) {
      const resolved = this.resolveBase(module, base);
      const found = resolved ? this.methodOf(resolved.module, resolved.cls.name, method) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private memberCall(receiver: Resolved, method: string, display: string): CallTarget {
    switch (receiver.kind) {
      case 'module': {
        if (receiver.qualified && lookupFunction(`${receiver.qualified}.${method}`)) {
          const resolved: Resolved = { kind: 'external', qualified: `${receiver.qualified}.${method}` };
          return { resolved, display, info: infoOf(resolved), guessed: false, method, receiver };
        }
        const resolved = this.memberOfModule(receiver.module, method);
        return { resolved, display, info: infoOf(resolved), guessed: false, method, receiver };
      }
      case 'class': {
        const own = this.methodOf(receiver.module, receiver.cls.name, method);
        const resolved: Resolved = own ? { kind: 'unit', unit: own } : UNKNOWN;
        return { resolved, display, guessed: false, method, receiver };
      }
      case 'external': {
        const resolved: Resolved = { kind: 'external', qualified: `${receiver.qualified}.${method}` };
        return { resolved, display, info: infoOf(resolved), guessed: false, method, receiver };
      }
      case 'instance': {
        const local = this.localClassMethod(receiver.type, method);
        if (local) return { resolved: { kind: 'unit', unit: local }, display, guessed: false, method, receiver };
        const inherited = this.localClassCatalogBase(receiver.type);
        if (inherited) return this.memberCall({ kind: 'instance', type: inherited }, method, display);
        const info = lookupMethod(receiver.type, method);
        if (!info && receiver.type.startsWith('local:') && Object.prototype.hasOwnProperty.call(IO_METHOD_HINTS, method)) {
          return { resolved: UNKNOWN, display, info: IO_METHOD_HINTS[method], guessed: true, method, receiver };
        }
        return { resolved: UNKNOWN, display, info, guessed: false, method, receiver };
      }
      default: {
        const info = Object.prototype.hasOwnProperty.call(IO_METHOD_HINTS, method)
          ? IO_METHOD_HINTS[method]
          : Object.prototype.hasOwnProperty.call(CPU_METHOD_HINTS, method)
            ? CPU_METHOD_HINTS[method]
            : undefined;
        return { resolved: UNKNOWN, display, info, guessed: info !== undefined, method, receiver };
      }
    }
  }

  /** A method of a class, looking through its base classes (in this module or imported), depth first as Python's MRO mostly does. */
  methodOf(module: PyModule, className: string, method: string): FunctionUnit | undefined {
    return this.throughBases(module, className, (cls) => cls.methods.get(method), 10);
  }

  /**
   * The first answer `own` gives for the class or, depth first, for its bases (in this module or
   * imported), at most `maxDepth` bases away.
   */
  private throughBases<T>(module: PyModule, className: string, own: (cls: ClassInfo) => T | undefined, maxDepth: number, depth = 0): T | undefined {
    const cls = module.classes.get(className);
    if (!cls || depth > maxDepth) return undefined;
    const found = own(cls);
    if (found) return found;
    for (const base of cls.bases) {
      const resolved = this.resolveBase(module, base);
      const inherited = resolved ? this.throughBases(resolved.module, resolved.cls.name, own, maxDepth, depth + 1) : undefined;
      if (inherited) return inherited;
    }
    return undefined;
  }

  /**
   * True when the class extends a builtin or standard container (`class PatchSet(list)`,
   * `class Catalog(OrderedDict)`), directly or through its bases: its instances are their items.
   */
  isContainerClass(module: PyModule, className: string, depth = 0): boolean {
    const cls = module.classes.get(className);
    if (!cls || depth > 10) return false;
    return cls.bases.some((written) => {
      const text = written.split('[')[0].trim();
      const resolved = this.resolveName(module.moduleUnit, text.split('.')[0]);
      const qualified = resolved.kind === 'external' ? resolved.qualified + text.slice(text.split('.')[0].length) : undefined;
      if (qualified !== undefined && CONTAINER_BASES.has(qualified)) return true;
      const base = this.resolveBase(module, written);
      return base !== undefined && this.isContainerClass(base.module, base.cls.name, depth + 1);
    });
  }

  /** The class a base written in a class statement names: `Base`, `mixins.KeyCommands`, `Generic[T]` → Generic. */
  private resolveBase(module: PyModule, written: string): ClassRef | undefined {
    const key = `${module.path}|${written}`;
    if (this.baseCache.has(key)) return this.baseCache.get(key);
    const resolved = this.findBase(module, written);
    this.baseCache.set(key, resolved);
    return resolved;
  }

  private findBase(module: PyModule, written: string): ClassRef | undefined {
    if (written.includes('=')) return undefined; // metaclass=..., keyword arguments
    const text = written.split('[')[0].trim();
    const local = module.classes.get(text);
    if (local) return { module, cls: local };
    const [head, ...rest] = text.split('.');
    let resolved = this.resolveName(module.moduleUnit, head);
    for (const part of rest) {
      if (resolved.kind !== 'module') return undefined;
      resolved = this.memberOfModule(resolved.module, part);
    }
    return resolved.kind === 'class' ? { module: resolved.module, cls: resolved.cls } : undefined;
  }

  /**
   * A mixin calls methods its subclasses provide (`self.execute_command` in a command mixin): the
   * method of the first loaded class that inherits from `className` and has one.
   */
  mixedInMethod(module: PyModule, className: string, method: string): FunctionUnit | undefined {
    return this.subclassMethod(module, className, method, false);
  }

  /**
   * The method as the loaded subclasses of `className` implement it, for a method the class only
   * declares (a body of `raise NotImplementedError`, `pass` or `...`): the first that is no stub.
   */
  implementedMethod(module: PyModule, className: string, method: string): FunctionUnit | undefined {
    return this.subclassMethod(module, className, method, true);
  }

  private subclassMethod(module: PyModule, className: string, method: string, implemented: boolean): FunctionUnit | undefined {
    const key = `${implemented ? 'implemented' : 'mixin'}:${module.path}::${className}.${method}`;
    if (this.mixinCache.has(key)) return this.mixinCache.get(key);
    this.mixinCache.set(key, undefined);
    let found: FunctionUnit | undefined;
    for (const sub of this.subclasses.of(module, className, this.loader.loadedModules?.() ?? [])) {
      if (sub.module === module && sub.cls.name === className) continue;
      const candidate = this.methodOf(sub.module, sub.cls.name, method);
      if (candidate && !(implemented && isAbstractStub(candidate))) {
        found = candidate;
        break;
      }
    }
    this.mixinCache.set(key, found);
    return found;
  }

  /**
   * Whether a class of the workspace inherits, directly or through its bases in any module, from
   * one of the library classes named (`tornado.web.RequestHandler`).
   */
  inheritsFrom(module: PyModule, className: string, qualifiedNames: ReadonlySet<string>, depth = 0): boolean {
    const cls = module.classes.get(className);
    if (!cls || depth > MAX_INHERITANCE_DEPTH) return false;
    return cls.bases.some((written) => {
      if (written.includes('=')) return false;
      const local = this.resolveBase(module, written);
      if (local) return local.cls !== cls && this.inheritsFrom(local.module, local.cls.name, qualifiedNames, depth + 1);
      const text = written.split('[')[0].trim();
      const head = text.split('.')[0];
      const resolved = this.resolveName(module.moduleUnit, head);
      return (resolved.kind === 'external' || resolved.kind === 'module') && resolved.qualified !== undefined && qualifiedNames.has(resolved.qualified + text.slice(head.length));
    });
  }

  /**
   * The catalog type a class of the workspace inherits from, directly or through its bases in any
   * module (`class Api(requests.Session)`, `class Client(BaseClient)` over one): the methods the
   * class does not define are that type's.
   */
  catalogBaseType(module: PyModule, className: string, depth = 0): string | undefined {
    const key = classKey(module, className);
    if (this.catalogBaseCache.has(key)) return this.catalogBaseCache.get(key);
    this.catalogBaseCache.set(key, undefined);
    const cls = module.classes.get(className);
    let found: string | undefined;
    for (const written of cls && depth <= MAX_INHERITANCE_DEPTH ? cls.bases : []) {
      if (written.includes('=')) continue;
      const local = this.resolveBase(module, written);
      found = local ? this.catalogBaseType(local.module, local.cls.name, depth + 1) : this.catalogTypeNamed(module, written);
      if (found) break;
    }
    this.catalogBaseCache.set(key, found);
    return found;
  }

  /** The catalog type a base written in a class statement names (`requests.Session`, `Session` imported from requests). */
  private catalogTypeNamed(module: PyModule, written: string): string | undefined {
    const text = written.split('[')[0].trim();
    const head = text.split('.')[0];
    const resolved = this.resolveName(module.moduleUnit, head);
    if (resolved.kind === 'external') return catalogType(resolved.qualified + text.slice(head.length));
    if (resolved.kind === 'module' && resolved.qualified) return catalogType(resolved.qualified + text.slice(head.length));
    return undefined;
  }

  /** `local:<path>::<Class>` → the catalog type that class inherits from. */
  private localClassCatalogBase(type: string): string | undefined {
    const match = /^local:(.*)::(.*)$/.exec(type);
    const module = match ? this.loader.moduleAt(match[1]) : undefined;
    return module && match ? this.catalogBaseType(module, match[2]) : undefined;
  }

  /** The type of `self.<attribute>` as the class or one of its bases (in any module) sets it. */
  private attributeTypeOf(module: PyModule, className: string, attribute: string): string | undefined {
    return this.throughBases(module, className, (cls) => cls.attributeTypes.get(attribute), MAX_INHERITANCE_DEPTH);
  }

  localClassMethod(type: string, method: string): FunctionUnit | undefined {
    const match = /^local:(.*)::(.*)$/.exec(type);
    if (!match) return undefined;
    const module = this.loader.moduleAt(match[1]);
    return module ? this.methodOf(module, match[2], method) : undefined;
  }

  classOf(unit: FunctionUnit): ClassInfo | undefined {
    return unit.className === undefined ? undefined : unit.module.classes.get(unit.className);
  }

  variableType(unit: FunctionUnit, name: string): string | undefined {
    for (let scope: FunctionUnit | undefined = unit; scope; scope = scope.parent) {
      const type = scope.variableTypes.get(name);
      if (type) return type;
    }
    return unit.module.moduleUnit.variableTypes.get(name);
  }

  /** Fills `variableTypes` (and class attribute types) of every unit of a module. */
  inferTypes(module: PyModule): void {
    this.callTargets = undefined;
    for (const unit of module.units) {
      unit.variableTypes = emptyMap();
      this.typedByUse.delete(unit);
      this.inferUnitTypes(unit);
    }
    for (const unit of module.units) this.notePassedTypes(unit);
    this.inferTypesByUse(module);
  }

  /**
   * `Store(redis.Redis())`, `self.handle(sock)`: a value of a known type handed to a function of
   * the workspace types the parameter it lands in (a connection passed to `__init__` and kept on
   * `self` is then typed there too). Call sites that hand different types leave it untyped.
   */
  private notePassedTypes(unit: FunctionUnit): void {
    const source = unit.module.source;
    for (const call of ownNodes(unit).calls) {
      const args = childByField(call, 'arguments');
      if (!args || namedChildren(args).length === 0) continue;
      const target = this.resolveCall(unit, call);
      const resolved = target.resolved;
      const callee =
        resolved.kind === 'unit' ? resolved.unit : resolved.kind === 'class' ? this.methodOf(resolved.module, resolved.cls.name, '__init__') : undefined;
      if (!callee || callee === unit) continue;
      const params = callee.params.filter((param) => !param.variadic);
      const bound = target.method !== undefined || resolved.kind === 'class';
      const positional = bound && (params[0]?.name === 'self' || params[0]?.name === 'cls') ? params.slice(1) : params;
      const passed: [string, PyNode][] = [];
      argumentsOf(call).forEach((arg, index) => {
        if (positional[index]) passed.push([positional[index].name, arg]);
      });
      for (const [name, arg] of keywordArguments(call, source)) if (params.some((param) => param.name === name)) passed.push([name, arg]);
      for (const [name, arg] of passed) {
        // `None` says nothing of the type; a value of unknown type at another call site leaves it open
        if (arg.type === 'none') continue;
        const value = this.resolveValue(unit, arg);
        // an in-memory stream is a per-call fact (the evaluator's argument values carry it); a class
        // of the workspace may stand for its subclasses (a base class a user overrides): only library types flow
        const type = value.kind === 'instance' && !IN_MEMORY_TYPES.has(value.type) && !value.type.startsWith('local:') ? value.type : null;
        let types = this.passingTypes.get(callee);
        if (!types) this.passingTypes.set(callee, (types = new Map()));
        const before = types.get(name);
        types.set(name, before === undefined || before === type ? type : null);
      }
    }
  }

  /**
   * A value nothing types (a parameter, an attribute set from one) on which a method only one
   * catalog type has is called (`self._sock.recv(…)`, `conn.cursor()`, `self.r.hgetall(k)`) is a
   * value of that type (catalog TYPES_BY_USE): then its other calls (`self._sock.send(…)`,
   * `self.r.get(k)`) are that type's too.
   */
  private inferTypesByUse(module: PyModule): void {
    const source = module.source;
    const byAttribute = new Map<ClassInfo, Map<string, Set<string>>>();
    // a receiver some call on which is awaited is an asyncio object (an asyncio.Queue has task_done too)
    const awaited = new Set<string>();
    for (const unit of module.units) {
      const byName = new Map<string, Set<string>>();
      const cls = this.classOf(unit);
      for (const call of ownNodes(unit).calls) {
        const fn = childByField(call, 'function');
        const object = fn?.type === 'attribute' ? childByField(fn, 'object') : undefined;
        const attribute = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
        if (!object || !attribute) continue;
        const method = textOf(source, attribute);
        if (call.parent?.type === 'await') awaited.add(textOf(source, object));
        if (object.type === 'identifier') {
          const name = textOf(source, object);
          if (name !== 'self' && name !== 'cls' && (unit.bound.has(name) || unit.params.some((param) => param.name === name))) addTo(byName, name, method);
        } else if (object.type === 'attribute' && cls && textOf(source, childByField(object, 'object') ?? object) === 'self') {
          let attributes = byAttribute.get(cls);
          if (!attributes) byAttribute.set(cls, (attributes = new Map()));
          addTo(attributes, textOf(source, childByField(object, 'attribute') ?? object), method);
        }
      }
      for (const [name, methods] of byName) {
        const type = unit.variableTypes.has(name) || awaited.has(name) ? undefined : typeByUse(methods);
        if (!type) continue;
        unit.variableTypes = writable(unit.variableTypes).set(name, type);
        addTo(this.typedByUse, unit, name);
      }
    }
    for (const [cls, attributes] of byAttribute) {
      for (const [name, methods] of attributes) {
        const type = cls.attributeTypes.has(name) || awaited.has(`self.${name}`) ? undefined : typeByUse(methods);
        if (!type) continue;
        cls.attributeTypes = writable(cls.attributeTypes).set(name, type);
        addTo(this.typedByUse, cls, name);
      }
    }
  }

  private inferUnitTypes(unit: FunctionUnit): void {
    const source = unit.module.source;
    this.inferParameterTypes(unit);
    this.inferPassedTypes(unit);
    for (const node of ownNodes(unit).bindings) {
      let target: PyNode | undefined;
      let value: PyNode | undefined;
      if (node.type === 'assignment') {
        target = childByField(node, 'left');
        value = childByField(node, 'right');
      } else if (node.type === 'as_pattern' && node.parent?.type === 'with_item') {
        value = namedChildren(node)[0];
        target = childByField(node, 'alias');
        if (target && target.type === 'as_pattern_target') target = namedChildren(target)[0];
      }
      if (!target || !value) continue;
      const resolved = this.resolveValue(unit, value);
      if (resolved.kind === 'external' || resolved.kind === 'unit') this.noteAttributeCallable(unit, target, value);
      if (resolved.kind !== 'instance') continue;
      if (target.type === 'identifier') {
        unit.variableTypes = writable(unit.variableTypes).set(textOf(source, target), resolved.type);
      } else if (target.type === 'attribute' && unit.className) {
        const object = childByField(target, 'object');
        const attribute = childByField(target, 'attribute');
        const cls = this.classOf(unit);
        if (object && attribute && cls && textOf(source, object) === 'self') {
          cls.attributeTypes = writable(cls.attributeTypes).set(textOf(source, attribute), resolved.type);
          this.typedByUse.get(cls)?.delete(textOf(source, attribute));
        }
      }
    }
  }

  /** `self.x = some_function`: calls of `self.x(...)` call that function. */
  private noteAttributeCallable(unit: FunctionUnit, target: PyNode, value: PyNode): void {
    if (target.type !== 'attribute' || !unit.className || (value.type !== 'identifier' && value.type !== 'attribute')) return;
    const object = childByField(target, 'object');
    const attribute = childByField(target, 'attribute');
    if (!object || !attribute || textOf(unit.module.source, object) !== 'self') return;
    const cls = this.classOf(unit);
    if (cls) cls.attributeCallables = writable(cls.attributeCallables).set(textOf(unit.module.source, attribute), { unit, value });
  }

  /** `sock: socket.socket` style annotations name catalog types. */
  private inferParameterTypes(unit: FunctionUnit): void {
    const parameters = unit.node.type === 'function_definition' ? childByField(unit.node, 'parameters') : undefined;
    if (!parameters) return;
    const source = unit.module.source;
    for (const param of namedChildren(parameters)) {
      const annotation = childByField(param, 'type');
      const nameNode = namedChildren(param).find((child) => child.type === 'identifier');
      if (!annotation || !nameNode) continue;
      const type = this.annotationType(unit, annotation);
      if (type) unit.variableTypes = writable(unit.variableTypes).set(textOf(source, nameNode), type);
    }
  }

  /** What call sites hand the parameters (notePassedTypes), where no annotation says. */
  private inferPassedTypes(unit: FunctionUnit): void {
    for (const [name, type] of this.passedTypes.get(unit) ?? []) {
      if (type && !unit.variableTypes.has(name)) unit.variableTypes = writable(unit.variableTypes).set(name, type);
    }
  }

  /** The type an annotation names: `socket.socket`, `BinaryIO`, `IO[bytes]`, `Optional[Path]`, a local class. */
  private annotationType(unit: FunctionUnit, annotation: PyNode, depth = 0): string | undefined {
    let typeNode = annotation.type === 'type' ? namedChildren(annotation)[0] ?? annotation : annotation;
    // a module-level alias (`_FileObj = IO[bytes]`) names what its value names
    const alias = typeNode.type === 'identifier' && depth < MAX_ALIAS_DEPTH ? typeAlias(unit.module, textOf(unit.module.source, typeNode)) : undefined;
    if (alias) return this.annotationType(unit, alias, depth + 1);
    // `IO[bytes]` as a value (an alias's right side) is a subscript: its type is IO's
    if (typeNode.type === 'subscript') typeNode = childByField(typeNode, 'value') ?? typeNode;
    if (typeNode.type === 'generic_type') {
      const head = namedChildren(typeNode)[0];
      const wrapper = head ? textOf(unit.module.source, head) : '';
      // `Optional[Path]` is a Path when it is used; `IO[bytes]` is an IO
      const argument = namedChildren(typeNode).find((child) => child.type === 'type_parameter');
      const inner = argument ? namedChildren(argument)[0] : undefined;
      typeNode = wrapper === 'Optional' && inner ? namedChildren(inner)[0] ?? inner : head ?? typeNode;
    }
    const resolved = this.resolveValue(unit, typeNode);
    if (resolved.kind === 'external') return annotatedCatalogType(resolved.qualified);
    if (resolved.kind === 'class') return localClassType(resolved.module, resolved.cls);
    return undefined;
  }
}

function addTo<K extends object | string>(map: { get(key: K): Set<string> | undefined; set(key: K, value: Set<string>): unknown }, key: K, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/** Aliases of aliases followed at most this deep. */
const MAX_ALIAS_DEPTH = 3;

/** The value of a module-level `Name = IO[bytes]` / `Name = socket.socket` assignment used as a type alias. */
/** Mapping methods whose second argument is what they give when the key is absent. */
const DEFAULTING_LOOKUPS = new Set(['pop', 'get']);

/** `kwargs.pop("key", Default)` → `Default`; any other value is itself. */
function defaultOfLookup(source: { text: string }, value: PyNode): PyNode | undefined {
  if (value.type !== 'call') return value;
  const fn = childByField(value, 'function');
  const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
  if (!method || !DEFAULTING_LOOKUPS.has(textOf(source, method))) return undefined;
  const args = argumentsOf(value);
  return args.length === 2 && args[0]?.type === 'string' ? args[1] : undefined;
}

function typeAlias(module: PyModule, name: string): PyNode | undefined {
  if (module.imports.has(name) || module.classes.has(name)) return undefined;
  let found: PyNode | undefined;
  for (const statement of namedChildren(module.source.root)) {
    const assignment = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = childByField(assignment, 'left');
    const right = childByField(assignment, 'right');
    if (left?.type !== 'identifier' || textOf(module.source, left) !== name || !right) continue;
    // assigned twice: not an alias to rely on
    if (found) return undefined;
    if (right.type === 'subscript' || right.type === 'attribute' || right.type === 'identifier') found = right;
  }
  return found;
}

/** A class and the module it is defined in. */
interface ClassRef {
  module: PyModule;
  cls: ClassInfo;
}

/** Base classes followed at most this deep when looking for the classes that inherit from one. */
const MAX_INHERITANCE_DEPTH = 11;

/**
 * Every loaded class by each class it inherits from (directly or through bases of bases), in load
 * order. Built once per analysis and extended as modules load, so finding the classes that mix a
 * class in is a look-up, not a walk over every class of the workspace.
 */
class SubclassIndex {
  private readonly byAncestor = new Map<string, ClassRef[]>();
  private indexed: readonly PyModule[] | undefined;
  private indexedCount = 0;

  constructor(private readonly resolveBase: (module: PyModule, written: string) => ClassRef | undefined) {}

  clear(): void {
    this.byAncestor.clear();
    this.indexed = undefined;
    this.indexedCount = 0;
  }

  /** The loaded classes that inherit from `className` of `module` (a cycle may list the class itself). */
  of(module: PyModule, className: string, loaded: readonly PyModule[]): readonly ClassRef[] {
    if (loaded !== this.indexed) {
      this.clear();
      this.indexed = loaded;
    }
    // resolving bases may load more modules: they join the index too
    while (this.indexedCount < loaded.length) this.add(loaded[this.indexedCount++]);
    return this.byAncestor.get(classKey(module, className)) ?? [];
  }

  private add(module: PyModule): void {
    for (const cls of module.classes.values()) {
      for (const ancestor of this.ancestors({ module, cls })) {
        const list = this.byAncestor.get(ancestor);
        if (list) list.push({ module, cls });
        else this.byAncestor.set(ancestor, [{ module, cls }]);
      }
    }
  }

  /** Keys of the classes `start` inherits from, breadth first, at most MAX_INHERITANCE_DEPTH bases away. */
  private ancestors(start: ClassRef): Set<string> {
    const seen = new Set<string>();
    let frontier: ClassRef[] = [start];
    for (let depth = 0; depth < MAX_INHERITANCE_DEPTH && frontier.length > 0; depth++) {
      const next: ClassRef[] = [];
      for (const ref of frontier) {
        for (const base of ref.cls.bases) {
          const resolved = this.resolveBase(ref.module, base);
          if (!resolved) continue;
          const key = classKey(resolved.module, resolved.cls.name);
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(resolved);
        }
      }
      frontier = next;
    }
    return seen;
  }
}

function classKey(module: PyModule, className: string): string {
  return `${module.path}::${className}`;
}

export function localClassType(module: PyModule, cls: ClassInfo): string {
  return `local:${module.path}::${cls.name}`;
}

function infoOf(resolved: Resolved): CallInfo | undefined {
  return resolved.kind === 'external' ? lookupFunction(resolved.qualified) : undefined;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 37)}...` : flat;
}

/** Reads a file from disk for the module loader; undefined when missing, unreadable or too big. */
export function readPythonFile(filePath: string, maxBytes: number): string | undefined {
  try {
    // most candidates of an import do not exist: asked without an exception (a stack trace each)
    const stat = fs.statSync(filePath, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > maxBytes) return undefined;
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

export { descendants };

/** Does an argument of the call name one of `names` (`socket.AI_NUMERICHOST`, `flags=AI_NUMERICHOST | AI_PASSIVE`)? */
function passesName(source: { text: string }, call: PyNode, names: readonly string[]): boolean {
  const args = childByField(call, 'arguments');
  if (!args) return false;
  for (const node of descendants(args)) {
    if (node.type === 'identifier' && names.includes(textOf(source, node))) return true;
  }
  return false;
}

/** `super()` or `super(Class, self)`. */
function isSuperCall(source: { text: string }, call: PyNode): boolean {
  const fn = childByField(call, 'function');
  return fn?.type === 'identifier' && textOf(source, fn) === 'super';
}

/** `cls(...)` inside a method whose first parameter is `cls`. */
function isClsCall(unit: FunctionUnit, value: PyNode): boolean {
  if (value.type !== 'call' || unit.params[0]?.name !== 'cls') return false;
  const fn = childByField(value, 'function');
  return fn?.type === 'identifier' && textOf(unit.module.source, fn) === 'cls';
}

const returnCache = new WeakMap<FunctionUnit, PyNode[]>();

/** The expressions a function's own `return` statements return. */
const PATH_VALUE: Resolved = { kind: 'instance', type: 'pathlib.Path' };

/**
 * `(root / name).open("rb")`, `(base / key).read_bytes()`: a `/` join whose result has a file
 * method of pathlib's is a path, whatever the left side's type. Numbers and arrays divide too,
 * but none has `open`, `read_text`, `iterdir` or `stat`; only methods pathlib has that touch the disk count.
 */
function joinsPath(source: { text: string }, object: PyNode, method: string): boolean {
  let inner: PyNode | undefined = object;
  while (inner?.type === 'parenthesized_expression') inner = namedChildren(inner)[0];
  if (inner?.type !== 'binary_operator') return false;
  const operator = childByField(inner, 'operator');
  if (!operator || textOf(source, operator) !== '/') return false;
  const info = lookupMethod('pathlib.Path', method);
  return info?.effect === 'blocking-io' && info.local === true;
}

export function returnedValues(unit: FunctionUnit): PyNode[] {
  let values = returnCache.get(unit);
  if (!values) {
    values = [];
    for (const node of ownNodes(unit).returns) {
      const value = namedChildren(node)[0];
      if (value) values.push(value);
    }
    returnCache.set(unit, values);
  }
  return values;
}

/**
 * A method that only declares itself: its body (after a docstring) is `pass`, `...` or
 * `raise NotImplementedError(…)`.
 */
export function isAbstractStub(unit: FunctionUnit): boolean {
  const source = unit.module.source;
  const statements = namedChildren(unit.body).filter((node) => node.type !== 'comment');
  const rest = statements[0]?.type === 'expression_statement' && namedChildren(statements[0])[0]?.type === 'string' ? statements.slice(1) : statements;
  if (rest.length === 0) return false;
  return rest.every((node) => {
    if (node.type === 'pass_statement') return true;
    if (node.type === 'expression_statement') return namedChildren(node)[0]?.type === 'ellipsis';
    if (node.type !== 'raise_statement') return false;
    const raised = namedChildren(node)[0];
    const name = raised?.type === 'call' ? childByField(raised, 'function') : raised;
    return name !== undefined && /(^|\.)NotImplementedError$/.test(textOf(source, name));
  });
}
