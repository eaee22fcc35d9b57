/**
 * The end of the evaluate stage: turns a function's summary into the model's verdict: kind, confidence, evidence,
 * recommendation (in Python's terms) and cost.
 */
import type { ThreadwiseConfig } from '../config';
import type { CostEstimate, Evidence, FunctionReport, Recommendation, WorkKind } from '../model';
import { MODULE_UNIT_NAME, type FunctionUnit } from './summarize';
import type { Signal, Summary } from './evaluate';
import { formatPyTime } from './evaluate';
import { descendants, lineOf, namedChildren, rangeOf, textOf } from './syntax';
import { calibrationWords, projectMsToOps, projectOpsToMs } from '../cost/project';

export interface Verdict {
  kind: WorkKind;
  confidence: number;
  cpuHeavy: boolean;
  /** the CPU part is mostly calls that release the GIL (threads can overlap it) */
  gilFree: boolean;
}

const MAX_EVIDENCE = 6;

export function classify(summary: Summary, config: ThreadwiseConfig): Verdict {
  const knownHeavy = summary.ops >= projectMsToOps(config.calibration, 'py', config.cpuThresholdMs) && !summary.dataDependent;
  const waits = summary.io.length > 0 || summary.asyncIo.length > 0;
  // loops and recursion over what I/O returns (directory trees, lines of a file) spend their time waiting
  // nor is per-item work over its arguments (building a request, parsing a URL) what it waits beside
  const cpuSignals = waits ? summary.cpu.filter((signal) => signal.signal !== 'recursion' && !/recursion/.test(signal.clause) && !signal.inputLoop) : summary.cpu;
  const cpuHeavy = (summary.ops >= projectMsToOps(config.calibration, 'py', config.cpuThresholdMs) && (!summary.dataDependent || !waits)) || cpuSignals.length > 0;
  const pythonLevel = summary.cpu.some((signal) => signal.signal === 'recursion' || /arithmetic|nested loops/.test(signal.message));
  const gilFree = cpuHeavy && !pythonLevel && summary.gilFreeOps >= summary.ops / 2;
  const hasIo = summary.io.length > 0 || summary.asyncIo.length > 0;
  const blocksLoop = summary.unit.isAsync && summary.blocking.some((signal) => !signal.guessed);
  const ioConfidence = summary.io.some((signal) => !signal.message.includes('judging by')) || summary.asyncIo.length > 0 ? 0.9 : 0.6;
  const cpuConfidence = knownHeavy ? 0.9 : summary.cpu.some((s) => s.signal === 'recursion') ? 0.75 : 0.65;
  if (cpuHeavy && hasIo) return { kind: 'mixed', confidence: Math.min(cpuConfidence, ioConfidence), cpuHeavy, gilFree };
  if (cpuHeavy) return { kind: 'cpu', confidence: cpuConfidence, cpuHeavy, gilFree };
  if (blocksLoop) return { kind: 'io-sync', confidence: ioConfidence, cpuHeavy, gilFree };
  if (hasIo) return { kind: 'io', confidence: ioConfidence, cpuHeavy, gilFree };
  return { kind: 'none', confidence: summary.dataDependent ? 0.6 : 0.85, cpuHeavy, gilFree };
}

/**
 * Evidence a reader can check that the work is heavy: a known magnitude (a loop bound, a call-site
 * value, a catalogued cost). Assumed loop bounds and name-based guesses shape verdicts only.
 */
export function hasCpuEvidence(summary: Summary, config: ThreadwiseConfig): boolean {
  return summary.cpu.some((signal) => !signal.heuristic && !signal.guessed) || (summary.ops >= projectMsToOps(config.calibration, 'py', config.cpuThresholdMs) && !summary.dataDependent);
}

/** I/O that was seen, not guessed from a method name. */
export function hasIoEvidence(summary: Summary): boolean {
  return summary.io.some((signal) => !signal.guessed) || summary.asyncIo.length > 0;
}

export function recommend(summary: Summary, verdict: Verdict, config: ThreadwiseConfig): Recommendation {
  switch (verdict.kind) {
    case 'cpu':
    case 'mixed': {
      const also = verdict.kind === 'mixed' ? ' (its I/O waits fit there too)' : '';
      if (config.python.freeThreaded) {
        return { strategy: 'thread-pool', reason: `On a free-threaded build threads run Python code in parallel, so a thread pool uses every core without pickling${also}.` };
      }
      if (verdict.gilFree) {
        return { strategy: 'thread-pool', reason: `Its heavy calls release the GIL, so threads overlap them without the cost of starting processes${also}.` };
      }
      return { strategy: 'process-pool', reason: `Pure-Python computation holds the GIL, so only separate processes run it on several cores${also}.` };
    }
    case 'io-sync':
      return { strategy: 'asyncio', reason: 'Blocking calls inside async def freeze the event loop: await asyncio.sleep, an async client, or asyncio.to_thread instead.' };
    case 'io':
      if (summary.unit.isAsync) {
        return { strategy: 'asyncio', reason: 'It awaits non-blocking I/O, so many calls can run at once with asyncio.gather.' };
      }
      return { strategy: 'thread-pool', reason: 'It mostly waits on I/O with the GIL released, so a thread pool overlaps those waits cheaply.' };
    default:
      if (summary.dispatches.length > 0) {
        return { strategy: 'none', reason: 'It already hands its work to threads or processes; check the verdicts of what it runs.' };
      }
      return { strategy: 'none', reason: 'Cheap enough to run inline: concurrency would cost more than it saves.' };
  }
}

