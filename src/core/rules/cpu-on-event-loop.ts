import { describeArgs, type HeavyCall, heavyCallsIn, heavyEntriesIn, sitesWithHeavyValues } from '../typescript/heavy-calls';
import { quadraticAccumulationsIn } from '../typescript/accumulation';
import type { CostResult } from '../typescript/evaluate';
import type { TsRuleContext } from '../typescript/rule-context';
import type { FindingDraft, Rule } from './rule';
import { calibrationWords, formatProjectMs, projectMsToOps, projectOpsToMs, type ProjectCalibration } from '../cost/project';

/**
 * The heavy function (`calleeId`, `calleeName`) and its cost; for a heavy *call* also the call's
 * offsets (`callStart`, `callEnd`: the call, or the function reference in `items.map(f)`), absent
 * when the finding is on the declaration itself.
 */
export type CpuOnEventLoopData = {
  calleeId: string;
  calleeName: string;
  operations: number;
  /** estimated milliseconds per call on the calibrated machine class (of the part on known sizes) */
  ms: number;
  callId?: string;
  callStart?: number;
  callEnd?: number;
};

const DOCS = `
Node.js runs your JavaScript on one thread: the event loop. While a function computes, nothing
else runs in that process — no other request is answered, no timer fires, no I/O completes.
A loop of ten million iterations, a password hash with hundreds of thousands of rounds or a
recursive Fibonacci of 40 blocks every user of the server for the whole computation.

**Fix:** move the computation to a \`worker_threads\` Worker (its own V8 isolate on another core),
or to a pool of workers when it runs per request or per item, and \`await\` its result.
Threadwise estimates the cost from loop bounds, recursion and known CPU-heavy calls; the
threshold is \`cpuThresholdMs\` (milliseconds per call, default 20, on the machine class the cost
model was calibrated on: see "What a verdict means" in the README). Only sizes a reader can
check count towards it: literals, constants, values passed at call sites and catalogued costs
(such as pbkdf2 iterations). Loops over data of unknown size lower or raise a function's
verdict, but never make a finding by themselves; the message names the chain of calls down to
the loop or kernel that makes the call heavy. A request handler that reaches heavy work through a
helper (\`buildReport(sales)\`, which runs a simulation of two million trials) gets the finding
at its call of the helper too, pointing at the work and at the call that passes the values that
make it heavy.

A stream's \`data\` listener that copies everything received so far per chunk (\`body =
Buffer.concat([body, chunk])\`), or appends to it and then searches, splits, parses or loops over
all of it again (\`pending += chunk\`, then a delimiter search from the start), does work that grows
with the square of the stream's size, which the peer decides: reported on a request path, or on a
stream the registering function is handed (\`parseStream(socket)\`). Collect the chunks and join
them once on \`end\`, or search only what arrived since the last search.
`;

export const cpuOnEventLoop: Rule<TsRuleContext, CpuOnEventLoopData> = {
  meta: {
    id: 'cpu-on-event-loop',
    language: 'typescript',
    description: 'CPU-heavy work runs on the main thread and blocks the event loop',
    docs: DOCS.trim(),
    defaultSeverity: 'warning',
    fixes: ['move-to-worker-thread', 'run-in-worker-pool', 'ignore'],
  },
  check(context) {
    return [...heavyCallFindings(context), ...heavyEntryFindings(context), ...heavyDeclarationFindings(context), ...accumulationFindings(context)];
  },
};

/** Work that runs per item or per request is called many times, often at once: a pool fits it best. */
const POOL_FIRST = ['run-in-worker-pool', 'move-to-worker-thread', 'ignore'];

/**
 * The size of the work as the evidence supports it, in time on the calibrated machine class: the
 * part on known sizes, and "at least" when more depends on data the analyser cannot see (its
 * guesses are never multiplied in).
 */
function magnitude(cost: CostResult, calibration: ProjectCalibration | undefined): string {
  const time = formatProjectMs(calibration, 'js', cost.firmOps);
  return cost.dataDependent ? `at least ${time}` : time;
}

