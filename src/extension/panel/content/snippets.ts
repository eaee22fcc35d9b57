/**
 * Code the panel can insert into the active editor: one small, runnable starting point per
 * concurrency tool. These are teaching snippets, not the analyser's quick fixes (src/fixes/ rewrites
 * the user's function; a snippet only shows the shape of the solution at the cursor).
 * Static data we wrote: trusted, but still rendered escaped inside <pre> like any other text.
 */
import type { Strategy } from '../../../core/model';

export type SnippetLanguage = 'node' | 'python';

export const SNIPPET_IDS = [
  'node-worker-thread',
  'node-worker-pool',
  'node-child-process',
  'node-async-io',
  'node-bounded-concurrency',
  'python-thread-pool',
  'python-process-pool',
  'python-asyncio',
  'python-asyncio-to-thread',
] as const;

export type SnippetId = (typeof SNIPPET_IDS)[number];

export interface Snippet {
  id: SnippetId;
  language: SnippetLanguage;
  title: string;
  /** what to change after inserting it */
  note: string;
  code: string;
}

const NODE_WORKER_THREAD = `// One CPU-heavy call on a worker thread: the event loop stays free while it runs.
// (CommonJS shown; in an ES module use import.meta.filename or new URL(import.meta.url).)
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

function sumOfSquares(n) {
  let total = 0;
  for (let i = 0; i < n; i++) total += i * i;
  return total;
}

if (isMainThread) {
  module.exports.sumOfSquaresOffThread = (n) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: n });
      worker.once('message', resolve); // the result arrives as a structured clone
      worker.once('error', reject); // an uncaught exception ends the worker, not the process
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(\`worker stopped with exit code \${code}\`));
      });
    });
} else {
  parentPort.postMessage(sumOfSquares(workerData));
}
`;

const NODE_WORKER_POOL = `// Many CPU-heavy calls: keep a fixed pool of workers instead of starting one per call.
// npm install piscina   (a maintained worker-pool library)
const path = require('node:path');
const os = require('node:os');
const { Piscina } = require('piscina');

const pool = new Piscina({
  filename: path.resolve(__dirname, 'sum-of-squares.worker.js'), // module.exports = (n) => { ... }
  maxThreads: Math.max(1, os.availableParallelism() - 1), // leave a core for the event loop
});

async function sumAll(inputs) {
  // tasks queue up when every worker is busy; results come back in input order
  return Promise.all(inputs.map((n) => pool.run(n)));
}
`;

const NODE_CHILD_PROCESS = `// Run an external program (or isolate risky work) in a child process.
// execFile passes arguments without a shell, so user input cannot inject shell syntax.
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');
const execFileAsync = promisify(execFile);

async function convert(inputPath, outputPath) {
  const { stdout } = await execFileAsync('ffmpeg', ['-i', inputPath, outputPath], {
    timeout: 60_000, // kill the child if it hangs
    maxBuffer: 10 * 1024 * 1024, // output beyond this is an error, not unbounded memory
  });
  return stdout;
}
`;

const NODE_ASYNC_IO = `// Replace blocking *Sync calls with their promise-based versions: the thread
// is free while the OS (or libuv's threadpool, for files) does the work.
const { readFile } = require('node:fs/promises');

async function loadConfig(configPath) {
  const text = await readFile(configPath, 'utf8');
  return JSON.parse(text);
}
`;

const NODE_BOUNDED_CONCURRENCY = `// Start independent awaits together, but never more than \`limit\` at once,
// so a list of 10,000 URLs does not open 10,000 sockets.
async function mapWithLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++; // safe: JavaScript runs this line on one thread
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

// const pages = await mapWithLimit(urls, 8, (url) => fetch(url).then((r) => r.text()));
`;

const PYTHON_THREAD_POOL = `# I/O-bound work (HTTP, database, files): threads overlap the waiting.
# Each thread releases the GIL while it blocks on the network.
from concurrent.futures import ThreadPoolExecutor
import urllib.request


def download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def download_all(urls: list[str]) -> list[bytes]:
    with ThreadPoolExecutor(max_workers=8) as pool:  # bound the number of open connections
        return list(pool.map(download, urls))  # results in input order
`;

const PYTHON_PROCESS_POOL = `# CPU-bound pure-Python work: one process per core sidesteps the GIL.
from concurrent.futures import ProcessPoolExecutor


def sum_of_squares(n: int) -> int:  # must be importable (top level) so it can be pickled
    return sum(i * i for i in range(n))


def main() -> None:
    inputs = [10_000_000] * 8
    with ProcessPoolExecutor() as pool:  # defaults to one worker per usable CPU
        # chunksize batches items to cut pickling/IPC overhead when there are many small ones
        results = list(pool.map(sum_of_squares, inputs, chunksize=1))
    print(results)


if __name__ == "__main__":  # required: spawn/forkserver children re-import this module
    main()
`;

