import type { IoLoopFact, PythonRuleContext } from '../../python/rule-context';
import { childByField, namedChildren, sameNode, textOf } from '../../python/syntax';
import type { FindingDraft, Rule } from '../rule';
import { firstLineRange, type NodeData, nodeData } from './support';

/**
 * The loop (or comprehension) and the pieces of the two shapes the fix rewrites: a `for` loop's
 * single body statement, or a comprehension's element and the assignment that holds it.
 */
export type SequentialIoLoopData = NodeData & {
  loopVariable: string;
  loopIterable: string;
  bodyStatement?: string;
  element?: string;
  comprehension?: string;
  assignTarget?: string;
  statementStart?: number;
  statementEnd?: number;
};

const DOCS = `
A loop that makes one blocking request per item — \`requests.get(url)\`, \`urlopen\`, a download
helper — waits for each answer before asking the next question. When the iterations do not depend
on one another, the total time is the sum of all the waits, where it could be close to the
longest one: CPython releases the GIL while a thread waits, so threads overlap the waits.

**Fix:** \`concurrent.futures.ThreadPoolExecutor().map(fetch, items)\` runs the calls on a bounded
set of threads and still returns the results in the order of the items. In async code, build the
coroutines and \`await asyncio.gather(*coros)\` (also in order). Threadwise only reports loops whose
iterations are independent (no \`break\`, no accumulator carried between iterations) and whose
calls depend on the loop variable and wait on another machine or process (HTTP, sockets,
databases, child processes). Local file-system calls (a stat, an open, a remove) take
microseconds each: a loop of them is not reported, nor is starting a process that is not waited
for (\`subprocess.Popen\`). Calls of the object's own methods (\`self.push(line)\`,
\`self.handle(event)\`) are not reported either: they work on the object's shared state (one
connection, one stream, a protocol's position in its exchange), so their iterations are steps
that must stay in order, not independent requests. So are writes of the items into one stream
the loop does not open per item (\`await stream.write(block)\` for the blocks of one upload,
\`writer.write(line)\`, \`sock.sendall(chunk)\`): they append in order, and the order is the data.
Nor are loops that run the items as callables (\`for cb in self.event_callbacks: await cb(event)\`,
or the item handed to a helper that calls it: \`await execute_callback(cb.func, room, event)\`):
an application's registered callbacks run in registration order for each event, by contract.
Retries and pagination carry state from one iteration to the next (the next cursor, a \`break\`
on success) and are not independent either.
Side effects inside the called function (prints, writes to a
shared file) may interleave once the calls overlap.
`;

export const sequentialIoLoop: Rule<PythonRuleContext, SequentialIoLoopData> = {
  meta: {
    id: 'sequential-io-loop',
    language: 'python',
    description: 'Independent blocking I/O calls run one after another in a loop',
    docs: DOCS.trim(),
    defaultSeverity: 'info',
    fixes: ['loop-to-thread-pool-map', 'python-ignore'],
  },
  check(context) {
    return context.ioLoops.map((fact) => draftFor(context, fact));
  },
};

function draftFor(context: PythonRuleContext, fact: IoLoopFact): FindingDraft<SequentialIoLoopData> {
  const first = fact.calls[0];
  const tool = fact.isAsync ? 'asyncio.gather(...)' : 'ThreadPoolExecutor.map(...)';
  const kind = fact.loop.type === 'for_statement' ? 'loop' : 'comprehension';
  return {
    message: `Each iteration of this ${kind} waits for ${first.display}() before the next one starts, though the iterations are independent. Run the calls concurrently with ${tool}, which keeps the results in order.`,
    range: firstLineRange(fact.loop, context.text),
    related: fact.calls.map((entry) => ({ file: context.path, line: entry.call.startRow + 1, message: `${entry.display}() waits here` })),
    functionId: fact.unit.id,
    fixes: fact.isAsync ? ['python-ignore'] : undefined,
    data: { ...nodeData(fact.loop, context.text), ...shapeData(context, fact) },
  };
}

/** The pieces of the two shapes the fix rewrites: `for x in xs: out.append(f(x))` and `[f(x) for x in xs]`. */
function shapeData(context: PythonRuleContext, fact: IoLoopFact): Omit<SequentialIoLoopData, keyof NodeData> {
  const source = context.module.source;
  const loop = fact.loop;
  const clause = loop.type === 'for_statement' ? loop : loop.children.find((child) => child.type === 'for_in_clause');
  const variable = clause ? childByField(clause, 'left') : undefined;
  const iterable = clause ? childByField(clause, 'right') : undefined;
  const data: Omit<SequentialIoLoopData, keyof NodeData> = {
    loopVariable: variable ? textOf(source, variable) : '',
    loopIterable: iterable ? textOf(source, iterable) : '',
  };
  if (loop.type === 'for_statement') {
    const statements = namedChildren(childByField(loop, 'body') ?? loop);
    if (statements.length === 1) {
      data.bodyStatement = textOf(source, statements[0]);
    }
  } else {
    const body = childByField(loop, 'body');
    if (body) data.element = textOf(source, body);
    data.comprehension = loop.type;
    const assignment = loop.parent;
    const left = assignment?.type === 'assignment' && sameNode(childByField(assignment, 'right'), loop) ? childByField(assignment, 'left') : undefined;
    if (assignment && left && assignment.parent?.type === 'expression_statement') {
      data.assignTarget = textOf(source, left);
      data.statementStart = assignment.parent.start;
      data.statementEnd = assignment.parent.end;
    }
  }
  return data;
}
