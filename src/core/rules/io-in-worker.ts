import type { TsRuleContext } from '../typescript/rule-context';
import type { FindingDraft, Rule } from './rule';

const DOCS = `
A worker thread pays for its own V8 isolate and event loop so that *computation* can run beside
the main thread. Work that only waits — network requests, file reads, timers — gains nothing
from it: the main event loop already overlaps waiting, and the worker adds start-up time, memory
and message copying.

**Fix:** do the I/O on the main thread with the asynchronous APIs and keep workers for CPU-heavy
code.
`;

/** The line of the first wait (the ignore fix needs nothing else). */
export type IoInWorkerData = { line: number };

export const ioInWorker: Rule<TsRuleContext, IoInWorkerData> = {
  meta: {
    id: 'io-in-worker',
    language: 'typescript',
    description: 'A worker thread only waits on I/O or timers',
    docs: DOCS.trim(),
    defaultSeverity: 'info',
    fixes: ['ignore'],
  },
  check({ snapshot, file, lines }) {
    if (!file.isWorkerModule) return [];
    const verdicts = file.functions.map((fn) => snapshot.verdicts.get(fn.id)!);
    const anyCpu = verdicts.some((verdict) => verdict.kind === 'cpu' || verdict.kind === 'mixed');
    if (anyCpu) return [];
    const waiting = file.functions
      .flatMap((fn) => snapshot.verdicts.get(fn.id)!.effects.filter((trace) => trace.direct && trace.effect !== 'blocking-io'))
      .sort((a, b) => a.line - b.line)[0];
    if (!waiting) return [];
    const draft: FindingDraft<IoInWorkerData> = {
      message: 'This worker only waits on I/O or timers and does no heavy computation; the main thread\'s event loop can do this waiting without the cost of a worker.',
      range: lines.lineRange(waiting.line),
      related: [],
      data: { line: waiting.line },
    };
    return [draft];
  },
};
