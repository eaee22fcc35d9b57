import { callsOf } from '../typescript/link';
import type { TsRuleContext } from '../typescript/rule-context';
import type { CallData, FindingDraft, Rule } from './rule';

const DOCS = `
Starting a worker thread costs a new V8 isolate (tens of milliseconds and several megabytes), and
forking a process costs more. Creating one per item in a loop pays that price for every item and
runs as many of them at once as there are items, far more than the machine has cores.

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
      for (const { call, loopMultiplier } of callsOf(fn)) {
        if (!loopMultiplier && !perItem) continue;
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
