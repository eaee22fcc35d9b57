/**
 * A plain-JavaScript copy of tree-sitter's Python syntax tree.
 *
 * web-tree-sitter nodes live in WASM memory: every property read crosses into WASM and the tree
 * must be freed by hand. The analysis walks each tree many times, so the parser copies it once into
 * these small objects (see parser.ts) and frees the WASM tree straight away.
 *
 * The trees of a whole workspace stay in memory while it is analysed, so a node holds only what
 * the analysis reads on every walk (type, offsets, field, children, parent): rows and columns,
 * read only where a finding or a verdict is placed, are computed from the file's line index,
 * which the tree's root holds for all its nodes.
 */
import type { Range } from '../model';
import type { LineIndex } from '../positions';

/**
 * Node types and field names by id: a node keeps its type, field and namedness in one small
 * integer (three references fewer in each of millions of nodes). Ids are given as names are first
 * seen: the grammar has a few hundred types and a few dozen fields.
 */
const TYPE_NAMES: string[] = [];
const TYPE_IDS = new Map<string, number>();
const FIELD_NAMES: (string | undefined)[] = [undefined];
const FIELD_IDS = new Map<string, number>();
/** a node's tag: namedness in bit 0, the field's id in the next FIELD_BITS bits, the type's id above */
const FIELD_BITS = 8;
const FIELD_MASK = (1 << FIELD_BITS) - 1;
const TYPE_SHIFT = FIELD_BITS + 1;

function nameId(names: (string | undefined)[], ids: Map<string, number>, name: string): number {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    ids.set(name, id);
  }
  return id;
}

function tagOf(type: string, field: string | undefined, named: boolean): number {
  const fieldId = field === undefined ? 0 : nameId(FIELD_NAMES, FIELD_IDS, field);
  if (fieldId > FIELD_MASK) throw new Error(`more than ${FIELD_MASK} field names (${field})`);
  return (nameId(TYPE_NAMES, TYPE_IDS, type) << TYPE_SHIFT) | (fieldId << 1) | (named ? 1 : 0);
}

export class PyNode {
  /**
   * The children as a list linked through `nextSibling`, not an array per node: the arrays were
   * a third of a tree's memory. `children` makes the array when asked; walks follow the links.
   */
  firstChild: PyNode | undefined = undefined;
  nextSibling: PyNode | undefined = undefined;
  parent: PyNode | undefined = undefined;
  /** type, field and namedness (see tagOf) */
  private readonly tag: number;

  constructor(
    type: string,
    /** UTF-16 offsets into the file's text, end exclusive */
    readonly start: number,
    readonly end: number,
    field: string | undefined,
    named: boolean,
  ) {
    this.tag = tagOf(type, field, named);
  }

  /** the grammar's name of the node (`call`, `identifier`), or of the token kept (`async`, `+`) */
  get type(): string {
    return TYPE_NAMES[this.tag >> TYPE_SHIFT];
  }

  /** the field name this node fills in its parent (`name`, `body`, `function`, ...) */
  get field(): string | undefined {
    return FIELD_NAMES[(this.tag >> 1) & FIELD_MASK];
  }

  /** a named node of the grammar (`identifier`, `call`), not a token kept for its meaning (`async`, `not`, an operator) */
  get named(): boolean {
    return (this.tag & 1) === 1;
  }

  /** The children in order, in a new array (a walk that visits many nodes follows `firstChild`/`nextSibling` instead). */
  get children(): PyNode[] {
    const children: PyNode[] = [];
    for (let child = this.firstChild; child; child = child.nextSibling) children.push(child);
    return children;
  }

  /** Adds `child` after the last child (the parser builds trees in document order). */
  append(child: PyNode, last: PyNode | undefined): void {
    child.parent = this;
    if (last) last.nextSibling = child;
    else this.firstChild = child;
  }

  /** 0-based rows and columns (columns in UTF-16 code units), in the one line model (core/positions.ts) */
  get startRow(): number {
    return linesOf(this).position(this.start).line - 1;
  }

  get startColumn(): number {
    return linesOf(this).position(this.start).column - 1;
  }

  get endRow(): number {
    return linesOf(this).position(this.end).line - 1;
  }

  get endColumn(): number {
    return linesOf(this).position(this.end).column - 1;
  }

  /**
   * A node that is not in the tree, made from this one (`f` read as the call `f()`): same
   * offsets and parent, the changes given. It has no next sibling; `children` (nodes made by
   * `derive`, which this links to each other) replace this node's.
   */
  derive(changes: { type?: string; field?: string; children?: PyNode[] }): PyNode {
    const node = new PyNode(changes.type ?? this.type, this.start, this.end, 'field' in changes ? changes.field : this.field, this.named);
    if (changes.children) {
      const children = changes.children;
      for (let i = 0; i + 1 < children.length; i++) children[i].nextSibling = children[i + 1];
      node.firstChild = children[0];
    } else {
      node.firstChild = this.firstChild;
    }
    node.parent = this.parent;
    if (!this.parent) setLineIndex(node, linesOf(this));
    return node;
  }
}

/**
 * The line index of each tree, by its root. A tree holds millions of nodes in a large workspace:
 * rows and columns are asked for only where a finding or a verdict is placed, so a node finds its
 * file's line index through its root instead of holding a reference of its own.
 */
