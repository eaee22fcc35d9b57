import type { Fix, TextEdit } from '../fix';
import { dataNumber, dataString, hasFromImport, hasModuleImport, importEdit, stillMatches } from './text';

/**
 * cpu-in-thread: swaps the thread constructor for its process counterpart, which has the same
 * API (`Thread` → `multiprocessing.Process`, `ThreadPoolExecutor` → `ProcessPoolExecutor`,
 * `ThreadPool` → `multiprocessing.Pool`). Bails out when the target cannot be pickled (nested
 * function, lambda, method) or shares module state with the caller, which a process would not see.
 */
export const threadToProcessPool: Fix = {
  id: 'thread-to-process-pool',
  language: 'python',
  compute({ finding, report, text }) {
    if (!stillMatches(finding, text) || finding.data?.targetPicklable !== true || finding.data?.targetSharesState !== false) {
      return undefined;
    }
    const start = dataNumber(finding, 'ctorStart');
    const end = dataNumber(finding, 'ctorEnd');
    const constructor = dataString(finding, 'ctorText');
    if (start === undefined || end === undefined || !constructor || text.slice(start, end) !== constructor) return undefined;
    const replacement = processCounterpart(constructor, text);
    if (!replacement) return undefined;
    const target = dataString(finding, 'targetName') || 'the task';
    return {
      title: `Run ${target}() in ${replacement.noun} instead of threads`,
      edits: [{ path: report.path, edits: [...replacement.imports, { start, end, newText: replacement.constructor }] }],
      newFiles: [],
      isPreferred: true,
    };
  },
};

interface Replacement {
  constructor: string;
  imports: TextEdit[];
  noun: string;
}

function processCounterpart(constructor: string, text: string): Replacement | undefined {
  if (/(^|\.)ThreadPoolExecutor$/.test(constructor)) {
    const qualified = constructor.includes('.');
    return {
      constructor: constructor.replace(/ThreadPoolExecutor$/, 'ProcessPoolExecutor').replace('concurrent.futures.thread.', 'concurrent.futures.'),
      imports: qualified ? [] : importEdit(text, 'from concurrent.futures import ProcessPoolExecutor', hasFromImport(text, 'concurrent.futures', 'ProcessPoolExecutor')),
      noun: 'a process pool',
    };
  }
  if (/(^|\.)ThreadPool$/.test(constructor) || /(^|\.)dummy\.Pool$/.test(constructor)) {
    return { constructor: 'multiprocessing.Pool', imports: importEdit(text, 'import multiprocessing', hasModuleImport(text, 'multiprocessing')), noun: 'a process pool' };
  }
  if (/(^|\.)Thread$/.test(constructor)) {
    return { constructor: 'multiprocessing.Process', imports: importEdit(text, 'import multiprocessing', hasModuleImport(text, 'multiprocessing')), noun: 'a process' };
  }
  return undefined;
}
