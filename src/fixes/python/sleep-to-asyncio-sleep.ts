import type { Fix } from '../fix';
import { callArguments, dataString, hasModuleImport, importEdit, stillMatches } from './text';

/** blocking-call-in-async: `time.sleep(x)` → `await asyncio.sleep(x)`, adding `import asyncio`. */
export const sleepToAsyncioSleep: Fix = {
  id: 'sleep-to-asyncio-sleep',
  language: 'python',
  compute({ finding, report, text }) {
    if (!stillMatches(finding, text) || finding.data?.awaited === true) return undefined;
    const callee = dataString(finding, 'callee');
    const start = finding.data?.start as number;
    const end = finding.data?.end as number;
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
  },
};
