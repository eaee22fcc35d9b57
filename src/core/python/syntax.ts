/**
 * A plain-JavaScript copy of tree-sitter's Python syntax tree.
 *
 * web-tree-sitter nodes live in WASM memory: every property read crosses into WASM and the tree
 * must be freed by hand. The analysis walks each tree many times, so the parser copies it once
 * into a PyTree (see parser.ts) and frees the WASM tree straight away.
 *
 * The trees of a whole workspace stay in memory while it is analysed, so a tree holds only what
 * the analysis reads on every walk (type, offsets, field, children, parent), as numbers in one
 * typed array a file; a PyNode is a view of one node, made when a walk reaches it. Rows and
 * columns, read only where a finding or a verdict is placed, are computed from the file's line
 * index, which the tree holds for all its nodes.
 */
import type { Range } from '../model';
import type { LineIndex } from '../positions';

/**
 * Node types and field names by id: a node keeps its type, field and namedness in one small
 * integer (one word of its tree instead of three references). Ids are given as names are first
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

/**
 * A file's nodes, flat: five 32-bit words a node (tag, parent, next sibling, start, end; a link is
 * the linked node's slot, NONE when there is none) in one typed array. The trees of a whole
 * workspace stay in memory while it is analysed (the linker, the evaluator and the rules walk them
 * after the per-file phase): as objects they were 72 bytes a node and most of the heap's objects
 * (1.9 M of them over 1,000 standard-library files, each one marked by every full collection);
 * here they are 20 bytes and one object a file. Nodes are added in document order, so a node's
 * first child, when it has one, is the node added right after it: no word holds it.
 */
export class PyTree {
  /** the nodes' words, STRIDE a node; the root's are the first */
  private words: Int32Array;
  private used = 0;

  constructor(
    /** the text's lines, for the rows and columns of the nodes (asked only where a finding or a verdict is placed) */
    readonly lines: LineIndex,
    expectedNodes = 64,
  ) {
    this.words = new Int32Array(Math.max(1, expectedNodes) * STRIDE);
  }

  /** The number of nodes. */
  get size(): number {
    return this.used / STRIDE;
  }

  /**
   * Adds a node after `previous` (the last child added to `parent`, or NONE for its first); the
   * root is added first, with no parent. Returns its slot. Nodes are added in document order.
   */
  add(type: string, field: string | undefined, named: boolean, start: number, end: number, parent: number, previous: number): number {
    if (this.used + STRIDE > this.words.length) this.grow();
    const slot = this.used;
    const words = this.words;
    words[slot + TAG] = tagOf(type, field, named);
    words[slot + PARENT] = parent;
    words[slot + NEXT_SIBLING] = NONE;
    words[slot + START] = start;
    words[slot + END] = end;
    // a first child (previous NONE) must come right after its parent: firstChild finds it there
    if (previous !== NONE) words[previous + NEXT_SIBLING] = slot;
    else if (parent !== NONE && parent !== slot - STRIDE) throw new Error('a first child must be added right after its parent');
    this.used += STRIDE;
    return slot;
  }

  /** Gives back the room reserved for nodes that never came (once the tree is complete). */
  trim(): void {
    if (this.used < this.words.length) this.words = this.words.slice(0, this.used);
  }

  /** The word `offset` (TAG, PARENT, ...) of the node in `slot`. */
  word(slot: number, offset: number): number {
    return this.words[slot + offset];
  }

  /** The slot of the first child of the node in `slot`: the next node when it is a child of this one, else NONE. */
  firstChildSlot(slot: number): number {
    const next = slot + STRIDE;
    return next < this.used && this.words[next + PARENT] === slot ? next : NONE;
  }

  /** A view of the node in `slot`, or undefined for NONE. */
  node(slot: number): PyNode | undefined {
    return slot === NONE ? undefined : new PyNode(this, slot);
  }

  get root(): PyNode {
    return new PyNode(this, 0);
  }

  private grow(): void {
    const bigger = new Int32Array(this.words.length * 2);
    bigger.set(this.words);
    this.words = bigger;
  }
}

/** The words of a node in a PyTree, at these offsets from its slot. */
const TAG = 0;
const PARENT = 1;
const NEXT_SIBLING = 2;
const START = 3;
const END = 4;
const STRIDE = 5;
/** the slot of no node (a link to nothing); also the slot of a node made by `derive`, in no tree */
export const NONE = -1;

/**
 * A node of a PyTree: a view (the tree and the node's slot) made when asked for, so two views of
 * the same node are different objects: compare nodes with `sameNode`, key maps with `NodeMap`.
 */
export class PyNode {
  constructor(
    readonly tree: PyTree,
    /** where the node's words start in its tree (NONE for a node made by `derive`) */
    readonly slot: number,
  ) {}

  /** the grammar's name of the node (`call`, `identifier`), or of the token kept (`async`, `+`) */
  get type(): string {
    return TYPE_NAMES[this.tree.word(this.slot, TAG) >> TYPE_SHIFT];
  }

