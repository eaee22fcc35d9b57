/**
 * Per-function summaries: what one function does by itself, before calls are linked across files.
 * The summariser builds them in one walk over the compiler's AST; the linker resolves `callee`
 * bindings to functions; the evaluator turns summaries into verdicts.
 */
import type { CatalogEntry, GlobalEntry } from '../catalog';
import type { Range } from '../model';
import type { ValueExpr } from './values';

/** What a name refers to, as far as the summariser can tell without the type checker. */
export type Binding =
  | { kind: 'fn'; id: string }
  /** a value derived from an external module: `fs`, `fs.promises`, `new pg.Pool()` */
  | { kind: 'module'; specifier: string; path: string[] }
  /**
   * A built-in global function taken as a value (`parse: JSON.parse`, `options.parse ||
   * JSON.parse`): calling the value calls the catalogued global `name`.
   */
  | { kind: 'global'; name: string }
  /** an export of another file of the project */
  | { kind: 'import'; file: string; name: string }
  /** `import * as ns from './x'`, `const x = require('./x')` */
  | { kind: 'namespace'; file: string }
  | { kind: 'class'; key: string }
  | { kind: 'instance'; classKey: string }
  /** an object literal or a namespace-like object; `base` is its prototype (`Base.extend({...})`, `Object.create(p)`) */
  | { kind: 'object'; members: Map<string, Binding>; base?: Binding }
  | { kind: 'value'; expr: ValueExpr }
  /** parameter `index` of function `fn`: the linker looks at what the function's call sites pass */
  | { kind: 'param'; index: number; fn?: string }
  /** one of several values (`cond ? https : http`, `a || b`): the linker tries each */
  | { kind: 'union'; options: Binding[] }
  /**
   * What calling `callee.path(...args)` returns (`new callee.path()` when `isNew`). Resolved by
   * the linker from the callee's `returns`: `getStream().write` is the member `write` of the
   * result of `getStream()`.
   */
  | { kind: 'result'; callee: Binding; path: string[]; args: (Binding | undefined)[]; isNew?: boolean }
  /** a member of a value the summariser cannot look into yet (an instance, a call's result, a lazy name) */
  | { kind: 'member'; of: Binding; path: string[] }
  /**
   * A name looked up when the linker needs it, not when the summariser met it: calls inside a
   * function run after the whole file has executed, so they see names declared later
   * (`var LZString = { compress() { return LZString._compress() } }`). `scopes`, innermost
   * first, are the live scope maps of the functions around the use.
   */
  | { kind: 'lazy'; name: string; scopes: readonly Map<string, Binding>[] };

export type CalleeRef =
  | { kind: 'binding'; binding: Binding; path: string[] }
  | { kind: 'catalog'; entry: CatalogEntry; module: string }
  | { kind: 'global'; entry: GlobalEntry }
  | { kind: 'unknown'; methodName?: string };

/** What little is known about the receiver of an unresolved method call, for heuristics. */
export interface ReceiverHint {
  /** the receiver is `this` (or an alias of it): an unresolved member is probably a subclass's */
  isThis?: boolean;
  /** the receiver comes from an external module the catalog does not describe */
  externalModule?: string;
  /** the receiver's last name (`stream` in `this.stream.write`) */
  name?: string;
  /** a literal first argument (`'data'` in `stream.on('data', ...)`) */
  firstArg?: string;
  /** `x.pipe(destination)` with a plain value, as streams are piped (RxJS pipes operator calls) */
  pipesStream?: boolean;
  /**
   * The receiver is a value the object holds (`this.conn`, `this.#pool`, `self.socket`): a
   * collaborator it was given or made, such as a client or a connection.
   */
  heldMember?: boolean;
  /**
   * The call finishes later: it is handed a Node-style completion callback (`(err, rows) => …`),
   * or the method is a promise's executor (`new Promise(this.conn.query.bind(this.conn, sql))`).
   */
  completion?: 'error-callback' | 'executor';
}

