import { RELEASE_METHODS } from '../catalog';
import type { TsSnapshot } from '../typescript/analyzer';
import { callsOf, type ResolvedCallee } from '../typescript/link';
import type { TsRuleContext } from '../typescript/rule-context';
import type { CallSite, FunctionSummary, Loop } from '../typescript/summary';
import { evaluateValue } from '../typescript/values';
import type { CallData, FindingDraft, Rule } from './rule';

const DOCS = `
\`Promise.all(items.map(async (item) => fetch(item)))\` starts every operation at once. With a
list whose size you do not control, that can mean thousands of simultaneous sockets or file
handles: the remote service throttles you, the process runs out of file descriptors
(\`EMFILE\`), or memory spikes.

Not reported: lists of at most 32 known elements, lists read from a configuration object
(\`this.config.jobs\`, \`options.servers\`: the application writes them, so their size is that of
a configuration, not of data), and operations that only release
what each element already holds (\`Promise.all(clients.map((c) => c.quit()))\`, closing servers
or workers): closing many at once acquires nothing.

bluebird's \`Promise.map(items, fn)\` and \`Promise.filter\` without a \`{ concurrency }\` option do the
same, and so does \`items.forEach((item) => fs.readFile(item, done))\`: \`forEach\` waits for nothing, so
a callback that opens a file, removes one, sends a request or starts a process, handing it a
completion callback, does it for every element at once; so does a loop statement that starts such
an operation with a completion callback and goes on (\`for (const f of files) fs.readFile(f, done)\`)
(writes to connections the elements already are, \`socket.write(line)\`, acquire nothing and are
not reported; nor is fire-and-forget work whose callback is a no-op, \`exec(cmd, noop)\`, or that
takes no callback at all).

**Fix:** keep the concurrency but bound it — \`p-limit\` or a small pool that runs at most N
operations at a time (10–50 for network calls is a common start); for bluebird, pass
\`{ concurrency: N }\`.
`;

/** `Promise.all(items.map(fn))` and its siblings, as opposed to a promise library's `Promise.map(items, fn)`. */
const PROMISE_COMBINATORS = /^Promise\.(all|allSettled|any|race)$/;

/** Lists at most this long are considered small enough to start all at once. */
const SMALL_LIST = 32;

/** A member of a configuration object: `this.config.jobs`, `options.servers`, `[...settings.hosts]`. */
const CONFIGURATION_MEMBER = /(^|[.\s])(config|configuration|options|opts|settings|conf|cfg)\.[\w$]+\]?$/i;

/** The `Promise.all(...)` call, and the per-element function's parameter count (-1: unknown). */
export type UnboundedConcurrencyData = CallData & { arity: number };

