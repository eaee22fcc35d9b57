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

/** The children of a leaf: one shared, frozen array (most nodes are leaves). */
export const NO_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];

export class PyNode {
  children: PyNode[] = NO_CHILDREN;
  parent: PyNode | undefined = undefined;

  constructor(
    readonly type: string,
    /** UTF-16 offsets into the file's text, end exclusive */
    readonly start: number,
    readonly end: number,
    /** the field name this node fills in its parent (`name`, `body`, `function`, ...) */
    readonly field: string | undefined,
    readonly named: boolean,
  ) {}

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
   * offsets and parent, the changes given.
   */
  derive(changes: { type?: string; field?: string; children?: PyNode[] }): PyNode {
    const node = new PyNode(changes.type ?? this.type, this.start, this.end, 'field' in changes ? changes.field : this.field, this.named);
    node.children = changes.children ?? this.children;
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
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].field === field) return children[i];
  return undefined;
}

export function childrenByField(node: PyNode, field: string): PyNode[] {
  const found: PyNode[] = [];
  for (const child of node.children) if (child.field === field) found.push(child);
  return found;
}

export function namedChildren(node: PyNode): PyNode[] {
  const found: PyNode[] = [];
  for (const child of node.children) if (child.named && child.type !== 'comment') found.push(child);
  return found;
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
  const stack: PyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as PyNode;
    yield current;
    if (current !== node && skip?.(current)) continue;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
}

/** Node types that open a new function scope: their bodies belong to another function. */
export const SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** Descendants of `node` that belong to the same function (nested defs, lambdas and classes excluded). */
export function* ownDescendants(node: PyNode): Generator<PyNode> {
  // one generator, not a filter over `descendants`: every body is walked this way several times
  const stack: PyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop() as PyNode;
    if (current !== node && SCOPE_TYPES.has(current.type)) continue;
    yield current;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
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
  return node.type === 'function_definition' && node.children.some((child) => child.type === 'async');
}

/** The statement (direct child of a block or the module) that contains `node`. */
export function statementOf(node: PyNode): PyNode {
  let current = node;
  while (current.parent && current.parent.type !== 'block' && current.parent.type !== 'module') {
    current = current.parent;
  }
  return current;
}
