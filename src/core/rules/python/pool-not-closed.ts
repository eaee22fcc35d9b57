import type { PoolFact, PythonRuleContext } from '../../python/rule-context';
import type { FindingDraft, Rule } from '../rule';
import { firstLineRange, type NodeData, nodeData } from './support';

/** The pool's call, the variable it is assigned to and that assignment statement ('' and -1 when there is none). */
export type PoolNotClosedData = NodeData & { variable: string; statementStart: number; statementEnd: number };

const DOCS = `
A pool that is never shut down keeps its worker threads or processes alive: a
\`multiprocessing.Pool\` left open leaks processes until the interpreter exits (and can hang it at
exit), and an executor that is never shut down keeps its threads until the program ends. An
exception between creating the pool and closing it has the same effect.

**Fix:** use the pool as a context manager — \`with ProcessPoolExecutor() as executor:\` waits for
the submitted tasks and shuts the workers down; \`with multiprocessing.Pool() as pool:\` terminates
them on exit, so collect the results (\`map\`, \`.get()\`) inside the block. Or call
\`pool.close()\` then \`pool.join()\` (\`executor.shutdown()\` for executors) in a \`finally:\`.

Not reported: a \`concurrent.futures\` executor created at module level that the module's functions
draw on — a pool for the whole process run, which the interpreter shuts down at exit (a \`multiprocessing.Pool\` there is still
reported: nothing ends it for you, and it can hang the interpreter at exit); and a pool handed to the object that owns it — \`super().__init__(pool)\`, or a class of the
project constructed with it — when that class has a \`shutdown()\`/\`close()\`/\`stop()\` method
releasing the pool it holds (\`self._pool.shutdown()\`): whoever ends the owner ends the pool. A pool
stored on an object, returned, or registered with \`atexit\`/\`weakref.finalize\` is not reported either.
`;

export const poolNotClosed: Rule<PythonRuleContext, PoolNotClosedData> = {
  meta: {
    id: 'pool-not-closed',
    language: 'python',
    description: 'A thread or process pool is created without a with block or close()/shutdown()',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['pool-to-with', 'python-ignore'],
  },
  check(context) {
    return context.pools.filter((pool) => pool.management === 'unmanaged' && !pool.processLifetime).map((pool) => draftFor(context, pool));
  },
};

function draftFor(context: PythonRuleContext, pool: PoolFact): FindingDraft<PoolNotClosedData> {
  const kind = pool.executor === 'process-pool' ? 'worker processes' : 'worker threads';
  return {
    message: `This pool is never closed: its ${kind} stay alive until the interpreter exits. Use it in a \`with\` block, or call close() and join() (shutdown() for executors) when done.`,
    range: firstLineRange(pool.call, context.text),
    related: [],
    functionId: pool.unit.id,
    fixes: pool.variable && pool.statement ? undefined : ['python-ignore'],
    data: {
      ...nodeData(pool.call, context.text),
      variable: pool.variable ?? '',
      statementStart: pool.statement?.start ?? -1,
      statementEnd: pool.statement?.end ?? -1,
    },
  };
}
