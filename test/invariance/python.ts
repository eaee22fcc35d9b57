/**
 * Invariance generator for Python (#10.2): rewrites two seeds — CPU-heavy work handed to threads,
 * processes or `map` (below), and a scan of data nobody sized (`pythonScanVariants`) — into
 * semantically equal variants. Every variant of a seed must get the same
 * verdict for the worker and the same findings; only the spelling changes.
 *
 * Axes (each a list of named rewrites, combined as a product):
 *   loops      how the worker computes: for, while, list comprehension, sum(generator)
 *   values     where the size comes from: literal, [x] * 4, [x, x], range, module constant,
 *              module constant list, default parameter
 *   callables  what is handed over: the function, a lambda, functools.partial, a bound method
 *   dispatches how it runs: executor.map, submit per item, Thread(target=…, args=…), ThreadPool
 *              map/apply_async/starmap, multiprocessing.Pool.map/imap, builtin map
 * Add an entry to an axis and every combination is generated and checked.
 *
 * Two more seeds (pythonReadParseVariants, pythonSendVariants): data read, then parsed or decoded,
 * and data serialised, then written or sent, are `mixed` however the I/O, the kernel and its
 * placement are spelled; pythonInMemoryVariants: the same (de)serialisation over an in-memory
 * stream is `cpu`, no I/O. pythonConnectionVariants: a round trip on a connection or a wait on a
 * worker's primitive is `io` however the object reaches `self` (made there, handed to
 * `__init__`, typed by an annotation or by a method only its type has) and however many of the
 * object's own methods lie between the caller and the call.
 */

export interface Variant {
  /** `loop=for value=literal callable=lambda dispatch=executor-map` */
  name: string;
  code: string;
  /** other modules beside it (file name → source), imported by `code` */
  modules?: Record<string, string>;
  /** the function whose verdict is checked (`square_sum` or `Squarer.square_sum`) */
  worker: string;
  expected: { workerKind: 'cpu' | 'mixed' | 'io' | 'io-sync'; findings: string[] };
}

interface Loop {
  name: string;
  /** the worker's body, indented by 4 */
  body: string;
}

interface Value {
  name: string;
  /** module-level lines */
  prelude: string;
  /** main's parameter list */
  params: string;
  /** an expression whose items are the sizes */
  items: string;
}

interface Callable {
  name: string;
  /** the expression handed to the pool, thread or map */
  expression: string;
  method: boolean;
}

interface Dispatch {
  name: string;
  /** main's body, indented by 4; {F} is the callable, {ITEMS} the sizes */
  body: string;
  /** rules expected to fire once (at the hand-off) */
  findings: string[];
}

export const LOOPS: readonly Loop[] = [
  { name: 'for', body: 'total = 0\n    for i in range(n):\n        total += i ** power\n    return total' },
  { name: 'while', body: 'total = 0\n    i = 0\n    while i < n:\n        total += i ** power\n        i += 1\n    return total' },
  { name: 'list-comprehension', body: 'return sum([i ** power for i in range(n)])' },
  { name: 'sum-generator', body: 'return sum(i ** power for i in range(n))' },
];

export const VALUES: readonly Value[] = [
  { name: 'repeated-literal', prelude: '', params: '', items: '[20_000_000] * 4' },
  { name: 'literal-list', prelude: '', params: '', items: '[20_000_000, 20_000_000]' },
  { name: 'range', prelude: '', params: '', items: 'range(20_000_000, 20_000_004)' },
  { name: 'module-constant', prelude: 'SIZE = 20_000_000\n', params: '', items: '[SIZE] * 4' },
  { name: 'constant-list', prelude: 'NUMS = [5_000_000, 10_000_000, 20_000_000]\n', params: '', items: 'NUMS' },
  { name: 'default-parameter', prelude: '', params: 'size=20_000_000', items: '[size, size, size]' },
];

export const CALLABLES: readonly Callable[] = [
  { name: 'function', expression: 'square_sum', method: false },
  { name: 'lambda', expression: 'lambda value: square_sum(value)', method: false },
  { name: 'partial', expression: 'functools.partial(square_sum, power=2)', method: false },
  { name: 'bound-method', expression: 'Squarer().square_sum', method: true },
];

const THREAD = ['cpu-in-thread'];

export const DISPATCHES: readonly Dispatch[] = [
  { name: 'executor-map', body: 'with ThreadPoolExecutor(4) as ex:\n        return list(ex.map({F}, {ITEMS}))', findings: THREAD },
  {
    name: 'submit-per-item',
    body: 'with ThreadPoolExecutor(max_workers=4) as executor:\n        futures = [executor.submit({F}, n) for n in {ITEMS}]\n        return [future.result() for future in futures]',
    findings: THREAD,
  },
  {
    name: 'thread-target',
    body: 'threads = [threading.Thread(target={F}, args=(n,)) for n in {ITEMS}]\n    for thread in threads:\n        thread.start()\n    for thread in threads:\n        thread.join()',
    findings: THREAD,
  },
  { name: 'thread-pool-map', body: 'with ThreadPool(4) as pool:\n        return pool.map({F}, {ITEMS})', findings: THREAD },
  {
    name: 'thread-pool-apply-async',
    body: 'with ThreadPool(4) as pool:\n        results = [pool.apply_async({F}, (n,)) for n in {ITEMS}]\n        return [result.get() for result in results]',
    findings: THREAD,
  },
  { name: 'thread-pool-starmap', body: 'with ThreadPool(4) as pool:\n        return pool.starmap({F}, [(n,) for n in {ITEMS}])', findings: THREAD },
  { name: 'process-pool-map', body: 'with multiprocessing.Pool(4) as pool:\n        return pool.map({F}, {ITEMS})', findings: [] },
  { name: 'process-pool-imap', body: 'with multiprocessing.Pool() as pool:\n        return list(pool.imap({F}, {ITEMS}))', findings: [] },
  { name: 'builtin-map', body: 'return list(map({F}, {ITEMS}))', findings: [] },
];

const HEADER = `import functools
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.pool import ThreadPool
`;

function workerSource(loop: Loop, method: boolean): string {
  const fn = `def square_sum(n, power=2):\n    ${loop.body}\n`;
  // the bound-method variant keeps a module function for the lambda/partial forms' sake
  if (!method) return fn;
  const body = loop.body.replace(/\n {4}/g, '\n        ');
  return `class Squarer:\n    def square_sum(self, n, power=2):\n        ${body}\n`;
}

export function render(loop: Loop, value: Value, callable: Callable, dispatch: Dispatch): Variant {
  const body = dispatch.body.replaceAll('{F}', callable.expression).replaceAll('{ITEMS}', value.items);
  const code = `${HEADER}\n${value.prelude}\n\n${workerSource(loop, callable.method)}\n\ndef main(${value.params}):\n    ${body}\n\n\nif __name__ == "__main__":\n    main()\n`;
  return {
    name: `loop=${loop.name} value=${value.name} callable=${callable.name} dispatch=${dispatch.name}`,
    code,
    worker: callable.method ? 'Squarer.square_sum' : 'square_sum',
    expected: { workerKind: 'cpu', findings: dispatch.findings },
  };
}

