import type { BlockingCallInAsyncData } from '../../core/rules/python/blocking-call-in-async';
import { definePythonFix } from './define-fix';
import { callArguments, hasModuleImport, importEdit } from './text';

/** blocking-call-in-async: `time.sleep(x)` → `await asyncio.sleep(x)`, adding `import asyncio`. */
export const sleepToAsyncioSleep = definePythonFix<BlockingCallInAsyncData>('sleep-to-asyncio-sleep', ({ report, text, data }) => {
  if (data.awaited === true) return undefined;
  const { callee, start, end } = data;
  if (!callee || (callee !== 'time.sleep' && callee !== 'sleep')) return undefined;
  const args = callArguments(text.slice(start, end), callee);
  if (args === undefined) return undefined;
  return {
    title: 'Replace time.sleep() with await asyncio.sleep()',
    edits: [
      {
        path: report.path,
        edits: [...importEdit(text, 'import asyncio', hasModuleImport(text, 'asyncio')), { start, end, newText: `await asyncio.sleep(${args})` }],
      },
    ],
    newFiles: [],
    isPreferred: true,
  };
});
