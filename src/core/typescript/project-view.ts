/**
 * The project view the TypeScript/JavaScript fixes use to change callers in other files: built
 * from the analyser's snapshot (the one the findings came from). Cheap to build; the reverse call
 * index is computed on first use.
 *
 * The engine builds it through LanguageSupport.fixProject (Analyzer.fixProject(file)); a language
 * server passes it as `FixInput.project` for fixes computed from that analysis's findings. Offsets in the view are
 * into the texts that analysis read; fixes re-check them against the current text and refuse on
 * a mismatch, so a view one edit old is safe (it only makes some fixes unavailable).
 */
import type { ProjectCallSite, ProjectFunction, ProjectView } from '../project-view';
import type { TsSnapshot } from './analyzer';
import { callsOf } from './link';
import type { FunctionSummary } from './summary';

export function createProjectView(snapshot: TsSnapshot): ProjectView {
  let callers: Map<string, ProjectCallSite[]> | undefined;
  const callIndex = (): Map<string, ProjectCallSite[]> => {
    if (callers) return callers;
    callers = new Map();
    for (const fn of snapshot.linker.allFunctions()) {
      for (const { call } of callsOf(fn)) {
        const callee = snapshot.linker.resolve(call);
        if (callee.kind !== 'fn') continue;
        const list = callers.get(callee.fn.id) ?? [];
        list.push({
          file: fn.file,
          start: call.start,
          end: call.end,
          callerId: call.callerId,
          ...(call.viaCallback ? { viaCallback: call.viaCallback } : {}),
          awaited: call.awaited,
        });
        callers.set(callee.fn.id, list);
      }
    }
    return callers;
  };
  const toView = (fn: FunctionSummary): ProjectFunction => ({
    id: fn.id,
    file: fn.file,
    name: fn.name,
    start: fn.start,
    end: fn.end,
    isAsync: fn.isAsync,
    isModuleBody: fn.isModuleBody,
    isHandler: snapshot.requestPaths.get(fn.id)?.handler.id === fn.id,
    params: fn.params,
  });
  return {
    functionById(id) {
      const fn = snapshot.linker.functionById(id);
      return fn ? toView(fn) : undefined;
    },
    functionAt(file, offset) {
      const summary = snapshot.files.get(file);
      if (!summary) return undefined;
      let best: FunctionSummary | undefined;
      for (const fn of summary.functions) {
        if (fn.isModuleBody || fn.start > offset || offset >= fn.end) continue;
        if (!best || fn.end - fn.start < best.end - best.start) best = fn;
      }
      best ??= summary.functions.find((fn) => fn.isModuleBody);
      return best ? toView(best) : undefined;
    },
    callSitesOf(functionId) {
      return callIndex().get(functionId) ?? [];
    },
  };
}
