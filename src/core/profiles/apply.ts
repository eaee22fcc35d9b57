/**
 * THE place where a profile changes the analysis. For the CPU rules (cpu-on-event-loop on Node's
 * main thread, cpu-in-thread on Python's threads, cpu-in-async on an asyncio event loop):
 * - a finding whose function the profile shows hot is *confirmed*, with its share and time;
 * - a finding whose function the profile saw and shows negligible is *lowered* to a hint, with
 *   the measurement as evidence (a function the profile never saw is left alone: no evidence);
 * - a function hot in its own code that has no such finding gets one (*added*), under the same
 *   rule: the problem and its remedy (and quick fixes) are the rule's, only the evidence differs.
 * Every analysed function the profile saw carries its measurements (hover, panel), and a function
 * whose finding the profile added or lowered gets the recommendation that follows from the
 * measurement, so the finding, the hover, the panel and the JSON tell one story.
 */
import type { ThreadwiseConfig } from '../config';
import type { FileReport, Finding, FindingMeasurement, FunctionReport, Measurement, Recommendation, RuleMeta, Severity, WorkKind } from '../model';
import { parseSuppressions } from '../suppressions';
import { briefMeasurement, cpuMs, describeMeasurement, formatMs } from './describe';

/** The thresholds are options: `profile` in the configuration (src/core/config.ts). */
export type ProfileThresholds = ThreadwiseConfig['profile'];

/** The CPU rules a profile speaks to, and the threads whose time counts for each. */
const CPU_RULES: Record<string, { language: 'typescript' | 'python'; counts: (m: Measurement) => boolean }> = {
  // The event loop is the main thread; work in a worker does not block it.
  'cpu-on-event-loop': { language: 'typescript', counts: (m) => m.mainThread },
  // The GIL serialises bytecode on every thread; a function measured on any thread says what it does.
  'cpu-in-thread': { language: 'python', counts: () => true },
  // An asyncio event loop runs every task's steps on its one thread: only time below its callbacks counts.
  'cpu-in-async': { language: 'python', counts: (m) => m.eventLoop === true },
};

/**
 * Where a function hot in its own code gets a finding the analysis did not make, per language, in
 * order: the first rule whose threads measured it hot.
 */
const ADDED_RULES: Record<'typescript' | 'python', { rule: string; candidate: (m: Measurement) => boolean; where: (fn: FunctionReport, m: Measurement) => string }[]> = {
  typescript: [
    { rule: 'cpu-on-event-loop', candidate: (m) => m.mainThread, where: (fn) => (fn.inRequestPath ? ' inside a request path: every request waits for it' : ' on the main thread') },
  ],
  python: [
    { rule: 'cpu-in-async', candidate: (m) => m.eventLoop === true, where: (_, m) => ` on the asyncio event loop (${m.thread}), where no other task runs meanwhile` },
    // Only time on threads other than the main one is CPU work the GIL serialises against others.
    { rule: 'cpu-in-thread', candidate: (m) => !m.mainThread && m.eventLoop !== true, where: (_, m) => ` on ${m.thread}, where the GIL lets one thread run bytecode at a time` },
  ],
};

export interface ApplyContext {
  text: string;
  config: ThreadwiseConfig;
  ruleMeta: (id: string) => RuleMeta | undefined;
}

export function applyMeasurements(report: FileReport, measured: Map<string, Measurement[]>, context: ApplyContext): FileReport {
  if (measured.size === 0) return report;
  const functions = report.functions.map((fn) => (measured.has(fn.id) ? { ...fn, measured: measured.get(fn.id) } : fn));
  const byId = new Map(functions.map((fn) => [fn.id, fn]));
  const findings = report.findings.map((finding) => judgeFinding(finding, byId.get(finding.functionId ?? ''), context));
  const added = functions.flatMap((fn) => addedFinding(fn, findings, report, context) ?? []);
  const all = [...findings, ...added].sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return { ...report, functions: functions.map((fn) => followMeasurement(fn, all)), findings: all };
}

