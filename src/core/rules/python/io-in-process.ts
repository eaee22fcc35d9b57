import type { DispatchFact, PythonRuleContext } from '../../python/rule-context';
import { childByField, type PyNode, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { hasIoEvidence } from '../../python/verdict';
import { type ConstructorData, constructorData, declaredAt, firstLineRange, mainReason, type NodeData, nodeData, targetName, writesModuleState } from './support';

/** The dispatch, the process constructor to swap (when found) and whether the target writes module state. */
export type IoInProcessData = NodeData & ConstructorData & { executor: string; targetSharesState: boolean };

const DOCS = `
A process is the most expensive way to wait. Each one starts a new interpreter, and everything
sent to it or returned from it is pickled and copied. Work that mostly waits — on the network, the
disk, a subprocess or \`time.sleep\` — gains nothing from a separate interpreter: CPython releases
the GIL while a thread waits, so threads overlap those waits just as well, share memory, and start
in microseconds.

A process that serves for the program's life is not reported: one started outside any loop whose
function runs a server (\`serve_forever()\`, \`run_forever()\`, a \`while True:\` loop that
\`accept()\`s connections, in the function or what it calls) and that the starting function does
not join: a tunnel, a proxy or a helper server kept as a separate process can be terminated on its
own, which a thread cannot. A process per accepted connection is still reported.

**Fix:** run I/O-bound work on threads (\`threading.Thread\`, \`ThreadPoolExecutor\`,
\`multiprocessing.pool.ThreadPool\`) or, in async code, with \`asyncio\`. Keep processes for
CPU-bound Python code.
`;

export const ioInProcess: Rule<PythonRuleContext, IoInProcessData> = {
  meta: {
    id: 'io-in-process',
    language: 'python',
    description: 'Processes are used for work that only waits on I/O or timers',
    docs: DOCS.trim(),
    defaultSeverity: 'info',
    fixes: ['process-to-thread', 'python-ignore'],
  },
  check(context) {
    const drafts: FindingDraft<IoInProcessData>[] = [];
    for (const fact of context.dispatches) {
      if (fact.dispatch.executor !== 'process' && fact.dispatch.executor !== 'process-pool') continue;
      const verdict = fact.targetVerdict;
      if (!verdict || verdict.cpuHeavy || (verdict.kind !== 'io' && verdict.kind !== 'io-sync')) continue;
      if (!fact.targetSummary || !hasIoEvidence(fact.targetSummary)) continue;
      if (fact.longLivedService) continue;
      drafts.push(draftFor(context, fact));
    }
    return drafts;
  },
};

function draftFor(context: PythonRuleContext, fact: DispatchFact): FindingDraft<IoInProcessData> {
  const summary = fact.targetSummary as NonNullable<DispatchFact['targetSummary']>;
  const reason = mainReason(summary, 'io');
  const kind = fact.dispatch.executor === 'process' ? 'a process' : 'a process pool';
  const target = fact.dispatch.target;
  return {
    message: `${targetName(fact)} only waits${reason ? ` (it ${reason.clause})` : ''}, yet runs in ${kind}: a new interpreter and pickled data buy nothing for waiting. Threads (or asyncio) overlap the waits as well, since the GIL is released while waiting.`,
    range: firstLineRange(fact.dispatch.call, context.text),
    related: target ? [declaredAt(target, `${target.name}() is declared here`)] : [],
    functionId: target?.id,
    data: {
      ...nodeData(fact.dispatch.call, context.text),
      executor: fact.dispatch.executor,
      targetSharesState: target ? writesModuleState(target.module, target.body) : true,
      ...constructorData(fact.dispatch.executor === 'process' ? fact.dispatch.call : poolCall(context, fact), context.module),
    },
  };
}

/** For pool tasks: the call that constructs the process pool, so the fix can swap it for threads. */
function poolCall(context: PythonRuleContext, fact: DispatchFact): PyNode | undefined {
  const fn = childByField(fact.dispatch.call, 'function');
  const receiver = fn ? childByField(fn, 'object') : undefined;
  const name = receiver?.type === 'identifier' ? textOf(context.module.source, receiver) : undefined;
  const pool = context.pools.find((candidate) => {
    if (candidate.unit !== fact.dispatch.unit) return false;
    const pattern = candidate.call.parent;
    const alias = pattern?.type === 'as_pattern' ? childByField(pattern, 'alias') : undefined;
    const variable = candidate.variable ?? (alias ? textOf(context.module.source, alias).trim() : undefined);
    return variable === name;
  });
  return pool?.call;
}
