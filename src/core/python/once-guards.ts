/**
 * Lazy initialisation, from Python syntax: a call that computes long-lived state in a branch that
 * runs only while that state is missing (`if self._conn is None: self._conn = open_conn()`, `if
 * key not in CACHE: CACHE[key] = load(key)`, `if self._keys: return self._keys` before
 * `self._keys = load_keys()`) runs once per object (or per key, per program), not every time its
 * function does. Other work done while the state is missing is not counted: a request object that
 * memoises its parsed body (`if self._post is not None: return self._post`) still parses per request.
 * Long-lived state is an attribute of the method's own object (`self.x`, `cls.x`) or a variable of
 * the module; a test of a local variable or a parameter is no lazy initialisation.
 *
 * Also here: a call in a loop that ends the loop once it has run (a search that stops at the
 * first success: `for port in ports: try: s = bind(port) except OSError: continue; return s`)
 * runs at most once per run of its function.
 */
import type { FunctionUnit } from './summarize';
import { SCOPE_TYPES, childByField, enclosing, namedChildren, ownDescendants, type PyNode, sameNode, textOf } from './syntax';

/** How a condition tests long-lived state: the branch runs while it is missing, or while it is present. */
type StateTest = { state: string; runsWhile: 'absent' | 'present' };

/** The call (or any node) runs only in a branch that fills missing long-lived state. */
export function underOnceGuard(unit: FunctionUnit, node: PyNode): boolean {
  // the call computes the state the guard tests: `self._x = make_x()`, not other work done while it is missing
  const filled = statesComputedBy(unit, node);
  if (filled.length === 0) return false;
  for (let child = node, parent = node.parent; parent && !sameNode(child, unit.body); child = parent, parent = parent.parent) {
    if (SCOPE_TYPES.has(parent.type)) return false;
    if (child.type === 'block' && parent.type === 'if_statement' && child.field === 'consequence') {
      const test = stateTest(unit, childByField(parent, 'condition'));
      if (test?.runsWhile === 'absent' && filled.includes(test.state)) return true;
    }
    if (parent.type === 'else_clause' && parent.parent?.type === 'if_statement' && !hasElif(parent.parent)) {
      const test = stateTest(unit, childByField(parent.parent, 'condition'));
      if (test?.runsWhile === 'present' && filled.includes(test.state)) return true;
    }
    if (parent.type === 'block' && afterEarlyReturnWhilePresent(unit, parent, child, filled)) return true;
  }
  return false;
}

/** The states an assignment whose right side holds `node` writes (`self._keys = list(load(p))` → self._keys). */
function statesComputedBy(unit: FunctionUnit, node: PyNode): string[] {
  const states: string[] = [];
  for (let child = node, parent = node.parent; parent && !SCOPE_TYPES.has(parent.type); child = parent, parent = parent.parent) {
    if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && child.field === 'right') {
      const left = childByField(parent, 'left');
      if (left) states.push(...targets(unit, left));
    }
  }
  return states;
}

/**
 * The call sits in a loop body whose iteration, once it has reached the call, always leaves the
 * loop: a statement after the one holding the call returns, breaks or raises at the body's top
 * level, and nothing from the call on continues the loop.
 */
export function endsLoopAfter(loopBody: PyNode, call: PyNode): boolean {
  let statement: PyNode | undefined = call;
  while (statement && !sameNode(statement.parent, loopBody)) statement = statement.parent;
  if (!statement) return false;
  for (const node of ownDescendants(statement)) {
    if (node.type === 'continue_statement' && node.start > call.start && sameNode(innermostLoop(node), loopBody.parent)) return false;
  }
  const siblings = namedChildren(loopBody);
  const later = siblings.slice(siblings.findIndex((sibling) => sameNode(sibling, statement)) + 1);
  return later.some(leavesLoop) || triedThenLeaves(statement, call);
}

function leavesLoop(statement: PyNode): boolean {
  return ['return_statement', 'break_statement', 'raise_statement'].includes(statement.type);
}

/** `try: f = open(p) except OSError: sleep() else: break`: the try's body holds the call, its else leaves. */
function triedThenLeaves(statement: PyNode, call: PyNode): boolean {
  if (statement.type !== 'try_statement') return false;
  const body = childByField(statement, 'body');
  const otherwise = statement.children.find((child) => child.type === 'else_clause');
  const last = otherwise ? namedChildren(childByField(otherwise, 'body') ?? otherwise).at(-1) : undefined;
  return body !== undefined && within(call, body) && last !== undefined && leavesLoop(last);
}

const LOOPS: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);

function innermostLoop(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (LOOPS.has(current.type)) return current;
    if (SCOPE_TYPES.has(current.type)) return undefined;
  }
  return undefined;
}

/** `if self._x is not None: return self._x` (no else) before `statement`, which computes `self._x`. */
function afterEarlyReturnWhilePresent(unit: FunctionUnit, block: PyNode, statement: PyNode, filled: string[]): boolean {
  const siblings = namedChildren(block);
  const index = siblings.findIndex((sibling) => sameNode(sibling, statement));
  for (const earlier of siblings.slice(0, Math.max(index, 0))) {
    if (earlier.type !== 'if_statement' || childByField(earlier, 'alternative')) continue;
    const consequence = childByField(earlier, 'consequence');
    const last = consequence ? namedChildren(consequence).at(-1) : undefined;
    if (last?.type !== 'return_statement') continue;
    const test = stateTest(unit, childByField(earlier, 'condition'));
    if (test?.runsWhile === 'present' && filled.includes(test.state)) return true;
  }
  return false;
}

