/**
 * Stage 1 of 3 (summarize → link → evaluate, as in src/core/typescript/): one file in, its
 * summary out. The per-file model the analysis works on: the functions of a module (defs, methods, nested
 * defs, lambdas bound to names, and the module body itself), its imports, constants and the types
 * of variables the catalog knows about.
 */
import { NONE, PyNode, type PySource, type PyTree } from './syntax';
import {
  childByField,
  childrenByField,
  descendants,
  dottedName,
  hasChildOfType,
  isAsyncDef,
  namedChildren,
  ownDescendants,
  SCOPE_TYPES,
  sameNode,
  textOf,
  walkOwnScope,
} from './syntax';

export const MODULE_UNIT_NAME = '<module>';

export interface Param {
  name: string;
  defaultValue?: PyNode;
  /** `*args` or `**kwargs` */
  variadic: boolean;
}

export interface FunctionUnit {
  /** `<path>#<start offset>` */
  id: string;
  /** `f`, `Class.method`, `outer.inner`, `<module>` */
  name: string;
  /** the name it is called by from its own scope */
  localName: string;
  node: PyNode;
  /** where diagnostics about the function go */
  nameNode: PyNode;
  /** the statements or expression the function runs */
  body: PyNode;
  params: Param[];
  isAsync: boolean;
  className?: string;
  parent?: FunctionUnit;
  module: PyModule;
  /** a lambda passed as a value (`ex.map(lambda n: work(n), items)`): summarised, never reported */
  anonymous?: boolean;
  // The maps and sets below start as the one shared empty map (set); the first write gives the
  // unit its own (see writable): most functions have no nested defs and no typed variables.
  /** nested defs and lambdas visible by name inside this function */
  locals: ReadonlyMap<string, FunctionUnit>;
  /** variables whose type the catalog (or a class of this module) knows */
  variableTypes: ReadonlyMap<string, string>;
  /** simple constant assignments (`N = 1000`, `items = [..]`) in this scope */
  constants: ReadonlyMap<string, PyNode>;
  /**
   * every name this scope binds (assignment and `for`/`with`/`except` targets, imports inside
   * it, walrus): such a name is a local variable and shadows modules, imports and builtins
   */
  bound: ReadonlySet<string>;
  /** the nodes of its own body later stages look for, found on first use (see ownNodes) */
  own?: OwnNodes;
}

/**
 * A function's own nodes (nested functions, lambdas and classes excluded) of the kinds the
 * linker, the rule contexts and the run-once index look for, each list in document order. Found
 * in one walk of the body and kept, instead of one walk per question.
 */
export interface OwnNodes {
  readonly calls: PyNode[];
  /** `x = …`, `x += …`, and `… as x` */
  readonly bindings: PyNode[];
  /** `for` statements and list, set and generator comprehensions (the loops whose calls can run concurrently) */
  readonly loops: PyNode[];
  readonly returns: PyNode[];
}

/**
 * A unit's own nodes as kept: their slots in the module's tree, each list made into nodes when
 * asked (a node is a view: kept, the views of every unit's lists were most of the views alive).
 * The four lists share one array of slots (calls, then bindings, loops and returns), cut where
 * each ends: four arrays a unit cost more in headers than most units have slots.
 */
class OwnNodeSlots implements OwnNodes {
  constructor(
    private readonly tree: PyTree,
    private readonly slots: readonly number[],
    private readonly callsEnd: number,
    private readonly bindingsEnd: number,
    private readonly loopsEnd: number,
  ) {}

  get calls(): PyNode[] {
    return this.nodes(0, this.callsEnd);
  }

  get bindings(): PyNode[] {
    return this.nodes(this.callsEnd, this.bindingsEnd);
  }

  get loops(): PyNode[] {
    return this.nodes(this.bindingsEnd, this.loopsEnd);
  }

  get returns(): PyNode[] {
    return this.nodes(this.loopsEnd, this.slots.length);
  }

  private nodes(from: number, to: number): PyNode[] {
    const nodes: PyNode[] = [];
    for (let index = from; index < to; index++) nodes.push(new PyNode(this.tree, this.slots[index]));
    return nodes;
  }
}

