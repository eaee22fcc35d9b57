/**
 * Cycles of the call graph: strongly connected components of two or more functions (mutual
 * recursion), found by an iterative Tarjan walk (no JavaScript recursion, so a call chain of any
 * length is fine). Functions are visited in id order, so the numbering does not depend on the
 * order in which files were loaded.
 */
import type { FunctionSummary } from './summary';

/** Each function of a cycle with its cycle's number; functions in no cycle are absent. */
export function callCycles(functions: readonly FunctionSummary[], callees: (fn: FunctionSummary) => readonly FunctionSummary[]): Map<string, number> {
  const ordered = [...functions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles = new Map<string, number>();
  let counter = 0;
  let cycleCount = 0;
  for (const start of ordered) {
    if (index.has(start.id)) continue;
    const work: { fn: FunctionSummary; next: readonly FunctionSummary[]; at: number }[] = [];
    const open = (fn: FunctionSummary): void => {
      index.set(fn.id, counter);
      low.set(fn.id, counter);
      counter++;
      stack.push(fn.id);
      onStack.add(fn.id);
      work.push({ fn, next: callees(fn), at: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.next.length) {
        const callee = frame.next[frame.at++];
        if (!index.has(callee.id)) open(callee);
        else if (onStack.has(callee.id)) low.set(frame.fn.id, Math.min(low.get(frame.fn.id)!, index.get(callee.id)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.fn.id, Math.min(low.get(parent.fn.id)!, low.get(frame.fn.id)!));
      if (low.get(frame.fn.id) !== index.get(frame.fn.id)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.fn.id);
      if (members.length < 2) continue;
      for (const id of members) cycles.set(id, cycleCount);
      cycleCount++;
    }
  }
  return cycles;
}