  /** the field name this node fills in its parent (`name`, `body`, `function`, ...) */
  get field(): string | undefined {
    return FIELD_NAMES[(this.tree.word(this.slot, TAG) >> 1) & FIELD_MASK];
  }

  /** a named node of the grammar (`identifier`, `call`), not a token kept for its meaning (`async`, `not`, an operator) */
  get named(): boolean {
    return (this.tree.word(this.slot, TAG) & 1) === 1;
  }

  /** UTF-16 offset of the node's first character in the file's text */
  get start(): number {
    return this.tree.word(this.slot, START);
  }

  /** UTF-16 offset just past the node's last character */
  get end(): number {
    return this.tree.word(this.slot, END);
  }

  get parent(): PyNode | undefined {
    return this.tree.node(this.tree.word(this.slot, PARENT));
  }

  /**
   * The children as a list linked through `nextSibling`: `children` makes an array when asked;
   * walks follow the links.
   */
  get firstChild(): PyNode | undefined {
    return this.tree.node(this.tree.firstChildSlot(this.slot));
  }

  get nextSibling(): PyNode | undefined {
    return this.tree.node(this.tree.word(this.slot, NEXT_SIBLING));
  }

  /** The children in order, in a new array (a walk that visits many nodes follows `firstChild`/`nextSibling` instead). */
  get children(): PyNode[] {
    const children: PyNode[] = [];
    for (let child = this.firstChild; child; child = child.nextSibling) children.push(child);
    return children;
  }

  /** 0-based rows and columns (columns in UTF-16 code units), in the one line model (core/positions.ts) */
  get startRow(): number {
    return this.tree.lines.position(this.start).line - 1;
  }

  get startColumn(): number {
    return this.tree.lines.position(this.start).column - 1;
  }

  get endRow(): number {
    return this.tree.lines.position(this.end).line - 1;
  }

  get endColumn(): number {
    return this.tree.lines.position(this.end).column - 1;
  }

  /**
   * A node that is not in the tree, made from this one (`f` read as the call `f()`): same
   * offsets and parent, the changes given. It has no next sibling; `children` (nodes made by
   * `derive`, which this links to each other) replace this node's.
   */
  derive(changes: { type?: string; field?: string; children?: PyNode[] }): PyNode {
    return new DerivedNode(this, changes);
  }
}

/** A node made by `derive`: its origin's place, its own type, field and children. */
class DerivedNode extends PyNode {
  private readonly ownTag: number;
  private readonly ownFirstChild: PyNode | undefined;
  /** set when it is one of another derived node's children */
  private next: PyNode | undefined = undefined;

  constructor(
    private readonly origin: PyNode,
    changes: { type?: string; field?: string; children?: PyNode[] },
  ) {
    super(origin.tree, NONE);
    this.ownTag = tagOf(changes.type ?? origin.type, 'field' in changes ? changes.field : origin.field, origin.named);
    if (changes.children) {
      const children = changes.children;
      for (let i = 0; i + 1 < children.length; i++) derived(children[i]).next = children[i + 1];
      this.ownFirstChild = children[0];
    } else {
      this.ownFirstChild = origin.firstChild;
    }
  }

  override get type(): string {
    return TYPE_NAMES[this.ownTag >> TYPE_SHIFT];
  }

  override get field(): string | undefined {
    return FIELD_NAMES[(this.ownTag >> 1) & FIELD_MASK];
  }

  override get named(): boolean {
    return (this.ownTag & 1) === 1;
  }

  override get start(): number {
    return this.origin.start;
  }

  override get end(): number {
    return this.origin.end;
  }

  override get parent(): PyNode | undefined {
    return this.origin.parent;
  }

  override get firstChild(): PyNode | undefined {
    return this.ownFirstChild;
  }

  override get nextSibling(): PyNode | undefined {
    return this.next;
  }
}

function derived(node: PyNode): DerivedNode {
  if (!(node instanceof DerivedNode)) throw new Error('the children of a derived node must be derived nodes');
  return node;
}

/** Whether two views are of the same node (a node made by `derive` is only itself). */
export function sameNode(a: PyNode | undefined, b: PyNode | undefined): boolean {
  if (a === b) return true;
  return a !== undefined && b !== undefined && a.slot !== NONE && a.slot === b.slot && a.tree === b.tree;
}

/** A map keyed by nodes (by `sameNode`), holding its entries while their tree (or derived node) lives. */
export class NodeMap<V> {
  private readonly byTree = new WeakMap<PyTree, Map<number, V>>();
  private readonly byDerived = new WeakMap<PyNode, V>();

  get(node: PyNode): V | undefined {
    return node.slot === NONE ? this.byDerived.get(node) : this.byTree.get(node.tree)?.get(node.slot);
  }

  set(node: PyNode, value: V): void {
    if (node.slot === NONE) {
      this.byDerived.set(node, value);
      return;
    }
    let slots = this.byTree.get(node.tree);
    if (!slots) {
      slots = new Map();
      this.byTree.set(node.tree, slots);
    }
    slots.set(node.slot, value);
  }
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
