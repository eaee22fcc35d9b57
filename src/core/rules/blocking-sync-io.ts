import * as path from 'node:path';
import { FILE_HANDLE_TWIN_MODULE, MEMORY_BACKED_PATH_PREFIXES } from '../catalog';
import type { RequestPath, TsSnapshot } from '../typescript/analyzer';
import { callsOf } from '../typescript/link';
import type { TsRuleContext } from '../typescript/rule-context';
import type { CallSite, FunctionSummary } from '../typescript/summary';
import type { CallData, FindingDraft, Rule } from './rule';

const DOCS = `
Synchronous I/O (\`fs.readFileSync\`, \`execSync\`, \`spawnSync\`, \`Atomics.wait\`) stops the
calling thread until the disk, the network or the child process answers. At start-up, in a CLI
command or a build script that is harmless: nothing else is waiting. Inside a request handler (and
the code it reaches), or an \`async\` function, it freezes the event loop for every other task,
and a slow disk or a hung command stalls the whole server. A handler that reaches sync I/O through
a helper gets the finding at its call of the helper too. A promise's callback that
blocks per item (\`readdir(dir).then((names) => names.filter((n) => lstatSync(n).isFile()))\`) is
reported as in an async function: it is asynchronous code, run between other tasks.

Not reported: calls that run once (lazy initialisation such as \`if (!this.config) this.config =
readConfig()\`, and memoised values: \`entry.body = entry.body || readFileSync(file)\`, \`this.body ??=
readFileSync(file)\` on an object's or the module's state), reads of the kernel's in-memory files (\`/proc\`, \`/sys\`), async functions of
command-line code (\`#!\` scripts, files under \`bin/\`, \`cli/\` or \`scripts/\`), which run once per
invocation, a single metadata call (\`existsSync\`, \`statSync\`, \`accessSync\`: microseconds) outside
loops in async code off the request path, steps named for an object's life (\`init\`, \`setup\`,
\`start\`, \`bootstrap\`, \`migrate\`) and functions that register routes, when no analysed caller runs
them per request or in a loop, and async server start-up that runs once per program: the function that makes a
server listen (also from a closure it hands on: \`refresh().then(() => server.listen(port))\`), the
methods of the same object that start it that way, and what they call outside
loops before or after (\`async start() { await this.loadConfig(); await this.listen() }\`), when
nothing else calls it. Nor the code of a worker thread's script (a module that reads
\`parentPort\` or \`workerData\` of \`worker_threads\` and starts no workers): it blocks that worker,
not the event loop.

**Fix:** use the promise-based twin (\`fs/promises\`, \`util.promisify(execFile)\`) and \`await\`
it. The quick fix rewrites the call and makes the enclosing function \`async\` when needed.
`;

/**
 * The blocking call, its non-blocking twin from the catalog (`fs/promises#readFile`, empty when
 * there is none) and whether that twin is a drop-in: same arguments, and awaiting it gives what
 * the sync call returned.
 */
export type BlockingSyncIoData = CallData & { asyncTwin: string; dropInTwin: boolean };