/** The measurement a rule reads: the busiest thread that counts for it. */
function relevant(rule: string, fn: FunctionReport | undefined): Measurement | undefined {
  const spec = CPU_RULES[rule];
  if (!spec || !fn?.measured) return undefined;
  return fn.measured.filter(spec.counts).sort((a, b) => cpuMs(b) - cpuMs(a))[0];
}

/** How long it held the thread at once, as far as the profile says. */
function heldMs(m: Measurement): number {
  return Math.max(m.longestRunMs ?? 0, m.calls ? cpuMs(m) / m.calls : 0);
}

function isHot(m: Measurement, thresholds: ProfileThresholds): boolean {
  return cpuMs(m) >= thresholds.hotShare * m.threadMs || heldMs(m) >= thresholds.blockingMs;
}

function isNegligible(m: Measurement, rule: string, thresholds: ProfileThresholds): boolean {
  if (m.threadMs < thresholds.minThreadMs) return false;
  if (rule === 'cpu-in-thread' && m.waitMs >= 0.5 * m.totalMs) return true;
  return cpuMs(m) < thresholds.negligibleShare * m.threadMs && heldMs(m) < thresholds.blockingMs;
}

function judgeFinding(finding: Finding, fn: FunctionReport | undefined, context: ApplyContext): Finding {
  const m = relevant(finding.rule, fn);
  if (!m) return finding;
  const thresholds = context.config.profile;
  if (isHot(m, thresholds) && !(finding.rule === 'cpu-in-thread' && isNegligible(m, finding.rule, thresholds))) {
    return { ...finding, message: `${finding.message} Measured: ${describeMeasurement(m, fn?.cost.ms)}.`, measured: { verdict: 'confirmed', measurement: m } };
  }
  if (isNegligible(m, finding.rule, thresholds)) {
    const why = finding.rule === 'cpu-in-thread' && m.waitMs >= 0.5 * m.totalMs
      ? `it mostly waits (${formatMs(m.waitMs)} of ${formatMs(m.totalMs)} blocked, the GIL released), which threads do well`
      : `negligible on this run`;
    return {
      ...finding,
      severity: 'hint',
      message: `${finding.message} Measured: ${describeMeasurement(m, fn?.cost.ms)}: ${why}, so lowered to a hint.`,
      measured: { verdict: 'lowered', measurement: m },
    };
  }
  return { ...finding, message: `${finding.message} Measured: ${describeMeasurement(m, fn?.cost.ms)}.` };
}

/**
 * A finding for a function hot in its own code (not only through analysed callees, which are
 * measured themselves) that the static analysis did not report under the rule.
 */
function addedFinding(fn: FunctionReport, findings: readonly Finding[], report: FileReport, context: ApplyContext): Finding | undefined {
  if (!fn.measured || fn.name === '<module>') return undefined;
  for (const spec of ADDED_RULES[report.language === 'python' ? 'python' : 'typescript']) {
    const m = fn.measured.filter(spec.candidate).find((candidate) => isOwnHot(candidate, context.config.profile));
    if (!m) continue;
    return findingUnder(spec.rule, spec.where(fn, m), fn, m, findings, context);
  }
  return undefined;
}

function findingUnder(rule: string, where: string, fn: FunctionReport, m: Measurement, findings: readonly Finding[], context: ApplyContext): Finding | undefined {
  if (findings.some((finding) => finding.rule === rule && finding.functionId === fn.id)) return undefined;
  const setting = context.config.rules[rule];
  if (setting === 'off') return undefined;
  if (rule === 'cpu-in-thread' && context.config.python.freeThreaded) return undefined;
  const meta = context.ruleMeta(rule);
  if (!meta) return undefined;
  if (parseSuppressions(context.text).isSuppressed(rule, fn.nameRange.line)) return undefined;
  const escalate = rule === 'cpu-on-event-loop' && fn.inRequestPath;
  const severity: Severity = setting ?? (escalate ? 'error' : meta.defaultSeverity);
  const measured: FindingMeasurement = { verdict: 'added', measurement: m };
  return {
    rule,
    severity,
    message: `${fn.name}() measured CPU-heavy${where}: ${describeMeasurement(m, fn.cost.ms)}. The static estimate was ${fn.cost.description}.`,
    range: fn.nameRange,
    related: [],
    functionId: fn.id,
    fixes: meta.fixes,
    data: { calleeId: fn.id, calleeName: fn.name, operations: Math.round(fn.cost.operations ?? 0) },
    measured,
  };
}