export function describeCost(summary: Summary, config: ThreadwiseConfig): CostEstimate {
  const ops = Number.isFinite(summary.ops) ? summary.ops : undefined;
  const where = summary.heaviest ? ` (${summary.heaviest.clause} at line ${summary.heaviest.line})` : '';
  return {
    ms: ops === undefined ? undefined : projectOpsToMs(config.calibration, 'py', ops),
    operations: ops,
    description: `${formatPyTime(summary.ops, config)} per call ${calibrationWords(config.calibration, 'py')}${where}`,
    dataDependent: summary.dataDependent,
  };
}

export function evidenceOf(summary: Summary, verdict: Verdict, config: ThreadwiseConfig): Evidence[] {
  const ordered: Signal[] = [];
  const cpuFirst = verdict.kind === 'cpu' || verdict.kind === 'mixed';
  const ioSignals = verdict.kind === 'io-sync' ? summary.blocking : summary.io;
  if (cpuFirst) ordered.push(...summary.cpu);
  ordered.push(...ioSignals, ...summary.asyncIo);
  if (!cpuFirst && verdict.kind !== 'none') ordered.push(...summary.cpu);
  if (verdict.cpuHeavy) ordered.push(...summary.gilNotes);
  ordered.push(...summary.joins);
  if (ordered.length === 0 && summary.heaviest && summary.heaviest.ops > 1) {
    ordered.push({
      line: summary.heaviest.line,
      file: summary.heaviest.file,
      message: `Cheap: ${summary.heaviest.clause} (${formatPyTime(summary.heaviest.ops, config)})`,
      clause: summary.heaviest.clause,
      signal: 'loop',
    });
  }
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const signal of ordered) {
    const key = `${signal.file}:${signal.line}:${signal.message}`;
    if (seen.has(key) || evidence.length >= MAX_EVIDENCE) continue;
    seen.add(key);
    evidence.push({
      line: signal.line,
      message: signal.message,
      file: signal.file === summary.unit.module.path ? undefined : signal.file,
      signal: signal.signal,
    });
  }
  return evidence;
}

/** Flask/FastAPI/Django-style route decorators mark a function as a request handler. */
const ROUTE_DECORATOR = /^@\s*[\w.]+\.(route|get|post|put|patch|delete|api_route|websocket)\s*\(/;

function isRequestHandler(unit: FunctionUnit): boolean {
  const decorated = unit.node.parent;
  if (decorated?.type !== 'decorated_definition') return false;
  return decorated.children
    .filter((child) => child.type === 'decorator')
    .some((decorator) => ROUTE_DECORATOR.test(textOf(unit.module.source, decorator)));
}

export function buildFunctionReport(unit: FunctionUnit, summary: Summary, config: ThreadwiseConfig): FunctionReport {
  const verdict = classify(summary, config);
  const isModule = unit.name === MODULE_UNIT_NAME;
  const nameNode = isModule ? firstWorkStatement(unit) ?? unit.node : unit.nameNode;
  return {
    id: unit.id,
    name: unit.name,
    range: rangeOf(unit.node),
    nameRange: isModule ? firstLineRange(nameNode) : rangeOf(nameNode),
    kind: verdict.kind,
    confidence: verdict.confidence,
    evidence: evidenceOf(summary, verdict, config),
    recommendation: recommend(summary, verdict, config),
    cost: describeCost(summary, config),
    inRequestPath: isRequestHandler(unit),
    isAsync: unit.isAsync,
  };
}

/** `<module>` is reported only when the script itself does real work. */
export function moduleDoesWork(summary: Summary): boolean {
  return summary.io.length + summary.asyncIo.length + summary.cpu.length + summary.dispatches.length + summary.joins.length > 0;
}

const DECLARATIONS = new Set(['import_statement', 'import_from_statement', 'function_definition', 'class_definition', 'decorated_definition', 'future_import_statement']);

function firstWorkStatement(unit: FunctionUnit): ReturnType<typeof namedChildren>[number] | undefined {
  return namedChildren(unit.node).find((statement) => {
    if (DECLARATIONS.has(statement.type)) return false;
    if (statement.type === 'expression_statement' && statement.children[0]?.type === 'string') return false;
    return [...descendants(statement)].some((node) => node.type === 'call');
  });
}

function firstLineRange(node: { startRow: number; startColumn: number; endRow: number; endColumn: number }) {
  const range = rangeOf(node as never);
  return node.endRow === node.startRow ? range : { ...range, endLine: range.line, endColumn: range.column + 1 };
}

export { lineOf };
