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
a helper gets the finding at its call of the helper too.

Not reported: calls that run once (lazy initialisation such as \`if (!this.config) this.config =
readConfig()\`, and memoised values: \`entry.body = entry.body || readFileSync(file)\`, \`this.body ??=
readFileSync(file)\` on an object's or the module's state), reads of the kernel's in-memory files (\`/proc\`, \`/sys\`), async functions of
command-line code (\`#!\` scripts, files under \`bin/\`, \`cli/\` or \`scripts/\`), which run once per
invocation, and async server start-up that runs once per program: the function that makes a
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
      for (const { call } of callsOf(fn)) {
        const blocking = blockingCall(snapshot, call);
        if (!blocking) continue;
        const context = blockingContext(fn, requestPath, !commandLine && blocksAsyncWork(snapshot, fn));
        if (!context) continue;
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
function blockingContext(fn: FunctionSummary, requestPath: RequestPath | undefined, insideAsync: boolean): string | undefined {
  if (requestPath?.handler.id === fn.id) return 'inside a request handler: every request waits for it';
  if (requestPath) return 'in code reached from a request handler: every request waits for it';
  if (insideAsync) return 'inside an async function, blocking the event loop it was meant to free';
  return undefined;
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

/**
 * The function is async, or a callback its async parent runs there and then (`files.map((f) =>
 * readFileSync(f))`, a `new Promise` executor): its blocking is the async function's. Unless that
 * async function runs once per program (a server's start-up): then nothing else is waiting for
 * the event loop yet.
 */
function blocksAsyncWork(snapshot: TsSnapshot, fn: FunctionSummary): boolean {
  let current: FunctionSummary | undefined = fn;
  while (current && !current.isAsync && snapshot.perItemFunctions.has(current.id) && current.parentId) {
    current = snapshot.linker.functionById(current.parentId);
  }
  return current?.isAsync === true && !snapshot.runsOnce(current);
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
      if (call.once) continue;
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
