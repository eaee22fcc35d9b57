/**
 * The concept guide: what the panel teaches, as structured data. Each topic has a language-neutral
 * body and, where the two runtimes differ, a Node.js column and a Python column shown side by side.
 * Bodies are our own static markup built with `html`, so any code sample in them is escaped.
 * Claims tied to a version (start-method defaults, free-threading, API additions) follow the
 * runtimes' own documentation and release notes: re-check them there when editing.
 */
import { html, type SafeHtml } from '../escape';

export const TOPIC_IDS = [
  'tasks-processes-threads',
  'io-vs-cpu',
  'node-event-loop',
  'node-worker-threads',
  'node-child-process',
  'worker-pools',
  'bounded-concurrency',
  'python-gil',
  'python-threading',
  'python-multiprocessing',
  'python-concurrent-futures',
  'python-asyncio',
  'ipc',
  'decision-guide',
] as const;

export type TopicId = (typeof TOPIC_IDS)[number];

export interface Topic {
  id: TopicId;
  title: string;
  /** one plain-text sentence shown under the title and in the topic list */
  summary: string;
  body: SafeHtml;
  node?: SafeHtml;
  python?: SafeHtml;
  related: TopicId[];
}

export function isTopicId(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}

const code = (text: string): SafeHtml => html`<pre class="code"><code>${text}</code></pre>`;

const tasksProcessesThreads: Topic = {
  id: 'tasks-processes-threads',
  title: 'Tasks, processes and threads',
  summary:
    'A task is a piece of work; a process is a running program with its own memory; a thread is one line of execution inside a process.',
  body: html`
    <p>A <strong>task</strong> is a unit of work you want done: handle one request, resize one image,
    sum one list. It says nothing about <em>where</em> it runs. A task can run on the current thread, be
    queued on an event loop, be handed to another thread, or to another process.</p>
    <p>A <strong>process</strong> is a running program. The operating system gives it a private address
    space (its own memory), its own table of open files and sockets, and its own environment. Another process
    cannot read that memory unless both agree to share some of it.</p>
    <p>A <strong>thread</strong> is one sequence of instructions being executed inside a process. Every
    process has at least one. The threads of a process share its memory and open files, and each has only
    its own stack and registers. The operating system schedules threads, not processes, onto CPU cores, so
    two threads of one process <em>can</em> run at the same instant on two cores, unless the language
    runtime stops them (as CPython's GIL does for Python code).</p>
    <div class="table-scroll">
    <table class="compare">
      <caption>How the execution units compare</caption>
      <thead><tr><th scope="col"></th><th scope="col">Process</th><th scope="col">OS thread (Python <code>threading</code>)</th>
        <th scope="col">Node worker thread</th><th scope="col">Async task (Promise, coroutine)</th></tr></thead>
      <tbody>
        <tr><th scope="row">Memory</th><td>Private address space</td><td>Shared with every thread of the process</td>
          <td>Own V8 isolate and heap; only <code>SharedArrayBuffer</code>s are shared</td><td>Shared: it is just an object on one thread's heap</td></tr>
        <tr><th scope="row">Other resources</th><td>Own file descriptors, environment, working directory</td><td>The process's</td>
          <td>The process's (file descriptors, environment, libuv threadpool); own event loop</td><td>The thread's</td></tr>
        <tr><th scope="row">Runs in parallel?</th><td>Yes, on another core</td><td>Yes in C/C++/Java; in CPython only one runs Python bytecode at a time (GIL), unless free-threaded</td>
          <td>Yes, on another core</td><td>No: tasks interleave at <code>await</code> on one thread</td></tr>
        <tr><th scope="row">Start-up cost</th><td>Milliseconds to tens of ms plus tens of MB (a new interpreter)</td><td>Tens of microseconds plus a stack</td>
          <td>Tens of ms and several MB (a new V8 isolate and Node environment)</td><td>Microseconds and a few hundred bytes</td></tr>
        <tr><th scope="row">A crash takes down…</th><td>Only itself; the parent sees an exit code</td><td>An uncaught exception ends only that thread; a segfault ends the whole process</td>
          <td>An uncaught exception ends only that worker (the parent gets an <code>error</code> event); a native crash ends the process</td><td>A rejected promise or exception surfaces at the <code>await</code></td></tr>
        <tr><th scope="row">Talks to others by…</th><td>IPC: pipes, sockets, queues, shared-memory segments (data is copied or serialised)</td><td>Reading and writing the same objects, guarded by locks</td>
          <td><code>postMessage</code> (structured clone or transfer), <code>SharedArrayBuffer</code> with <code>Atomics</code></td><td>Return values and shared variables; no locks needed between awaits</td></tr>
      </tbody>
    </table>
    </div>
    <h4>An analogy that holds up</h4>
    <p>Think of a <strong>workshop</strong>. A process is a whole workshop in its own building: its own tools,
    stock and front door. Threads are workers in the same workshop: they hand each other parts instantly because
    everything is on the shared bench, but two of them can grab the same part at once (a race condition),
    and a fire in one corner closes the whole workshop. A Node worker thread is a worker in a glass booth
    inside the workshop: own bench, passes parts through a hatch (<code>postMessage</code>), and only a tray
    marked “shared” (<code>SharedArrayBuffer</code>) is reachable from both sides. CPython's GIL is a single
    pen that a worker must hold to write anything: many workers, but one writes at a time; a worker who stops
    to wait for a delivery (I/O) puts the pen down. An async task is one worker juggling orders: while the
    oven runs, they start the next order, but if they do one long job by hand, every other order waits.</p>`,
  related: ['io-vs-cpu', 'python-gil', 'node-worker-threads', 'ipc'],
};

