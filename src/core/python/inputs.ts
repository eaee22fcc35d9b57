/**
 * What a function's work is sized by: its inputs. A loop over a parameter, or over a value computed
 * from one (`lines = text.splitlines()`, `self._buffer += data`), grows with what the caller hands
 * in; a loop over the object's own bookkeeping or over a constant does not. The evaluator uses
 * this to tell per-item work over input data (computation that dominates as inputs grow) from
 * loops over small internal collections.
 */
import { type FunctionUnit, ownNodes } from './summarize';
import { type PyNode, childByField, namedChildren, sameNode, textOf } from './syntax';

const RECEIVERS = new Set(['self', 'cls']);
const LITERALS = new Set(['string', 'integer', 'float', 'concatenated_string']);
const ASSIGNMENTS = new Set(['assignment', 'augmented_assignment']);
/** Passes over the body: enough for a value derived from a value derived from a parameter. */
const PASSES = 3;

/**
 * The names (and `self.attr` paths) that hold the function's inputs: its parameters other than
 * `self`/`cls`, and what is assigned from them in its own body.
 */
export function inputNames(unit: FunctionUnit): Set<string> {
  // a parameter defaulting to a string or number literal is a setting (`sep=","`, `base=26`), not data
  const settings = (param: FunctionUnit['params'][number]) => param.defaultValue !== undefined && LITERALS.has(param.defaultValue.type);
  // `*args` and `**kwargs` hold what a call writes out: a few values, not data that grows
  const rest = (param: FunctionUnit['params'][number]) => param.variadic;
  const inputs = new Set(unit.params.filter((param) => !RECEIVERS.has(param.name) && !settings(param) && !rest(param)).map((param) => param.name));
  if (inputs.size === 0) return inputs;
  const assignments = ownNodes(unit).bindings.flatMap((node) => boundFrom(node));
  for (let pass = 0; pass < PASSES; pass++) {
    const before = inputs.size;
    for (const { left, right } of assignments) {
      if (!mentionsInput(unit, right, inputs)) continue;
      for (const target of targetsOf(left)) inputs.add(textOf(unit.module.source, target));
    }
    if (inputs.size === before) break;
  }
  return inputs;
}

/**
 * The target and value of a binding that hands a value on: `x = …`, `x += …`, and `with … as x`
 * (`with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f`: `f` is made over `raw`).
 */
function boundFrom(node: PyNode): { left: PyNode; right: PyNode }[] {
  if (ASSIGNMENTS.has(node.type)) {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    return left && right ? [{ left, right }] : [];
  }
  if (node.type !== 'as_pattern' || node.parent?.type !== 'with_item') return [];
  const right = namedChildren(node)[0];
  const alias = childByField(node, 'alias');
  const left = alias?.type === 'as_pattern_target' ? namedChildren(alias)[0] : alias;
  return left && right && !sameNode(left, right) ? [{ left, right }] : [];
}

/** True when `node` reads one of `inputs` (a name, or a `self.attr` path). */
export function mentionsInput(unit: FunctionUnit, node: PyNode, inputs: ReadonlySet<string>): boolean {
  if (inputs.size === 0) return false;
  if ((node.type === 'identifier' || node.type === 'attribute') && inputs.has(textOf(unit.module.source, node))) return true;
  return node.children.some((child) => child.type !== 'lambda' && mentionsInput(unit, child, inputs));
}

/** `a`, `a, b = …`, `self.buf = …`: the names an assignment binds. */
export function targetsOf(left: PyNode): PyNode[] {
  if (left.type === 'identifier' || left.type === 'attribute') return [left];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'tuple' || left.type === 'list_pattern') {
    return namedChildren(left).flatMap(targetsOf);
  }
  return [];
}

const constructorInputCache = new WeakMap<FunctionUnit, ReadonlySet<string>>();

/**
 * `self.data`, `self.buf` in a method of a class whose `__init__` stores what it was made over
 * (`self.data = data`): the object's input data, handed in by whoever made it. A parser object's
 * `while self.pos < len(self.data): … self.data[self.pos] …` goes over its input as `while pos <
 * len(data)` does. (Only such a loop, reading it by position: most of what an object keeps are
 * settings and a few handlers, not data.)
 */
export function constructorInputs(unit: FunctionUnit): ReadonlySet<string> {
  if (unit.className === undefined || !RECEIVERS.has(unit.params[0]?.name ?? '') || unit.localName === '__init__') return EMPTY;
  const init = unit.module.classes.get(unit.className)?.methods.get('__init__');
  if (!init) return EMPTY;
  let attributes = constructorInputCache.get(init);
  if (!attributes) {
    attributes = new Set([...inputNames(init)].filter((name) => name.startsWith(`${init.params[0]?.name ?? 'self'}.`)));
    constructorInputCache.set(init, attributes);
  }
  // the method's receiver may go by another name than `__init__`'s
  const receiver = unit.params[0].name;
  return new Set([...attributes].map((name) => `${receiver}${name.slice(name.indexOf('.'))}`));
}

const EMPTY: ReadonlySet<string> = new Set();
