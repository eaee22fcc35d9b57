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
import { projectMsToOps } from '../cost/project';

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

/**
 * A call through which a caller reaches heavy work deeper down (`buildReport(sales)` in a handler,
 * where `buildReport` calls `simulateRisk(2_000_000, 0.2)`): reported where the caller's author
 * looks, besides the finding where the work originates.
 */
export interface HeavyEntry {
  call: CallSite;
  caller: FunctionSummary;
  origin: HeavyCall;
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
  /** by the caller's file: its calls whose heavy work originates deeper (one per call) */
  entries: Map<string, HeavyEntry[]>;
}

const caches = new WeakMap<TsSnapshot, SnapshotCache>();

/**
 * Heavy calls located in `file`. Only callers in the file and in the files that import it
 * (directly or not) can lead to one, so an edit re-examines that part of the project, not all.
 */
export function heavyCallsIn(snapshot: TsSnapshot, file: string): Map<string, HeavyCall> {
  const cache = cacheOf(snapshot);
  let found = cache.byFile.get(file);
  if (!found) {
    found = findHeavyCalls(snapshot, cache, file);
    cache.byFile.set(file, found);
  }
  return found;
}

/** The calls of the file's functions that lead to heavy work in a callee's callee (or deeper). */
export function heavyEntriesIn(snapshot: TsSnapshot, file: string): HeavyEntry[] {
  const cache = cacheOf(snapshot);
  descendFromFile(snapshot, cache, file);
  return cache.entries.get(file) ?? [];
}

function cacheOf(snapshot: TsSnapshot): SnapshotCache {
  let cache = caches.get(snapshot);
  if (!cache) {
    cache = { memo: new Map(), byFile: new Map(), reached: new Map(), descended: new Set(), entries: new Map() };
    caches.set(snapshot, cache);
  }
  return cache;
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
      else for (const site of origin.via) if (existing.via.length < MAX_VIA && !existing.via.includes(site)) existing.via.push(site);
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
      const origin = descend(snapshot, cache.memo, caller, call, unknownArgs);
      if (!origin) continue;
      if (origin.via.length > 0) {
        const entries = cache.entries.get(file);
        if (entries) entries.push({ call, caller, origin });
        else cache.entries.set(file, [{ call, caller, origin }]);
      }
      let byCallerFile = cache.reached.get(origin.caller.file);
      if (!byCallerFile) cache.reached.set(origin.caller.file, (byCallerFile = new Map()));
      const list = byCallerFile.get(file);
      if (list) list.push(origin);
      else byCallerFile.set(file, [origin]);
    }
  }
}

/**
 * Outer call sites kept per heavy call (the outermost first): related information a reader can
 * follow, and a bound that keeps a chain of n calls from holding n² sites.
 */
const MAX_VIA = 8;

/** A call being followed down: its callee's calls are examined one by one. */
interface Descent {
  key: string;
  call: CallSite;
  caller: FunctionSummary;
  callee: FunctionSummary;
  args: Concrete[];
  cost: CostResult;
  inner: CallSite[];
  next: number;
  deepest: HeavyCall | undefined;
}

/**
 * Follows a heavy call down to the deepest call that is still heavy by itself. Memoised on the
 * call and its argument values, so shared callees are explored once (call graphs have many paths).
 * The walk never follows a call into the callee's own cycle of mutually recursive functions, so
 * it moves on the acyclic graph of cycles: each memoised answer is the same whichever call the
 * walk started from (a cycle guard would make it depend on that), and an explicit stack replaces
 * recursion, so a call chain of any length is followed.
 */
function descend(snapshot: TsSnapshot, memo: Map<string, HeavyCall | null>, caller: FunctionSummary, call: CallSite, callerArgs: readonly Concrete[]): HeavyCall | undefined {
  const root = startDescent(snapshot, memo, caller, call, callerArgs);
  if (!isDescent(root)) return root ?? undefined;
  const stack: Descent[] = [root];
  for (;;) {
    const top = stack[stack.length - 1];
    if (top.next < top.inner.length) {
      const inner = startDescent(snapshot, memo, top.callee, top.inner[top.next++], top.args);
      if (isDescent(inner)) stack.push(inner);
      else keepDeepest(top, inner);
      continue;
    }
    stack.pop();
    const found: HeavyCall = top.deepest
      ? { ...top.deepest, via: [top.call, ...top.deepest.via.slice(0, MAX_VIA - 1)] }
      : { call: top.call, caller: top.caller, callee: top.callee, cost: top.cost, args: top.args, via: [] };
    memo.set(top.key, found);
    if (stack.length === 0) return found;
    keepDeepest(stack[stack.length - 1], found);
  }
}

function isDescent(value: Descent | HeavyCall | null): value is Descent {
  return value !== null && 'inner' in value;
}

function keepDeepest(descent: Descent, found: HeavyCall | null): void {
  if (found && (!descent.deepest || found.cost.ops > descent.deepest.cost.ops)) descent.deepest = found;
}

/** The memoised answer for this call (null: not heavy), or a descent to make when there is none yet. */
function startDescent(snapshot: TsSnapshot, memo: Map<string, HeavyCall | null>, caller: FunctionSummary, call: CallSite, callerArgs: readonly Concrete[]): Descent | HeavyCall | null {
  const { evaluator, config } = snapshot;
  const callee = evaluator.calleeFunction(call);
  if (!callee || callee.id === caller.id) return null;
  const args = call.args.map((arg) => evaluateValue(arg, callerArgs));
  const key = args.every((value) => value === undefined) ? call.id : `${call.id}|${JSON.stringify(args)}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const cost = evaluator.callCost(call, callerArgs);
  if (cost.firmOps < projectMsToOps(config.calibration, 'js', config.cpuThresholdMs)) {
    memo.set(key, null);
    return null;
  }
  const inner: CallSite[] = [];
  for (const { call: candidate } of callsOf(callee)) {
    const target = evaluator.calleeFunction(candidate);
    if (!target || !evaluator.inSameCycle(callee.id, target.id)) inner.push(candidate);
  }
  return { key, call, caller, callee, args, cost, inner, next: 0, deepest: undefined };
}

/**
 * The call sites of a heavy call's chain (outermost first, ending with the heavy call) that write
 * the values making it heavy: those that pass a known number whatever their caller received
 * (`simulateRisk(2_000_000, 0.2)`, `run(SIZES)`), not those that only pass their parameters on.
 */
export function sitesWithHeavyValues(heavy: HeavyCall): CallSite[] {
  return [...heavy.via, heavy.call].filter((site) => site.args.some((arg) => holdsNumber(evaluateValue(arg, []))));
}

/** A known number, or an array of values one of which is (`[10_000_000, 10_000_000]`; not `[]`). */
function holdsNumber(value: Concrete): boolean {
  return typeof value === 'number' || (Array.isArray(value) && value.some(holdsNumber));
}

export function describeArgs(callee: FunctionSummary, args: readonly Concrete[]): string {
  const known = args
    .map((value, index) => (typeof value === 'number' ? `${callee.params[index] ?? `arg${index}`} = ${formatCount(value)}` : undefined))
    .filter((text): text is string => text !== undefined);
  return known.length > 0 ? ` with ${known.join(', ')}` : '';
}