/**
 * Hot by its own code: its own code is most of its time (so a caller that V8 credited with an
 * inlined callee's few samples, or that only calls hot code, does not qualify), and that own time
 * is a large share of the thread or held it for long.
 */
function isOwnHot(m: Measurement, thresholds: ProfileThresholds): boolean {
  const own = Math.max(0, m.ownMs);
  if (own < 0.5 * cpuMs(m)) return false;
  return own >= thresholds.hotShare * m.threadMs || heldMs(m) >= thresholds.blockingMs;
}

/**
 * The function's recommendation (and kind) after the profile: a finding it added makes the work
 * CPU-heavy where it ran, with the remedy of that rule; a finding it lowered makes the static
 * advice moot (negligible work stays where it is; a thread that mostly waits suits threads). A
 * confirmed finding keeps the analysis's own recommendation: the measurement agrees with it.
 */
function followMeasurement(fn: FunctionReport, findings: readonly Finding[]): FunctionReport {
  const mine = findings.filter((finding) => finding.functionId === fn.id && finding.measured);
  if (mine.some((finding) => finding.measured?.verdict === 'confirmed')) return fn;
  const added = mine.find((finding) => finding.measured?.verdict === 'added');
  if (added?.measured) {
    return { ...fn, kind: withCpu(fn.kind), recommendation: recommendationForHot(added.rule, fn, added.measured.measurement) };
  }
  const lowered = mine.find((finding) => finding.measured?.verdict === 'lowered');
  if (lowered?.measured) return { ...fn, recommendation: recommendationForNegligible(lowered.rule, lowered.measured.measurement) };
  return fn;
}

/** Measured CPU-heavy: cheap code is CPU-bound, I/O code is mixed. */
function withCpu(kind: WorkKind): WorkKind {
  if (kind === 'none') return 'cpu';
  if (kind === 'io' || kind === 'io-sync') return 'mixed';
  return kind;
}

function recommendationForHot(rule: string, fn: FunctionReport, m: Measurement): Recommendation {
  const measured = `Measured CPU-heavy (${briefMeasurement(m)})`;
  if (rule === 'cpu-in-async') {
    return { strategy: 'process-pool', reason: `${measured} on the asyncio event loop: no other task runs meanwhile. await loop.run_in_executor() with a ProcessPoolExecutor runs it in parallel and keeps the loop serving.` };
  }
  if (rule === 'cpu-in-thread') {
    return { strategy: 'process-pool', reason: `${measured} on ${m.thread}: the GIL lets one thread run bytecode at a time, so threads add no parallelism; a process pool does.` };
  }
  return fn.inRequestPath
    ? { strategy: 'worker-pool', reason: `${measured} on the main thread, on every request: a pool of worker threads sized to the CPU cores keeps the event loop serving requests.` }
    : { strategy: 'worker-thread', reason: `${measured} on the main thread: the event loop serves nothing else while it runs; a worker thread runs it without blocking the loop.` };
}

function recommendationForNegligible(rule: string, m: Measurement): Recommendation {
  if (rule === 'cpu-in-thread' && m.waitMs >= 0.5 * m.totalMs) {
    return { strategy: 'thread-pool', reason: `Measured mostly waiting (${formatMs(m.waitMs)} of ${formatMs(m.totalMs)} blocked, the GIL released): threads overlap waits well, so a thread pool fits.` };
  }
  return { strategy: 'none', reason: `Measured negligible on this run (${briefMeasurement(m)}): moving it to another thread or process would cost more than it takes.` };
}
