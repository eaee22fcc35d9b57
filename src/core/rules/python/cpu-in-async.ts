import { formatPyTime } from '../../python/evaluate';
import type { AsyncCpuFact, BufferGrowthFact, PythonRuleContext } from '../../python/rule-context';
import type { FindingDraft, Rule } from '../rule';
import { calibrationWords } from '../../cost/project';
import { firstLineRange } from './support';

/** Where the function's name is, and how heavy its CPU part is (for fixes and tools). */
export type CpuInAsyncData = { calleeName: string; operations: number; gilFree: boolean };

const DOCS = `
An \`async def\` function runs on the event loop's single thread, and so does every synchronous
function it calls. Between two \`await\`s nothing else runs: a loop over a million items, a large
\`json.dumps\`, a regular expression over a big text or a key derivation inside a coroutine holds
every other task, timer and connection until it finishes (asyncio's debug mode reports it as
"Executing <Task …> took 0.8 seconds"). The code is not wrong, it is on the wrong thread.

**Fix:** run the CPU part elsewhere and await it: \`await loop.run_in_executor(process_pool, func,
*args)\` with a \`concurrent.futures.ProcessPoolExecutor\` created once, for Python code (each
process has its own GIL); \`await asyncio.to_thread(func, *args)\` when the work is in C code that
releases the GIL (\`hashlib\` on large buffers, \`zlib\`, NumPy). Small per-item work inside a long
loop can instead \`await asyncio.sleep(0)\` every few hundred items so other tasks get turns.

A synchronous request method of a tornado \`RequestHandler\` subclass (\`def get\`, \`def post\`, …)
runs on the IOLoop thread for every request, like a coroutine with no \`await\`: CPU work there
that the evidence sizes above the threshold is reported the same way.

A protocol's \`data_received\` (asyncio, or Twisted's \`dataReceived\`) is not \`async def\`, but the
event loop runs it for every chunk a peer sends. \`self._buffer += data\` on a \`bytes\` or \`str\`
buffer copies everything buffered so far each time: a message that arrives in n chunks costs
copying quadratic in its size, set by the peer (megabytes in thousands of chunks: seconds). It is
reported when the class only ever assigns the buffer bytes or str literals (or slices of itself);
a \`bytearray\` grows in place and is not reported. **Fix:** keep a \`bytearray\` and
\`extend()\` it (delete consumed frames with \`del buf[:n]\`), or collect the chunks in a list and
join them once the message is complete.

With a CPU profile of the program loaded, a function the profile shows busy below the event
loop's callbacks is reported under this rule with the measurement, even when its cost depends on
data the static analysis cannot size; one the profile shows negligible is lowered to a hint.
`;

export const cpuInAsync: Rule<PythonRuleContext, CpuInAsyncData> = {
  meta: {
    id: 'cpu-in-async',
    language: 'python',
    description: 'CPU-heavy work inside async def holds the event loop',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['python-ignore'],
  },
  check(context) {
    return [...context.asyncCpu.map((fact) => draftFor(context, fact)), ...context.bufferGrowth.map((fact) => growthDraft(context, fact))];
  },
};

function draftFor(context: PythonRuleContext, fact: AsyncCpuFact): FindingDraft<CpuInAsyncData> {
  const { unit, summary } = fact;
  const time = `${formatPyTime(summary.ops, context.config)} of CPU work per call ${calibrationWords(context.config.calibration, 'py')}`;
  const heaviest = summary.heaviest;
  const where = heaviest ? ` (${heaviest.clause} at line ${heaviest.line})` : '';
  const instead = fact.gilFree
    ? 'Await it in a thread: await asyncio.to_thread(...) (the work releases the GIL).'
    : 'Run it in a process pool: await loop.run_in_executor(pool, ...) with a ProcessPoolExecutor.';
  return {
    message: fact.handler
      ? `${unit.name}(), a plain def request method of a ${fact.handler.registrar} subclass, runs ${time}${where} on the framework's event loop thread for every request: no other request, timer or connection is served meanwhile. Make it an async def and ${lowerFirst(instead)}`
      : `async def ${unit.name}() runs ${time}${where}, on the event loop: no other task, timer or connection is served meanwhile. ${instead}`,
    range: firstLineRange(unit.nameNode, context.text),
    related: heaviest && heaviest.file !== context.path ? [{ file: heaviest.file, line: heaviest.line, message: heaviest.clause }] : [],
    functionId: unit.id,
    data: { calleeName: unit.name, operations: Math.round(Number.isFinite(summary.ops) ? summary.ops : 0), gilFree: fact.gilFree },
  };
}

function growthDraft(context: PythonRuleContext, fact: BufferGrowthFact): FindingDraft<CpuInAsyncData> {
  const instead = fact.kind === 'bytes' ? 'Keep a bytearray and extend() it (del buf[:n] once a frame is consumed), or collect the chunks in a list and join them once.' : 'Collect the chunks in a list and join them once the message is complete.';
  return {
    message: `${fact.buffer} += ... copies the whole ${fact.kind} buffer for every chunk the event loop hands ${fact.unit.name}(): a message that arrives in many chunks costs copying quadratic in its size, on the loop every connection shares. ${instead}`,
    range: firstLineRange(fact.statement, context.text),
    related: [],
    functionId: fact.unit.id,
    data: { calleeName: fact.unit.name, operations: 0, gilFree: false },
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