const lineIndexes = new WeakMap<PyNode, LineIndex>();

/** Gives a tree (by its root) the line index of the text it was parsed from. */
export function setLineIndex(root: PyNode, lines: LineIndex): void {
  lineIndexes.set(root, lines);
}

function linesOf(node: PyNode): LineIndex {
  let root = node;
  while (root.parent) root = root.parent;
  const lines = lineIndexes.get(root);
  if (!lines) throw new Error(`a ${node.type} node of no parsed tree has no position`);
  return lines;
}

/** A parsed Python file. */
export interface PySource {
  path: string;
  text: string;
  root: PyNode;
  /** ERROR and MISSING nodes tree-sitter recovered from */
  parseErrors: number;
}

// The three helpers below run for nearly every node of every walk: plain loops, no callback
// allocated per call.

export function childByField(node: PyNode, field: string): PyNode | undefined {
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.field === field) return child;
  return undefined;
}

export function childrenByField(node: PyNode, field: string): PyNode[] {
  const found: PyNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.field === field) found.push(child);
  return found;
}

export function namedChildren(node: PyNode): PyNode[] {
  const found: PyNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.named && child.type !== 'comment') found.push(child);
  return found;
}

/** Whether some child of `node` is of `type`. */
export function hasChildOfType(node: PyNode, type: string): boolean {
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.type === type) return true;
  return false;
}

export function textOf(source: { text: string }, node: PyNode): string {
  return source.text.slice(node.start, node.end);
}

/** 1-based range of a node, as the model wants it. */
export function rangeOf(node: PyNode): Range {
  return {
    line: node.startRow + 1,
    column: node.startColumn + 1,
    endLine: node.endRow + 1,
    endColumn: node.endColumn + 1,
  };
}

export function lineOf(node: PyNode): number {
  return node.startRow + 1;
}

/** Every node under `node` (itself included), depth first, without recursion. */
export function* descendants(node: PyNode, skip?: (node: PyNode) => boolean): Generator<PyNode> {
  yield node;
  // the stack holds the next node to visit at each depth: a node's next sibling waits below its first child
  const stack: PyNode[] = [];
  if (node.firstChild) stack.push(node.firstChild);
  while (stack.length > 0) {
    const current = stack.pop() as PyNode;
    if (current.nextSibling) stack.push(current.nextSibling);
    yield current;
    if (current.firstChild && !skip?.(current)) stack.push(current.firstChild);
  }
}

/** Node types that open a new function scope: their bodies belong to another function. */
export const SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** Descendants of `node` that belong to the same function (nested defs, lambdas and classes excluded). */
export function* ownDescendants(node: PyNode): Generator<PyNode> {
  // one generator, not a filter over `descendants`: every body is walked this way several times
  yield node;
  const stack: PyNode[] = [];
  if (node.firstChild) stack.push(node.firstChild);
  while (stack.length > 0) {
    const current = stack.pop() as PyNode;
    if (current.nextSibling) stack.push(current.nextSibling);
    if (SCOPE_TYPES.has(current.type)) continue;
    yield current;
    if (current.firstChild) stack.push(current.firstChild);
  }
}

/**
 * One walk of a scope's own nodes, in `ownDescendants`' order: `visit` sees each (when given); the
 * function, class and lambda nodes met (whose bodies are other scopes, not walked) are returned in
 * document order.
 */
export function walkOwnScope(node: PyNode, visit?: (node: PyNode) => void): PyNode[] {
  const nested: PyNode[] = [];
  visit?.(node);
  const stack: PyNode[] = [];
  if (node.firstChild) stack.push(node.firstChild);
  while (stack.length > 0) {
    const current = stack.pop() as PyNode;
    if (current.nextSibling) stack.push(current.nextSibling);
    if (SCOPE_TYPES.has(current.type)) {
      nested.push(current);
      continue;
    }
    visit?.(current);
    if (current.firstChild) stack.push(current.firstChild);
  }
  return nested;
}

export function ancestors(node: PyNode): PyNode[] {
  const result: PyNode[] = [];
  for (let current = node.parent; current; current = current.parent) result.push(current);
  return result;
}

/** The innermost enclosing node of one of `types`, stopping at function boundaries. */
export function enclosing(node: PyNode, types: ReadonlySet<string>): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (types.has(current.type)) return current;
    if (SCOPE_TYPES.has(current.type)) return undefined;
  }
  return undefined;
}

/** `a.b.c` for attribute chains of plain names; undefined for anything else (calls, subscripts). */
export function dottedName(source: { text: string }, node: PyNode): string | undefined {
  if (node.type === 'identifier') return textOf(source, node);
  if (node.type !== 'attribute') return undefined;
  const object = childByField(node, 'object');
  const attribute = childByField(node, 'attribute');
  if (!object || !attribute) return undefined;
  const base = dottedName(source, object);
  return base === undefined ? undefined : `${base}.${textOf(source, attribute)}`;
}

/** True for `async def`. */
export function isAsyncDef(node: PyNode): boolean {
  return node.type === 'function_definition' && hasChildOfType(node, 'async');
}

/** The statement (direct child of a block or the module) that contains `node`. */
export function statementOf(node: PyNode): PyNode {
  let current = node;
  while (current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') {
    current = current.parent;
  }
  return current;
}