export interface CallSite {
  id: string;
  callerId: string;
  start: number;
  end: number;
  line: number;
  column: number;
  /** short source text of the callee, e.g. `fs.readFileSync` */
  calleeText: string;
  callee: CalleeRef;
  args: ValueExpr[];
  awaited: boolean;
  /** the calling function returns what the call returns (`return f(…)`, `() => f(…)`) */
  returned?: boolean;
  /** number of loops (of the calling function) around the call */
  loopDepth: number;
  /** `new X()` rather than `X()` */
  isNew: boolean;
  /** the call only passes a callback that the callee invokes once (new Promise(executor)), per element, or with what a promise settles to (`p.then(fn)`) */
  viaCallback?: 'iteration' | 'executor' | 'continuation';
  /**
   * What the call's promise settles to is handed to a `.then` callback (`readFile(p).then((text)
   * => …)`): as good as awaited for the data it brings.
   */
  continued?: boolean;
  /** what is known about the receiver, for heuristics when the callee cannot be resolved */
  hint?: ReceiverHint;
  /**
   * An argument is a part of one of the caller's parameters (`node.left`, `items[i]`,
   * `list.slice(1)`): a self-call like this recurses over the input's structure.
   */
  structural?: boolean;
  /** the result is formatted into a message (a template literal, a string concatenation, a throw) */
  formatsMessage?: boolean;
  /**
   * The call runs only when this parameter of the calling function is truthy (`if (sync) {
   * fs.readSync(…) } else { fs.read(…, cb) }`): a mode the caller asks for, not the default.
   */
  guardParam?: number;
  /** arguments written as a falsy literal (`false`, `null`, `undefined`, `0`, `''`), by index */
  falsyArgs?: number[];
  /**
   * The call scans the function's input data end to end in compiled code (a regular expression
   * run over a string read from a parameter, an array of it joined; summarize/scans.ts): the
   * value scanned. Such a call is a loop over the input.
   */
  scans?: ValueExpr;
  /**
   * The call runs a global regular expression over text whose size the code shows (a string
   * joined from rows of known number and size, a literal repeated): the text, priced per KB.
   */
  regexOver?: ValueExpr;
  /** an argument reads the caller's input data: a loop of the callee's over its parameters may be one over the caller's input */
  passesInput?: boolean;
  /**
   * For a call of a function an enclosing function was handed (`resolve(data)` inside a read's
   * callback inside a promise executor): which of the calling function's own parameters its
   * arguments read (`resolve(err ? '' : text)` reads 0 and 1).
   */
  paramsPassed?: number[];
  /** the arguments' bindings, when one of them names something (a function, an instance, a module value) */
  argBindings?: (Binding | undefined)[];
  /**
   * The call sits in a branch that runs only while long-lived state is missing
   * (`if (!this.client) this.connect()`, `if (!cache[key]) cache[key] = read()`): lazy
   * initialisation or memoisation, which runs once rather than every time the caller does.
   */
  once?: boolean;
  /**
   * Calls whose results reach this call's arguments: `parse(await readFile(p))`, or
   * `const data = await readFile(p); parse(data)`. When one of them brings data from I/O and
   * this call computes over it, the caller does both.
   */
  dataFrom?: string[];
  /**
   * The calls of `dataFrom` whose results reach an argument after the first: what a write
   * writes (`writeFile(f, serialise(rows))`, `client.set(key, encode(value))`) rather than where
   * it goes (`unlink(fileOf(key))`).
   */
  payloadFrom?: string[];
  /** the constant text the first argument starts with (`'/proc/'` in `'/proc/' + pid + '/stat'`), when it starts with one */
  firstArgPrefix?: string;
  /**
   * The call registers request handlers: its function arguments (named functions, bound methods
   * `obj.handle.bind(obj)`) are handlers, as inline ones are (`app.get('/x', handle)`).
   */
  registersHandler?: HandlerInfo;
}

export interface Loop {
  line: number;
  start: number;
  bound: ValueExpr;
  /** how the bound reads in a message: `10,000,000`, `items.length`, `the input` */
  boundLabel: string;
  body: Block;
  /** a callback-driven loop such as `items.map(...)` */
  method?: string;
  /**
   * The loop runs over the function's input data: its bound, condition or iterated value reads
   * a parameter or a value computed from one (`for (const line of text.split('\n'))`). Of
   * unknown size, its per-item work grows with what the caller hands in.
   */
  overInput?: boolean;
  /**
   * The calls whose results the loop's header reads (`for (const line of text.split('\n'))` after
   * `text = fs.readFileSync(f, 'utf8')`, `rows.map(…)` after `rows = await db.query(sql)`): a loop
   * over what they brought, as `CallSite.dataFrom` says of an argument.
   */
  dataFrom?: string[];
  /** a counting `for (init; test; update)` loop: it repeats a number of times rather than visiting items */
  counted?: boolean;
}

/** Straight-line work and what is nested in it. */
export interface Block {
  /** abstract operations per execution of the block, excluding nested loops and callee costs */
  weight: number;
  /**
   * The part of `weight` that is bitwise, multiplicative and element reads/writes (no calls): how
   * dense the block's own computation is. A loop over the input with a dense body is a kernel
   * (a checksum, a codec, a scanner) whose cost grows with data the caller decides.
   */
  dense: number;
  /**
   * Values the block allocates per execution and keeps (pushed into a result, stored on an
   * object, returned, accumulated; summarize/retention.ts): object and array literals, `new`,
   * template strings, string concatenation. Each costs a heap allocation and its share of garbage
   * collection, priced apart from `weight` (the `js.alloc` primitive of core/cost/time.ts).
   */
  allocations: number;
  /**
   * Values the block allocates per execution that die young (a look-up key, a string formatted
   * and measured, an object passed and dropped): the `js.alloc-temporary` primitive.
   */
  temporaries: number;
  loops: Loop[];
  calls: CallSite[];
}

