import type { DispatchFact, PoolFact, PythonRuleContext } from '../../python/rule-context';
import type { PyNode } from '../../python/syntax';
import { childByField, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { hasCpuEvidence } from '../../python/verdict';
import { type ConstructorData, constructorData, declaredAt, firstLineRange, mainReason, mutatedParameters, type NodeData, nodeData, scriptStartToGuard, targetName, topLevelStatement, writesModuleState } from './support';

/**
 * The dispatch, the thread constructor to swap (when found) and what decides whether a process
 * can run the target: a module-level function (picklable) that writes no module state.
 */
export type CpuInThreadData = NodeData & ConstructorData & {
  executor: string;
  targetName: string;
  targetPicklable: boolean;
  targetSharesState: boolean;
  /** the target's parameters it writes into, comma-separated: a process would write into a copy */
  targetWritesArguments: string;
  /** the dispatch runs at module level outside `if __name__ == "__main__":` */
  unguarded: boolean;
  /** when unguarded: where the script code a guard must hold starts, and the length of the text analysed */
  guardStart?: number;
  textLength?: number;
  advisory: boolean;
};

const DOCS = `
CPython's Global Interpreter Lock (GIL) lets one thread at a time run Python bytecode. A
CPU-bound function started with \`threading.Thread\`, \`ThreadPoolExecutor.submit/map\` or
\`multiprocessing.pool.ThreadPool\` therefore takes turns with every other thread: you pay for the
threads and get no parallelism (often a slowdown from lock hand-offs). Threads only help while the
work waits on I/O or runs in C code that releases the GIL (NumPy, \`hashlib\` on large buffers,
\`zlib\`), which Threadwise checks before reporting.

**Fix:** run the function in separate processes — \`concurrent.futures.ProcessPoolExecutor\` or
\`multiprocessing.Pool\` — each with its own interpreter and GIL. Arguments and results are pickled,
so the target must be a module-level function. On a free-threaded build (CPython 3.13t+, set
\`python.freeThreaded\`) threads do run Python code in parallel: the finding then only says so.
`;

export const cpuInThread: Rule<PythonRuleContext, CpuInThreadData> = {
  meta: {
    id: 'cpu-in-thread',
    language: 'python',
    description: 'CPU-bound Python code runs in a thread, where the GIL serializes it',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['thread-to-process-pool', 'python-ignore'],
  },
  check(context) {
    const drafts: FindingDraft<CpuInThreadData>[] = [];
    for (const fact of context.dispatches) {
      const executor = fact.dispatch.executor;
      if (executor !== 'thread' && executor !== 'thread-pool') continue;
      const verdict = fact.targetVerdict;
      if (!verdict?.cpuHeavy || verdict.gilFree || !fact.targetSummary) continue;
      if (!hasCpuEvidence(fact.targetSummary, context.config)) continue;
      drafts.push(draftFor(context, fact));
    }
    return drafts;
  },
};

function draftFor(context: PythonRuleContext, fact: DispatchFact): FindingDraft<CpuInThreadData> {
  const summary = fact.targetSummary as NonNullable<DispatchFact['targetSummary']>;
  const reason = mainReason(summary, 'cpu');
  const name = targetName(fact);
  const how = fact.dispatch.via === 'offload' ? 'asyncio.to_thread' : fact.dispatch.executor === 'thread' ? 'a thread' : 'a thread pool';
  const why = reason ? ` (it ${reason.clause})` : '';
  const freeThreaded = context.config.python.freeThreaded;
  const message = freeThreaded
    ? `${name} is CPU-bound${why} and runs in ${how}: on your free-threaded build threads run it in parallel, but on a standard (GIL) build they would take turns.`
    : `${name} is CPU-bound${why} but runs in ${how}: the GIL lets one thread run Python code at a time, so it gets no parallelism. Use a ProcessPoolExecutor or multiprocessing.Pool (threads only run in parallel on a free-threaded 3.13t+ build).`;
  const target = fact.dispatch.target;
  return {
    message,
    range: firstLineRange(fact.dispatch.call, context.text),
    related: target ? [declaredAt(target, `${target.name}() is declared here`)] : [],
    functionId: target?.id,
    fixes: freeThreaded || fact.dispatch.via === 'offload' ? ['python-ignore'] : undefined,
    data: { ...nodeData(fact.dispatch.call, context.text), ...conversionData(context, fact), advisory: freeThreaded },
    advisory: freeThreaded,
  };
}

/** Where the thread constructor is written, so the fix can swap it for its process counterpart. */
function conversionData(context: PythonRuleContext, fact: DispatchFact): Omit<CpuInThreadData, keyof NodeData | 'advisory'> {
  const target = fact.dispatch.target;
  return {
    executor: fact.dispatch.executor,
    targetName: target?.localName ?? '',
    targetPicklable: target !== undefined && target.parent === undefined && target.className === undefined && target.node.type === 'function_definition',
    targetSharesState: target ? writesModuleState(context.module, target.body) : true,
    targetWritesArguments: target ? mutatedParameters(target).join(',') : '',
    ...guardData(context, fact),
    ...constructorData(fact.dispatch.executor === 'thread' ? fact.dispatch.call : poolCall(context, fact), context.module),
  };
}

/** Whether a process started here would need `if __name__ == "__main__":`, and where the code to guard starts. */
function guardData(context: PythonRuleContext, fact: DispatchFact): Pick<CpuInThreadData, 'unguarded' | 'guardStart' | 'textLength'> {
  if (!fact.moduleLevel || fact.mainGuarded) return { unguarded: false };
  const statement = topLevelStatement(fact.dispatch.call);
  const guardStart = statement ? scriptStartToGuard(context, statement) : undefined;
  return { unguarded: true, guardStart, textLength: context.text.length };
}

/** The constructor call of the pool a task was submitted to (`ThreadPoolExecutor()` in `with ThreadPoolExecutor() as ex`). */
function poolCall(context: PythonRuleContext, fact: DispatchFact): PyNode | undefined {
  const fn = childByField(fact.dispatch.call, 'function');
  const receiver = fn ? childByField(fn, 'object') : undefined;
  if (!receiver || receiver.type !== 'identifier') return undefined;
  const name = textOf(context.module.source, receiver);
  const pool = context.pools.find((candidate: PoolFact) => candidate.unit === fact.dispatch.unit && poolVariable(context, candidate) === name);
  return pool?.call;
}

function poolVariable(context: PythonRuleContext, pool: PoolFact): string | undefined {
  if (pool.variable) return pool.variable;
  const pattern = pool.call.parent;
  const alias = pattern?.type === 'as_pattern' ? childByField(pattern, 'alias') : undefined;
  return alias ? textOf(context.module.source, alias).trim() : undefined;
}