export const unboundedConcurrency: Rule<TsRuleContext, UnboundedConcurrencyData> = {
  meta: {
    id: 'unbounded-concurrency',
    language: 'typescript',
    description: 'Promise.all starts I/O for every element of an unbounded list at once',
    docs: DOCS.trim(),
    defaultSeverity: 'info',
    fixes: ['bound-concurrency', 'ignore'],
  },
  check({ snapshot, file, lines }) {
    const drafts: FindingDraft<UnboundedConcurrencyData>[] = [];
    for (const fn of file.functions) {
      for (const site of fn.promiseAlls) {
        const size = evaluateValue(site.bound, fn.params.map(() => undefined));
        if (typeof size === 'number' && size <= SMALL_LIST) continue;
        if (CONFIGURATION_MEMBER.test(site.boundLabel)) continue;
        const perElement = site.callId ? snapshot.linker.callById(site.callId) : undefined;
        if (!perElement || !snapshot.evaluator.callWaitsOnIo(perElement)) continue;
        const perElementFn = snapshot.linker.resolve(perElement);
        if (perElementFn.kind === 'fn' && onlyReleases(snapshot, perElementFn.fn, 0)) continue;
        if (perElementFn.kind === 'fn' && waitsOnlyThroughRunners(snapshot, perElementFn.fn, 0)) continue;
        const started = site.startedBy === 'callbacks' ? acquiringOperation(snapshot, perElementFn) : undefined;
        if (site.startedBy === 'callbacks' && !started) continue;
        // bluebird's Promise.map(items, fn) takes its bound as an option; the p-limit fix rewrites Promise.all(items.map(fn))
        const library = !PROMISE_COMBINATORS.test(site.method);
        const cap = started
          ? 'start them through a small queue that runs at most N at a time (for example p-limit, or async\'s eachLimit)'
          : library ? 'pass { concurrency: N } as its third argument' : 'cap the concurrency (for example with p-limit)';
        const what = started ? `forEach() starts ${started.calleeText}() for every element of ${site.boundLabel} at once, without waiting for any` : `${site.method}() starts an operation for every element of ${site.boundLabel} at once`;
        drafts.push({
          message: `${what}; the list's size is not bounded, so ${cap}.`,
          range: lines.firstLineRange(site.start, site.end),
          related: [],
          functionId: fn.id,
          ...(library || started ? { fixes: ['ignore'] } : {}),
          data: { callStart: site.start, callEnd: site.end, callee: site.method, arity: perElementFn.kind === 'fn' ? perElementFn.fn.params.length : -1 },
        });
      }
    }
    for (const fn of file.functions) {
      for (const { loop, operation } of callbackFanOuts(snapshot, fn)) {
        const size = evaluateValue(loop.bound, fn.params.map(() => undefined));
        if (typeof size === 'number' && size <= SMALL_LIST) continue;
        if (CONFIGURATION_MEMBER.test(loop.boundLabel)) continue;
        drafts.push({
          message: `This loop starts ${operation.calleeText}() for every element of ${loop.boundLabel} and goes on without waiting for its callback, so all of them run at once; the list's size is not bounded, so start them through a small queue that runs at most N at a time (for example p-limit, or async's eachLimit).`,
          range: lines.firstLineRange(loop.start, loop.start),
          related: [],
          functionId: fn.id,
          fixes: ['ignore'],
          data: { callStart: operation.start, callEnd: operation.end, callee: operation.calleeText, arity: -1 },
        });
      }
    }
    return drafts;
  },
};

/**
 * Loop statements (`for…of`, `for`, `while`) whose body starts, without waiting for it, a
 * callback-style operation that acquires a file descriptor, a socket or a process
 * (`for (const f of files) fs.readFile(f, done)`): every iteration's operation is under way
 * before the first completes. The outermost such loop of the function, once.
 */
function callbackFanOuts(snapshot: TsSnapshot, fn: FunctionSummary): { loop: Loop; operation: CallSite }[] {
  const found: { loop: Loop; operation: CallSite }[] = [];
  for (const loop of fn.body.loops) {
    if (loop.method) continue;
    const operation = [...callsOfBlock(loop.body)].find((call) => !call.awaited && passesCallback(snapshot, call) && acquires(snapshot, call));
    if (operation) found.push({ loop, operation });
  }
  return found;
}

function* callsOfBlock(block: Loop['body']): Generator<CallSite> {
  yield* block.calls;
  for (const inner of block.loops) if (!inner.method) yield* callsOfBlock(inner.body);
}

/**
 * The call hands over a real completion callback: a function that takes the result (an error,
 * a value) or does something when the operation ends. A no-op (`exec(cmd, noop)`, `() => {}`)
 * waits for nothing: fire-and-forget work such as signalling processes is not a fan-out of
 * operations whose results are gathered.
 */
function passesCallback(snapshot: TsSnapshot, call: CallSite): boolean {
  return (call.argBindings ?? []).some((argument) => {
    if (argument?.kind !== 'fn') return false;
    const callback = snapshot.linker.functionById(argument.id);
    return callback !== undefined && !isNoOp(callback);
  });
}

function isNoOp(fn: FunctionSummary): boolean {
  return fn.params.length === 0 && fn.body.calls.length === 0 && fn.body.loops.length === 0;
}

/**
 * Operations on a handle the element already holds: writing to a connection or a stream, or
 * watching a path, take no new file descriptor, socket or process per element.
 */
const HANDLE_OPERATIONS: ReadonlySet<string> = new Set([
  'write', 'send', 'emit', 'writeHead', 'setHeader', 'pipe', 'cork', 'uncork', 'watch', 'watchFile', 'unwatchFile', 'publish',
]);