/** The slots of a unit with no own nodes of these kinds (most lambdas, many small functions). */
const NO_SLOTS: readonly number[] = Object.freeze([]);

const BINDING_TYPES: ReadonlySet<string> = new Set(['assignment', 'augmented_assignment', 'as_pattern']);
const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'list_comprehension', 'set_comprehension', 'generator_expression']);

/** The unit's own nodes by kind: found while its scope is summarised (lambdas: on first use). */
export function ownNodes(unit: FunctionUnit): OwnNodes {
  if (unit.own) return unit.own;
  const own = noOwnNodes();
  for (const node of ownDescendants(unit.body)) recordOwnNode(own, node);
  unit.own = compactOwnNodes(own, unit.body.tree);
  return unit.own;
}

/**
 * The lists kept as slots once found: they live as long as the module. Nodes of a body are nodes
 * of its tree; should one not be (made by `derive`), the lists are kept as nodes, cut to their length.
 */
function compactOwnNodes(own: OwnNodes, tree: PyTree): OwnNodes {
  const lists = [own.calls, own.bindings, own.loops, own.returns];
  if (lists.some((list) => list.some((node) => node.slot === NONE || node.tree !== tree))) {
    return { calls: trimmed(own.calls), bindings: trimmed(own.bindings), loops: trimmed(own.loops), returns: trimmed(own.returns) };
  }
  const slots = lists.flat().map((node) => node.slot);
  const callsEnd = own.calls.length;
  const bindingsEnd = callsEnd + own.bindings.length;
  return new OwnNodeSlots(tree, slots.length === 0 ? NO_SLOTS : slots, callsEnd, bindingsEnd, bindingsEnd + own.loops.length);
}

/**
 * A copy of `list` as long as it is, for lists that live as long as the analysis: one grown by
 * `push` keeps room for at least 17 entries. An empty list has no room to give back.
 */
export function trimmed<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

function noOwnNodes(): OwnNodes {
  return { calls: [], bindings: [], loops: [], returns: [] };
}

function recordOwnNode(own: OwnNodes, node: PyNode): void {
  // while found, the lists are plain arrays (noOwnNodes)
  if (node.type === 'call') own.calls.push(node);
  else if (BINDING_TYPES.has(node.type)) own.bindings.push(node);
  else if (LOOP_TYPES.has(node.type)) own.loops.push(node);
  else if (node.type === 'return_statement') own.returns.push(node);
}

/** What a name imported into a module stands for. */
export interface ImportBinding {
  /** fully-qualified dotted name: `numpy`, `time.sleep`, `pkg.mod.func` */
  qualified: string;
  /** relative imports keep their dots (`.util.parse`), resolved against the importing file */
  relativeLevel: number;
  /**
   * what an `except ImportError:` handler imports under the same name when this import fails
   * (`try: import ujson as json` / `except ImportError: import json`): the linker takes the
   * first of them it knows when it does not know this one
   */
  fallbacks?: ImportBinding[];
}

export interface PyModule {
  source: PySource;
  path: string;
  units: FunctionUnit[];
  moduleUnit: FunctionUnit;
  imports: Map<string, ImportBinding>;
  /** modules imported with `from x import *` */
  wildcardImports: string[];
  /** every lambda of the module by its start offset (those passed as values have no name) */
  lambdas: Map<number, FunctionUnit>;
  /** module-level functions and lambdas by name */
  functions: Map<string, FunctionUnit>;
  /** classes by name: method name → unit, and attribute types set through `self.x = ...` */
  classes: Map<string, ClassInfo>;
}

export interface ClassInfo {
  name: string;
  node: PyNode;
  // shared empty until first written, as a unit's (see writable)
  methods: ReadonlyMap<string, FunctionUnit>;
  attributeTypes: ReadonlyMap<string, string>;
  /**
   * functions kept in an attribute (`self._create_connection = socket.create_connection`,
   * `self._open = open`): what `self._create_connection(...)` calls, with the unit that assigned it
   */
  attributeCallables: ReadonlyMap<string, { unit: FunctionUnit; value: PyNode }>;
  /** base class names as written */
  bases: string[];
}

