import type { TsRuleContext } from '../typescript/rule-context';
import { evaluateValue } from '../typescript/values';
import type { CallData, FindingDraft, Rule } from './rule';

const DOCS = `
\`Promise.all(items.map(async (item) => fetch(item)))\` starts every operation at once. With a
list whose size you do not control, that can mean thousands of simultaneous sockets or file
handles: the remote service throttles you, the process runs out of file descriptors
(\`EMFILE\`), or memory spikes.

**Fix:** keep the concurrency but bound it — \`p-limit\` or a small pool that runs at most N
operations at a time (10–50 for network calls is a common start).
`;

/** Lists at most this long are considered small enough to start all at once. */
const SMALL_LIST = 32;

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
        const perElement = site.callId ? snapshot.linker.callById(site.callId) : undefined;
        if (!perElement || !snapshot.evaluator.callWaitsOnIo(perElement)) continue;
        const perElementFn = snapshot.linker.resolve(perElement);
        drafts.push({
          message: `${site.method}() starts an operation for every element of ${site.boundLabel} at once; the list's size is not bounded, so cap the concurrency (for example with p-limit).`,
          range: lines.firstLineRange(site.start, site.end),
          related: [],
          functionId: fn.id,
          data: { callStart: site.start, callEnd: site.end, callee: site.method, arity: perElementFn.kind === 'fn' ? perElementFn.fn.params.length : -1 },
        });
      }
    }
    return drafts;
  },
};