/** Every combination of the axes. */
export function* pythonVariants(): Generator<Variant> {
  for (const loop of LOOPS) {
    for (const value of VALUES) {
      for (const callable of CALLABLES) {
        for (const dispatch of DISPATCHES) yield render(loop, value, callable, dispatch);
      }
    }
  }
}

/**
 * The second seed: work that grows with data nobody sized — a scan or a parse of every item of
 * what the worker is given. Its verdict is `cpu` (data-dependent) however the scan is spelled and
 * however the worker is reached; the size is a guess, so no dispatch of it makes a finding.
 *
 * Axes:
 *   scans      how the worker goes over its data: a regex search, a compiled pattern's findall,
 *              a substitution, a sort, a for loop parsing each line, a comprehension, an escape
 *              (several whole-text passes, chained or as statements), a join of every item, a while
 *              loop indexing the data
 *   holders    where the worker lives: a function, a @staticmethod, a @classmethod, a method
 *              reached through `self`, a method of a mixin
 *   callers    how it is reached: a direct call, executor.map, Thread(target=…), builtin map
 */
interface Scan {
  name: string;
  /** the worker's body over its parameter `text`, indented by 4 */
  body: string;
}

interface Holder {
  name: string;
  /** the worker's definition, from the scan body (indented by 4 in a function) */
  define: (body: string) => string;
  /** the expression that names the callable in `main` */
  callable: string;
  worker: string;
}

interface Caller {
  name: string;
  /** main's body, indented by 4; {F} is the callable */
  body: string;
}

export const SCANS: readonly Scan[] = [
  { name: 're-search', body: 'return re.search(r"(\\w+)=(\\w+);", text)' },
  { name: 'pattern-findall', body: 'return len(_PAIR.findall(text))' },
  { name: 're-sub', body: 'return re.sub(r"\\s+", " ", text)' },
  { name: 'sorted', body: 'return sorted(text.split(";"))' },
  // the same per-line parse as a loop storing into a dict and as a dict comprehension
  {
    name: 'for-parse',
    body: 'pairs = {}\n    for line in text.splitlines():\n        pairs[line.strip().partition("=")[0].strip().lower()] = line.strip().partition("=")[2].strip().strip(\'"\').replace("\\\\n", "\\n").replace("\\t", " ").replace("\\r", "")\n    return pairs',
  },
  {
    name: 'comprehension-parse',
    body: 'return {line.strip().partition("=")[0].strip().lower(): line.strip().partition("=")[2].strip().strip(\'"\').replace("\\\\n", "\\n").replace("\\t", " ").replace("\\r", "") for line in text.splitlines()}',
  },
  // an escape: several whole-text passes, as one chain or as statements
  { name: 'escape-chain', body: 'return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")' },
  { name: 'escape-statements', body: 'text = text.replace("&", "&amp;")\n    text = text.replace("<", "&lt;")\n    text = text.replace(">", "&gt;")\n    return text' },
  // text built of every item
  { name: 'join-generator', body: 'return "".join(word.capitalize() for word in text.split())' },
  {
    name: 'while-index',
    body: 'total = 0\n    i = 0\n    while i < len(text):\n        total = (total * 31 + ord(text[i])) % 65521\n        total ^= (total << 3) & 0xFFFF\n        i += 1\n    return total',
  },
];

const indent = (body: string) => body.replace(/\n {4}/g, '\n        ');

export const HOLDERS: readonly Holder[] = [
  { name: 'function', define: (body) => `def scan(text):\n    ${body}\n`, callable: 'scan', worker: 'scan' },
  {
    name: 'staticmethod',
    define: (body) => `class Scanner:\n    @staticmethod\n    def scan(text):\n        ${indent(body)}\n`,
    callable: 'Scanner.scan',
    worker: 'Scanner.scan',
  },
  {
    name: 'classmethod',
    define: (body) => `class Scanner:\n    @classmethod\n    def scan(cls, text):\n        ${indent(body)}\n`,
    callable: 'Scanner.scan',
    worker: 'Scanner.scan',
  },
  {
    name: 'self-method',
    define: (body) => `class Scanner:\n    def run(self, text):\n        return self.scan(text)\n\n    def scan(self, text):\n        ${indent(body)}\n`,
    callable: 'Scanner().run',
    worker: 'Scanner.scan',
  },
  {
    name: 'mixin-method',
    define: (body) =>
      `class ScanMixin:\n    def scan(self, text):\n        ${indent(body)}\n\n\nclass Scanner(ScanMixin):\n    def run(self, text):\n        return self.scan(text)\n`,
    callable: 'Scanner().run',
    worker: 'ScanMixin.scan',
  },
];

export const CALLERS: readonly Caller[] = [
  { name: 'direct', body: 'return [{F}(text) for text in texts]' },
  { name: 'executor-map', body: 'with ThreadPoolExecutor(4) as ex:\n        return list(ex.map({F}, texts))' },
  {
    name: 'thread-target',
    body: 'threads = [threading.Thread(target={F}, args=(text,)) for text in texts]\n    for thread in threads:\n        thread.start()\n    for thread in threads:\n        thread.join()',
  },
  { name: 'builtin-map', body: 'return list(map({F}, texts))' },
];

const SCAN_HEADER = `import re
import threading
from concurrent.futures import ThreadPoolExecutor

_PAIR = re.compile(r"(\\w+)=(\\w+);")
`;

export function renderScan(scan: Scan, holder: Holder, caller: Caller): Variant {
  const body = caller.body.replaceAll('{F}', holder.callable);
  const code = `${SCAN_HEADER}\n\n${holder.define(scan.body)}\n\ndef main(texts):\n    ${body}\n`;
  return {
    name: `scan=${scan.name} holder=${holder.name} caller=${caller.name}`,
    code,
    worker: holder.worker,
    expected: { workerKind: 'cpu', findings: [] },
  };
}

/** Every combination of the scan seed's axes. */
export function* pythonScanVariants(): Generator<Variant> {
  for (const scan of SCANS) {
    for (const holder of HOLDERS) {
      for (const caller of CALLERS) yield renderScan(scan, holder, caller);
    }
  }
}

/**
 * The third seed: read, then parse. The function's time goes to both the read and a kernel over
 * all it read, so it is `mixed` however the read, the kernel and its place are written.
 *
 * Axes:
 *   reads       a file's read(), Path.read_text(), a socket's recv(), subprocess.check_output(), an HTTP body
 *   kernels     json.loads, pickle.loads, re.sub, zlib.decompress
 *   placements  the kernel inline, bound to a name first, in a helper function, in a method reached through self
 */
interface Read {
  name: string;
  /** lines (indented by 4 in a function) that leave what was read in `data` */
  body: string;
}

interface Kernel {
  name: string;
  /** the kernel over {X} */
  expression: string;
}

interface Placement {
  name: string;
  /** the code around the read: {READ} is the read's lines, {KERNEL} the kernel over `data` with {X} = data */
  define: (read: string, kernel: (x: string) => string) => string;
  worker: string;
}