function hasElif(ifStatement: PyNode): boolean {
  return ifStatement.children.some((child) => child.type === 'elif_clause');
}

/** `not S`, `S is None`, `K not in S` (absent); `S`, `S is not None`, `K in S` (present); S long-lived. */
function stateTest(unit: FunctionUnit, condition: PyNode | undefined): StateTest | undefined {
  if (!condition) return undefined;
  const source = unit.module.source;
  if (condition.type === 'parenthesized_expression') return stateTest(unit, namedChildren(condition)[0]);
  if (condition.type === 'not_operator') {
    const inner = stateTest(unit, childByField(condition, 'argument'));
    return inner && { state: inner.state, runsWhile: inner.runsWhile === 'absent' ? 'present' : 'absent' };
  }
  if (condition.type === 'comparison_operator') {
    const operands = namedChildren(condition).filter((child) => child.field !== 'operators');
    const operator = condition.children.find((child) => child.field === 'operators');
    if (operands.length !== 2 || !operator) return undefined;
    const op = textOf(source, operator).replace(/\s+/g, ' ');
    const [left, right] = operands;
    if ((op === 'is' || op === 'is not' || op === '==' || op === '!=') && right.type === 'none' && isLongLived(unit, left)) {
      return { state: stateText(unit, left), runsWhile: op === 'is' || op === '==' ? 'absent' : 'present' };
    }
    if ((op === 'in' || op === 'not in') && isLongLived(unit, right)) {
      return { state: stateText(unit, right), runsWhile: op === 'not in' ? 'absent' : 'present' };
    }
    return undefined;
  }
  return isLongLived(unit, condition) ? { state: stateText(unit, condition), runsWhile: 'present' } : undefined;
}

/** An attribute of the method's own object, or a module variable the function does not shadow. */
function isLongLived(unit: FunctionUnit, node: PyNode): boolean {
  const source = unit.module.source;
  let root = node;
  while (root.type === 'attribute') root = childByField(root, 'object') ?? root;
  if (root.type !== 'identifier') return false;
  const name = textOf(source, root);
  if (!sameNode(root, node) && unit.className !== undefined && unit.params[0]?.name === name) return true;
  if (!sameNode(root, node) && name === 'self') return false;
  return isModuleVariable(unit, name);
}

function isModuleVariable(unit: FunctionUnit, name: string): boolean {
  const moduleUnit = unit.module.moduleUnit;
  if (unit === moduleUnit || !moduleUnit.bound.has(name) || moduleUnit.locals.has(name)) return false;
  if (unit.module.imports.has(name) || unit.module.classes.has(name) || unit.module.functions.has(name)) return false;
  return !unit.bound.has(name) || declaresGlobal(unit, name);
}

function declaresGlobal(unit: FunctionUnit, name: string): boolean {
  for (const node of ownDescendants(unit.body)) {
    if (node.type !== 'global_statement') continue;
    if (namedChildren(node).some((child) => textOf(unit.module.source, child) === name)) return true;
  }
  return false;
}

function stateText(unit: FunctionUnit, node: PyNode): string {
  return textOf(unit.module.source, node).replace(/\s+/g, '');
}

/** The state names an assignment's left side writes: `a`, `self.a` for `self.a[k]`, each of a tuple. */
function targets(unit: FunctionUnit, left: PyNode): string[] {
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
    return namedChildren(left).flatMap((child) => targets(unit, child));
  }
  if (left.type === 'subscript') {
    const value = childByField(left, 'value');
    return value ? [stateText(unit, value)] : [];
  }
  return [stateText(unit, left)];
}

const ANY_LOOP: ReadonlySet<string> = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The call may run more than once per run of its function: it sits in a loop (a statement or a
 * comprehension) other than a search that leaves the loop once it has reached the call.
 */
export function repeatsInLoop(call: PyNode, loopTypes: ReadonlySet<string> = ANY_LOOP): boolean {
  for (let loop = enclosing(call, loopTypes); loop; loop = enclosing(loop, loopTypes)) {
    // `for entry in read_entries(path):` evaluates the iterable once
    const iterable = loop.type === 'for_statement' ? childByField(loop, 'right') : undefined;
    if (iterable && within(call, iterable)) continue;
    const body = LOOPS.has(loop.type) ? childByField(loop, 'body') : undefined;
    if (!body || !within(call, body) || !endsLoopAfter(body, call)) return true;
  }
  return false;
}

/** Loops that run until something happens rather than once per item of a collection. */
export const OPEN_ENDED_LOOPS: ReadonlySet<string> = new Set(['while_statement']);

function within(node: PyNode, ancestor: PyNode): boolean {
  for (let current: PyNode | undefined = node; current; current = current.parent) if (sameNode(current, ancestor)) return true;
  return false;
}
