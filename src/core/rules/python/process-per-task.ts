import type { DispatchFact, PythonRuleContext } from '../../python/rule-context';
import { childByField, descendants, namedChildren, type PyNode, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { declaredAt, firstLineRange, type NodeData, nodeData, targetName } from './support';
import { loopsOverWorkerCount } from './worker-count';

/**
 * The `Process(...)` call and its loop: for a `for` loop, the loop variable and iterable, and the
 * keyword arguments `target=` and `args=` as written; `otherKeywords` when the call passes any
 * keyword besides `target`, `args` and `name` (a pool cannot carry those over).
 */
export type ProcessPerTaskData = NodeData & {
  loopStart: number;
  loopEnd: number;
  loopVariable?: string;
  loopIterable?: string;
  targetKeyword?: string;
  argsKeyword?: string;
  otherKeywords?: boolean;
};

/** Keyword arguments of `Process(...)` a pool can do without: `target` and `args` become the pool call, `name` only labels the process. */
const POOLABLE_KEYWORDS = new Set(['target', 'args', 'name']);

const DOCS = `
Starting a \`multiprocessing.Process\` for every item of a loop launches a new interpreter per
item (tens of milliseconds and tens of megabytes each, more with the spawn start method) and puts
no bound on how many run at once: a thousand images means a thousand processes fighting over a
few cores, and the machine may run out of memory.

**Fix:** hand the items to a bounded pool that reuses a fixed number of worker processes —
\`multiprocessing.Pool\` (\`pool.map\`, \`pool.starmap\`) or \`ProcessPoolExecutor.map\` — inside a
\`with\` block so the workers are shut down. The pool's default size is the number of CPUs.

A loop that starts one process per core or a small fixed number of them
(\`for _ in range(os.cpu_count())\`, \`range(N_WORKERS)\` with \`N_WORKERS = 4\`) is a bounded set of
workers — typically consumers of a queue — and is not reported; nor is a counted loop whose
processes get nothing of the iteration (\`for _ in range(config.workers): Process(target=serve,
kwargs=shared)\`): identical workers sized by a setting are what a pool would be.
`;

export const processPerTask: Rule<PythonRuleContext, ProcessPerTaskData> = {
  meta: {
    id: 'process-per-task',
    language: 'python',
    description: 'A new process is started for every item of a loop instead of using a pool',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['process-loop-to-pool', 'python-ignore'],
  },
  check(context) {
    const drafts: FindingDraft<ProcessPerTaskData>[] = [];
    for (const fact of context.dispatches) {
      if (fact.dispatch.executor !== 'process' || fact.dispatch.via !== 'spawn' || !fact.loop) continue;
      if (loopsOverWorkerCount(fact.loop, context.module.source, context.module.source.root)) continue;
      if (startsIdenticalWorkers(context, fact.loop, fact.dispatch.call)) continue;
      if (servesAcceptedConnection(context, fact.loop, fact.dispatch.call)) continue;
      drafts.push(draftFor(context, fact));
    }
    return drafts;
  },
};

/**
 * `for _ in range(config.workers): Process(target=serve, kwargs=shared)`: a counted loop whose
 * processes get nothing of the iteration. Every process receives the same arguments, so they are a
 * set of identical workers (consumers of a queue, servers on shared sockets), sized by the count:
 * what a pool would be, not a process per task.
 */
function startsIdenticalWorkers(context: PythonRuleContext, loop: NonNullable<DispatchFact['loop']>, call: PyNode): boolean {
  if (loop.type !== 'for_statement') return false;
  const source = context.module.source;
  const iterable = childByField(loop, 'right');
  if (iterable?.type !== 'call' || textOf(source, childByField(iterable, 'function') ?? iterable) !== 'range') return false;
  const variable = childByField(loop, 'left');
  if (variable?.type !== 'identifier') return false;
  const name = textOf(source, variable);
  const args = childByField(call, 'arguments');
  return !args || ![...descendants(args)].some((node) => node.type === 'identifier' && textOf(source, node) === name);
}

/**
 * `conn, address = lsock.accept()` then `Process(target=serve, args=(conn, address))`: a forking
 * server, one process per accepted connection for the connection's whole life (what
 * socketserver's ForkingMixIn does). A pool would cap how many clients are served at once; the
 * processes are connections, not tasks.
 */
function servesAcceptedConnection(context: PythonRuleContext, loop: NonNullable<DispatchFact['loop']>, call: PyNode): boolean {
  const source = context.module.source;
  const accepted = new Set<string>();
  for (const node of descendants(loop)) {
    if (node.type !== 'assignment') continue;
    const right = childByField(node, 'right');
    if (right?.type !== 'call') continue;
    const fn = childByField(right, 'function');
    const method = fn?.type === 'attribute' ? childByField(fn, 'attribute') : undefined;
    const passed = childByField(right, 'arguments');
    // a listening socket's accept() takes no arguments
    if (!method || textOf(source, method) !== 'accept' || (passed && namedChildren(passed).length > 0)) continue;
    const left = childByField(node, 'left');
    for (const id of left ? [left, ...descendants(left)] : []) if (id.type === 'identifier') accepted.add(textOf(source, id));
  }
  const args = childByField(call, 'arguments');
  return accepted.size > 0 && args !== undefined && [...descendants(args)].some((node) => node.type === 'identifier' && accepted.has(textOf(source, node)));
}

function draftFor(context: PythonRuleContext, fact: DispatchFact): FindingDraft<ProcessPerTaskData> {
  const loop = fact.loop as NonNullable<DispatchFact['loop']>;
  const target = fact.dispatch.target;
  return {
    message: `A new process is started for ${targetName(fact)} on every iteration of this loop: each one is a fresh interpreter and nothing bounds how many run at once. Use a multiprocessing.Pool (or ProcessPoolExecutor) so a fixed set of workers handles the items.`,
    range: firstLineRange(fact.dispatch.call, context.text),
    related: [
      { file: context.path, line: loop.startRow + 1, message: 'the loop that starts one process per item' },
      ...(target ? [declaredAt(target, `${target.name}() is declared here`)] : []),
    ],
    functionId: target?.id,
    data: { ...nodeData(fact.dispatch.call, context.text), ...loopData(context, fact) },
  };
}

/** The loop's pieces, for the fix that turns it into `pool.starmap`. */
function loopData(context: PythonRuleContext, fact: DispatchFact): Omit<ProcessPerTaskData, keyof NodeData> {
  const loop = fact.loop as NonNullable<DispatchFact['loop']>;
  const source = context.module.source;
  const data: Omit<ProcessPerTaskData, keyof NodeData> = { loopStart: loop.start, loopEnd: loop.end };
  if (loop.type !== 'for_statement') return data;
  const variable = childByField(loop, 'left');
  const iterable = childByField(loop, 'right');
  if (variable) data.loopVariable = textOf(source, variable);
  if (iterable) data.loopIterable = textOf(source, iterable);
  const args = childByField(fact.dispatch.call, 'arguments');
  for (const arg of args ? namedChildren(args) : []) {
    const name = childByField(arg, 'name');
    const value = childByField(arg, 'value');
    if (arg.type !== 'keyword_argument' || !name || !value) continue;
    const keyword = textOf(source, name);
    if (keyword === 'target') data.targetKeyword = textOf(source, value);
    else if (keyword === 'args') data.argsKeyword = textOf(source, value);
    else if (!POOLABLE_KEYWORDS.has(keyword)) data.otherKeywords = true;
  }
  return data;
}