export const READS: readonly Read[] = [
  { name: 'file-read', body: 'with open(path, "rb") as f:\n        data = f.read()' },
  { name: 'path-read-bytes', body: 'data = pathlib.Path(path).read_bytes()' },
  { name: 'socket-recv', body: 'sock = socket.create_connection((path, 9000))\n    data = sock.recv(1 << 20)' },
  { name: 'subprocess-output', body: 'data = subprocess.check_output(["cat", path])' },
  { name: 'http-body', body: 'data = requests.get(path).content' },
];

export const KERNELS: readonly Kernel[] = [
  { name: 'json-loads', expression: 'json.loads({X})' },
  { name: 'pickle-loads', expression: 'pickle.loads({X})' },
  { name: 're-sub', expression: 're.sub(rb"\\s+", b" ", {X})' },
  { name: 'zlib-decompress', expression: 'zlib.decompress({X})' },
];

const indentMethod = (lines: string) => lines.replace(/\n {4}/g, '\n        ');

export const PLACEMENTS: readonly Placement[] = [
  { name: 'inline', define: (read, kernel) => `def load(path):\n    ${read}\n    return ${kernel('data')}\n`, worker: 'load' },
  { name: 'named', define: (read, kernel) => `def load(path):\n    ${read}\n    result = ${kernel('data')}\n    return result\n`, worker: 'load' },
  {
    name: 'helper',
    define: (read, kernel) => `def decode(blob):\n    return ${kernel('blob')}\n\n\ndef load(path):\n    ${read}\n    return decode(data)\n`,
    worker: 'load',
  },
  {
    name: 'self-method',
    define: (read, kernel) =>
      `class Store:\n    def _decode(self, blob):\n        return ${kernel('blob')}\n\n    def load(self, path):\n        ${indentMethod(read)}\n        return self._decode(data)\n`,
    worker: 'Store.load',
  },
];

const IO_HEADER = `import io
import json
import pathlib
import pickle
import re
import socket
import subprocess
import zlib

import requests
`;

/** Every combination of the read-then-parse seed's axes. */
export function* pythonReadParseVariants(): Generator<Variant> {
  for (const read of READS) {
    for (const kernel of KERNELS) {
      for (const placement of PLACEMENTS) {
        const code = `${IO_HEADER}\n\n${placement.define(read.body, (x) => kernel.expression.replaceAll('{X}', x))}`;
        yield { name: `read=${read.name} kernel=${kernel.name} placement=${placement.name}`, code, worker: placement.worker, expected: { workerKind: 'mixed', findings: [] } };
      }
    }
  }
}

/**
 * The fourth seed: serialise, then write or send. Axes: the serialiser (json, pickle), how its
 * output reaches the I/O (inline, through a name, re-encoded, through a helper or a method, or
 * the library's own stream form), and the I/O (a file, a socket).
 */
interface Serialiser {
  name: string;
  /** {X} serialised to bytes */
  toBytes: string;
  /** {X} written to the stream {F} by the library itself */
  toStream: string;
  mode: string;
}

interface Sink {
  name: string;
  /** opens the sink: lines indented by 4 that leave a writable stream in `out` and a send function `put` */
  open: string;
  put: string;
  /** whether the library's stream form applies (a file can be handed to json.dump; a socket cannot) */
  stream: boolean;
}

export const SERIALISERS: readonly Serialiser[] = [
  { name: 'json', toBytes: 'json.dumps({X}).encode()', toStream: 'json.dump({X}, {F})', mode: 'w' },
  { name: 'pickle', toBytes: 'pickle.dumps({X})', toStream: 'pickle.dump({X}, {F})', mode: 'wb' },
];

export const SINKS: readonly Sink[] = [
  { name: 'file', open: 'out = open(path, "{MODE}")', put: 'out.write', stream: true },
  { name: 'socket', open: 'out = socket.create_connection((path, 9000))', put: 'out.sendall', stream: false },
];

const SEND_FORMS: readonly { name: string; body: (s: Serialiser, sink: Sink) => string | undefined; helper?: (s: Serialiser) => string }[] = [
  { name: 'inline', body: (s, sink) => `${sink.put}(${s.toBytes.replace('{X}', 'rows')})` },
  { name: 'named', body: (s, sink) => `payload = ${s.toBytes.replace('{X}', 'rows')}\n    ${sink.put}(payload)` },
  { name: 'helper', body: (_s, sink) => `payload = encode(rows)\n    ${sink.put}(payload)`, helper: (s) => `def encode(items):\n    return ${s.toBytes.replace('{X}', 'items')}\n` },
  { name: 'stream-form', body: (s, sink) => (sink.stream ? s.toStream.replace('{X}', 'rows').replace('{F}', 'out') : undefined) },
];

/** Every combination of the serialise-then-send seed's axes. */
export function* pythonSendVariants(): Generator<Variant> {
  for (const serialiser of SERIALISERS) {
    for (const sink of SINKS) {
      for (const form of SEND_FORMS) {
        const body = form.body(serialiser, sink);
        if (body === undefined) continue;
        const open = sink.open.replace('{MODE}', serialiser.mode);
        const code = `${IO_HEADER}\n\n${form.helper?.(serialiser) ?? ''}\n\ndef save(path, rows):\n    ${open}\n    ${body}\n`;
        yield { name: `serialiser=${serialiser.name} sink=${sink.name} form=${form.name}`, code, worker: 'save', expected: { workerKind: 'mixed', findings: [] } };
      }
    }
  }
}

/**
 * The fifth seed: (de)serialisation over an in-memory stream is computation, not I/O:
 * `pickle.load(io.BytesIO(raw))` is `pickle.loads(raw)`, whether the stream is made inline, bound
 * to a name, or handed to a helper that reads from whatever stream it is given.
 */
const IN_MEMORY_FORMS: readonly { name: string; code: (module: string) => string }[] = [
  { name: 'bytes-function', code: (m) => `def decode(raw):\n    return ${m}.loads(raw)\n` },
  { name: 'inline-stream', code: (m) => `def decode(raw):\n    return ${m}.load(io.BytesIO(raw))\n` },
  { name: 'named-stream', code: (m) => `def decode(raw):\n    buffer = io.BytesIO(raw)\n    return ${m}.load(buffer)\n` },
  { name: 'stream-helper', code: (m) => `def _read_from(fp):\n    return ${m}.load(fp)\n\n\ndef decode(raw):\n    return _read_from(io.BytesIO(raw))\n` },
  {
    name: 'written-stream',
    code: (m) => `def _write_to(obj, fp):\n    ${m}.dump(obj, fp)\n\n\ndef decode(raw):\n    buffer = io.BytesIO()\n    _write_to(raw, buffer)\n    return buffer.getvalue()\n`,
  },
];

/** Every in-memory form, for pickle and json. */
export function* pythonInMemoryVariants(): Generator<Variant> {
  for (const module of ['pickle', 'json']) {
    for (const form of IN_MEMORY_FORMS) {
      yield { name: `in-memory=${form.name} module=${module}`, code: `${IO_HEADER}\n\n${form.code(module)}`, worker: 'decode', expected: { workerKind: 'cpu', findings: [] } };
    }
  }
}

