/**
 * Quadratic accumulation in a stream's `data` listener: every chunk copies everything received so
 * far (`buffer = Buffer.concat([buffer, chunk])`), or appends to it and then reads all of it again
 * (`text += chunk`, then a search, split, parse or loop over `text`, in the listener or in a
 * function it calls). A request body or a socket's frame of n bytes in k chunks then costs k
 * passes over up to n bytes: time grows with the square of what the client sends, with no bound
 * but the client's. The summariser records the growing values and the scans
 * (summarize/accumulation.ts); this finds the listeners on request paths where they meet.
 */
import type { TsSnapshot } from './analyzer';
import { callsOf } from './link';
import type { Accumulation, CallSite, FileSummary, FunctionSummary } from './summary';

export interface QuadraticAccumulation {
  /** the `data` listener */
  listener: FunctionSummary;
  /** its registration (`req.on('data', listener)`) */
  registration: CallSite;
  accumulation: Accumulation;
  /** for an append: the function that reads all of the value again (the listener or one it calls) */
  scanner?: FunctionSummary;
  /** what reads it, in words: `findDelimiter()`, or empty when the listener itself does */
  reader?: string;
}

/** Stream events that deliver a part of the data per call. */
const CHUNK_EVENTS: ReadonlySet<string> = new Set(['data']);
/** Methods that register a listener. */
const LISTENER_METHODS = /\.(on|addListener|prependListener)$/;
/** How many calls down from the listener a scan of the value is looked for. */
const SCAN_DEPTH = 3;

/**
 * The quadratic accumulations whose listener is registered in this file, on a request path or on
 * a stream the registering function is handed (`parseStream(socket)`: a peer's connection, whose
 * size the peer decides).
 */
export function quadraticAccumulationsIn(snapshot: TsSnapshot, file: FileSummary): QuadraticAccumulation[] {
  const found: QuadraticAccumulation[] = [];
  const seen = new Set<string>();
  for (const fn of file.functions) {
    for (const { call } of callsOf(fn)) {
      if (!isChunkListenerRegistration(call)) continue;
      for (const argument of call.argBindings ?? []) {
        const listener = argument?.kind === 'fn' ? snapshot.linker.functionById(argument.id) : undefined;
        if (!listener?.accumulates || seen.has(listener.id)) continue;
        if (!snapshot.requestPaths.has(listener.id) && !listensToParameter(call)) continue;
        seen.add(listener.id);
        for (const accumulation of listener.accumulates) {
          if (accumulation.copies) {
            found.push({ listener, registration: call, accumulation });
            continue;
          }
          const scan = scannerOf(snapshot, listener, accumulation.state);
          if (scan) found.push({ listener, registration: call, accumulation, scanner: scan.fn, reader: scan.reader });
        }
      }
    }
  }
  return found;
}

/** `stream.on('data', …)` where `stream` is a parameter of the registering function. */
function listensToParameter(call: CallSite): boolean {
  return call.callee.kind === 'binding' && call.callee.binding.kind === 'param';
}

function isChunkListenerRegistration(call: CallSite): boolean {
  const event = call.hint?.firstArg;
  return event !== undefined && CHUNK_EVENTS.has(event) && LISTENER_METHODS.test(call.calleeText);
}

/** The listener, or a function it calls (SCAN_DEPTH calls down at most), that reads the kept value through. */
function scannerOf(snapshot: TsSnapshot, listener: FunctionSummary, state: string): { fn: FunctionSummary; reader: string } | undefined {
  const seen = new Set<string>([listener.id]);
  let level = [listener];
  for (let depth = 0; depth <= SCAN_DEPTH && level.length > 0; depth++) {
    const next: FunctionSummary[] = [];
    for (const fn of level) {
      if (fn.scansState?.includes(state)) return { fn, reader: fn === listener ? '' : `${fn.name}()` };
      for (const { call } of callsOf(fn)) {
        if (handsToLoop(snapshot, fn, call, state)) return { fn, reader: `${call.calleeText}()` };
        const callee = snapshot.linker.resolve(call);
        if (callee.kind === 'fn' && !seen.has(callee.fn.id)) {
          seen.add(callee.fn.id);
          next.push(callee.fn);
        }
      }
    }
    level = next;
  }
  return undefined;
}

/** The call hands the kept value to a function that loops over what it is given (`findDelimiter(buffer, '\\n')`). */
function handsToLoop(snapshot: TsSnapshot, fn: FunctionSummary, call: CallSite, state: string): boolean {
  if (!fn.passesState?.some((passed) => passed.state === state && passed.callStart === call.start)) return false;
  const callee = snapshot.linker.resolve(call);
  return callee.kind === 'fn' && snapshot.evaluator.cost(callee.fn, callee.fn.params.map(() => undefined)).inputLoop !== undefined;
}
