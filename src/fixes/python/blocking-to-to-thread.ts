import type { BlockingCallInAsyncData } from '../../core/rules/python/blocking-call-in-async';
import { definePythonFix } from './define-fix';
import { callArguments, hasModuleImport, importEdit } from './text';

/**
 * blocking-call-in-async: `f(a, b=c)` → `await asyncio.to_thread(f, a, b=c)`, so the call runs on
 * a worker thread while the event loop keeps serving other tasks. Not for `with open(...)`
 * (the context manager needs the object) nor for calls already awaited.
 */
export const blockingToToThread = definePythonFix<BlockingCallInAsyncData>('blocking-to-to-thread', ({ report, text, data }) => {
  if (data.awaited === true || data.withItem === true) return undefined;
  const { callee, start, end } = data;
  if (!callee) return undefined;
  const args = callArguments(text.slice(start, end), callee);
  if (args === undefined || /\bfor\b/.test(args) && !/^[([{]/.test(args)) return undefined;
  const call = `await asyncio.to_thread(${callee}${args ? `, ${args}` : ''})`;
  // `requests.get(u).json()` needs the awaited value in parentheses
  const usedAsObject = /^[.[(]/.test(text.slice(end, end + 1));
  return {
    title: `Run ${callee}() on a worker thread with asyncio.to_thread()`,
    edits: [
      {
        path: report.path,
        edits: [...importEdit(text, 'import asyncio', hasModuleImport(text, 'asyncio')), { start, end, newText: usedAsObject ? `(${call})` : call }],
      },
    ],
    newFiles: [],
    isPreferred: true,
  };
});