/**
 * The sixth seed: I/O on an object kept on `self`. A round trip on a connection (a socket, a
 * Redis client, a database cursor) or a wait on a worker's queue, event or condition is `io`,
 * whether the object is made in `__init__`, handed to it by the code that makes the object, or
 * typed by an annotation or by a method only its type has; and so is a method that reaches the
 * call through one or two of the object's own methods.
 *
 * Axes:
 *   resources  what is called: socket send, Redis get, cursor execute, queue get, event wait, condition wait
 *   origins    how the object reaches `self`: made in __init__, passed by a factory, annotated, typed by its use,
 *              made by a maker named once (a module-level alias, `options.pop("factory", Maker)`, a local alias)
 *   depths     how the checked method reaches the call: directly, through one helper, through two
 */
interface Resource {
  name: string;
  /** the imports the resource needs */
  imports: string;
  /** an expression that makes the object */
  make: string;
  /** the annotation naming its type */
  annotation: string;
  /** the call on `self.res` whose effect is checked */
  call: string;
  /** a call only this type has, for the typed-by-use origin (another method makes it) */
  distinctive: string;
}

export const RESOURCES: readonly Resource[] = [
  { name: 'socket-send', imports: 'import socket', make: 'socket.create_connection(("db", 9000))', annotation: 'socket.socket', call: 'self.res.send(payload)', distinctive: 'self.res.recv(4)' },
  { name: 'redis-get', imports: 'import redis', make: 'redis.Redis()', annotation: 'redis.Redis', call: 'return self.res.get(payload)', distinctive: 'self.res.hgetall("k")' },
  { name: 'queue-get', imports: 'import queue', make: 'queue.Queue()', annotation: 'queue.Queue', call: 'return self.res.get()', distinctive: 'self.res.task_done()' },
  { name: 'event-wait', imports: 'import threading', make: 'threading.Event()', annotation: 'threading.Event', call: 'self.res.wait()', distinctive: 'return self.res.is_set()' },
  { name: 'condition-wait', imports: 'import threading', make: 'threading.Condition()', annotation: 'threading.Condition', call: 'self.res.wait()', distinctive: 'self.res.notify_all()' },
];

interface Origin {
  name: string;
  /** the class's `__init__` and, outside the class, the code that makes the object */
  init: (r: Resource) => string;
  factory: (r: Resource) => string;
  /** an extra method of the class (the typed-by-use origin's distinctive call) */
  extra?: (r: Resource) => string;
}

export const ORIGINS: readonly Origin[] = [
  { name: 'made-in-init', init: (r) => `def __init__(self):\n        self.res = ${r.make}`, factory: () => 'def make():\n    return Worker()\n' },
  { name: 'passed-to-init', init: () => 'def __init__(self, res):\n        self.res = res', factory: (r) => `def make():\n    return Worker(${r.make})\n` },
  { name: 'keyword-to-init', init: () => 'def __init__(self, res=None):\n        self.res = res', factory: (r) => `def make():\n    return Worker(res=${r.make})\n` },
  { name: 'annotated', init: (r) => `def __init__(self, res: ${r.annotation}):\n        self.res = res`, factory: () => '' },
  { name: 'typed-by-use', init: () => 'def __init__(self, res):\n        self.res = res', factory: () => '', extra: (r) => `def check(self):\n        ${r.distinctive}` },
  // the maker named once: a module-level alias, a mapping's default, a local alias
  { name: 'module-alias', init: (r) => `def __init__(self):\n        self.res = DEFAULT_FACTORY${makerOf(r).args}`, factory: (r) => `DEFAULT_FACTORY = ${makerOf(r).callee}\n` },
  {
    name: 'options-default',
    init: (r) => `def __init__(self, **options):\n        make = options.pop("factory", ${makerOf(r).callee})\n        self.res = make${makerOf(r).args}`,
    factory: () => '',
  },
  { name: 'local-alias', init: (r) => `def __init__(self):\n        make = ${makerOf(r).callee}\n        self.res = make${makerOf(r).args}`, factory: () => '' },
];

/** `socket.create_connection(("db", 9000))` → its callee and its argument list. */
function makerOf(r: Resource): { callee: string; args: string } {
  const open = r.make.indexOf('(');
  return { callee: r.make.slice(0, open), args: r.make.slice(open) };
}

export const DEPTHS: readonly { name: string; methods: (call: string) => string }[] = [
  { name: 'direct', methods: (call) => `def step(self, payload=b"x"):\n        ${call}` },
  { name: 'one-helper', methods: (call) => `def step(self, payload=b"x"):\n        return self._do(payload)\n\n    def _do(self, payload):\n        ${call}` },
  {
    name: 'two-helpers',
    methods: (call) =>
      `def step(self, payload=b"x"):\n        return self._outer(payload)\n\n    def _outer(self, payload):\n        return self._inner(payload)\n\n    def _inner(self, payload):\n        ${call}`,
  },
];

/** Every combination of the I/O-on-self seed's axes. */
export function* pythonConnectionVariants(): Generator<Variant> {
  for (const resource of RESOURCES) {
    for (const origin of ORIGINS) {
      for (const depth of DEPTHS) {
        const extra = origin.extra ? `\n\n    ${origin.extra(resource)}` : '';
        const code = `${resource.imports}\n\n\nclass Worker:\n    ${origin.init(resource)}\n\n    ${depth.methods(resource.call)}${extra}\n\n\n${origin.factory(resource)}`;
        yield { name: `resource=${resource.name} origin=${origin.name} depth=${depth.name}`, code, worker: 'Worker.step', expected: { workerKind: 'io', findings: [] } };
      }
    }
  }
}

/**
 * The seventh seed: a wait on a result another thread fills (a reply queue or a future a
 * connection's worker thread completes) is `io`, and a kernel is the kernel, however the module
 * is imported: plainly, or as a compatibility import (`try: import ujson as json` / `except
 * ImportError: import json`, either module first), under its own name or an alias.
 *
 * Axes:
 *   imports  how the name is bound: a from-import, a module import, compat imports (modern or old
 *            module first, names or a module alias)
 *   waits    what is waited on: a reply queue's get, a future's result (made here, or by a helper)
 *   depths   how the checked function reaches the wait: directly, through a helper, through a generator
 *   kernels  (second part) json.loads, pickle.loads over the argument: `cpu`
 */
interface ImportForm {
  name: string;
  /** the import lines that make `module.member` usable, and how the code then names it */
  bind: (module: string, member: string, old: string) => { imports: string; ref: string };
}

const IMPORT_FORMS: readonly ImportForm[] = [
  { name: 'from-import', bind: (m, member) => ({ imports: `from ${m} import ${member}`, ref: member }) },
  { name: 'module-import', bind: (m, member) => ({ imports: `import ${m}`, ref: `${m}.${member}` }) },
  { name: 'compat-modern-first', bind: (m, member, old) => ({ imports: `try:\n    from ${m} import ${member}\nexcept ImportError:\n    from ${old} import ${member}`, ref: member }) },
  { name: 'compat-old-first', bind: (m, member, old) => ({ imports: `try:\n    from ${old} import ${member}\nexcept ImportError:\n    from ${m} import ${member}`, ref: member }) },
  { name: 'compat-module-alias', bind: (m, member, old) => ({ imports: `try:\n    import ${old} as compat\nexcept ImportError:\n    import ${m} as compat`, ref: `compat.${member}` }) },
];

