import type { Fix } from '../fix';
import {
  dataNumber,
  dataString,
  freeName,
  hasFromImport,
  importEdit,
  indentBlock,
  indentUnit,
  indentationAt,
  lineStart,
  stillMatches,
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
export const loopToThreadPoolMap: Fix = {
  id: 'loop-to-thread-pool-map',
  language: 'python',
  compute({ finding, report, text }) {
    if (!stillMatches(finding, text)) return undefined;
    const variable = dataString(finding, 'loopVariable') ?? '';
    const iterable = dataString(finding, 'loopIterable');
    if (!/^\w+$/.test(variable) || !iterable) return undefined;
    const executor = freeName(text, 'executor');
    const rewritten = dataString(finding, 'comprehension') ? rewriteComprehension(finding.data ?? {}, variable, iterable, executor) : rewriteLoop(dataString(finding, 'bodyStatement'), variable, iterable, executor);
    const start = dataNumber(finding, dataString(finding, 'comprehension') ? 'statementStart' : 'start');
    const end = dataNumber(finding, dataString(finding, 'comprehension') ? 'statementEnd' : 'end');
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
  },
};

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

function rewriteComprehension(data: Record<string, unknown>, variable: string, iterable: string, executor: string): string | undefined {
  const element = typeof data.element === 'string' ? data.element : undefined;
  const target = typeof data.assignTarget === 'string' ? data.assignTarget : undefined;
  if (data.comprehension !== 'list_comprehension' || !element || !target || element.includes('\n')) return undefined;
  return `${target} = list(${executor}.map(${mappedFunction(element, variable)}, ${iterable}))`;
}