/**
 * The empty map and set every unit and class starts with. Four maps per function and three per
 * class, most of them never written, were about 20 MB of the heap on 1,000 standard-library
 * files: a field holds these until its first write (`writable`), and is reset to them to clear it.
 * Typed read-only, so a write that skips `writable` does not compile.
 */
const NO_ENTRIES: ReadonlyMap<never, never> = new Map<never, never>();
const NO_MEMBERS: ReadonlySet<never> = new Set<never>();

export function emptyMap<K, V>(): ReadonlyMap<K, V> {
  return NO_ENTRIES;
}

export function emptySet<T>(): ReadonlySet<T> {
  return NO_MEMBERS;
}

/** `map` itself to write into, or a new map when it is the shared empty one: `unit.locals = writable(unit.locals).set(name, fn)`. */
export function writable<K, V>(map: ReadonlyMap<K, V>): Map<K, V> {
  return map === NO_ENTRIES ? new Map<K, V>() : (map as Map<K, V>);
}

/** `set` itself to add to, or a new set when it is the shared empty one. */
export function writableSet<T>(set: ReadonlySet<T>): Set<T> {
  return set === NO_MEMBERS ? new Set<T>() : (set as Set<T>);
}

/** Builds the model of one parsed file. Type inference needs the resolver, so it runs later. */
export function summarizeModule(source: PySource): PyModule {
  const module: PyModule = {
    source,
    path: source.path,
    units: [],
    moduleUnit: undefined as unknown as FunctionUnit,
    imports: new Map(),
    wildcardImports: [],
    functions: new Map(),
    classes: new Map(),
    lambdas: new Map(),
  };
  collectImports(source, module.imports, module.wildcardImports);
  module.moduleUnit = makeUnit(module, source.root, MODULE_UNIT_NAME, MODULE_UNIT_NAME, source.root, undefined);
  module.units.push(module.moduleUnit);
  collectScope(module, source.root, module.moduleUnit, undefined, '');
  return module;
}

function makeUnit(
  module: PyModule,
  node: PyNode,
  name: string,
  localName: string,
  nameNode: PyNode,
  parent: FunctionUnit | undefined,
  className?: string,
): FunctionUnit {
  const isModule = node.type === 'module';
  const body = isModule ? node : childByField(node, 'body') ?? node;
  return {
    // the module and a def on its first line start at the same offset: the module gets its own id
    id: isModule ? `${module.path}#${MODULE_UNIT_NAME}` : `${module.path}#${node.start}`,
    name,
    localName,
    node,
    nameNode,
    body,
    params: isModule ? [] : collectParams(module.source, node),
    isAsync: isAsyncDef(node),
    className,
    parent,
    module,
    locals: emptyMap(),
    variableTypes: emptyMap(),
    constants: emptyMap(),
    bound: emptySet(),
  };
}

/**
 * Walks the statements of one scope (a function body, the module, or a class body inside a scope)
 * once: its constants, the names it binds and its own nodes by kind (see ownNodes) as they come,
 * then the functions, classes and lambdas directly inside it.
 */
function collectScope(module: PyModule, body: PyNode, scope: FunctionUnit, className: string | undefined, prefix: string): void {
  let nested: PyNode[];
  if (className === undefined) {
    const own = sameNode(body, scope.body) && !scope.own ? noOwnNodes() : undefined;
    nested = walkOwnScope(body, (node) => {
      collectConstant(module.source, node, scope);
      collectBoundNames(module.source, node, scope);
      if (own) recordOwnNode(own, node);
    });
    if (own) scope.own = compactOwnNodes(own, body.tree);
  } else {
    nested = walkOwnScope(body);
  }
  for (const node of nested) {
    if (node.type === 'function_definition') addFunction(module, node, scope, className, prefix);
    else if (node.type === 'class_definition') addClass(module, node, scope, prefix);
    else if (node.type === 'lambda') addLambda(module, node, scope, prefix);
  }
}