function heavyCallFindings({ snapshot, file, lines }: TsRuleContext): FindingDraft<CpuOnEventLoopData>[] {
  const drafts: FindingDraft<CpuOnEventLoopData>[] = [];
  for (const heavy of heavyCallsIn(snapshot, file.path).values()) {
    const intrinsic = snapshot.evaluator.intrinsicCost(heavy.callee);
    const reportedAtDeclaration = intrinsic.firmOps >= projectMsToOps(snapshot.config.calibration, 'js', snapshot.config.cpuThresholdMs);
    const requestPath = snapshot.requestPaths.get(heavy.caller.id);
    if (reportedAtDeclaration && !requestPath) continue;
    const perItem = heavy.call.viaCallback === 'iteration' || heavy.call.loopDepth > 0;
    const where = requestPath
      ? ` inside ${requestPath.handler.id === heavy.caller.id ? 'a request handler' : `code reached from ${requestPath.handler.name}`}: every request waits for it`
      : ' on the main thread';
    const driver = snapshot.evaluator.cost(heavy.callee, heavy.args).drivers[0]?.message;
    drafts.push({
      message: `${heavy.callee.name}()${describeArgs(heavy.callee, heavy.args)} runs ${magnitude(heavy.cost, snapshot.config.calibration)}${perItem ? ' per item' : ' per call'} ${calibrationWords(snapshot.config.calibration, 'js')}${where}.${driver ? ` Mostly: ${driver}.` : ''}`,
      range: lines.firstLineRange(heavy.call.start, heavy.call.end),
      related: [
        { file: heavy.callee.file, line: heavy.callee.range.line, message: `${heavy.callee.name}() is declared here` },
        ...heavy.via.map((site) => ({
          file: fileOf(site),
          line: site.line,
          message: sitesWithHeavyValues(heavy).includes(site) ? 'called from here with the arguments that make it heavy' : `called from here, on the way to ${heavy.callee.name}()`,
        })),
        ...(requestPath ? [{ file: requestPath.handler.file, line: requestPath.handler.range.line, message: `request handler ${requestPath.handler.name}` }] : []),
      ],
      functionId: heavy.callee.id,
      escalate: requestPath !== undefined,
      fixes: perItem || requestPath ? POOL_FIRST : undefined,
      data: { callId: heavy.call.id, calleeId: heavy.callee.id, calleeName: heavy.callee.name, callStart: heavy.call.start, callEnd: heavy.call.end, operations: Math.round(heavy.cost.firmOps), ms: roundMs(projectOpsToMs(snapshot.config.calibration, 'js', heavy.cost.firmOps)) },
    });
  }
  return drafts;
}

/**
 * A request handler's call that reaches heavy work in a callee's callee (`buildReport(sales)`,
 * where `buildReport` runs `simulateRisk(2_000_000, 0.2)`): reported at the handler's call, where
 * its author looks, besides the finding where the work originates. Its related information points
 * at the work (the loop or kernel that dominates) and at the call that writes the values making
 * it heavy.
 */
function heavyEntryFindings({ snapshot, file, lines }: TsRuleContext): FindingDraft<CpuOnEventLoopData>[] {
  const drafts: FindingDraft<CpuOnEventLoopData>[] = [];
  for (const { call, caller, origin } of heavyEntriesIn(snapshot, file.path)) {
    const requestPath = snapshot.requestPaths.get(caller.id);
    if (!requestPath || requestPath.entry) continue;
    const entered = snapshot.evaluator.calleeFunction(call);
    if (!entered) continue;
    const driver = snapshot.evaluator.cost(origin.callee, origin.args).drivers[0];
    const where = `${snapshot.evaluator.displayPath(origin.caller.file)}:${origin.call.line}`;
    const reaches = origin.caller.id === entered.id ? 'calls' : 'reaches';
    drafts.push({
      message: `${entered.name}() ${reaches} ${origin.callee.name}()${describeArgs(origin.callee, origin.args)} (${where}), which runs ${magnitude(origin.cost, snapshot.config.calibration)} per call ${calibrationWords(snapshot.config.calibration, 'js')}, inside ${requestPath.handler.id === caller.id ? 'a request handler' : `code reached from ${requestPath.handler.name}`}: every request waits for it.${driver ? ` Mostly${driverText(snapshot, driver)}.` : ''}`,
      range: lines.firstLineRange(call.start, call.end),
      related: [
        ...(driver ? [{ file: driver.file, line: driver.line, message: `the work: ${driver.message}` }] : []),
        ...sitesWithHeavyValues(origin).filter((site) => site !== call).map((site) => ({
          file: fileOf(site),
          line: site.line,
          message: `${site.calleeText}() is called here with the values that make it heavy${site === origin.call ? describeArgs(origin.callee, origin.args).replace(/^ with (.*)$/, ' ($1)') : ''}`,
        })),
        { file: requestPath.handler.file, line: requestPath.handler.range.line, message: `request handler ${requestPath.handler.name}` },
      ],
      functionId: caller.id,
      escalate: true,
      fixes: ['ignore'],
      data: { callId: call.id, calleeId: entered.id, calleeName: entered.name, callStart: call.start, callEnd: call.end, operations: Math.round(origin.cost.firmOps), ms: roundMs(projectOpsToMs(snapshot.config.calibration, 'js', origin.cost.firmOps)) },
    });
  }
  return drafts;
}

