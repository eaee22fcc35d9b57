/**
 * A plain-JavaScript copy of tree-sitter's Python syntax tree.
 *
 * web-tree-sitter nodes live in WASM memory: every property read crosses into WASM and the tree
 * must be freed by hand. The analysis walks each tree many times, so the parser copies it once into
 * these small objects (see parser.ts) and frees the WASM tree straight away.
 */
import type { Range } from '../model';

export interface PyNode {
  type: string;
  /** UTF-16 offsets into the file's text, end exclusive */
  start: number;
  end: number;
  /** 0-based rows and columns (columns in UTF-16 code units), as tree-sitter reports them */
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
  /** the field name this node fills in its parent (`name`, `body`, `function`, ...) */
  field?: string;
  named: boolean;
  children: PyNode[];
  parent?: PyNode;
}

/** A parsed Python file. */
export interface PySource {
  path: string;
  text: string;
  root: PyNode;
  /** ERROR and MISSING nodes tree-sitter recovered from */
  parseErrors: number;
}

export function childByField(node: PyNode, field: string): PyNode | undefined {
  return node.children.find((child) => child.field === field);
}

export function childrenByField(node: PyNode, field: string): PyNode[] {
  return node.children.filter((child) => child.field === field);
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((child) => child.named && child.type !== 'comment');
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