const ioVsCpu: Topic = {
  id: 'io-vs-cpu',
  title: 'I/O-bound or CPU-bound?',
  summary:
    'What limits the work: the processor computing, or waiting for something outside (network, disk, a timer, another program)?',
  body: html`
    <p>Work is <strong>CPU-bound</strong> when it would finish sooner on a faster processor: loops over large
    data, parsing, hashing, compression, image processing, numeric code. It is <strong>I/O-bound</strong> when
    most of its time passes waiting: for a network reply, a database, the disk, a timer, a child program.</p>
    <p>The distinction picks the tool. Waiting needs no extra cores: one thread can wait on thousands of sockets
    if the waiting is asynchronous. Computing needs more cores, and only helps if the runtime can put the work
    on them (worker threads in Node, processes in CPython).</p>
    <p><strong>Blocking synchronous I/O</strong> is a third case: the work is mostly waiting, but the call holds
    the thread while it waits (<code>fs.readFileSync</code>, <code>execSync</code>, <code>requests.get</code> inside
    <code>async def</code>). It costs nothing in CPU yet stops everything else sharing that thread.</p>
    <h4>How to tell by measuring</h4>
    <p>Compare CPU time to wall-clock time for the same call. If they are close, the call is computing; if the wall
    time is much larger, it is waiting.</p>
    ${code(`// Node
const start = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
await doWork();
const cpu = process.cpuUsage(cpuBefore); // microseconds (user + system)
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
console.log({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });

# Python
import time
wall, cpu = time.perf_counter(), time.process_time()
do_work()
print(time.perf_counter() - wall, time.process_time() - cpu)`)}
    <h4>What Threadwise looks at</h4>
    <ul>
      <li><strong>Loops and recursion</strong>, with an estimated iteration count (a literal bound, the size of a
      known collection, or an assumed size when the bound depends on data it cannot see). Iterations times the
      weight of the loop body, plus the catalogued cost of known calls (a pbkdf2 iteration, a KB of JSON), gives the
      cost estimate, converted to milliseconds with a table measured by timing those primitives
      (<code>npm run calibrate</code>) and compared with the <code>threadwise.cpuThresholdMs</code> setting.</li>
      <li><strong>Known calls</strong> from a catalogue: CPU-heavy ones (synchronous hashing, compression, big
      <code>JSON.parse</code>, sorting), asynchronous I/O (<code>fetch</code>, <code>fs/promises</code>, database
      clients, <code>aiohttp</code>), blocking I/O (<code>*Sync</code> functions, <code>requests</code>,
      <code>time.sleep</code>) and timers.</li>
      <li><strong>Callees</strong>: a function that calls a CPU-heavy function is itself CPU-heavy; the verdict
      propagates along the call graph, across files.</li>
      <li><strong>Context</strong>: code reachable from a request handler blocks every request when it holds the
      thread, so findings there are raised in severity.</li>
    </ul>
    <p>The verdict is an estimate from the source, not a measurement: the panel shows the evidence behind it so you
    can judge it, and the live demonstration shows what the difference looks like in real timings.</p>`,
  related: ['tasks-processes-threads', 'node-event-loop', 'python-gil', 'decision-guide'],
};