function addFunction(module: PyModule, node: PyNode, scope: FunctionUnit, className: string | undefined, prefix: string): void {
  const nameNode = childByField(node, 'name');
  if (!nameNode) return;
  const localName = textOf(module.source, nameNode);
  const name = `${prefix}${localName}`;
  const unit = makeUnit(module, node, name, localName, nameNode, scope === module.moduleUnit ? undefined : scope, className);
  module.units.push(unit);
  if (className !== undefined) {
    const cls = module.classes.get(className);
    if (cls) cls.methods = writable(cls.methods).set(localName, unit);
  } else if (scope === module.moduleUnit) module.functions.set(localName, unit);
  else scope.locals = writable(scope.locals).set(localName, unit);
  collectScope(module, unit.body, unit, undefined, `${name}.`);
}

function addClass(module: PyModule, node: PyNode, scope: FunctionUnit, prefix: string): void {
  const nameNode = childByField(node, 'name');
  const body = childByField(node, 'body');
  if (!nameNode || !body) return;
  const name = `${prefix}${textOf(module.source, nameNode)}`;
  const superclasses = childByField(node, 'superclasses');
  const bases = superclasses ? namedChildren(superclasses).map((base) => textOf(module.source, base)) : [];
  if (!module.classes.has(name)) {
    module.classes.set(name, { name, node, methods: emptyMap(), attributeTypes: emptyMap(), attributeCallables: emptyMap(), bases });
  }
  // a class body runs once, in the enclosing scope; its defs become `Class.method`
  collectScope(module, body, scope, name, `${name}.`);
}

/**
 * `name = lambda ...` (and `self.name = lambda ...`) become functions called by name; other
 * lambdas become anonymous units, run when they are passed to a pool, a thread or `map`.
 */
function addLambda(module: PyModule, node: PyNode, scope: FunctionUnit, prefix: string): void {
  const assignment = node.parent;
  const left = assignment?.type === 'assignment' && sameNode(childByField(assignment, 'right'), node) ? childByField(assignment, 'left') : undefined;
  const parent = scope === module.moduleUnit ? undefined : scope;
  if (!left || (left.type !== 'identifier' && left.type !== 'attribute')) {
    const unit = makeUnit(module, node, `${prefix}<lambda>`, '<lambda>', node, parent);
    unit.anonymous = true;
    module.units.push(unit);
    module.lambdas.set(node.start, unit);
    return;
  }
  const localName = textOf(module.source, left).replace(/^self\./, '');
  const unit = makeUnit(module, node, `${prefix}${localName}`, localName, left, parent);
  module.units.push(unit);
  module.lambdas.set(node.start, unit);
  if (scope === module.moduleUnit) module.functions.set(localName, unit);
  else scope.locals = writable(scope.locals).set(localName, unit);
}

function collectParams(source: PySource, node: PyNode): Param[] {
  const parameters = childByField(node, 'parameters');
  if (!parameters) return [];
  const params: Param[] = [];
  for (const param of namedChildren(parameters)) {
    const nameNode = param.type === 'identifier' ? param : childByField(param, 'name') ?? namedChildren(param)[0];
    if (!nameNode) continue;
    const variadic = param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern';
    const name = textOf(source, nameNode.type === 'identifier' ? nameNode : namedChildren(nameNode)[0] ?? nameNode);
    params.push({ name, defaultValue: childByField(param, 'value'), variadic });
  }
  return params;
}

/** Remembers `NAME = <literal-ish>` so loop bounds can use it; a name assigned twice is not a constant. */
function collectConstant(source: PySource, node: PyNode, scope: FunctionUnit): void {
  if (node.type !== 'assignment' && node.type !== 'augmented_assignment' && node.type !== 'for_statement') return;
  const left = childByField(node, 'left');
  const right = childByField(node, 'right');
  if (!left || left.type !== 'identifier') return;
  const name = textOf(source, left);
  const seen = scope.constants.has(name) || scope.constants.has(`!${name}`);
  const constants = writable(scope.constants);
  if (node.type === 'assignment' && right && !seen) {
    constants.set(name, right);
  } else {
    constants.delete(name);
    constants.set(`!${name}`, node);
  }
  scope.constants = constants;
}