export const blockingSyncIo: Rule<TsRuleContext, BlockingSyncIoData> = {
  meta: {
    id: 'blocking-sync-io',
    language: 'typescript',
    description: 'Blocking synchronous I/O in async code or on a request path',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['use-async-io', 'use-async-child-process', 'ignore'],
  },
  check({ snapshot, file, text, lines }) {
    const drafts: FindingDraft<BlockingSyncIoData>[] = [];
    const commandLine = isCommandLineCode(file.path, snapshot.root, text);
    for (const fn of file.functions) {
      // a worker thread's script blocks its worker, which exists to take such work off the event loop
      if (fn.inWorker) continue;
      const requestPath = snapshot.requestPaths.get(fn.id);
      for (const { call, loopMultiplier } of callsOf(fn)) {
        const blocking = blockingCall(snapshot, call);
        if (!blocking) continue;
        const asyncWork = commandLine ? undefined : asyncWorkOf(snapshot, fn);
        const context = blockingContext(fn, requestPath, asyncWork);
        if (!context) continue;
        const repeated = loopMultiplier || snapshot.perItemFunctions.has(fn.id);
        // off the request path, one look at a path's metadata costs microseconds once: not worth a finding
        if (!requestPath && !repeated && isMetadataCall(call)) continue;
        // a promise chain off the request path is reported where it blocks per item (a listing's entries),
        // not for one call such as a command's clean-up (`revoke().then(() => unlinkSync(tokenFile))`)
        if (!requestPath && asyncWork === 'promise-chain' && !repeated) continue;
        const { callee, twin, isProcess } = blocking;
        drafts.push({
          message: `${call.calleeText}() ${callee.entry.description}, ${context}.${twin ? ` ${twinAdvice(twin)}` : ''}`,
          range: lines.firstLineRange(call.start, call.end),
          related: requestPath ? [{ file: requestPath.handler.file, line: requestPath.handler.range.line, message: `request handler ${requestPath.handler.name}` }] : [],
          functionId: fn.id,
          escalate: requestPath !== undefined,
          fixes: isProcess ? ['use-async-child-process', 'ignore'] : ['use-async-io', 'ignore'],
          data: { callStart: call.start, callEnd: call.end, callee: call.calleeText, asyncTwin: twin ?? '', dropInTwin: callee.kind === 'catalog' && callee.entry.dropInTwin === true },
        });
      }
    }
    for (const { entry, origins } of helperEntries(snapshot).get(file.path) ?? []) {
      const [first] = origins;
      const helper = snapshot.linker.resolve(entry);
      const where = `${snapshot.evaluator.displayPath(first.fn.file)}:${first.call.line}`;
      const via = helper.kind === 'fn' && helper.fn.id === first.fn.id ? '' : ` in ${first.fn.name}()`;
      const more = origins.length > 1 ? ` and ${origins.length - 1} more blocking call${origins.length > 2 ? 's' : ''}` : '';
      drafts.push({
        message: `${entry.calleeText}() ${helper.kind === 'fn' && via === '' ? 'calls' : 'reaches'} ${first.call.calleeText}()${via} (${where})${more}, which ${first.description}, inside a request handler: every request waits for it.`,
        range: lines.firstLineRange(entry.start, entry.end),
        related: origins.slice(0, 3).map(({ fn, call }) => ({ file: fn.file, line: call.line, message: `${call.calleeText}() blocks here` })),
        functionId: entry.callerId,
        escalate: true,
        fixes: ['ignore'],
        data: { callStart: entry.start, callEnd: entry.end, callee: entry.calleeText, asyncTwin: '', dropInTwin: false },
      });
    }
    return drafts;
  },
};

interface BlockingCall {
  callee: { kind: 'catalog' | 'global'; entry: { description: string; dropInTwin?: boolean; asyncTwin?: string } };
  twin: string | undefined;
  isProcess: boolean;
}

/** A catalogued blocking call that blocks every time it runs (not a run-once branch, not a read of /proc or /sys). */
function blockingCall(snapshot: TsSnapshot, call: CallSite): BlockingCall | undefined {
  if (call.once) return undefined;
  const callee = snapshot.linker.resolve(call);
  if ((callee.kind !== 'catalog' && callee.kind !== 'global') || callee.entry.effect !== 'blocking-io') return undefined;
  const prefix = call.firstArgPrefix;
  if (prefix && MEMORY_BACKED_PATH_PREFIXES.some((memoryBacked) => prefix.startsWith(memoryBacked))) return undefined;
  return {
    callee,
    twin: callee.kind === 'catalog' ? callee.entry.asyncTwin : undefined,
    isProcess: /process/.test(callee.entry.description),
  };
}