const nodeEventLoop: Topic = {
  id: 'node-event-loop',
  title: 'Node.js: the event loop and the libuv threadpool',
  summary:
    'Your JavaScript runs on one thread; I/O waits happen outside it, in the OS or in a small pool of libuv threads.',
  body: html`
    <p>A Node process runs all of your JavaScript on <strong>one main thread</strong>. The event loop takes one
    ready callback at a time (a timer that expired, a socket with data, a finished file read) and runs it to
    completion. Between callbacks it drains the microtask queues (<code>process.nextTick</code>, then resolved
    promises). Nothing interrupts a running callback, so a callback that computes for 200 ms delays every timer,
    every request and every other promise by 200 ms.</p>
    <p>Waiting does not need the main thread. <strong>Network I/O</strong> (TCP, UDP, HTTP, pipes) uses the
    operating system's non-blocking mechanisms (epoll, kqueue, IOCP): no thread sits waiting. Work that the OS
    offers only as a blocking call is run on <strong>libuv's threadpool</strong> instead, and its callback is queued
    on the event loop when it finishes.</p>
    <h4>The libuv threadpool</h4>
    <ul>
      <li>It has <strong>4 threads by default</strong>, shared by the whole process, including every worker thread.</li>
      <li>Set <code>UV_THREADPOOL_SIZE</code> (up to 1024) in the environment before Node starts. The pool is
      created on first use, so assigning <code>process.env.UV_THREADPOOL_SIZE</code> inside the program only works
      if nothing has used the pool yet: do not rely on it.</li>
      <li>Users of the pool: the asynchronous <code>fs</code> APIs (callbacks and <code>fs/promises</code>;
      <code>fs.watch</code> uses OS notifications instead); <code>dns.lookup</code> (and so every <code>http.get</code>
      or <code>net.connect</code> to a host name), while <code>dns.resolve*</code> queries the network without it;
      asynchronous <code>crypto.pbkdf2</code>, <code>crypto.scrypt</code>, <code>crypto.randomBytes</code>,
      <code>crypto.randomFill</code>, <code>crypto.generateKeyPair</code> and <code>crypto.hkdf</code>; and
      asynchronous <code>zlib</code> (gzip, deflate, brotli).</li>
      <li>Because it is small and shared, five slow <code>pbkdf2</code> calls can make an unrelated
      <code>fs.readFile</code> wait for a free thread. The pool keeps the event loop free; it does not make slow work fast.</li>
    </ul>
    <p>The <code>*Sync</code> variants (<code>readFileSync</code>, <code>pbkdf2Sync</code>, <code>gzipSync</code>,
    <code>execSync</code>) do the same work <em>on the main thread</em> and block the loop for their whole duration.
    They are fine in start-up code and CLIs, and harmful in servers.</p>
    <h4>What to do with CPU work</h4>
    <p>Asynchronous APIs only help with waiting. A loop you wrote yourself stays on the main thread even inside an
    <code>async</code> function. Move it to a worker thread (or a pool of them), or to a child process.</p>`,
  related: ['node-worker-threads', 'worker-pools', 'bounded-concurrency', 'io-vs-cpu'],
};