const WAITED: readonly { name: string; module: string; old: string; member: string; wait: string }[] = [
  { name: 'reply-queue', module: 'queue', old: 'Queue', member: 'Queue', wait: 'reply.get()' },
  { name: 'future', module: 'concurrent.futures', old: 'futures', member: 'Future', wait: 'reply.result()' },
];

const WAIT_DEPTHS: readonly { name: string; methods: (make: string, wait: string) => string; worker: string }[] = [
  {
    name: 'direct',
    methods: (make, wait) => `def call(self, request):\n        reply = ${make}\n        self.requests.put((request, reply))\n        return ${wait}`,
    worker: 'Connection.call',
  },
  {
    name: 'made-by-helper',
    methods: (make, wait) =>
      `def _submit(self, request):\n        reply = ${make}\n        self.requests.put((request, reply))\n        return reply\n\n    def call(self, request):\n        reply = self._submit(request)\n        return ${wait}`,
    worker: 'Connection.call',
  },
  {
    name: 'generator',
    methods: (make, wait) =>
      `def rows(self, request):\n        reply = ${make}\n        self.requests.put((request, reply))\n        while True:\n            row = ${wait}\n            if row is None:\n                break\n            yield row\n\n    def first(self, request):\n        return next(iter(self.rows(request)))`,
    worker: 'Connection.first',
  },
];

const COMPAT_KERNELS: readonly { module: string; old: string; member: string }[] = [
  { module: 'json', old: 'ujson', member: 'loads' },
  { module: 'pickle', old: 'cPickle', member: 'loads' },
];

/** Every combination of the wait-on-a-thread's-result seed's axes, and the kernels under every import form. */
export function* pythonThreadResultVariants(): Generator<Variant> {
  for (const form of IMPORT_FORMS) {
    for (const waited of WAITED) {
      for (const depth of WAIT_DEPTHS) {
        const { imports, ref } = form.bind(waited.module, waited.member, waited.old);
        const code = `${imports}\n\n\nclass Connection:\n    def __init__(self, requests):\n        self.requests = requests\n\n    ${depth.methods(`${ref}()`, waited.wait)}\n`;
        yield { name: `import=${form.name} waited=${waited.name} depth=${depth.name}`, code, worker: depth.worker, expected: { workerKind: 'io', findings: [] } };
      }
    }
    for (const kernel of COMPAT_KERNELS) {
      const { imports, ref } = form.bind(kernel.module, kernel.member, kernel.old);
      const code = `${imports}\n\n\ndef decode(raw):\n    return ${ref}(raw)\n`;
      yield { name: `import=${form.name} kernel=${kernel.module}.${kernel.member}`, code, worker: 'decode', expected: { workerKind: 'cpu', findings: [] } };
    }
  }
}

/**
 * The eighth seed: a blocking HTTP round trip through a catalogued client is `io` however the
 * client reaches the method: inherited (the class extends the session, directly or through a
 * base of its own), kept on `self` (made in `__init__`, made in a base's `__init__`, handed to
 * `__init__`, annotated), or a module-level session; and however many of the class's own thin
 * wrappers lie between the caller and the round trip.
 *
 * Axes:
 *   clients  the library: requests.Session, httpx.Client
 *   reaches  how the method gets at the client
 *   depths   direct, one thin wrapper (`get(path)` → `_request("GET", path)`), two, a wrapper over a
 *            method its class only declares (`raise NotImplementedError`, `pass`, `...`) and a subclass implements
 */
interface HttpClient {
  name: string;
  module: string;
  type: string;
}

const HTTP_CLIENTS: readonly HttpClient[] = [
  { name: 'requests-session', module: 'requests', type: 'requests.Session' },
  { name: 'httpx-client', module: 'httpx', type: 'httpx.Client' },
];

interface Reach {
  name: string;
  /** the class statement's bases, its `__init__`, and code before the class */
  bases: (c: HttpClient) => string;
  init: (c: HttpClient) => string;
  before?: (c: HttpClient) => string;
  after?: (c: HttpClient) => string;
  /** the receiver of the round trip inside a method: `self` or `self.http` */
  receiver: string;
}

const HTTP_REACHES: readonly Reach[] = [
  { name: 'inherits', bases: (c) => `(${c.type})`, init: () => 'def __init__(self, root):\n        super().__init__()\n        self.root = root', receiver: 'self' },
  {
    name: 'inherits-through-own-base',
    before: (c) => `class BaseApi(${c.type}):\n    pass\n\n\n`,
    bases: () => '(BaseApi)',
    init: () => 'def __init__(self, root):\n        super().__init__()\n        self.root = root',
    receiver: 'self',
  },
  { name: 'made-in-init', bases: () => '', init: (c) => `def __init__(self, root):\n        self.root = root\n        self.http = ${c.type}()`, receiver: 'self.http' },
  {
    name: 'made-in-base-init',
    before: (c) => `class Base:\n    def __init__(self, root):\n        self.root = root\n        self.http = ${c.type}()\n\n\n`,
    bases: () => '(Base)',
    init: () => 'def __init__(self, root):\n        super().__init__(root)',
    receiver: 'self.http',
  },
  {
    name: 'passed-to-init',
    bases: () => '',
    init: () => 'def __init__(self, root, http):\n        self.root = root\n        self.http = http',
    after: (c) => `\n\ndef make():\n    return Api("https://api", ${c.type}())\n`,
    receiver: 'self.http',
  },
  { name: 'annotated', bases: () => '', init: (c) => `def __init__(self, root, http: ${c.type}):\n        self.root = root\n        self.http = http`, receiver: 'self.http' },
  { name: 'module-session', before: (c) => `HTTP = ${c.type}()\n\n\n`, bases: () => '', init: () => 'def __init__(self, root):\n        self.root = root', receiver: 'HTTP' },
];

/** How a method only declares itself: its subclass implements it. */
const ABSTRACT_STUBS: readonly { name: string; body: string }[] = [
  { name: 'raise', body: 'raise NotImplementedError' },
  { name: 'raise-message', body: 'raise NotImplementedError("subclasses send the request")' },
  { name: 'docstring-raise', body: '"""Sends the request; a subclass implements it."""\n        raise NotImplementedError()' },
  { name: 'ellipsis', body: '...' },
  { name: 'pass', body: 'pass' },
];

