import type { CpuInThreadData } from '../../core/rules/python/cpu-in-thread';
import { applyTextEdits, type FixResult, refusedFix, type TextEdit } from '../fix';
import { definePythonFix } from './define-fix';
import { hasFromImport, hasModuleImport, importEdit, indentBlock, indentUnit, unusedImportEdit } from './text';
import { ShapeRefusal, threadsToFutures } from './threads-to-futures';

/**
 * cpu-in-thread: swaps the thread constructor for its process counterpart, which has the same
 * API (`Thread` → `multiprocessing.Process`, `ThreadPoolExecutor` → `ProcessPoolExecutor`,
 * `ThreadPool` → `multiprocessing.Pool`), removes the thread import it leaves unused, and puts the
 * script code under `if __name__ == "__main__":` when the processes start at module level.
 *
 * Preconditions, each refused with the reason shown on the action: the target is a module-level
 * function (a process must pickle it); it writes no module state and none of its arguments (a
 * process writes into its own copies, so the caller would silently see nothing).
 */
export const threadToProcessPool = definePythonFix<CpuInThreadData>('thread-to-process-pool', ({ report, text, data }) => {
  const { ctorStart: start, ctorEnd: end, ctorText: constructor } = data;
  if (start === undefined || end === undefined || !constructor || text.slice(start, end) !== constructor) return undefined;
  const replacement = processCounterpart(constructor);
  if (!replacement) return undefined;
  const target = data.targetName || 'the task';
  const title = `Run ${target}() in ${replacement.noun} instead of threads`;
  const refusal = semanticRefusal(data, target);
  if (refusal === RETURN_INSTEAD) return returnedResults(report.path, text, data, constructor, title);
  if (refusal) return refusedFix(title, refusal);

  const swap = { start, end, newText: replacement.constructor };
  const imports = importEdits(text, constructor, swap, replacement.imports);
  const code = data.unguarded ? guardedSwap(text, data, swap) : swap;
  if (typeof code === 'string') return refusedFix(title, code);
  return { title, edits: [{ path: report.path, edits: [...imports, code] }], newFiles: [], isPreferred: true } satisfies FixResult;
});

/** Why a process would not do what the threads did, or undefined when it would. */
function semanticRefusal(data: Partial<CpuInThreadData>, target: string): string | undefined {
  if (data.targetPicklable !== true) {
    return `${target}() is not a module-level function, so a process cannot receive it (it is pickled by name). Move it to module level first.`;
  }
  if (data.targetSharesState !== false) {
    return `${target}() changes module-level state (a global, or a module-level list or dict). A process would change its own copy and this program would never see the change. Return the value from ${target}() and collect it with ProcessPoolExecutor.map instead.`;
  }
  const written = (data.targetWritesArguments ?? '').split(',').filter(Boolean);
  if (written.length > 0 && /(^|\.)Thread$/.test(data.ctorText ?? '')) return RETURN_INSTEAD;
  if (written.length > 0) {
    const names = written.map((name) => `\`${name}\``).join(', ');
    return `${target}() writes its result into its argument ${names}. In a process that argument is a pickled copy, so the result would be lost (the program would print an empty or zero result). Return the value from ${target}() and collect it with ProcessPoolExecutor.map instead.`;
  }
  return undefined;
}

/** The target writes its result into an argument: threads-to-futures.ts rewrites it to return it. */
const RETURN_INSTEAD = 'return-instead';

