/**
 * Loads tree-sitter's Python grammar (WASM, no native build) and parses files into PyNode trees.
 *
 * Two WASM files are needed at run time: `web-tree-sitter.wasm` (the runtime, from the
 * `web-tree-sitter` package) and `tree-sitter-python.wasm` (the grammar, from `tree-sitter-python`).
 * A bundle (dist/*.js) copies both next to itself; `wasmDir` overrides where they are looked for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { LineIndex } from '../positions';
import { NONE, type PyNode, type PySource, PyTree } from './syntax';

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const GRAMMAR_WASM = 'tree-sitter-python.wasm';
/** The files a bundle must ship next to itself (or in the directory passed as `wasmDir`). */
export const PYTHON_WASM_FILES: readonly string[] = [RUNTIME_WASM, GRAMMAR_WASM];

/** Deeper nesting than this is not copied: real code never gets near it, hostile input might. */
const MAX_DEPTH = 400;

export interface WasmLocation {
  runtime: string;
  grammar: string;
}

/** Finds the two WASM files: `wasmDir` when given, else next to this file (bundle), else node_modules. */
export function locateWasm(wasmDir?: string): WasmLocation {
  if (wasmDir) return { runtime: path.join(wasmDir, RUNTIME_WASM), grammar: path.join(wasmDir, GRAMMAR_WASM) };
  if (fs.existsSync(path.join(__dirname, GRAMMAR_WASM)) && fs.existsSync(path.join(__dirname, RUNTIME_WASM))) {
    return { runtime: path.join(__dirname, RUNTIME_WASM), grammar: path.join(__dirname, GRAMMAR_WASM) };
  }
  return {
    runtime: path.join(path.dirname(require.resolve('web-tree-sitter')), RUNTIME_WASM),
    grammar: require.resolve(`tree-sitter-python/${GRAMMAR_WASM}`),
  };
}

let runtimeReady: Promise<void> | undefined;
/**
 * The options object given to `Parser.init`: Emscripten makes it the runtime's module, so once
 * initialised it holds the WASM exports the copy calls directly (see DirectCursor).
 */
let runtimeModule: Partial<CursorExports> | undefined;
const grammars = new Map<string, Promise<Language>>();

/** A reusable parser; creating one is cheap once the runtime and grammar are loaded. */
export class PythonParser {
  private constructor(private readonly parser: Parser) {}

  static async create(wasmDir?: string): Promise<PythonParser> {
    const location = locateWasm(wasmDir);
    for (const file of [location.runtime, location.grammar]) {
      if (!fs.existsSync(file)) throw new Error(`Threadwise: cannot find ${file} (pass wasmDir to locate it)`);
    }
    if (!runtimeReady) {
      const moduleOptions: Partial<CursorExports> & { locateFile: () => string } = { locateFile: () => location.runtime };
      runtimeModule = moduleOptions;
      runtimeReady = Parser.init(moduleOptions);
    }
    await runtimeReady;
    let grammar = grammars.get(location.grammar);
    if (!grammar) {
      grammar = Language.load(location.grammar);
      grammars.set(location.grammar, grammar);
    }
    const parser = new Parser();
    parser.setLanguage(await grammar);
    return new PythonParser(parser);
  }

  /** `cursor.direct: false` copies through web-tree-sitter's TreeCursor (tests compare both ways). */
  parse(filePath: string, text: string, cursor: { direct?: boolean } = {}): PySource {
    // Python ends a line at a lone CR too; the grammar does not. Replacing each lone CR by LF
    // keeps every offset, so positions stay those of the text as given (see core/positions.ts).
    const tree = this.parser.parse(text.replace(/\r(?!\n)/g, '\n'));
    if (!tree) {
      return { path: filePath, text, root: emptyModule(text), parseErrors: 1 };
    }
    try {
      const { root, errors } = copyTree(tree, text, cursor);
      return { path: filePath, text, root, parseErrors: errors };
    } finally {
      tree.delete();
    }
  }
}

function emptyModule(text: string): PyNode {
  const tree = new PyTree(new LineIndex(text), 1);
  tree.add('module', undefined, true, 0, text.length, NONE, NONE);
  return tree.root;
}

type Tree = NonNullable<ReturnType<Parser['parse']>>;
type Cursor = ReturnType<Tree['walk']>;

/** Anonymous tokens worth keeping: the rest (punctuation, keywords) carries no information we use. */
const KEPT_TOKENS: ReadonlySet<string> = new Set(['async', 'await', 'not', 'in', 'is', 'and', 'or']);
/**
 * Named nodes nothing reads: comments, and the parts of a string literal other than its
 * interpolations (the analysis reads a string's text, never its pieces). A fifth of a file's
 * nodes; dropping them keeps the trees of a workspace smaller. Their subtrees are still walked
 * in a tree with errors, so the count of ERROR and MISSING nodes is that of the whole tree.
 */
const DROPPED_TYPES: ReadonlySet<string> = new Set(['comment', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'escape_interpolation']);

/**
 * Named nodes that are tokens: they never have children, so the cursor is not sent below them (a
 * third of the nodes kept; every cursor move crosses into WASM).
 */
