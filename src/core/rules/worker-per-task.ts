import type { TsRuleContext } from '../typescript/rule-context';
import type { CallSite, FunctionSummary, Loop } from '../typescript/summary';
import { evaluateValue } from '../typescript/values';
import type { CallData, FindingDraft, Rule } from './rule';

/** A loop of at most this many known iterations that starts workers starts a fixed pool. */
const FIXED_POOL_LIMIT = 64;

const DOCS = `
Starting a worker thread costs a new V8 isolate (tens of milliseconds and several megabytes), and
forking a process costs more. Creating one per item in a loop pays that price for every item and
runs as many of them at once as there are items, far more than the machine has cores.

Not reported: a counted loop that repeats a number of times rather than visiting items
(\`for (let i = 0; i < os.cpus().length; i++) cluster.fork()\`, \`i < config.workers\`: a count from the
configuration, not one the caller passes; a known count of at most ${FIXED_POOL_LIMIT}) outside any
per-item callback: that starts a fixed pool, which is the fix.

**Fix:** create a fixed pool of workers once — about one per core
(\`os.availableParallelism()\`) — and hand items to them. \`piscina\`, \`tinypool\` and
\`workerpool\` do this well; the quick fix uses the one your project depends on, or generates a
small pool on \`node:worker_threads\`.
`;

/** The `new Worker(...)` or `fork(...)` started per item. */
export type WorkerPerTaskData = CallData;

export const workerPerTask: Rule<TsRuleContext, WorkerPerTaskData> = {
  meta: {
    id: 'worker-per-task',
    language: 'typescript',
    description: 'A worker thread or process is created per item in a loop',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['run-in-worker-pool', 'ignore'],
  },
  check({ snapshot, file, lines }) {
    const drafts: FindingDraft<WorkerPerTaskData>[] = [];
    for (const fn of file.functions) {
      const perItem = snapshot.perItemFunctions.has(fn.id);
      for (const { call, loops } of callsWithLoops(fn)) {
        if (loops.length === 0 && !perItem) continue;
        if (!perItem && loops.every(startsFixedPool)) continue;
        const callee = snapshot.linker.resolve(call);
        if (callee.kind !== 'catalog' && callee.kind !== 'global') continue;
        const isWorker = callee.entry.effect === 'spawn-worker';
        const isFork = callee.entry.effect === 'spawn-process' && /fork/i.test(call.calleeText);
        if (!isWorker && !isFork) continue;
        drafts.push({
          message: `${isWorker ? 'A new worker thread' : 'A new process'} is started for every item (${call.calleeText}); a fixed pool sized to the CPU cores does the same work without the start-up cost per item.`,
          range: lines.firstLineRange(call.start, call.end),
          related: [],
          functionId: fn.id,
          data: { callStart: call.start, callEnd: call.end, callee: call.calleeText },
        });
      }
    }
    return drafts;
  },
};

/** Every call site of a function with the loops around it, outermost first. */
function* callsWithLoops(fn: FunctionSummary): Generator<{ call: CallSite; loops: Loop[] }> {
  const stack: { block: FunctionSummary['body']; loops: Loop[] }[] = [{ block: fn.body, loops: [] }];
  while (stack.length > 0) {
    const { block, loops } = stack.pop()!;
    for (const call of block.calls) yield { call, loops };
    for (const loop of block.loops) stack.push({ block: loop.body, loops: [...loops, loop] });
  }
}

/**
 * A counted loop that repeats a number of times rather than visiting items: `i < 4`, `i <
 * os.cpus().length`, `i < workers` (a count from the configuration): it starts that many workers
 * once, a fixed pool. Not a loop over items (`for (const f of files)`, `i < files.length`), nor
 * over a count the caller passes (a number of jobs), nor a known count beyond FIXED_POOL_LIMIT.
 */
function startsFixedPool(loop: Loop): boolean {
  if (!loop.counted || loop.bound.k === 'len' || loop.overInput) return false;
  const size = evaluateValue(loop.bound, []);
  return typeof size !== 'number' || size <= FIXED_POOL_LIMIT;
}