const TARGET_FIELDS: Readonly<Record<string, string>> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
};

/** Records the names a binding statement introduces into `scope` (its targets' plain names). */
function collectBoundNames(source: PySource, node: PyNode, scope: FunctionUnit): void {
  let target: PyNode | undefined;
  const field = TARGET_FIELDS[node.type];
  if (field) target = childByField(node, field);
  else if (node.type === 'as_pattern') target = childByField(node, 'alias');
  if (!target) return;
  for (const name of targetNames(source, target)) scope.bound = writableSet(scope.bound).add(name);
}

/** `a`, `a, b`, `[a, *b]`, `(a, b)` → the names; attributes and subscripts bind no name. */
function targetNames(source: PySource, target: PyNode): string[] {
  if (target.type === 'identifier') return [textOf(source, target)];
  if (target.type === 'attribute' || target.type === 'subscript') return [];
  return namedChildren(target).flatMap((child) => targetNames(source, child));
}

/**
 * Reads `import a.b as c`, `from x import y as z`, relative imports and the modules imported with
 * `from x import *`, in one walk of the whole file (imports inside functions count too).
 */
function collectImports(source: PySource, imports: Map<string, ImportBinding>, wildcards: string[]): void {
  for (const node of descendants(source.root)) {
    if (node.type === 'import_statement') {
      for (const item of childrenByField(node, 'name')) addImport(source, imports, item, '', 0, isFallback(node));
    } else if (node.type === 'import_from_statement') {
      const moduleNode = childByField(node, 'module_name');
      if (!moduleNode) continue;
      const { name, level } = parseModuleName(textOf(source, moduleNode));
      for (const item of childrenByField(node, 'name')) addImport(source, imports, item, name, level, isFallback(node));
      if (hasChildOfType(node, 'wildcard_import')) wildcards.push(textOf(source, moduleNode));
    }
  }
}

/**
 * `try: from queue import Queue` / `except ImportError: from Queue import Queue`: the import in the
 * handler runs only when the first one failed (an older Python, a missing optional package): it is
 * a fallback of what the `try` body imported, not what the name stands for.
 */
function isFallback(node: PyNode): boolean {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'except_clause' || at.type === 'except_group_clause') return true;
    if (SCOPE_TYPES.has(at.type)) return false;
  }
  return false;
}

function addImport(source: PySource, imports: Map<string, ImportBinding>, item: PyNode, from: string, level: number, fallback: boolean): void {
  const aliased = item.type === 'aliased_import';
  const nameNode = aliased ? childByField(item, 'name') : item;
  const aliasNode = aliased ? childByField(item, 'alias') : undefined;
  if (!nameNode) return;
  const imported = textOf(source, nameNode);
  const qualified = from ? `${from}.${imported}` : level > 0 ? imported : imported;
  const bind = (name: string, binding: ImportBinding) => {
    const first = fallback ? imports.get(name) : undefined;
    if (first) imports.set(name, { ...first, fallbacks: [...(first.fallbacks ?? []), binding] });
    else imports.set(name, binding);
  };
  if (aliasNode) {
    bind(textOf(source, aliasNode), { qualified, relativeLevel: level });
  } else if (from || level > 0) {
    bind(imported, { qualified, relativeLevel: level });
  } else {
    // `import a.b` binds `a`; calls then spell `a.b.f`
    const head = imported.split('.')[0];
    bind(head, { qualified: head, relativeLevel: 0 });
  }
}

function parseModuleName(text: string): { name: string; level: number } {
  const match = /^(\.*)(.*)$/.exec(text.replace(/\s+/g, '')) as RegExpExecArray;
  return { name: match[2], level: match[1].length };
}

/** Every unit's own statements (what `summarize` walks), for callers that need raw access. */
export function unitStatements(unit: FunctionUnit): PyNode[] {
  return unit.body.type === 'block' || unit.body.type === 'module' ? namedChildren(unit.body) : [unit.body];
}

export { dottedName };