const HTTP_DEPTHS: readonly { name: string; methods: (receiver: string) => string; after?: (receiver: string) => string }[] = [
  // the wrapper calls a method its class only declares; a subclass does the round trip
  ...ABSTRACT_STUBS.map((stub) => ({
    name: `abstract-${stub.name}`,
    methods: () => `def _request(self, method, path, **kwargs):\n        ${stub.body}\n\n    def user(self, uid):\n        return self._request("GET", "/users/" + uid)`,
    after: (r: string) => `\n\nclass HttpApi(Api):\n    def _request(self, method, path, **kwargs):\n        return ${r}.request(method, self.root + path, **kwargs)\n`,
  })),
  { name: 'direct', methods: (r) => `def user(self, uid):\n        return ${r}.request("GET", self.root + "/users/" + uid)` },
  {
    name: 'thin-wrapper',
    methods: (r) =>
      `def _request(self, method, path, **kwargs):\n        response = ${r}.request(method, self.root + path, **kwargs)\n        response.raise_for_status()\n        return response\n\n    def user(self, uid):\n        return self._request("GET", "/users/" + uid)`,
  },
  {
    name: 'two-wrappers',
    methods: (r) =>
      `def _request(self, method, path, **kwargs):\n        return ${r}.request(method, self.root + path, **kwargs)\n\n    def get(self, path, **kwargs):\n        return self._request("GET", path, **kwargs)\n\n    def user(self, uid):\n        return self.get("/users/" + uid)`,
  },
  { name: 'verb-method', methods: (r) => `def user(self, uid):\n        return ${r}.post(self.root + "/users", json={"id": uid})` },
];

/** Every combination of the HTTP-client seed's axes. */
export function* pythonHttpClientVariants(): Generator<Variant> {
  for (const client of HTTP_CLIENTS) {
    for (const reach of HTTP_REACHES) {
      for (const depth of HTTP_DEPTHS) {
        const code = `import ${client.module}\n\n\n${reach.before?.(client) ?? ''}class Api${reach.bases(client)}:\n    ${reach.init(client)}\n\n    ${depth.methods(reach.receiver)}\n${depth.after?.(reach.receiver) ?? ''}${reach.after?.(client) ?? ''}`;
        yield { name: `client=${client.name} reach=${reach.name} depth=${depth.name}`, code, worker: 'Api.user', expected: { workerKind: 'io', findings: [] } };
      }
    }
  }
}

/**
 * The ninth seed: a coroutine a thread drives alone on an event loop of its own waits only that
 * thread, and a child process the coroutine has seen exit is reaped without waiting: no
 * blocking-call-in-async finding, however the thread is started, the loop is driven and the wait
 * or the poll is written. The same coroutine with a task started beside it on its loop, and a
 * `wait()` after a loop that may leave while the child runs, are reported.
 *
 * Axes (private loop): starts (a Thread subclass's `run`, `Thread(target=self.method)`), runners (`asyncio.run`, `new_event_loop` + `run_until_complete`),
 * waits (`event.wait(interval)`, `time.sleep(interval)`, a helper coroutine that sleeps), beside
 * (nothing, a task).
 * Axes (reaped child): polls (`while proc.poll() is None`, `while await self.poll() is None`,
 * `if proc.poll() is not None`), receivers (a local `proc`, `self.process`), ends (no `break`, a
 * `break` on a deadline).
 */
const LOOP_STARTS: readonly { name: string; code: (driver: string) => string }[] = [
  {
    name: 'thread-subclass',
    code: (driver) => `class Beat(threading.Thread):\n    def __init__(self, interval):\n        super().__init__(daemon=True)\n        self.interval = interval\n        self.stopped = threading.Event()\n\n    def run(self):\n${driver}\n\n    BODY\n`,
  },
  {
    name: 'thread-target-method',
    code: (driver) =>
      `class Beat:\n    def __init__(self, interval):\n        self.interval = interval\n        self.stopped = threading.Event()\n        self.thread = threading.Thread(target=self._run, daemon=True)\n        self.thread.start()\n\n    def _run(self):\n${driver}\n\n    BODY\n`,
  },
];

const LOOP_RUNNERS: readonly { name: string; driver: string }[] = [
  { name: 'asyncio-run', driver: '        asyncio.run(self._beat())' },
  { name: 'run-until-complete', driver: '        loop = asyncio.new_event_loop()\n        asyncio.set_event_loop(loop)\n        loop.run_until_complete(self._beat())\n        loop.close()' },
];

const LOOP_WAITS: readonly { name: string; line: string; helper?: string }[] = [
  { name: 'event-wait', line: 'self.stopped.wait(self.interval)' },
  { name: 'time-sleep', line: 'time.sleep(self.interval)' },
  { name: 'helper-coroutine', line: 'await self._pause()', helper: 'async def _pause(self):\n        time.sleep(self.interval)' },
];

const CHILD_POLLS: readonly { name: string; guarded: (receiver: string, end: string) => string }[] = [
  { name: 'while-poll', guarded: (r, end) => `while ${r}.poll() is None:\n${end}            await asyncio.sleep(0.1)\n        return ${r}.wait()` },
  { name: 'while-own-poll', guarded: (r, end) => `while await self.poll(${r}) is None:\n${end}            await asyncio.sleep(0.1)\n        return ${r}.wait()` },
  { name: 'if-exited', guarded: (r) => `if ${r}.poll() is not None:\n            return ${r}.wait()\n        return None` },
];

/** Every combination of the private-loop and reaped-child seeds' axes. */
export function* pythonPrivateLoopVariants(): Generator<Variant> {
  for (const start of LOOP_STARTS) {
    for (const runner of LOOP_RUNNERS) {
      for (const wait of LOOP_WAITS) {
        for (const beside of ['alone', 'task']) {
          const task = beside === 'task' ? '        asyncio.create_task(self._tick())\n' : '';
          const body = `async def _beat(self):\n${task}        while not self.stopped.is_set():\n            ${wait.line}\n            print("ping")${wait.helper ? `\n\n    ${wait.helper}` : ''}\n\n    async def _tick(self):\n        await asyncio.sleep(1)`;
          const code = `import asyncio\nimport threading\nimport time\n\n\n${start.code(runner.driver).replace('BODY', body)}`;
          const worker = wait.helper ? 'Beat._pause' : 'Beat._beat';
          yield { name: `private-loop start=${start.name} runner=${runner.name} wait=${wait.name} beside=${beside}`, code, worker, expected: { workerKind: 'io-sync', findings: beside === 'task' ? ['blocking-call-in-async'] : [] } };
        }
      }
    }
  }
  for (const poll of CHILD_POLLS) {
    for (const receiver of ['proc', 'self.process']) {
      for (const end of ['none', 'deadline']) {
        if (end === 'deadline' && poll.name === 'if-exited') continue;
        const leave = end === 'deadline' ? '            if time.monotonic() > deadline:\n                break\n' : '';
        const code = `import asyncio\nimport subprocess\nimport time\n\n\nclass Child:\n    def __init__(self, argv):\n        self.process = subprocess.Popen(argv)\n\n    async def poll(self, proc):\n        return proc.poll()\n\n    async def reap(self, proc: subprocess.Popen, deadline):\n        ${poll.guarded(receiver, leave)}\n`;
        yield { name: `reaped-child poll=${poll.name} receiver=${receiver} end=${end}`, code, worker: 'Child.reap', expected: { workerKind: 'io-sync', findings: end === 'deadline' ? ['blocking-call-in-async'] : [] } };
      }
    }
  }
}

/**
 * The tenth seed: a queue, lock or event a coroutine asks not to wait, and a call whose result an
 * asyncio function takes as a coroutine, do not block the loop: no finding however the primitive
 * and the no-wait form are written; the plain waiting call is reported.
 */