const nodeWorkerThreads: Topic = {
  id: 'node-worker-threads',
  title: 'Node.js: worker_threads',
  summary:
    'Real parallel JavaScript: each worker is a thread with its own V8 isolate, heap and event loop, inside the same process.',
  body: html`
    <p>A <code>Worker</code> from <code>node:worker_threads</code> starts an OS thread that runs a separate Node
    environment: its own V8 isolate, its own garbage-collected heap, its own event loop. The operating system can
    run it on another core at the same time as the main thread, so CPU-heavy JavaScript really runs in parallel.</p>
    <p>Objects are <strong>not shared</strong>. A closure or a class instance on the main thread does not exist in the
    worker; you send data instead:</p>
    <ul>
      <li><code>postMessage(value)</code> copies <code>value</code> with the <strong>structured clone</strong> algorithm.
      Plain objects, arrays, <code>Map</code>, <code>Set</code>, <code>Date</code>, <code>RegExp</code>, typed arrays and
      errors survive; functions do not, and class instances arrive as plain objects without their prototype.
      The copy costs time proportional to the size of the data.</li>
      <li>A <strong>transfer list</strong> (<code>postMessage(buffer, [buffer])</code>) moves an <code>ArrayBuffer</code>
      or a <code>MessagePort</code> without copying: the sender's buffer becomes unusable (detached).</li>
      <li>A <strong><code>MessageChannel</code></strong> creates a pair of connected ports; send one port to a worker to
      give two workers a direct line, without routing through the main thread.</li>
      <li>A <strong><code>SharedArrayBuffer</code></strong> is memory both sides see at once, with no copy. Because both can
      write at the same time, coordinate with <strong><code>Atomics</code></strong> (<code>Atomics.add</code>,
      <code>Atomics.compareExchange</code>, <code>Atomics.wait</code> and <code>Atomics.notify</code>).</li>
    </ul>
    <p>Starting a worker costs tens of milliseconds and several megabytes, so start a few and reuse them (a pool)
    rather than one per request. An uncaught exception inside a worker ends that worker and is delivered as an
    <code>error</code> event on the <code>Worker</code> object; the process survives. A native crash (a faulty addon)
    still ends the whole process, and <code>resourceLimits</code> caps a worker's heap so that it fails alone.</p>
    <p>Do not use workers for I/O: Node's asynchronous I/O already waits without a thread, and a worker would only
    add start-up cost and copying.</p>
    ${code(`const { Worker } = require('node:worker_threads');
const worker = new Worker('./hash-worker.js', { workerData: { rounds: 1e6 } });
worker.on('message', (digest) => console.log('done', digest));
worker.on('error', (error) => console.error('worker failed', error));`)}`,
  related: ['worker-pools', 'ipc', 'node-child-process', 'node-event-loop'],
};

const nodeChildProcess: Topic = {
  id: 'node-child-process',
  title: 'Node.js: child_process and cluster',
  summary:
    'Separate processes: for running other programs, for isolation from crashes and memory leaks, and for scaling a server over cores.',
  body: html`
    <p>A child process has its own memory and its own event loop; a crash, an out-of-memory error or a
    <code>process.exit()</code> in it leaves your process running. That isolation costs more than a worker thread:
    a new Node process takes tens of milliseconds and tens of megabytes, and every byte exchanged is serialised.</p>
    <ul>
      <li><strong><code>spawn(command, args)</code></strong> starts a program and gives you its stdin, stdout and stderr
      as streams: the right choice for large or long-running output. No shell is involved unless you ask for one.</li>
      <li><strong><code>execFile(file, args)</code></strong> runs a program without a shell and buffers its output
      (up to <code>maxBuffer</code>, 1 MiB by default). Arguments are passed as a list, so user input cannot inject shell syntax.</li>
      <li><strong><code>exec(command)</code></strong> runs a command line <em>through a shell</em> and buffers the output.
      Convenient for pipes and globs, dangerous with untrusted input.</li>
      <li><strong><code>fork(modulePath)</code></strong> starts another Node process running your module, with an IPC channel:
      <code>child.send(message)</code> and <code>process.on('message')</code>. Messages are JSON by default, or structured
      clones with <code>serialization: 'advanced'</code>.</li>
      <li>The <code>*Sync</code> forms (<code>execSync</code>, <code>spawnSync</code>) block the event loop until the child exits.</li>
    </ul>
    <p><strong><code>cluster</code></strong> forks several copies of a server process that share one listening port; the primary
    process hands incoming connections to them (round-robin by default, except on Windows). Each copy has its own memory, so
    in-memory caches and sessions are not shared between them. Process managers and container orchestration often do the same job.</p>`,
  related: ['ipc', 'node-worker-threads', 'python-multiprocessing'],
};

