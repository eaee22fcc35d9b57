import type { IoInProcessData } from '../../core/rules/python/io-in-process';
import type { TextEdit } from '../fix';
import { definePythonFix } from './define-fix';
import { hasFromImport, hasModuleImport, importEdit } from './text';

/**
 * io-in-process: swaps the process constructor for its thread counterpart with the same API
 * (`Process` → `threading.Thread`, `ProcessPoolExecutor` → `ThreadPoolExecutor`,
 * `multiprocessing.Pool` → `multiprocessing.pool.ThreadPool`). Bails out when the target writes
 * module state: in a process those writes stayed private, in a thread they would be shared.
 */
export const processToThread = definePythonFix<IoInProcessData>('process-to-thread', ({ report, text, data }) => {
  if (data.targetSharesState !== false) return undefined;
  const { ctorStart: start, ctorEnd: end, ctorText: constructor } = data;
  if (start === undefined || end === undefined || !constructor || text.slice(start, end) !== constructor) return undefined;
  const replacement = threadCounterpart(constructor, text);
  if (!replacement) return undefined;
  return {
    title: `Use ${replacement.noun} for this waiting work instead of processes`,
    edits: [{ path: report.path, edits: [...replacement.imports, { start, end, newText: replacement.constructor }] }],
    newFiles: [],
    isPreferred: true,
  };
});

function threadCounterpart(constructor: string, text: string): { constructor: string; imports: TextEdit[]; noun: string } | undefined {
  if (/(^|\.)ProcessPoolExecutor$/.test(constructor)) {
    const qualified = constructor.includes('.');
    return {
      constructor: constructor.replace(/ProcessPoolExecutor$/, 'ThreadPoolExecutor').replace('concurrent.futures.process.', 'concurrent.futures.'),
      imports: qualified ? [] : importEdit(text, 'from concurrent.futures import ThreadPoolExecutor', hasFromImport(text, 'concurrent.futures', 'ThreadPoolExecutor')),
      noun: 'a thread pool',
    };
  }
  if (/(^|\.)Pool$/.test(constructor)) {
    return { constructor: 'multiprocessing.pool.ThreadPool', imports: importEdit(text, 'import multiprocessing.pool', hasModuleImport(text, 'multiprocessing.pool')), noun: 'a thread pool' };
  }
  if (/(^|\.)Process$/.test(constructor)) {
    return { constructor: 'threading.Thread', imports: importEdit(text, 'import threading', hasModuleImport(text, 'threading')), noun: 'a thread' };
  }
  return undefined;
}