/** What to call instead: a module function, or a method of the FileHandle fs/promises.open() returns. */
function twinAdvice(twin: string): string {
  const [module, member] = twin.split('#');
  if (module === FILE_HANDLE_TWIN_MODULE) return `Open the file with fs/promises.open() and use ${member}() on the FileHandle it returns instead.`;
  return `Use ${module}.${member}() instead.`;
}

/**
 * Why blocking here matters, or undefined when it does not: blocking hurts where other work waits
 * for the event loop (requests, other tasks of async code). A loop alone is no such place: a CLI
 * command, a build script or start-up code that reads files in a loop has nothing else to serve.
 */
function blockingContext(fn: FunctionSummary, requestPath: RequestPath | undefined, asyncWork: AsyncWork | undefined): string | undefined {
  if (requestPath?.handler.id === fn.id) return 'inside a request handler: every request waits for it';
  if (requestPath) return 'in code reached from a request handler: every request waits for it';
  if (asyncWork === 'async') return 'inside an async function, blocking the event loop it was meant to free';
  if (asyncWork === 'promise-chain') return 'in a promise callback, blocking the event loop the asynchronous code was meant to free';
  return undefined;
}

/**
 * Calls that only look at a path's or a descriptor's metadata (`existsSync`, `statSync`,
 * `accessSync`): one of them is a single system call answered from the kernel's cache, microseconds.
 * Many of them (in a loop, per item) or on a request path are still reported.
 */
const METADATA_CALLS: ReadonlySet<string> = new Set(['existsSync', 'statSync', 'lstatSync', 'fstatSync', 'accessSync']);

function isMetadataCall(call: CallSite): boolean {
  const method = call.calleeText.replace(/\.(call|apply)$/, '');
  return METADATA_CALLS.has(/([A-Za-z_$][\w$]*)$/.exec(method)?.[1] ?? '');
}

/** Folders of command-line programs and build scripts: they run once per invocation. */
const COMMAND_LINE_FOLDERS: ReadonlySet<string> = new Set(['bin', 'cli', 'scripts']);

/**
 * A command-line entry (a `#!` script) or a file in a `bin/`, `cli/` or `scripts/` folder: its
 * async functions run once per invocation, with nothing else waiting for the event loop, so sync
 * I/O there is fine. Request handlers in such files are still request handlers.
 */
function isCommandLineCode(file: string, root: string, text: string): boolean {
  if (text.startsWith('#!')) return true;
  const segments = path.relative(root, file).split(/[\\/]/).slice(0, -1);
  return segments.some((segment) => COMMAND_LINE_FOLDERS.has(segment.toLowerCase()));
}

/** Why a function's blocking holds up asynchronous work: it is async, or part of a promise chain. */
type AsyncWork = 'async' | 'promise-chain';

/**
 * The function is async, or a callback its async parent runs there and then (`files.map((f) =>
 * readFileSync(f))`, a `new Promise` executor): its blocking is the async function's. A promise's
 * continuation (`readdir(dir).then((names) => …)`, also the callbacks such a continuation runs
 * per item) is asynchronous code too: it runs on the event loop between other tasks, as an
 * async function's code after an `await` does. Unless the enclosing function runs once per
 * program (a server's start-up): then nothing else is waiting for the event loop yet.
 */
function asyncWorkOf(snapshot: TsSnapshot, fn: FunctionSummary): AsyncWork | undefined {
  let current: FunctionSummary | undefined = fn;
  let chained = false;
  while (current && !current.isAsync && current.parentId) {
    if (continuationsOf(snapshot).has(current.id)) chained = true;
    else if (!snapshot.perItemFunctions.has(current.id)) break;
    current = snapshot.linker.functionById(current.parentId);
  }
  if (!current || snapshot.runsOnce(current)) return undefined;
  if (current.isAsync) return 'async';
  return chained ? 'promise-chain' : undefined;
}

/** `promise.then(f)`, `.catch(f)`, `.finally(f)`: the callbacks such calls take. */
const CONTINUATION = /\.(then|catch|finally)$/;