const workerPools: Topic = {
  id: 'worker-pools',
  title: 'Worker pools',
  summary: 'Start a fixed number of workers once, queue tasks to them, and reuse them: start-up is paid once, not per task.',
  body: html`
    <p>Creating a worker or a process for every task spends most of the time starting and stopping it when tasks are small,
    and starting one per request lets a traffic spike create thousands of them. A <strong>pool</strong> keeps a bounded set of
    workers alive and feeds them from a queue. Its size bounds both the parallelism and the memory.</p>
    <p>For CPU-bound work, more workers than cores does not help: they share the cores and add switching and memory. A common
    size is the number of available cores (<code>os.availableParallelism()</code> in Node, <code>os.process_cpu_count()</code> in
    Python 3.13+), minus one if the main thread also has work to do. I/O-bound thread pools can be larger, bounded by what the
    other side tolerates.</p>`,
  node: html`
    <p>Node has no built-in pool. Maintained libraries such as <code>piscina</code> and <code>workerpool</code> manage the
    queue, restart crashed workers and support cancellation and transfer lists.</p>
    ${code(`const pool = new Piscina({ filename: require.resolve('./resize.worker.js') });
const thumbnails = await Promise.all(images.map((image) => pool.run(image)));`)}`,
  python: html`
    <p><code>concurrent.futures.ThreadPoolExecutor</code> and <code>ProcessPoolExecutor</code> are pools with the same
    interface; <code>multiprocessing.Pool</code> is the older process pool. The thread pool's default size is
    <code>min(32, cpu count + 4)</code>; the process pool's is the number of usable CPUs.</p>
    ${code(`with ProcessPoolExecutor() as pool:
    thumbnails = list(pool.map(resize, images, chunksize=4))`)}`,
  related: ['node-worker-threads', 'python-concurrent-futures', 'ipc'],
};

const boundedConcurrency: Topic = {
  id: 'bounded-concurrency',
  title: 'Concurrent awaits, with a bound',
  summary:
    'Independent waits should overlap: start them together and await them together, but cap how many are in flight.',
  body: html`
    <p>Awaiting independent operations one after another in a loop adds their latencies: ten 100 ms requests take a second.
    Starting them together and waiting for all takes about 100 ms, on one thread, because the waiting happens in the OS.
    This is concurrency without parallelism: nothing computes at the same time, the waits just overlap.</p>
    <p>Unbounded, the same pattern opens one connection per item: with 10,000 items that exhausts sockets, file descriptors,
    rate limits or the server at the other end. Keep a limit on how many are in flight at once.</p>`,
  node: html`
    <p><code>Promise.all</code> starts nothing: the work starts when you call the async functions. Map the items through a
    helper that keeps at most <em>n</em> calls running (see the snippet), or use a library such as <code>p-limit</code>.
    <code>Promise.allSettled</code> keeps going when some fail.</p>`,
  python: html`
    <p><code>asyncio.gather(*coroutines)</code> or an <code>asyncio.TaskGroup</code> (3.11+) runs coroutines concurrently;
    an <code>asyncio.Semaphore</code> bounds them. With blocking libraries, a <code>ThreadPoolExecutor</code> of
    <em>n</em> threads is the bound.</p>`,
  related: ['node-event-loop', 'python-asyncio', 'worker-pools'],
};

