import type { TsRuleContext } from '../typescript/rule-context';
import type { FindingDraft, Rule } from './rule';

const DOCS = `
\`await\` inside a loop waits for each operation to finish before the next one starts. When the
iterations do not depend on each other (each fetches its own URL, reads its own file), the total
time is the sum of all the waits instead of roughly the longest one.

**Fix:** start the operations together and wait for all of them: \`await Promise.all(items.map(...))\`,
with a concurrency bound (\`p-limit\`, or a small pool) when the list can be large, so you do not
open thousands of connections at once. Any awaited call counts, whatever the callee (a callback
parameter, a client from a library Threadwise does not know), except project functions that only
compute. The awaited call must be per item: it uses the loop variable or something the iteration
computed from it.

Threadwise stays quiet when an iteration reads a value the previous one wrote (a variable, or a
member of an object outside the loop, such as a registry each iteration checks and fills); when the loop can
stop early (a \`return\`, a \`break\` or a \`throw\` that leaves it, also from an inner loop or a
\`catch\`), unless that exit is only taken under a condition fixed before the loop (a mode such as
\`if (single) return file\`, which leaves the other mode's iterations independent); when each item
is itself the step called (\`for (const step of steps) await step(request)\`: a pipeline runs in
order); when each iteration calls callbacks the function was handed before and after its await
(\`before(file); await load(file); after(file)\`: hooks the caller may rely on seeing one item at a
time); when the awaited call is the same in every iteration (\`await loadModule()\`, a cached
import); for deliberate delays (rate limiting) and for \`for await\`; in a \`catch\` block (clean-up after a
failure, such as removing the files an aborted job wrote: an error path, not the work); and in server start-up that
runs once per program (the function that makes a server listen, the methods of the same object
that start it that way, and what they call outside loops, when nothing else calls them; steps named
for an object's life, \`init\`, \`setup\`, \`start\`, \`bootstrap\`, \`migrate\`, and functions that register
routes, such as a plugin, when no analysed caller runs them per request or in a loop): setting up a
few watchers or routes one after another costs a moment once, before anything else is waiting.
`;

/** Where the loop starts and the span of the first independent `await` in it. */
export type SequentialAwaitsData = { loopStart: number; awaitStart: number; awaitEnd: number };

export const sequentialAwaits: Rule<TsRuleContext, SequentialAwaitsData> = {
  meta: {
    id: 'sequential-awaits',
    language: 'typescript',
    description: 'Independent awaits run one after another in a loop',
    docs: DOCS.trim(),
    defaultSeverity: 'info',
    fixes: ['run-awaits-concurrently', 'ignore'],
  },
  check({ snapshot, file, lines }) {
    const drafts: FindingDraft<SequentialAwaitsData>[] = [];
    const reportedLoops = new Set<number>();
    for (const fn of file.functions) {
      // start-up that runs once per program (before a server listens): a moment once, nothing to overlap with
      if (fn.awaitsInLoops.length === 0 || snapshot.runsOnce(fn)) continue;
      for (const entry of fn.awaitsInLoops) {
        if (entry.dependency || reportedLoops.has(entry.loopStart) || !entry.callId) continue;
        const call = snapshot.linker.callById(entry.callId);
        if (!call || !snapshot.evaluator.awaitMayOverlap(call)) continue;
        reportedLoops.add(entry.loopStart);
        drafts.push({
          message: `Each iteration waits for ${call.calleeText}() before the next starts; the iterations look independent, so they could run concurrently (Promise.all with a bound).`,
          range: lines.firstLineRange(entry.start, entry.end),
          related: [{ file: file.path, line: entry.loopLine, message: 'the loop' }],
          functionId: fn.id,
          data: { loopStart: entry.loopStart, awaitStart: entry.start, awaitEnd: entry.end },
        });
      }
    }
    return drafts;
  },
};
