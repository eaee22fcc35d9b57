import type { Fix } from '../fix';
import { callArguments, dataString, hasModuleImport, importEdit, stillMatches } from './text';

/**
 * blocking-call-in-async: `f(a, b=c)` → `await asyncio.to_thread(f, a, b=c)`, so the call runs on
 * a worker thread while the event loop keeps serving other tasks. Not for `with open(...)`
 * (the context manager needs the object) nor for calls already awaited.
 */
export const blockingToToThread: Fix = {
  id: 'blocking-to-to-thread',
  language: 'python',
  compute({ finding, report, text }) {
    if (!stillMatches(finding, text) || finding.data?.awaited === true || finding.data?.withItem === true) return undefined;
    const callee = dataString(finding, 'callee');
    const start = finding.data?.start as number;
    const end = finding.data?.end as number;
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
  },
};