export interface HandlerInfo {
  /** `app.get('/report')`, `createServer`, `Next.js route GET` */
  description: string;
}

export interface AwaitInLoop {
  start: number;
  end: number;
  line: number;
  column: number;
  loopLine: number;
  loopStart: number;
  /** the call awaited, when the awaited expression is a call */
  callId?: string;
  /** why iterations might depend on each other, if they might */
  dependency?: string;
}

export interface PromiseAllSite {
  start: number;
  end: number;
  line: number;
  column: number;
  /** the `.map` receiver's size, when it is known */
  bound: ValueExpr;
  boundLabel: string;
  /** the call made per element (the callback or function reference passed to `.map`) */
  callId?: string;
  method: string;
  /**
   * `callbacks`: an iteration that ignores what its callback returns (`items.forEach(fn)`), so
   * whatever operation the callback starts runs beside every other element's; absent for a
   * promise combinator or a promise library's map, which are written to run them together.
   */
  startedBy?: 'callbacks';
}

export interface FunctionSummary {
  id: string;
  file: string;
  name: string;
  start: number;
  end: number;
  range: Range;
  nameRange: Range;
  params: string[];
  /** default values of parameters (`n = 5e7`), by position, when they are known numbers or arrays */
  paramDefaults?: (ValueExpr | undefined)[];
  isAsync: boolean;
  /** the file's top-level code, reported as `<module>` when it does real work */
  isModuleBody: boolean;
  body: Block;
  handler?: HandlerInfo;
  /** runs in a worker thread or a child-process script, not on the main event loop */
  inWorker: boolean;
  /** the id of the lexically enclosing function */
  parentId?: string;
  awaitsInLoops: AwaitInLoop[];
  promiseAlls: PromiseAllSite[];
  /** what the function returns, when the summariser can name it (a function, an instance, a parameter) */
  returns?: Binding;
  /**
   * The calls whose results reach what the function returns (`return data`, after `data = await
   * readFile(f)`; `return fs.readFileSync(f).toString()`): a reader hands back what it read.
   */
  returnsFrom?: string[];
  /** the function is a method (of a class, a prototype or an object): its name is a member name */
  memberName?: string;
  /** indexes of parameters the function calls (`function retry(fn) { return fn() }`) */
  invokesParams?: number[];
  /**
   * Values kept outside the function (a variable of an enclosing function or of the module, a
   * member of `this`) that each call makes longer: `buffer = Buffer.concat([buffer, chunk])`
   * (a copy of all of it), `text += chunk` (an append). summarize/accumulation.ts.
   */
  accumulates?: Accumulation[];
  /** such kept values (by `Accumulation.state`) the function reads through end to end: a loop over them, a search, a split, a parse */
  scansState?: string[];
  /** such kept values handed whole to a call (`findDelimiter(buffer)`), by the call's start: the callee may read them through */
  passesState?: { state: string; callStart: number }[];
}

/** A value kept between calls that a call makes longer (FunctionSummary.accumulates). */
export interface Accumulation {
  /** which value: the declaring function's id and the name, or `this.<name>` */
  state: string;
  /** how the code names it (`buffer`, `this.pending`) */
  name: string;
  line: number;
  start: number;
  end: number;
  /** the call copies all of it (`Buffer.concat([buffer, chunk])`), not only appends to it */
  copies: boolean;
}

export interface ClassInfo {
  key: string;
  name: string;
  methods: Map<string, string>;
  fields: Map<string, Binding>;
  /** static members: `static m()`, `Foo.m = function` on a constructor function */
  statics: Map<string, Binding>;
  base?: Binding;
}

export interface FileSummary {
  path: string;
  functions: FunctionSummary[];
  classes: Map<string, ClassInfo>;
  exports: Map<string, Binding>;
  /** `export * from './x'`: resolved files */
  starExports: string[];
  /** the file is a worker-thread or child-process entry */
  isWorkerModule: boolean;
  parseErrors: number;
  /** files this one imports (resolved, inside the project) */
  imports: Set<string>;
  /**
   * Values whose members the module re-exports wholesale: `module.exports = require('fs')`,
   * `Object.assign(exports, fs)`. An export not found by name is looked up on them.
   */
  reexports: Binding[];
  /** external modules the file imports or requires (type-only imports too), `node:` prefix removed */
  externalModules: Set<string>;
  /**
   * Members this file adds to another module's exports: `C.PBKDF2 = function` where
   * `C = require('./core')` (plugins that extend a shared namespace object).
   */
  augments: { file: string; path: string[]; binding: Binding }[];
}