const pythonGil: Topic = {
  id: 'python-gil',
  title: 'Python: the GIL, and free-threaded builds',
  summary:
    'In the standard CPython build only one thread runs Python bytecode at a time, so threads overlap waiting but not computing.',
  body: html`
    <p>The <strong>global interpreter lock</strong> is a mutex in the standard CPython build. A thread must hold it to run
    Python bytecode or touch Python objects. Your threads are real OS threads and may sit on different cores, but they take
    turns: the <em>lock</em>, not the core, serialises them. The interpreter asks the running thread to let go every few
    milliseconds (<code>sys.getswitchinterval()</code>, 5 ms by default) so the others get a turn.</p>
    <p>A thread <strong>releases</strong> the GIL while it blocks in the operating system (socket reads, file I/O,
    <code>time.sleep</code>, waiting for a subprocess) and while some C extensions compute (NumPy on large arrays,
    <code>hashlib</code> on large inputs, <code>zlib</code>). So threads speed up I/O-bound work and C code that releases the
    lock. Pure-Python loops get no speed-up from threads and are often slightly slower, because the threads contend for the lock.</p>
    <p>The GIL does not make your code thread-safe. <code>counter += 1</code> is several bytecodes, and a switch can happen
    between them: protect shared state with <code>threading.Lock</code> or hand data over with <code>queue.Queue</code>.</p>
    <h4>Free-threaded CPython (PEP 703)</h4>
    <p>CPython 3.13 introduced an optional build without the GIL (the <code>python3.13t</code> executable), marked experimental.
    Python 3.14 made it officially supported (PEP 779), still as a separate build rather than the default. In it, threads run
    Python code in parallel on several cores; single-threaded code runs somewhat slower than on the standard build. An extension
    module that has not declared itself safe without the GIL turns the GIL back on when imported (with a warning) unless you
    force it off with <code>PYTHON_GIL=0</code>. <code>sys._is_gil_enabled()</code> tells you which mode you are in. If your project
    targets such a build, set <code>threadwise.python.freeThreaded</code> and Threadwise will recommend threads for CPU work too.</p>
    <p>Other interpreters differ: PyPy has a GIL too; Jython and IronPython have none.</p>`,
  related: ['python-threading', 'python-multiprocessing', 'tasks-processes-threads'],
};

const pythonThreading: Topic = {
  id: 'python-threading',
  title: 'Python: threading',
  summary: 'Threads for overlapping blocking I/O in ordinary (non-async) code.',
  body: html`
    <p><code>threading.Thread(target=fn, args=(...))</code> runs <code>fn</code> in a new OS thread; <code>start()</code> launches
    it and <code>join()</code> waits for it. Threads share every module-level object, which makes handing data over cheap
    and accidental sharing easy.</p>
    <ul>
      <li>Use threads when the work waits: HTTP calls with <code>requests</code>, database drivers, file reads, subprocesses.</li>
      <li>Prefer <code>ThreadPoolExecutor</code> to hand-made threads: it bounds the count, returns results and propagates
      exceptions through futures.</li>
      <li>An exception that escapes <code>target</code> ends only that thread; it is reported through
      <code>threading.excepthook</code> and the main thread carries on, unaware unless you check.</li>
      <li>Share with <code>queue.Queue</code> (already locked) or guard shared objects with <code>threading.Lock</code>.</li>
      <li>Daemon threads are killed abruptly at interpreter exit; non-daemon threads keep the program alive until they finish.</li>
    </ul>
    ${code(`import threading

def fetch(url, results, index):
    results[index] = download(url)   # blocks on the network: the GIL is released

results = [None] * len(urls)
threads = [threading.Thread(target=fetch, args=(u, results, i)) for i, u in enumerate(urls)]
for t in threads: t.start()
for t in threads: t.join()`)}`,
  related: ['python-gil', 'python-concurrent-futures', 'python-asyncio'],
};