const NO_WAIT_PRIMITIVES: readonly { name: string; make: string; forms: readonly string[]; waits: string }[] = [
  { name: 'queue', make: 'queue.Queue()', forms: ['get(block=False)', 'get(False)', 'get(timeout=0)'], waits: 'get()' },
  { name: 'lock', make: 'threading.Lock()', forms: ['acquire(blocking=False)', 'acquire(False)', 'acquire(timeout=0)'], waits: 'acquire()' },
  { name: 'event', make: 'threading.Event()', forms: ['wait(0)', 'wait(timeout=0)', 'wait(0.0)'], waits: 'wait()' },
];

/** Every primitive under every no-wait form, its waiting form, and a queue's get() handed to each asyncio coroutine taker. */
export function* pythonNoWaitVariants(): Generator<Variant> {
  for (const primitive of NO_WAIT_PRIMITIVES) {
    for (const form of [...primitive.forms, primitive.waits]) {
      const code = `import queue\nimport threading\n\n\nclass Pump:\n    def __init__(self):\n        self.shared = ${primitive.make}\n\n    async def step(self, item):\n        result = self.shared.${form}\n        return item, result\n`;
      yield { name: `no-wait primitive=${primitive.name} form=${form}`, code, worker: 'Pump.step', expected: { workerKind: 'io-sync', findings: form === primitive.waits ? ['blocking-call-in-async'] : [] } };
    }
  }
  for (const taker of ['asyncio.wait_for(QUEUE.get(), 5)', 'asyncio.shield(QUEUE.get())', 'asyncio.gather(QUEUE.get())', 'asyncio.ensure_future(QUEUE.get())']) {
    const code = `import asyncio\nimport queue\n\n\nclass Base:\n    def __init__(self):\n        self.queue = self.make_queue()\n\n    def make_queue(self):\n        return queue.Queue()\n\n\nclass Pump(Base):\n    def make_queue(self):\n        return asyncio.Queue()\n\n    async def step(self):\n        return await ${taker.replace('QUEUE', 'self.queue')}\n`;
    yield { name: `no-wait taker=${taker.split('(')[0]}`, code, worker: 'Pump.step', expected: { workerKind: 'io-sync', findings: [] } };
  }
}

/**
 * The seed "light work on every item of the input": a count of the lines of a log handed in that
 * start with an error mark. A comparison or a method call per item is little, but it is done for
 * every item, so the work grows with the input: `cpu`, data-dependent, and (the size a guess) no
 * finding, however the loop is spelled, wherever the worker lives and however it is reached.
 *
 * Axes:
 *   loops       for, while indexing the lines, a list comprehension with a filter, sum(generator),
 *               builtin map with a lambda, a dict comprehension keyed by each item
 *   holders     a function, a @staticmethod, a method reached through `self` (HOLDERS), or a
 *               function in another module imported by name or as a module
 *   callers     a direct call, executor.map, Thread(target=…), builtin map (CALLERS)
 */
export const LIGHT_LOOPS: readonly Scan[] = [
  { name: 'for', body: 'errors = 0\n    for line in text:\n        if line.startswith("E"):\n            errors += 1\n    return errors' },
  { name: 'while-index', body: 'errors = 0\n    i = 0\n    while i < len(text):\n        if text[i].startswith("E"):\n            errors += 1\n        i += 1\n    return errors' },
  { name: 'comprehension', body: 'return len([line for line in text if line.startswith("E")])' },
  { name: 'sum-generator', body: 'return sum(1 for line in text if line.startswith("E"))' },
  { name: 'map-lambda', body: 'return sum(map(lambda line: line.startswith("E"), text))' },
  { name: 'dict-comprehension', body: 'return len({line[:8]: line for line in text if line.startswith("E")})' },
];

const LIGHT_HOLDERS: readonly (Holder & { module?: boolean; importLine?: string })[] = [
  ...HOLDERS.filter((holder) => holder.name !== 'classmethod' && holder.name !== 'mixin-method'),
  { name: 'other-module', define: (body) => `def scan(text):\n    ${body}\n`, callable: 'scan', worker: 'scan', module: true, importLine: 'from lightlog import scan' },
  { name: 'other-module-attribute', define: (body) => `def scan(text):\n    ${body}\n`, callable: 'lightlog.scan', worker: 'scan', module: true, importLine: 'import lightlog' },
];

/** Every combination of the light-loop seed's axes. */
export function* pythonLightLoopVariants(): Generator<Variant> {
  for (const loop of LIGHT_LOOPS) {
    for (const holder of LIGHT_HOLDERS) {
      for (const caller of CALLERS) {
        const body = caller.body.replaceAll('{F}', holder.callable);
        const name = `light-loop=${loop.name} holder=${holder.name} caller=${caller.name}`;
        const expected = { workerKind: 'cpu' as const, findings: [] };
        if (holder.module) {
          const code = `${SCAN_HEADER}${holder.importLine}\n\n\ndef main(texts):\n    ${body}\n`;
          yield { name, code, modules: { 'lightlog.py': holder.define(loop.body) }, worker: holder.worker, expected };
        } else {
          yield { name, code: `${SCAN_HEADER}\n\n${holder.define(loop.body)}\n\ndef main(texts):\n    ${body}\n`, worker: holder.worker, expected };
        }
      }
    }
  }
}

/**
 * The eleventh seed: a coroutine that joins work it started (a thread's or a process's `join()`,
 * a pool future's `result()`, a pool's `shutdown()`) holds the event loop until that work ends:
 * one blocking-call-in-async finding, however the thread, process, future or pool is held (a
 * local, `self`, a typed parameter, a module-level object) and whether a timeout bounds the wait.
 * The same join after the code has seen the work end (`if f.done():`, `if not t.is_alive():`, an
 * early return while it runs, the future awaited first) or asked not to wait (`join(0)`,
 * `shutdown(wait=False)`) returns at once: no finding.
 */
interface JoinPrimitive {
  name: string;
  /** module-level imports */
  imports: string;
  /** the expression that makes the object (it is started where it needs starting) */
  make: string;
  /** the annotation of a typed parameter */
  annotation: string;
  /** a statement that starts it, with {X} for the object (or '') */
  start: string;
  waits: readonly string[];
  /** forms that return at once; {X} is the object */
  quiet: readonly string[];
}

