import type { SequentialIoLoopData } from '../../core/rules/python/sequential-io-loop';
import { definePythonFix } from './define-fix';
import {
  freeName,
  hasFromImport,
  importEdit,
  indentBlock,
  indentUnit,
  indentationAt,
  lineStart,
} from './text';

/**
 * sequential-io-loop: runs the loop's calls on a ThreadPoolExecutor, keeping the result order.
 *
 *     for url in urls:                      with ThreadPoolExecutor() as executor:
 *         pages.append(fetch(url))    →         pages.extend(executor.map(fetch, urls))
 *
 *     pages = [fetch(u) for u in urls]  →   with ThreadPoolExecutor() as executor:
 *                                               pages = list(executor.map(fetch, urls))
 *
 * A body that is a bare call becomes `list(executor.map(...))`. Other shapes, and tuple loop
 * variables, are left alone.
 */
export const loopToThreadPoolMap = definePythonFix<SequentialIoLoopData>('loop-to-thread-pool-map', ({ report, text, data }) => {
  const variable = data.loopVariable ?? '';
  const iterable = data.loopIterable;
  if (!/^\w+$/.test(variable) || !iterable) return undefined;
  const executor = freeName(text, 'executor');
  const rewritten = data.comprehension ? rewriteComprehension(data, variable, iterable, executor) : rewriteLoop(data.bodyStatement, variable, iterable, executor);
  const start = data.comprehension ? data.statementStart : data.start;
  const end = data.comprehension ? data.statementEnd : data.end;
  if (!rewritten || start === undefined || end === undefined || start < 0) return undefined;
  const indent = indentationAt(text, start);
  const unit = indentUnit(text);
  const block = `${indent}with ThreadPoolExecutor() as ${executor}:\n${indentBlock(rewritten, indent + unit)}`;
  return {
    title: 'Run these calls concurrently with ThreadPoolExecutor.map (results stay in order)',
    edits: [
      {
        path: report.path,
        edits: [
          ...importEdit(text, 'from concurrent.futures import ThreadPoolExecutor', hasFromImport(text, 'concurrent.futures', 'ThreadPoolExecutor')),
          { start: lineStart(text, start), end, newText: block },
        ],
      },
    ],
    newFiles: [],
    isPreferred: true,
  };
});

/** `f` when the call is exactly `f(x)`, else `lambda x: <call>`. */
function mappedFunction(call: string, variable: string): string {
  const direct = new RegExp(`^([\\w.]+)\\(\\s*${variable}\\s*\\)$`).exec(call);
  return direct ? direct[1] : `lambda ${variable}: ${call}`;
}

function rewriteLoop(statement: string | undefined, variable: string, iterable: string, executor: string): string | undefined {
  if (!statement || statement.includes('\n')) return undefined;
  const appended = /^([\w.]+)\.append\((.+)\)$/.exec(statement.trim());
  if (appended) return `${appended[1]}.extend(${executor}.map(${mappedFunction(appended[2].trim(), variable)}, ${iterable}))`;
  if (/^(await\s+)?[\w.]+\(.*\)$/.test(statement.trim()) && !statement.trim().startsWith('await')) {
    return `list(${executor}.map(${mappedFunction(statement.trim(), variable)}, ${iterable}))`;
  }
  return undefined;
}

function rewriteComprehension(data: Partial<SequentialIoLoopData>, variable: string, iterable: string, executor: string): string | undefined {
  const { element, assignTarget: target } = data;
  if (data.comprehension !== 'list_comprehension' || !element || !target || element.includes('\n')) return undefined;
  return `${target} = list(${executor}.map(${mappedFunction(element, variable)}, ${iterable}))`;
}