const pythonMultiprocessing: Topic = {
  id: 'python-multiprocessing',
  title: 'Python: multiprocessing',
  summary: 'One interpreter per process, each with its own GIL: real parallelism for CPU-bound Python, paid for in start-up and pickling.',
  body: html`
    <p><code>multiprocessing.Process</code>, <code>multiprocessing.Pool</code> and <code>ProcessPoolExecutor</code> run Python
    functions in other processes. Each has its own interpreter and its own GIL, so CPU-bound Python code runs on several cores
    at once. A crash in one leaves the parent running.</p>
    <h4>Start methods</h4>
    <ul>
      <li><strong>fork</strong>: the child is a copy of the parent made with <code>os.fork()</code> (copy-on-write). Fast, and the
      child inherits everything already loaded. Copying a process that has other threads is unsafe: a lock held by another thread
      at the moment of the fork stays locked forever in the child. Python 3.12+ warns when you do it; macOS does not support it reliably.</li>
      <li><strong>spawn</strong>: the child is a fresh interpreter that imports your main module and receives the function and its
      arguments pickled. Slowest to start, safest. The default on Windows (the only method there) and on macOS since 3.8.</li>
      <li><strong>forkserver</strong>: a small server process, started early from a clean state, forks each new child on request.
      Safe with threads and faster than spawn. <strong>The default on Linux and other POSIX systems since Python 3.14</strong>; before
      3.14 the Linux default was fork.</li>
    </ul>
    <p>Choose explicitly when it matters: <code>multiprocessing.get_context("spawn")</code>, or
    <code>ProcessPoolExecutor(mp_context=...)</code>. Code that relied on fork's inheritance (globals set before the pool, unpicklable
    functions such as lambdas) breaks under the 3.14 default.</p>
    <h4>The <code>__main__</code> guard</h4>
    <p>With spawn and forkserver, each child imports your main module. Code at module level that starts processes would then run
    again in every child; <code>multiprocessing</code> detects this and raises a <code>RuntimeError</code>. Put the start-up code under
    <code>if __name__ == "__main__":</code>.</p>
    <h4>Pickling costs</h4>
    <p>The function, its arguments and its result cross the process boundary as pickles over a pipe: serialise, copy, deserialise.
    For a large list or a DataFrame that can take longer than the computation. Send small inputs (a file path, an index range) and
    let the child load the data; batch many small items with <code>chunksize</code>; use <code>multiprocessing.shared_memory</code>
    for large arrays. Lambdas, nested functions and open sockets cannot be pickled.</p>
    ${code(`import multiprocessing as mp

def sum_of_squares(n):
    return sum(i * i for i in range(n))

if __name__ == "__main__":
    with mp.Pool(processes=4) as pool:
        print(pool.map(sum_of_squares, [10_000_000] * 4))`)}`,
  related: ['python-concurrent-futures', 'ipc', 'python-gil', 'worker-pools'],
};

const pythonConcurrentFutures: Topic = {
  id: 'python-concurrent-futures',
  title: 'Python: concurrent.futures',
  summary: 'One interface for thread pools and process pools: submit work, get futures, collect results and exceptions.',
  body: html`
    <p><code>Executor.submit(fn, *args)</code> returns a <code>Future</code>; <code>result()</code> waits for the value or re-raises
    the worker's exception in your thread. <code>executor.map(fn, items)</code> returns results in input order;
    <code>as_completed(futures)</code> yields them as they finish. The <code>with</code> block waits for all work and shuts the pool down.</p>
    <p>Because <code>ThreadPoolExecutor</code> and <code>ProcessPoolExecutor</code> share the interface, switching between I/O-bound and
    CPU-bound execution is a one-word change, plus the pickling and <code>__main__</code> rules for processes.</p>
    <ul>
      <li>If a process-pool worker dies abruptly, the pool is marked broken and pending futures raise <code>BrokenProcessPool</code>.
      (<code>multiprocessing.Pool</code> instead replaces the worker, and the task it was running is lost: a <code>get()</code> without
      a timeout can wait forever.)</li>
      <li><code>max_tasks_per_child</code> (3.11+) recycles workers, which contains slow memory leaks.</li>
      <li>Python 3.14 adds <code>InterpreterPoolExecutor</code>: several interpreters, each with its own GIL, in one process.</li>
    </ul>`,
  related: ['worker-pools', 'python-multiprocessing', 'python-threading', 'python-asyncio'],
};

const pythonAsyncio: Topic = {
  id: 'python-asyncio',
  title: 'Python: asyncio',
  summary: 'Thousands of concurrent waits on one thread, as long as nothing in a coroutine blocks.',
  body: html`
    <p><code>asyncio</code> runs coroutines on one thread with an event loop. A coroutine runs until it reaches an <code>await</code> on
    something not yet ready, then the loop runs another. It is Python's equivalent of Node's model: excellent for many network waits,
    no help for computation.</p>
    <ul>
      <li>Run coroutines concurrently with <code>asyncio.gather</code> or an <code>asyncio.TaskGroup</code> (3.11+, which also cancels
      the siblings when one fails); bound them with <code>asyncio.Semaphore</code>.</li>
      <li>A blocking call inside a coroutine (<code>time.sleep</code>, <code>requests.get</code>, a long loop) stops <em>every</em> task on
      the loop. Use the async equivalent (<code>asyncio.sleep</code>, an async HTTP client) or move the call off the loop:
      <code>await asyncio.to_thread(fn, ...)</code> (3.9+) for blocking I/O, <code>loop.run_in_executor(process_pool, fn, ...)</code> for CPU work.</li>
      <li>Files have no truly asynchronous API in the standard library; <code>to_thread</code> is the usual answer.</li>
    </ul>`,
  related: ['bounded-concurrency', 'python-threading', 'node-event-loop'],
};