const JOIN_PRIMITIVES: readonly JoinPrimitive[] = [
  {
    name: 'thread',
    imports: 'import threading',
    make: 'threading.Thread(target=work, args=(1,))',
    annotation: 'threading.Thread',
    start: '{X}.start()',
    waits: ['{X}.join()', '{X}.join(timeout=5)'],
    quiet: ['{X}.join(0)', 'if not {X}.is_alive():\n        {X}.join()'],
  },
  {
    name: 'process',
    imports: 'import multiprocessing',
    make: 'multiprocessing.Process(target=work, args=(1,))',
    annotation: 'multiprocessing.Process',
    start: '{X}.start()',
    waits: ['{X}.join()', '{X}.join(3)'],
    quiet: ['if {X}.exitcode is not None:\n        {X}.join()', 'if {X}.is_alive():\n        return None\n    {X}.join()'],
  },
  {
    name: 'future',
    imports: 'import concurrent.futures\nfrom concurrent.futures import ThreadPoolExecutor\n\nPOOL = ThreadPoolExecutor(max_workers=2)\n\n\ndef schedule(n):\n    return POOL.submit(work, n)',
    make: 'POOL.submit(work, 1)',
    annotation: 'concurrent.futures.Future',
    start: '',
    waits: ['{X}.result()', '{X}.result(timeout=2)'],
    quiet: ['if {X}.done():\n        {X}.result()', 'if not {X}.done():\n        return None\n    {X}.result()', 'await asyncio.wrap_future({X})\n    {X}.result()', 'await asyncio.wait([asyncio.wrap_future({X})])\n    {X}.result()'],
  },
  {
    name: 'pool',
    imports: 'from concurrent.futures import ThreadPoolExecutor',
    make: 'ThreadPoolExecutor(max_workers=2)',
    annotation: 'ThreadPoolExecutor',
    start: '',
    waits: ['{X}.shutdown()', '{X}.shutdown(wait=True)'],
    quiet: ['{X}.shutdown(wait=False)'],
  },
];

/** How the coroutine reaches the object: the module's lines, the class around it, its parameters and its name for it. */
const JOIN_HOLDERS: readonly { name: string; code: (p: JoinPrimitive, body: string) => string; worker: string }[] = [
  {
    name: 'local',
    worker: 'finish',
    code: (p, body) => `async def finish():\n    held = ${p.make}\n${p.start ? `    ${p.start.replace('{X}', 'held')}\n` : ''}    await asyncio.sleep(0)\n    ${body.replaceAll('{X}', 'held')}\n    return None\n`,
  },
  {
    name: 'self',
    worker: 'Job.finish',
    code: (p, body) =>
      `class Job:\n    def __init__(self):\n        self.held = ${p.make}\n${p.start ? `        ${p.start.replace('{X}', 'self.held')}\n` : ''}\n    async def finish(self):\n        await asyncio.sleep(0)\n        ${body.replaceAll('{X}', 'self.held').replaceAll('\n    ', '\n        ')}\n        return None\n`,
  },
  {
    name: 'typed-parameter',
    worker: 'finish',
    code: (p, body) => `async def finish(held: ${p.annotation}):\n    await asyncio.sleep(0)\n    ${body.replaceAll('{X}', 'held')}\n    return None\n`,
  },
  {
    name: 'module-level',
    worker: 'finish',
    code: (p, body) => `HELD = ${p.make}\n\n\nasync def finish():\n    await asyncio.sleep(0)\n    ${body.replaceAll('{X}', 'HELD')}\n    return None\n`,
  },
];

/** Every primitive, holder and form of the join seed. */
export function* pythonJoinVariants(): Generator<Variant> {
  for (const primitive of JOIN_PRIMITIVES) {
    for (const holder of JOIN_HOLDERS) {
      // a process made at import time is a bug of its own (missing-main-guard): not this seed's shape
      if (primitive.name === 'process' && holder.name === 'module-level') continue;
      for (const [form, findings] of [...primitive.waits.map((w) => [w, ['blocking-call-in-async']] as const), ...primitive.quiet.map((q) => [q, []] as const)]) {
        const code = `import asyncio\n${primitive.imports}\n\n\ndef work(n):\n    return n * 2\n\n\n${holder.code(primitive, form)}`;
        yield { name: `join primitive=${primitive.name} holder=${holder.name} form=${form.replace(/\s+/g, ' ')}`, code, worker: holder.worker, expected: { workerKind: 'io', findings: [...findings] } };
      }
    }
  }
}

/**
 * The twelfth seed: a synchronous request method of a tornado handler runs on the IOLoop thread
 * for every request, so its blocking call is one blocking-call-in-async finding (its key
 * derivation one cpu-in-async finding) however tornado's
 * handler class is imported and named, whether the project puts a base class of its own between
 * them, and whichever request method blocks; the same method as `async def` awaiting an async
 * client or `asyncio.to_thread` is quiet.
 */
const HANDLER_BASES: readonly { name: string; imports: string; base: string; between: boolean }[] = [
  { name: 'module-attribute', imports: 'import tornado.web', base: 'tornado.web.RequestHandler', between: false },
  { name: 'from-module', imports: 'from tornado import web', base: 'web.RequestHandler', between: false },
  { name: 'from-class', imports: 'from tornado.web import RequestHandler', base: 'RequestHandler', between: false },
  { name: 'aliased-class', imports: 'from tornado.web import RequestHandler as Handler', base: 'Handler', between: false },
  { name: 'own-base', imports: 'from tornado import web', base: 'web.RequestHandler', between: true },
  { name: 'websocket', imports: 'from tornado import websocket', base: 'websocket.WebSocketHandler', between: false },
];

const HANDLER_WAITS: readonly { name: string; blocking: string; awaited: string; rule: string; kind: 'io' | 'mixed' }[] = [
  // (the handler writes the digest: the key derivation is CPU beside that I/O, so the method is mixed)
  { name: 'http', blocking: 'requests.get("https://api.example/items", timeout=5).json()', awaited: 'await asyncio.to_thread(requests.get, "https://api.example/items")', rule: 'blocking-call-in-async', kind: 'io' },
  { name: 'sleep', blocking: 'time.sleep(0.5)', awaited: 'await asyncio.sleep(0.5)', rule: 'blocking-call-in-async', kind: 'io' },
  { name: 'subprocess', blocking: 'subprocess.run(["convert", "in.png", "out.jpg"], check=True)', awaited: 'await asyncio.create_subprocess_exec("convert", "in.png", "out.jpg")', rule: 'blocking-call-in-async', kind: 'io' },
  { name: 'key-derivation', blocking: 'hashlib.pbkdf2_hmac("sha256", b"secret", b"salt", 600_000)', awaited: 'await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", b"secret", b"salt", 600_000)', rule: 'cpu-in-async', kind: 'mixed' },
];

/** Every handler base, request method and wait, blocking in a plain def and awaited in an async def. */
export function* pythonHandlerVariants(): Generator<Variant> {
  for (const base of HANDLER_BASES) {
    for (const method of ['get', 'post', 'delete']) {
      for (const wait of HANDLER_WAITS) {
        for (const style of ['sync', 'async']) {
          const parent = base.between ? 'BaseHandler' : base.base;
          const between = base.between ? `class BaseHandler(${base.base}):\n    def user(self):\n        return self.get_secure_cookie("user")\n\n\n` : '';
          const body = style === 'sync' ? `    def ${method}(self):\n        result = ${wait.blocking}\n        self.write({"result": str(result)})\n` : `    async def ${method}(self):\n        result = ${wait.awaited}\n        self.write({"result": str(result)})\n`;
          const code = `import asyncio\nimport hashlib\nimport subprocess\nimport time\n\nimport requests\n${base.imports}\n\n\n${between}class ItemsHandler(${parent}):\n${body}`;
          yield { name: `handler base=${base.name} method=${method} wait=${wait.name} style=${style}`, code, worker: `ItemsHandler.${method}`, expected: { workerKind: style === 'sync' ? wait.kind : 'io', findings: style === 'sync' ? [wait.rule] : [] } };
        }
      }
    }
  }
}
