import * as path from 'node:path';
import type { AsyncBlockingFact, PythonRuleContext } from '../../python/rule-context';
import { childByField, type PyNode, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { firstLineRange, type NodeData, nodeData } from './support';

/** The blocking call as written (`time.sleep`), and whether it is already awaited or a `with` item (no fix then). */
export type BlockingCallInAsyncData = NodeData & { callee: string; awaited: boolean; withItem: boolean };

const DOCS = `
An \`async def\` function runs on the event loop's single thread. A blocking call inside it —
\`time.sleep\`, \`requests.get\`, \`open(...).read()\`, \`subprocess.run\`, a database driver without
async support — stops that thread: every other task, timer and connection waits until the call
returns. (In plain \`def\` code the same calls are just how Python does I/O; only on the event loop
do they block everyone.)

Not reported: code that runs once per program, before there is anything else to serve: the
coroutine handed to \`asyncio.run()\` or \`loop.run_until_complete()\`, the shutdown coroutine that
stops the event loop when it is done (\`await self.cleanup(); self.io_loop.stop()\`), and what they call outside
any loop when all of its analysed callers run once too (start-up such as removing a stale UNIX
socket file before \`start_unix_server\`). A coroutine the framework calls (a handler, a callback
passed as a value: no analysed caller), or one called in a loop, is reported. \`os.fstat\` on an open
file is not blocking I/O: the kernel already holds the file's metadata.

Set-up once per connection or object is not reported when it only touches local files (a stat, an
open, a small key or cookie file): the steps of an object's or a connection's life (\`start\`,
\`stop\`, \`connect\`, \`close\`, \`shutdown\`, \`setup\`, \`cleanup\`, \`__aenter__\`/\`__aexit__\`,
also with a leading underscore, and named with their object after such a verb or \`launch\`/\`restart\`:
\`start_kernel\`, \`_async_cleanup_resources\`: a GUI application creating its dot-folder at start, a signaling
helper removing its socket file at close, a kernel manager writing and removing its connection file) when nothing else calls them or only such set-up does
(a \`connect()\` the code calls for every message runs per message, whatever its name), calls in a branch that fills missing state of the object or the
module (\`if not self._listener: self._listener = await open_listener()\`, \`if _keys is None:\`),
and in what only such set-up calls (a search loop that stops at the first success counts once),
including a task started once (a file watcher's first scan, before its \`while\` loop). A round
trip (HTTP, a database, a subprocess, a sleep) is reported in set-up too: it stalls every other
task for as long as the other side takes.

**What needs evidence.** A call that waits (HTTP, a socket, a database, a subprocess, a sleep, a
lock) or moves file data (a read, a write, a listing, a copy) is reported: it stalls the loop for
as long as the other side or the data takes. A metadata call made once — a \`stat\`,
\`os.path.exists\`/\`isfile\`/\`isdir\`, \`Path.is_file()\`/\`resolve()\`, an \`unlink\`, a
\`mkdir\`, a \`seek\` or \`close\`, an \`open()\` whose reads are calls of their own — takes one
syscall of microseconds and grows with nothing a request sends, so alone it is not reported. It
is reported when something sizes it: a loop repeats it (per item of a listing or of the request),
the coroutine also reads, writes, lists or waits on the loop (a static-file handler's stat before
its read: part of the work to move), it awaits one of the project's coroutines that does file
work on the loop (\`if os.path.exists(path): return await self.serve_file(path)\`), or it sends a
lookup like it to a thread itself (\`await loop.run_in_executor(None, path.stat)\` after an
\`is_file()\` on the loop: the one left is a slip). Of flake8-async's ASYNC2xx shapes this keeps
ASYNC210–222 (HTTP, subprocesses, \`os.wait*\`), ASYNC230 when the file is read, written or
iterated, ASYNC240's path calls when they repeat or belong to file work, and ASYNC251
(\`time.sleep\`). An archive or compressed stream over an in-memory buffer
(\`zipfile.ZipFile(io.BytesIO())\`) touches no file and is not reported.

An \`open()\` (or a helper that only opens) whose file the coroutine hands on without reading,
writing or iterating it is not reported either: opening is a metadata lookup, and the reads and
writes are judged where they run.

Where the coroutine runs matters. A thread that makes an event loop of its own and drives one
coroutine on it (\`loop.run_until_complete(self._beat())\` or \`asyncio.run(...)\` in a
\`threading.Thread\` subclass's \`run\` or a \`Thread(target=...)\`) has nothing else on that loop:
a wait there holds only that thread, and is not reported (nor is what only such a coroutine
awaits). It is reported when the coroutine starts other work on its loop (a task, a server, a
callback). And \`proc.wait()\` after \`while proc.poll() is None: await asyncio.sleep(...)\` (no
\`break\`) or under \`if proc.poll() is not None:\` only reaps a child that has already exited: it
returns at once and is not reported. Nor is a queue, lock or event asked not to wait
(\`queue.get(block=False)\`, \`lock.acquire(blocking=False)\`, \`event.wait(0)\`), or a call whose
result is handed to \`asyncio.wait_for\`, \`shield\`, \`gather\`, \`ensure_future\` or
\`create_task\` (\`await asyncio.wait_for(self.queue.get(), timeout)\`: it made a coroutine,
whatever its receiver's type looked like).

A synchronous request method of a tornado \`RequestHandler\` (or \`WebSocketHandler\`) subclass —
\`def get(self)\`, \`post\`, \`put\`, \`patch\`, \`delete\`, \`head\`, \`options\`, \`prepare\`, and a
websocket's \`open\`/\`on_message\` — runs on the IOLoop thread for every request, however many
classes of the project lie between it and tornado's: blocking work there is reported like in a
coroutine (the fix: make it \`async def\` and await an async client or \`asyncio.to_thread\`).

A join inside a coroutine — \`thread.join()\`, \`process.join()\`, \`future.result()\` of a pool's
\`submit\`, \`executor.shutdown()\` — waits on the loop until the work it joins ends (a timeout only
bounds the stall): reported, with \`await asyncio.wrap_future(f)\`, \`await asyncio.to_thread(t.join)\` or
\`loop.run_in_executor(None, t.join)\` as the fix. Not when the code has seen the work end: under
\`if f.done():\`, \`if not t.is_alive():\` or \`if p.exitcode is not None:\`, after \`if not f.done():
return\`, after awaiting the same future (\`await asyncio.wrap_future(f)\`, \`asyncio.wait([...])\`), on an
item of the \`done\` set \`asyncio.wait\` returns or of \`as_completed(...)\`, and not \`join(0)\`,
\`result(0)\` or \`shutdown(wait=False)\`.

A plain \`def\` function the event loop runs as a callback blocks it the same way: what a program
hands to \`loop.call_soon(cb)\`, \`loop.call_later(delay, cb)\`, \`loop.add_reader(fd, cb)\`, tornado's
\`IOLoop.current().add_callback(cb)\` or \`PeriodicCallback(cb, ms)\`, or livereload's
\`server.watch(path, cb)\` (a function, a method, \`functools.partial\`, the function a factory
returns, an instance with \`__call__\`). The message names where it is handed to the loop.

**Fix:** use the asyncio equivalent — \`await asyncio.sleep(...)\`, an async client such as
\`httpx.AsyncClient\` or \`aiohttp\`, \`asyncio.create_subprocess_exec\` — or push the blocking call
to a worker thread with \`await asyncio.to_thread(func, *args)\`.
`;

export const blockingCallInAsync: Rule<PythonRuleContext, BlockingCallInAsyncData> = {
  meta: {
    id: 'blocking-call-in-async',
    language: 'python',
    description: 'A blocking call inside async def stalls the event loop',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['sleep-to-asyncio-sleep', 'blocking-to-to-thread', 'python-ignore'],
  },
  check(context) {
    return context.asyncBlocking.map((fact) => draftFor(context, fact));
  },
};

function draftFor(context: PythonRuleContext, fact: AsyncBlockingFact): FindingDraft<BlockingCallInAsyncData> {
  const isSleep = fact.qualified === 'time.sleep';
  const fn = childByField(fact.call, 'function');
  const what = fact.via
    ? `${fact.display}() blocks: ${lowerFirst(fact.via.message)}`
    : fact.joins
      ? `${fact.display}() waits for the concurrent work it joins to finish`
      : `${fact.display}() ${fact.effect === 'wait' ? 'waits' : 'does blocking I/O'}`;
  // one piece of advice once: to_thread is named only when the alternative does not already say it
  const alternative = fact.asyncAlternative ?? 'await asyncio.to_thread(...)';
  const instead = isSleep
    ? 'Use await asyncio.sleep(...).'
    : fact.joins && fn
      ? joinAdvice(context, fn, fact)
      : `Use ${alternative}${alternative.includes('to_thread') ? '' : ', or await asyncio.to_thread(...)'}.`;
  // a plain def request method must become a coroutine before it can await anything
  const advice = fact.loop?.handler ? `Make ${fact.unit.name}() an async def and ${lowerFirst(instead)}` : instead;
  const where = fact.loop?.handler
    ? `inside ${fact.unit.name}(), a plain def request method of a ${fact.loop.registrar} subclass (${path.basename(fact.loop.file)}:${fact.loop.line}) that the framework runs on its event loop thread for every request or message,`
    : fact.loop
    ? `inside ${fact.unit.name}(), which ${fact.loop.registrar}() (${path.basename(fact.loop.file)}:${fact.loop.line}) hands to the event loop to run,`
    : `inside async def ${fact.unit.name}(),`;
  const related = [
    ...(fact.via ? [{ file: fact.via.file, line: fact.via.line, message: fact.via.message }] : []),
    ...(fact.loop ? [{ file: fact.loop.file, line: fact.loop.line, message: fact.loop.handler ? `the handler class of ${fact.unit.name}()` : `${fact.unit.name}() is handed to the event loop here` }] : []),
  ];
  return {
    message: `${what} ${where} freezing the event loop for every other task. ${advice}`,
    range: firstLineRange(fact.call, context.text),
    related,
    functionId: fact.unit.id,
    fixes: isSleep ? ['sleep-to-asyncio-sleep', 'python-ignore'] : ['blocking-to-to-thread', 'python-ignore'],
    data: {
      ...nodeData(fact.call, context.text),
      callee: fn ? textOf(context.module.source, fn) : fact.display,
      awaited: fact.call.parent?.type === 'await',
      withItem: fact.call.parent?.type === 'with_item' || fact.call.parent?.type === 'as_pattern',
    },
  };
}

/**
 * A future is awaited through `asyncio.wrap_future(f)`; a thread, process or pool is joined on a
 * worker thread (`await asyncio.to_thread(t.join)`, `loop.run_in_executor(None, t.join)`).
 */
function joinAdvice(context: PythonRuleContext, fn: PyNode, fact: AsyncBlockingFact): string {
  const source = context.module.source;
  const object = fn.type === 'attribute' ? childByField(fn, 'object') : undefined;
  const callee = textOf(source, fn);
  if (object && fact.asyncAlternative?.includes('wrap_future')) {
    return `Use await asyncio.wrap_future(${textOf(source, object)}), or await loop.run_in_executor(None, ${callee}).`;
  }
  return `Use await asyncio.to_thread(${callee}), or await loop.run_in_executor(None, ${callee}).`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