function returnedResults(file: string, text: string, data: Partial<CpuInThreadData>, constructor: string, title: string): FixResult {
  const target = data.targetName ?? '';
  const guardFrom = data.unguarded ? data.guardStart : undefined;
  if (data.unguarded && (guardFrom === undefined || data.textLength !== text.length)) {
    return refusedFix(title, 'The threads start at module level and the script code around them cannot move under `if __name__ == "__main__":` (a definition follows it); processes started there would start again in every child. Add the guard first.');
  }
  let rewritten: string;
  try {
    rewritten = threadsToFutures(text, target, data.targetWritesArguments ?? '', constructor, guardFrom);
  } catch (error) {
    if (!(error instanceof ShapeRefusal)) throw error;
    return refusedFix(title, `${target}() writes its result into its argument \`${data.targetWritesArguments}\`, which a process would only change in its own copy, and this code has a shape the fix does not rewrite: ${error.message}. Return the value from ${target}() and collect it with ProcessPoolExecutor (submit/map) instead.`);
  }
  const binding = /^\w+/.exec(constructor)?.[0] ?? constructor;
  const stillThreads = new RegExp(`\\b${binding}\\b`).test(rewritten.replace(new RegExp(`^(import|from)[^\\n]*\\b${binding}\\b[^\\n]*$`, 'gm'), ''));
  const withImports = applyTextEdits(rewritten, [
    ...(stillThreads ? [] : [unusedImportEdit(rewritten, binding, { start: 0, end: 0 })].filter((edit): edit is TextEdit => edit !== undefined)),
    ...importEdit(rewritten, 'from concurrent.futures import ProcessPoolExecutor', hasFromImport(rewritten, 'concurrent.futures', 'ProcessPoolExecutor')),
  ]);
  return { title: `${title} (returning its result)`, edits: [{ path: file, edits: [minimalEdit(text, withImports)] }], newFiles: [], isPreferred: true };
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
function minimalEdit(before: string, after: string): TextEdit {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

/** The import of the process API (replacing the thread import when the swap leaves that unused). */
function importEdits(text: string, constructor: string, swap: TextEdit, added: string | undefined): TextEdit[] {
  const binding = /^\w+/.exec(constructor)?.[0] ?? constructor;
  const dropped = unusedImportEdit(text, binding, swap);
  if (!added) return dropped ? [dropped] : [];
  const present = added.startsWith('from ') ? hasFromImport(text, 'concurrent.futures', 'ProcessPoolExecutor') : hasModuleImport(text, 'multiprocessing');
  if (present) return dropped ? [dropped] : [];
  if (dropped && dropped.newText === '') return [{ ...dropped, newText: `${added}\n` }];
  return [...(dropped ? [dropped] : []), ...importEdit(text, added, false)];
}

/**
 * The script code from where the guard must start to the end of the file, with the swap applied,
 * under `if __name__ == "__main__":`; a string (the refusal reason) when it cannot move.
 */
function guardedSwap(text: string, data: Partial<CpuInThreadData>, swap: TextEdit): TextEdit | string {
  const { guardStart } = data;
  if (guardStart === undefined || guardStart > swap.start || data.textLength !== text.length) {
    return 'The threads start at module level and the script code around them cannot move under `if __name__ == "__main__":` (a definition follows it); processes started there would start again in every child. Add the guard first.';
  }
  const moved = (text.slice(guardStart, swap.start) + swap.newText + text.slice(swap.end)).replace(/\s+$/, '');
  return { start: guardStart, end: text.length, newText: `if __name__ == "__main__":\n${indentBlock(moved, indentUnit(text))}\n` };
}

interface Replacement {
  constructor: string;
  /** the import statement the new constructor needs, if any */
  imports?: string;
  noun: string;
}

function processCounterpart(constructor: string): Replacement | undefined {
  if (/(^|\.)ThreadPoolExecutor$/.test(constructor)) {
    const qualified = constructor.includes('.');
    return {
      constructor: constructor.replace(/ThreadPoolExecutor$/, 'ProcessPoolExecutor').replace('concurrent.futures.thread.', 'concurrent.futures.'),
      imports: qualified ? undefined : 'from concurrent.futures import ProcessPoolExecutor',
      noun: 'a process pool',
    };
  }
  if (/(^|\.)ThreadPool$/.test(constructor) || /(^|\.)dummy\.Pool$/.test(constructor)) {
    return { constructor: 'multiprocessing.Pool', imports: 'import multiprocessing', noun: 'a process pool' };
  }
  if (/(^|\.)Thread$/.test(constructor)) {
    return { constructor: 'multiprocessing.Process', imports: 'import multiprocessing', noun: 'a process' };
  }
  return undefined;
}