const ipc: Topic = {
  id: 'ipc',
  title: 'Communication between threads and processes',
  summary: 'Copying messages is simple and safe but costs time per byte; sharing memory avoids copies but needs synchronisation.',
  body: html`
    <ul>
      <li><strong>Pipes</strong>: a one-way (or, for <code>multiprocessing.Pipe</code>, two-way) byte stream between two processes, through
      the kernel. A child's stdin, stdout and stderr are pipes. Cost: a system call and a copy per write and read.</li>
      <li><strong>Queues</strong>: <code>multiprocessing.Queue</code> is a pipe plus a lock and a feeder thread; objects are pickled on the way in
      and unpickled on the way out. <code>queue.Queue</code> between threads copies nothing: it hands over references.</li>
      <li><strong>Message passing</strong>: Node's <code>worker.postMessage</code> structured-clones inside one process (a copy, but no kernel
      round trip); <code>child.send</code> after <code>fork</code> serialises to JSON (or structured clone) over a pipe.</li>
      <li><strong>Shared memory</strong>: <code>SharedArrayBuffer</code> between Node workers, <code>multiprocessing.shared_memory</code>,
      <code>Value</code> and <code>Array</code> between Python processes. No copy at all, but only flat binary data fits, and concurrent writers
      need <code>Atomics</code> or locks.</li>
      <li><strong>Sockets and files</strong> work between any processes, on any machine, at the highest cost.</li>
    </ul>
    <p>Rules of thumb: a message has a fixed overhead (tens of microseconds between processes) plus a cost per byte, so send fewer,
    larger messages; send references to data (a path, an id, a range) rather than the data; transfer buffers instead of copying them
    where the runtime allows it; and share memory only for large numeric data with a simple access pattern.</p>`,
  related: ['node-worker-threads', 'python-multiprocessing', 'node-child-process'],
};

const decisionGuide: Topic = {
  id: 'decision-guide',
  title: 'Choosing a tool',
  summary: 'Answer four questions (what the work waits on, how many items, isolation, shared state) to get a recommendation and a snippet.',
  body: html`
    <p>The <strong>Decide</strong> tab asks what the work waits on, how many items there are, whether it needs isolation and whether it
    shares mutable state, and proposes the matching tool with a snippet you can insert at the cursor. In short:</p>
    <ul>
      <li>Waiting on the network or disk → asynchronous I/O, with a bounded number of concurrent operations
      (Node: async APIs with a limit; Python: <code>asyncio</code>, or a thread pool for blocking libraries).</li>
      <li>Computing, once in a while → one worker thread (Node) or a process (Python).</li>
      <li>Computing, many items → a worker pool (Node) or a process pool (Python), sized to the cores.</li>
      <li>Untrusted, crash-prone or leaky work, or another program → a child process.</li>
    </ul>`,
  related: ['io-vs-cpu', 'worker-pools', 'bounded-concurrency'],
};

export const TOPICS: readonly Topic[] = [
  tasksProcessesThreads,
  ioVsCpu,
  nodeEventLoop,
  nodeWorkerThreads,
  nodeChildProcess,
  workerPools,
  boundedConcurrency,
  pythonGil,
  pythonThreading,
  pythonMultiprocessing,
  pythonConcurrentFutures,
  pythonAsyncio,
  ipc,
  decisionGuide,
];

export function getTopic(id: TopicId): Topic {
  const topic = TOPICS.find((candidate) => candidate.id === id);
  if (!topic) throw new Error(`unknown topic ${id}`);
  return topic;
}
