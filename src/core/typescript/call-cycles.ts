/**
 * Strongly connected components of the call graph, found by an iterative Tarjan walk (no
 * JavaScript recursion, so a call chain of any length is fine). Cycles of two or more functions
 * are mutual recursion; callers see each component once its callees' components are complete.
 */
import type { FunctionSummary } from './summary';

/** Each function of a cycle with its cycle's number; functions in no cycle are absent. */
export function callCycles(functions: readonly FunctionSummary[], callees: (fn: FunctionSummary) => readonly FunctionSummary[]): Map<string, number> {
  // in id order, so the numbering does not depend on the order in which files were loaded
  const ordered = [...functions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const cycles = new Map<string, number>();
  let cycleCount = 0;
  forEachComponent(ordered, callees, (members) => {
    if (members.length < 2) return;
    for (const member of members) cycles.set(member.id, cycleCount);
    cycleCount++;
  });
  return cycles;
}

/**
 * Hands every strongly connected component reachable from `roots` to `onComponent`, callees'
 * components first. Functions `skip` accepts are not entered (their answers are already known).
 */
export function forEachComponent(
  roots: Iterable<FunctionSummary>,
  callees: (fn: FunctionSummary) => readonly FunctionSummary[],
  onComponent: (members: FunctionSummary[]) => void,
  skip: (fn: FunctionSummary) => boolean = () => false,
): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: FunctionSummary[] = [];
  let counter = 0;
  for (const root of roots) {
    if (index.has(root.id)) continue;
    const work: { fn: FunctionSummary; next: readonly FunctionSummary[]; at: number }[] = [];
    const open = (fn: FunctionSummary): void => {
      index.set(fn.id, counter);
      low.set(fn.id, counter);
      counter++;
      stack.push(fn);
      onStack.add(fn.id);
      work.push({ fn, next: callees(fn), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.next.length) {
        const callee = frame.next[frame.at++];
        if (skip(callee)) continue;
        if (!index.has(callee.id)) open(callee);
        else if (onStack.has(callee.id)) low.set(frame.fn.id, Math.min(low.get(frame.fn.id)!, index.get(callee.id)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.fn.id, Math.min(low.get(parent.fn.id)!, low.get(frame.fn.id)!));
      if (low.get(frame.fn.id) !== index.get(frame.fn.id)) continue;
      const members: FunctionSummary[] = [];
      let member: FunctionSummary;
      do {
        member = stack.pop()!;
        onStack.delete(member.id);
        members.push(member);
      } while (member.id !== frame.fn.id);
      onComponent(members);
    }
  }
}