/** A cost driver in words, with its file first when the message names only a line ("loop … at line 9"). */
function driverText(snapshot: TsRuleContext['snapshot'], driver: { file: string; message: string }): string {
  return / at line \d+/.test(driver.message) ? `, in ${snapshot.evaluator.displayPath(driver.file)}: ${driver.message}` : `: ${driver.message}`;
}

function fileOf(site: HeavyCall['call']): string {
  return site.callerId.slice(0, site.callerId.lastIndexOf('#'));
}

/** Functions heavy by themselves, whatever their arguments: known sizes (constant loop bounds) alone clear the threshold. */
function heavyDeclarationFindings({ snapshot, file, lines }: TsRuleContext): FindingDraft<CpuOnEventLoopData>[] {
  const drafts: FindingDraft<CpuOnEventLoopData>[] = [];
  for (const fn of file.functions) {
    if (fn.inWorker) continue;
    const intrinsic = snapshot.evaluator.intrinsicCost(fn);
    if (intrinsic.firmOps < projectMsToOps(snapshot.config.calibration, 'js', snapshot.config.cpuThresholdMs)) continue;
    const requestPath = snapshot.requestPaths.get(fn.id);
    const driver = intrinsic.drivers[0];
    const anchor = fn.isModuleBody && driver ? lines.lineRange(driver.line) : fn.nameRange;
    drafts.push({
      message: `${fn.isModuleBody ? 'Top-level code' : `${fn.name}()`} runs ${magnitude(intrinsic, snapshot.config.calibration)} per call ${calibrationWords(snapshot.config.calibration, 'js')}, on the main thread${requestPath ? ', inside a request path' : ''}.${driver ? ` Mostly: ${driver.message}.` : ''}`,
      range: anchor,
      related: intrinsic.drivers.slice(0, 2).map((d) => ({ file: d.file, line: d.line, message: d.message })),
      functionId: fn.id,
      escalate: requestPath !== undefined,
      fixes: fn.isModuleBody ? ['ignore'] : requestPath ? POOL_FIRST : undefined,
      data: { calleeId: fn.id, calleeName: fn.name, operations: Math.round(intrinsic.firmOps), ms: roundMs(projectOpsToMs(snapshot.config.calibration, 'js', intrinsic.firmOps)) },
    });
  }
  return drafts;
}

/**
 * A stream's `data` listener on a request path that copies everything received so far per chunk,
 * or appends and then reads all of it again (typescript/accumulation.ts): time quadratic in what
 * the client sends. No estimate: the size is the client's.
 */
function accumulationFindings({ snapshot, file, lines }: TsRuleContext): FindingDraft<CpuOnEventLoopData>[] {
  const drafts: FindingDraft<CpuOnEventLoopData>[] = [];
  for (const { listener, accumulation, scanner, reader } of quadraticAccumulationsIn(snapshot, file)) {
    if (listener.file !== file.path) continue;
    const requestPath = snapshot.requestPaths.get(listener.id);
    const where = !requestPath
      ? 'a listener of a stream its caller hands in: the event loop waits for it'
      : `${requestPath.handler.id === listener.id ? 'a request handler' : `code reached from ${requestPath.handler.name}`}: every request waits for it`;
    const what = accumulation.copies
      ? `copies everything received so far (${accumulation.name} = Buffer.concat([${accumulation.name}, …]))`
      : `appends to ${accumulation.name}, then ${reader ? `${reader} reads` : 'reads'} all of it again`;
    const remedy = accumulation.copies
      ? 'Collect the chunks in an array and concatenate them once, on \'end\'.'
      : 'Search only what arrived since the last search (keep the position), or split off complete frames as chunks arrive.';
    drafts.push({
      message: `Each 'data' chunk ${what}: the time per stream grows with the square of its size, which the client decides, inside ${where}. ${remedy}`,
      range: lines.firstLineRange(accumulation.start, accumulation.end),
      related: [
        ...(scanner && scanner !== listener ? [{ file: scanner.file, line: scanner.range.line, message: `${scanner.name}() reads all of ${accumulation.name} again` }] : []),
        ...(requestPath ? [{ file: requestPath.handler.file, line: requestPath.handler.range.line, message: `request handler ${requestPath.handler.name}` }] : []),
      ],
      functionId: listener.id,
      escalate: requestPath !== undefined,
      fixes: ['ignore'],
      data: { calleeId: listener.id, calleeName: listener.name, operations: 0, ms: 0 },
    });
  }
  return drafts;
}

function roundMs(ms: number): number {
  return Number(ms.toPrecision(3));
}