const LEAF_TYPES: ReadonlySet<string> = new Set(['identifier', 'integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** The prefix letters of string literals that cannot hold interpolations (raw, bytes, unicode). */
const PLAIN_STRING_PREFIX = /^[rRbBuU]*['"]/;

/**
 * Whether the copy must look below a kept node: a token has no children, and a string literal
 * without an `f` (or another prefix that may hold interpolations) has only pieces the copy drops.
 * In a tree with errors every node is looked below, since errors are counted over all of them.
 */
function mayHaveKeptChildren(type: string, text: string, start: number, hasErrors: boolean): boolean {
  if (hasErrors) return true;
  if (LEAF_TYPES.has(type)) return false;
  return type !== 'string' || !PLAIN_STRING_PREFIX.test(text.slice(start, start + 4));
}

/** What stands on the copy's stack for the nodes below a dropped one: nothing is attached to it. */
const DISCARDED = -2;

/** Nodes expected in a file's tree per character of its text (about one in nine on the standard library). */
const NODES_PER_CHARACTER = 1 / 8;

/**
 * Copies the tree iteratively (no recursion: deep input must not overflow). Every cursor read
 * crosses into WASM, so a node is first judged by its type, field and namedness, and only the
 * nodes kept are asked for their offsets; MISSING nodes are looked for only in a tree with errors.
 */
function copyTree(tree: Tree, text: string, options: { direct?: boolean }): { root: PyNode; errors: number } {
  // asked before the cursor opens: a direct cursor lives in the buffer that reading a node overwrites
  const hasErrors = tree.rootNode.hasError;
  const cursor = openCursor(tree, options);
  try {
    return copyFromCursor(tree.language, cursor, text, hasErrors);
  } finally {
    cursor.delete();
  }
}

function copyFromCursor(language: Tree['language'], cursor: CursorReader, text: string, hasErrors: boolean): { root: PyNode; errors: number } {
  const { types, fields } = language;
  const namedTypes = namedTypeIds(language);
  let errors = 0;
  const copy = new PyTree(new LineIndex(text), Math.ceil(text.length * NODES_PER_CHARACTER) + 16);
  const root = copy.add(types[cursor.typeId()] || 'ERROR', undefined, true, cursor.startIndex(), cursor.endIndex(), NONE, NONE);
  // stack[i] is the slot of the copied node at cursor depth i (DISCARDED below a dropped node),
  // lastChild[i] the slot of the last child copied into it; the cursor sits on a child of the top
  const stack: number[] = [root];
  const lastChild: number[] = [NONE];
  let more = cursor.gotoFirstChild();
  while (more) {
    const typeId = cursor.typeId();
    const type = types[typeId] || 'ERROR';
    if (hasErrors && (type === 'ERROR' || cursor.isMissing())) errors++;
    const depth = stack.length - 1;
    const parent = stack[depth];
    const dropped = parent === DISCARDED || DROPPED_TYPES.has(type);
    // below a dropped node only errors are looked for, and only in a tree that has some
    if (dropped && !hasErrors) {
      more = advance(cursor, stack, lastChild);
      continue;
    }
    // ERROR has an id outside the grammar's types: ask the cursor
    const named = typeId < namedTypes.length ? namedTypes[typeId] : cursor.isNamed();
    const field = fields[cursor.fieldId()] ?? undefined;
    if (named || field !== undefined || KEPT_TOKENS.has(type)) {
      let node = DISCARDED;
      let below = hasErrors;
      if (!dropped) {
        const start = cursor.startIndex();
        node = copy.add(type, field, named, start, cursor.endIndex(), parent, lastChild[depth]);
        lastChild[depth] = node;
        below = mayHaveKeptChildren(type, text, start, hasErrors);
      }
      if (below && stack.length < MAX_DEPTH && cursor.gotoFirstChild()) {
        stack.push(node);
        lastChild.push(NONE);
        continue;
      }
    }
    more = advance(cursor, stack, lastChild);
  }
  copy.trim();
  return { root: copy.root, errors };
}

const namedByLanguage = new WeakMap<Tree['language'], boolean[]>();

/** Whether each node type id is a named node (asked once per language, not once per node). */
function namedTypeIds(language: Tree['language']): boolean[] {
  let named = namedByLanguage.get(language);
  if (!named) {
    named = language.types.map((_, id) => language.nodeTypeIsNamed(id));
    namedByLanguage.set(language, named);
  }
  return named;
}

/** Moves to the next node in document order that is not below the current one. */
function advance(cursor: CursorReader, stack: number[], lastChild: number[]): boolean {
  while (!cursor.gotoNextSibling()) {
    if (stack.length <= 1 || !cursor.gotoParent()) return false;
    stack.pop();
    lastChild.pop();
  }
  return true;
}

/** The cursor moves and reads the copy makes, each one call into WASM. */
export interface CursorReader {
  typeId(): number;
  fieldId(): number;
  startIndex(): number;
  endIndex(): number;
  isNamed(): boolean;
  isMissing(): boolean;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete(): void;
}

/**
 * The runtime's exports for cursors (web-tree-sitter's binding, lib/binding_web): each function
 * takes the tree and reads the cursor from the runtime's transfer buffer; a move writes the moved
 * cursor back there.
 */
interface CursorExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_named_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
}

const CURSOR_EXPORTS: readonly (keyof CursorExports)[] = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_current_field_id_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_named_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
];

/** The words of a cursor's state, as web-tree-sitter's TreeCursor holds them (its fields 0 to 3). */
const CURSOR_WORDS = 4;

/**
 * Whether copies read the runtime directly (its exports were found): a newer web-tree-sitter that
 * renamed them still copies the same trees, more slowly; a test says so.
 */
export function copiesReadRuntimeDirectly(): boolean {
  return cursorExports() !== undefined;
}

/** The runtime's cursor exports, when the runtime is the one this file initialised and has them all. */
function cursorExports(): CursorExports | undefined {
  const wasm = runtimeModule;
  if (!wasm || !(wasm.HEAP32 instanceof Int32Array)) return undefined;
  return CURSOR_EXPORTS.every((name) => typeof wasm[name] === 'function') ? (wasm as CursorExports) : undefined;
}

/**
 * A cursor over the whole tree: read through the runtime's exports when they are there, else
 * through web-tree-sitter's TreeCursor. `direct: false` asks for the TreeCursor (tests compare both).
 */
function openCursor(tree: Tree, options: { direct?: boolean } = {}): CursorReader {
  const cursor = tree.walk();
  const wasm = options.direct === false ? undefined : cursorExports();
  return wasm ? new DirectCursor(wasm, cursor, tree) : new PublicCursor(cursor);
}

/**
 * Calls the runtime's cursor exports directly. web-tree-sitter's TreeCursor copies its four words
 * into the transfer buffer before every call and back after every move (eight generic memory
 * accesses around each call, most of the copy's time besides the calls themselves); here the
 * cursor stays in the buffer for the whole walk and goes back to the TreeCursor to be deleted.
 * Nothing else may call into the runtime while it is open: reading a node (`tree.rootNode`, any
 * Node property) writes into the same buffer.
 */
class DirectCursor implements CursorReader {
  private readonly tree: number;
  private readonly buffer: number;

  constructor(
    private readonly wasm: CursorExports,
    private readonly cursor: Cursor,
    tree: Tree,
  ) {
    this.tree = (tree as unknown as Record<number, number>)[0];
    // `_ts_init` only writes the library's version into the buffer and returns its address
    this.buffer = wasm._ts_init() >> 2;
    const words = cursor as unknown as Record<number, number>;
    for (let i = 0; i < CURSOR_WORDS; i++) wasm.HEAP32[this.buffer + i] = words[i];
  }

  typeId(): number {
    return this.wasm._ts_tree_cursor_current_node_type_id_wasm(this.tree);
  }

  fieldId(): number {
    return this.wasm._ts_tree_cursor_current_field_id_wasm(this.tree);
  }

  startIndex(): number {
    return this.wasm._ts_tree_cursor_start_index_wasm(this.tree);
  }

  endIndex(): number {
    return this.wasm._ts_tree_cursor_end_index_wasm(this.tree);
  }

  isNamed(): boolean {
    return this.wasm._ts_tree_cursor_current_node_is_named_wasm(this.tree) === 1;
  }

  isMissing(): boolean {
    return this.wasm._ts_tree_cursor_current_node_is_missing_wasm(this.tree) === 1;
  }

  gotoFirstChild(): boolean {
    return this.wasm._ts_tree_cursor_goto_first_child_wasm(this.tree) === 1;
  }

  gotoNextSibling(): boolean {
    return this.wasm._ts_tree_cursor_goto_next_sibling_wasm(this.tree) === 1;
  }

  gotoParent(): boolean {
    return this.wasm._ts_tree_cursor_goto_parent_wasm(this.tree) === 1;
  }

  delete(): void {
    // a move may have reallocated the cursor's stack (and grown the memory): read the words afresh
    const words = this.cursor as unknown as Record<number, number>;
    for (let i = 0; i < CURSOR_WORDS; i++) words[i] = this.wasm.HEAP32[this.buffer + i];
    this.cursor.delete();
  }
}

/** web-tree-sitter's own TreeCursor: the copy's reads when the runtime's exports are not reachable. */
class PublicCursor implements CursorReader {
  constructor(private readonly cursor: Cursor) {}

  typeId(): number {
    return this.cursor.nodeTypeId;
  }

  fieldId(): number {
    return this.cursor.currentFieldId;
  }

  startIndex(): number {
    return this.cursor.startIndex;
  }

  endIndex(): number {
    return this.cursor.endIndex;
  }

  isNamed(): boolean {
    return this.cursor.nodeIsNamed;
  }

  isMissing(): boolean {
    return this.cursor.nodeIsMissing;
  }

  gotoFirstChild(): boolean {
    return this.cursor.gotoFirstChild();
  }

  gotoNextSibling(): boolean {
    return this.cursor.gotoNextSibling();
  }

  gotoParent(): boolean {
    return this.cursor.gotoParent();
  }

  delete(): void {
    this.cursor.delete();
  }
}
