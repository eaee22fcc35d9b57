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
 */

export interface Variant {
  /** `loop=for value=literal callable=lambda dispatch=executor-map` */
  name: string;
  code: string;
  /** the function whose verdict is checked (`square_sum` or `Squarer.square_sum`) */
  worker: string;
  expected: { workerKind: 'cpu'; findings: string[] };
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
 *              a substitution, a sort, a for loop parsing each line, a comprehension, a while loop
 *              indexing the data
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
