import type { CpuInThreadData } from '../../core/rules/python/cpu-in-thread';
import type { TextEdit } from '../fix';
import { definePythonFix } from './define-fix';
import { hasFromImport, hasModuleImport, importEdit } from './text';

/**
 * cpu-in-thread: swaps the thread constructor for its process counterpart, which has the same
 * API (`Thread` → `multiprocessing.Process`, `ThreadPoolExecutor` → `ProcessPoolExecutor`,
 * `ThreadPool` → `multiprocessing.Pool`). Bails out when the target cannot be pickled (nested
 * function, lambda, method) or shares module state with the caller, which a process would not see.
 */
export const threadToProcessPool = definePythonFix<CpuInThreadData>('thread-to-process-pool', ({ report, text, data }) => {
  if (data.targetPicklable !== true || data.targetSharesState !== false) return undefined;
  const { ctorStart: start, ctorEnd: end, ctorText: constructor } = data;
  if (start === undefined || end === undefined || !constructor || text.slice(start, end) !== constructor) return undefined;
  const replacement = processCounterpart(constructor, text);
  if (!replacement) return undefined;
  const target = data.targetName || 'the task';
  return {
    title: `Run ${target}() in ${replacement.noun} instead of threads`,
    edits: [{ path: report.path, edits: [...replacement.imports, { start, end, newText: replacement.constructor }] }],
    newFiles: [],
    isPreferred: true,
  };
});

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