/**
 * The callback of a `forEach` starts, in its own body, a catalogued operation that acquires a
 * file descriptor, a socket or a process and hands it a completion callback (`fs.readFile(f,
 * done)`, `fs.rm(p, opts, done)`, `http.get(url, onResponse)`): the first such call, or
 * undefined. Without a callback nothing waits for the operations' results (a promise the
 * callback neither returns nor collects, a call with no callback at all), so they are not the
 * unbounded batch of results this finding is about.
 */
function acquiringOperation(snapshot: TsSnapshot, perElement: ResolvedCallee): CallSite | undefined {
  if (perElement.kind !== 'fn') return undefined;
  // clean-up: a callback that closes or destroys what the element holds removes its files beside
  // (`file.stream.destroy(); fs.unlink(file.path, done)`), it does not fetch a listing's contents
  if ([...callsOf(perElement.fn)].some(({ call }) => RELEASE_METHODS.has(releasedMethod(call.calleeText) ?? ''))) return undefined;
  for (const { call } of callsOf(perElement.fn)) if (acquires(snapshot, call) && passesCallback(snapshot, call)) return call;
  return undefined;
}

/** A catalogued non-blocking operation that takes a new file descriptor, socket or process. */
function acquires(snapshot: TsSnapshot, call: CallSite): boolean {
  const callee = snapshot.linker.resolve(call);
  if (callee.kind !== 'catalog' && callee.kind !== 'global') return false;
  if (callee.entry.effect !== 'async-io' && callee.entry.effect !== 'spawn-process') return false;
  const method = releasedMethod(call.calleeText);
  return method !== undefined && !HANDLE_OPERATIONS.has(method) && !RELEASE_METHODS.has(method);
}

/** How deep onlyReleases() follows project functions the per-element function calls. */
const RELEASE_DEPTH = 3;

/**
 * The function gives back resources (`client.quit()`, `server.close()`), directly or through
 * project functions (a promise wrapped around a `quit()`), and waits on nothing else.
 */
function onlyReleases(snapshot: TsSnapshot, fn: FunctionSummary, depth: number): boolean {
  let released = false;
  for (const { call } of callsOf(fn)) {
    const method = releasedMethod(call.calleeText);
    if (method && RELEASE_METHODS.has(method)) {
      released = true;
      continue;
    }
    if (!snapshot.evaluator.callWaitsOnIo(call)) continue;
    const callee = snapshot.linker.resolve(call);
    if (callee.kind !== 'fn' || depth >= RELEASE_DEPTH || !onlyReleases(snapshot, callee.fn, depth + 1)) return false;
    released = true;
  }
  return released;
}

const WAITING: ReadonlySet<string> = new Set(['async-io', 'offloaded', 'spawn-process']);

/**
 * The function waits on I/O only through calls the analyser cannot see into that it hands a
 * callback (`limit(() => load(name))`, `queue.add(() => fetch(url))`), directly or through
 * project functions: such a runner may be what bounds the concurrency (p-limit, p-queue), so the
 * list is not known to start all at once.
 */
function waitsOnlyThroughRunners(snapshot: TsSnapshot, fn: FunctionSummary, depth: number): boolean {
  const waits = snapshot.evaluator.effects(fn).filter((trace) => WAITING.has(trace.effect));
  return waits.length > 0 && waits.every((trace) => {
    const call = snapshot.linker.callById(trace.callId);
    const callee = call && snapshot.linker.resolve(call);
    if (!callee) return false;
    if (callee.kind === 'unknown') return true;
    return callee.kind === 'fn' && callee.fn.id !== fn.id && depth < RELEASE_DEPTH && waitsOnlyThroughRunners(snapshot, callee.fn, depth + 1);
  });
}

/** The method a call makes, seen through the promise it returns: `client.quit().catch` → `quit`. */
function releasedMethod(calleeText: string): string | undefined {
  let text = calleeText;
  while (/\)\.(then|catch|finally)$/.test(text)) text = text.replace(/\.(then|catch|finally)$/, '').replace(/\([^()]*\)$/, '');
  return /([A-Za-z_$][\w$]*)$/.exec(text)?.[1];
}