const continuationCache = new WeakMap<TsSnapshot, Set<string>>();

/** The functions handed to a promise's `then`, `catch` or `finally`, written in the call (not passed by name). */
function continuationsOf(snapshot: TsSnapshot): Set<string> {
  let ids = continuationCache.get(snapshot);
  if (ids) return ids;
  ids = new Set();
  for (const fn of snapshot.linker.allFunctions()) {
    for (const { call } of callsOf(fn)) {
      if (!CONTINUATION.test(call.calleeText)) continue;
      // `.then(f)` is a call of its callback (viaCallback 'continuation'); `.catch(f)` passes it
      const handed = call.viaCallback === 'continuation' && call.callee.kind === 'binding' ? [call.callee.binding] : call.argBindings ?? [];
      for (const argument of handed) {
        if (argument?.kind !== 'fn') continue;
        const callback = snapshot.linker.functionById(argument.id);
        if (callback?.parentId === fn.id) ids.add(callback.id);
      }
    }
  }
  continuationCache.set(snapshot, ids);
  return ids;
}

interface HelperEntry {
  /** the handler's call of the helper */
  entry: CallSite;
  /** the blocking calls the helper reaches, nearest first */
  origins: Origin[];
}

interface Origin {
  fn: FunctionSummary;
  call: CallSite;
  description: string;
}

const entryCache = new WeakMap<TsSnapshot, Map<string, HelperEntry[]>>();

/**
 * The handlers' calls of helpers that block (directly or deeper), by the handler's file: the
 * handler's author gets a finding where the helper is called, besides the one in the helper.
 * A handler's calls are those of the handler and of the callbacks written in it.
 */
function helperEntries(snapshot: TsSnapshot): Map<string, HelperEntry[]> {
  const cached = entryCache.get(snapshot);
  if (cached) return cached;
  const byFile = new Map<string, HelperEntry[]>();
  const originsOf = new Map<string, Origin[]>();
  for (const [id, path] of snapshot.requestPaths) {
    if (path.entry) continue;
    const fn = snapshot.linker.functionById(id);
    if (!fn) continue;
    for (const { call } of callsOf(fn)) {
      // a continuation written in the handler (`.then((id) => …)`) is the handler's own code, reported where it blocks
      if (call.once || call.viaCallback === 'continuation') continue;
      const helper = snapshot.linker.resolve(call);
      if (helper.kind !== 'fn') continue;
      let origins = originsOf.get(helper.fn.id);
      if (!origins) originsOf.set(helper.fn.id, (origins = blockingReach(snapshot, helper.fn)));
      if (origins.length === 0) continue;
      const list = byFile.get(fn.file);
      if (list) list.push({ entry: call, origins });
      else byFile.set(fn.file, [{ entry: call, origins }]);
    }
  }
  entryCache.set(snapshot, byFile);
  return byFile;
}

/** Blocking calls a helper makes or reaches (through calls and the callbacks it passes), breadth first. */
function blockingReach(snapshot: TsSnapshot, helper: FunctionSummary): Origin[] {
  const origins: Origin[] = [];
  const seen = new Set<string>([helper.id]);
  const queue = [helper];
  for (let next = 0; next < queue.length && origins.length < 8; next++) {
    const fn = queue[next];
    for (const { call } of callsOf(fn)) {
      if (call.once) continue;
      const blocking = blockingCall(snapshot, call);
      if (blocking) {
        origins.push({ fn, call, description: blocking.callee.entry.description });
        continue;
      }
      const callee = snapshot.linker.resolve(call);
      const reached = [
        ...(callee.kind === 'fn' ? [callee.fn] : []),
        ...(call.argBindings ?? []).map((argument) => (argument?.kind === 'fn' ? snapshot.linker.functionById(argument.id) : undefined)),
      ];
      for (const target of reached) {
        if (target && !seen.has(target.id)) {
          seen.add(target.id);
          queue.push(target);
        }
      }
    }
  }
  return origins;
}
