/**
 * Finds where CPU-heavy work enters the main thread. A heavy call is reported where its weight
 * originates: if `main()` calls `run(1e7)` and `run(n)` calls `compute(n)`, the finding is on
 * `compute(n)` inside `run`, with `main`'s call as related information, because that is where
 * the work can be moved to a worker. Computed once per snapshot.
 *
 * Only evidence a reader can check makes a call heavy: the operations that rest on known sizes
 * (literals, constants, call-site values, catalogued costs such as pbkdf2 iterations), never
 * loop bounds the analyser assumed (`unknownLoopBound`). Assumed sizes shape a verdict's
 * confidence; multiplied through a chain of calls they would turn a few suggestions of a lint
 * report into "a million operations".
 */
import type { TsSnapshot } from './analyzer';
import { callsOf } from './link';
import type { CallSite, FunctionSummary } from './summary';
import { type Concrete, evaluateValue, formatCount } from './values';
import type { CostResult } from './evaluate';
import { msToOps } from '../cost/time';

export interface HeavyCall {
  call: CallSite;
  caller: FunctionSummary;
  callee: FunctionSummary;
  cost: CostResult;
  /** argument values the call was evaluated with (from an outer call site, when there is one) */
  args: Concrete[];
  /** outer call sites that led here, for related information */
  via: CallSite[];
}

interface SnapshotCache {
  /** descend() results by call and arguments, shared by every file of the snapshot */
  memo: Map<string, HeavyCall | null>;
  byFile: Map<string, Map<string, HeavyCall>>;
  /**
   * The heavy calls each file's callers lead to, by the file the heavy call is in, then by the
   * caller's file (in the callers' order): every caller is descended from once per snapshot, not
   * once per file that imports it.
   */
  reached: Map<string, Map<string, HeavyCall[]>>;
  /** files whose callers have been descended from */
  descended: Set<string>;
}

const caches = new WeakMap<TsSnapshot, SnapshotCache>();

/**
 * Heavy calls located in `file`. Only callers in the file and in the files that import it
 * (directly or not) can lead to one, so an edit re-examines that part of the project, not all.
 */
export function heavyCallsIn(snapshot: TsSnapshot, file: string): Map<string, HeavyCall> {
  let cache = caches.get(snapshot);
  if (!cache) {
    cache = { memo: new Map(), byFile: new Map(), reached: new Map(), descended: new Set() };
    caches.set(snapshot, cache);
  }
  let found = cache.byFile.get(file);
  if (!found) {
    found = findHeavyCalls(snapshot, cache, file);
    cache.byFile.set(file, found);
  }
  return found;
}

/** The heavy calls in `file` that its dependents' callers lead to, merged in the dependents' order. */
function findHeavyCalls(snapshot: TsSnapshot, cache: SnapshotCache, file: string): Map<string, HeavyCall> {
  // Once half the project has been descended from (a whole-project report), the rest costs no
  // more than what was done: descending from every file then answers files no heavy call reaches
  // without walking their importers.
  if (cache.descended.size < snapshot.files.size && cache.descended.size * 2 >= snapshot.files.size) {
    for (const other of snapshot.files.keys()) descendFromFile(snapshot, cache, other);
  }
  const origins = new Map<string, HeavyCall>();
  if (cache.descended.size === snapshot.files.size && !cache.reached.has(file)) return origins;
  const dependents = snapshot.dependentsOf(file);
  for (const dependent of dependents) descendFromFile(snapshot, cache, dependent);
  const byCallerFile = cache.reached.get(file);
  if (!byCallerFile) return origins;
  for (const dependent of dependents) {
    for (const origin of byCallerFile.get(dependent) ?? []) {
      const existing = origins.get(origin.call.id);
      // copies: the reached lists are shared by every file's answer
      if (!existing || existing.cost.ops < origin.cost.ops) origins.set(origin.call.id, { ...origin, via: [...origin.via] });
      else existing.via.push(...origin.via.filter((site) => !existing.via.includes(site)));
    }
  }
  return origins;
}

/** Descends once from every call of the file's callers; records the heavy calls reached by their file. */
function descendFromFile(snapshot: TsSnapshot, cache: SnapshotCache, file: string): void {
  if (cache.descended.has(file)) return;
  cache.descended.add(file);
  for (const caller of snapshot.files.get(file)?.functions ?? []) {
    if (caller.inWorker) continue;
    const unknownArgs = caller.params.map(() => undefined);
    for (const { call } of callsOf(caller)) {
      const origin = descend(snapshot, cache.memo, caller, call, unknownArgs, [], 0);
      if (!origin) continue;
      let byCallerFile = cache.reached.get(origin.caller.file);
      if (!byCallerFile) cache.reached.set(origin.caller.file, (byCallerFile = new Map()));
      const list = byCallerFile.get(file);
      if (list) list.push(origin);
      else byCallerFile.set(file, [origin]);
    }
  }
}

const MAX_DEPTH = 20;

/**
 * Follows a heavy call down to the deepest call that is still heavy by itself. Memoised on the
 * call and its argument values, so shared callees are explored once (call graphs have many paths).
 */
function descend(
  snapshot: TsSnapshot,
  memo: Map<string, HeavyCall | null>,
  caller: FunctionSummary,
  call: CallSite,
  callerArgs: readonly Concrete[],
  via: CallSite[],
  depth: number,
): HeavyCall | undefined {
  const { evaluator, config } = snapshot;
  const callee = evaluator.calleeFunction(call);
  if (!callee || callee.id === caller.id || depth > MAX_DEPTH) return undefined;
  const args = call.args.map((arg) => evaluateValue(arg, callerArgs));
  const key = args.every((value) => value === undefined) ? call.id : `${call.id}|${JSON.stringify(args)}`;
  const known = memo.get(key);
  if (known !== undefined) return known === null ? undefined : { ...known, via: [...via, ...known.via] };
  memo.set(key, null); // cycle guard
  const cost = evaluator.callCost(call, callerArgs);
  let result: HeavyCall | undefined;
  if (cost.firmOps >= msToOps('js', config.cpuThresholdMs)) {
    for (const { call: inner } of callsOf(callee)) {
      const deeper = descend(snapshot, memo, callee, inner, args, [call], depth + 1);
      if (deeper && (!result || deeper.cost.ops > result.cost.ops)) result = deeper;
    }
    result ??= { call, caller, callee, cost, args, via: [] };
  }
  memo.set(key, result ?? null);
  return result ? { ...result, via: [...via, ...result.via] } : undefined;
}

export function describeArgs(callee: FunctionSummary, args: readonly Concrete[]): string {
  const known = args
    .map((value, index) => (typeof value === 'number' ? `${callee.params[index] ?? `arg${index}`} = ${formatCount(value)}` : undefined))
    .filter((text): text is string => text !== undefined);
  return known.length > 0 ? ` with ${known.join(', ')}` : '';
}