const PYTHON_ASYNCIO = `# Many concurrent network waits on one thread, with a bound on how many run at once.
import asyncio


async def fetch_one(session, url: str, limit: asyncio.Semaphore) -> str:
    async with limit:
        async with session.get(url) as response:  # e.g. aiohttp / httpx.AsyncClient
            return await response.text()


async def fetch_all(session, urls: list[str]) -> list[str]:
    limit = asyncio.Semaphore(10)
    async with asyncio.TaskGroup() as group:  # Python 3.11+; use asyncio.gather before that
        tasks = [group.create_task(fetch_one(session, url, limit)) for url in urls]
    return [task.result() for task in tasks]
`;

const PYTHON_ASYNCIO_TO_THREAD = `# A blocking call inside async code freezes every task on the loop.
# Hand it to a thread (I/O) or a process pool (CPU) and await the result.
import asyncio
from concurrent.futures import ProcessPoolExecutor


async def handler(path: str, numbers: list[int]) -> int:
    text = await asyncio.to_thread(read_text_blocking, path)  # blocking I/O -> thread
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor() as pool:  # in a real app, create the pool once at startup
        total = await loop.run_in_executor(pool, cpu_heavy, numbers)  # CPU -> process
    return len(text) + total


def read_text_blocking(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def cpu_heavy(numbers: list[int]) -> int:
    return sum(n * n for n in numbers)
`;

export const SNIPPETS: Readonly<Record<SnippetId, Snippet>> = {
  'node-worker-thread': {
    id: 'node-worker-thread',
    language: 'node',
    title: 'Run one CPU-heavy call on a worker thread',
    note: 'Replace sumOfSquares with your function; its argument and result must be structured-cloneable.',
    code: NODE_WORKER_THREAD,
  },
  'node-worker-pool': {
    id: 'node-worker-pool',
    language: 'node',
    title: 'Share a pool of worker threads (piscina)',
    note: 'Put the CPU-heavy function in its own worker module and point filename at it.',
    code: NODE_WORKER_POOL,
  },
  'node-child-process': {
    id: 'node-child-process',
    language: 'node',
    title: 'Run a program in a child process with execFile',
    note: 'Use spawn instead when the output is large or should be streamed.',
    code: NODE_CHILD_PROCESS,
  },
  'node-async-io': {
    id: 'node-async-io',
    language: 'node',
    title: 'Use promise-based fs instead of *Sync',
    note: 'Callers must now await the function.',
    code: NODE_ASYNC_IO,
  },
  'node-bounded-concurrency': {
    id: 'node-bounded-concurrency',
    language: 'node',
    title: 'Run independent awaits concurrently, with a bound',
    note: 'Pick the limit from what the other side tolerates (connections, rate limits).',
    code: NODE_BOUNDED_CONCURRENCY,
  },
  'python-thread-pool': {
    id: 'python-thread-pool',
    language: 'python',
    title: 'Overlap blocking I/O with ThreadPoolExecutor',
    note: 'Works for any blocking library (requests, database drivers); not for pure-Python CPU work.',
    code: PYTHON_THREAD_POOL,
  },
  'python-process-pool': {
    id: 'python-process-pool',
    language: 'python',
    title: 'Spread CPU-bound work over ProcessPoolExecutor',
    note: 'Arguments and results are pickled: send small inputs, not large objects.',
    code: PYTHON_PROCESS_POOL,
  },
  'python-asyncio': {
    id: 'python-asyncio',
    language: 'python',
    title: 'Many concurrent requests with asyncio and a Semaphore',
    note: 'Needs an async HTTP client; blocking clients such as requests would freeze the loop.',
    code: PYTHON_ASYNCIO,
  },
  'python-asyncio-to-thread': {
    id: 'python-asyncio-to-thread',
    language: 'python',
    title: 'Keep the asyncio loop free: to_thread and run_in_executor',
    note: 'Create the process pool once (at startup) rather than per call.',
    code: PYTHON_ASYNCIO_TO_THREAD,
  },
};

export function isSnippetId(value: unknown): value is SnippetId {
  return typeof value === 'string' && (SNIPPET_IDS as readonly string[]).includes(value);
}

const SNIPPET_FOR_STRATEGY: Readonly<Record<Strategy, SnippetId | undefined>> = {
  'worker-thread': 'node-worker-thread',
  'worker-pool': 'node-worker-pool',
  'child-process': 'node-child-process',
  'async-io': 'node-async-io',
  'concurrent-awaits': 'node-bounded-concurrency',
  'thread-pool': 'python-thread-pool',
  'process-pool': 'python-process-pool',
  asyncio: 'python-asyncio',
  none: undefined,
};

/** The snippet that shows how to apply a recommended strategy, if there is one. */
export function snippetForStrategy(strategy: Strategy): SnippetId | undefined {
  return SNIPPET_FOR_STRATEGY[strategy];
}
