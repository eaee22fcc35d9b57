import type { ProcessPerTaskData } from '../../core/rules/python/process-per-task';
import { definePythonFix } from './define-fix';
import { freeName, hasModuleImport, importEdit, indentUnit, indentationAt, lineStart } from './text';

/**
 * process-per-task: replaces a loop that starts one `Process` per item
 *
 *     for x in items:
 *         p = multiprocessing.Process(target=work, args=(x,))
 *         p.start()
 *         processes.append(p)
 *
 * with a bounded pool that runs the same calls and waits for them:
 *
 *     with multiprocessing.Pool() as pool:
 *         pool.starmap(work, [(x,) for x in items])
 *         pool.close()
 *         pool.join()
 *
 * `processes` stays empty, so a later join loop does nothing. close()/join() let the workers exit
 * normally (flushing their output) before the `with` block would terminate them.
 */
export const processLoopToPool = definePythonFix<ProcessPerTaskData>('process-loop-to-pool', ({ report, text, data }) => {
  const { loopStart, loopEnd, loopVariable: variable, loopIterable: iterable, targetKeyword: target } = data;
  if (loopStart === undefined || loopEnd === undefined || !variable || !iterable || !target || data.otherKeywords) return undefined;
  const loopText = text.slice(loopStart, loopEnd);
  if (!loopText.startsWith('for') || !isCanonicalBody(loopText, data.snippet)) return undefined;
  const indent = indentationAt(text, loopStart);
  const unit = indentUnit(text);
  const pool = freeName(text, 'pool');
  const args = data.argsKeyword ?? '()';
  const inner = `${indent}${unit}`;
  const replacement = [
    `${indent}with multiprocessing.Pool() as ${pool}:`,
    `${inner}${pool}.starmap(${target}, [${args} for ${variable} in ${iterable}])`,
    `${inner}${pool}.close()`,
    `${inner}${pool}.join()`,
  ].join('\n');
  return {
    title: `Run ${target}() on a bounded multiprocessing.Pool instead of one process per item`,
    edits: [
      {
        path: report.path,
        edits: [
          ...importEdit(text, 'import multiprocessing', hasModuleImport(text, 'multiprocessing')),
          { start: lineStart(text, loopStart), end: loopEnd, newText: replacement },
        ],
      },
    ],
    newFiles: [],
    isPreferred: true,
  };
});

/** The body only creates the process (the finding's call), starts it and maybe collects it. */
function isCanonicalBody(loopText: string, creationSnippet: string): boolean {
  const [header, ...rest] = loopText.split('\n');
  if (!header.trimEnd().endsWith(':')) return false;
  const statements = rest.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const creation = /^(\w+)\s*=\s*(.+)$/.exec(statements[0] ?? '');
  if (!creation || !creation[2].startsWith(creationSnippet.split('\n')[0])) return false;
  if (!creationSnippet.includes('\n') && creation[2].replace(/\s*#.*$/, '') !== creationSnippet) return false;
  const name = creation[1];
  const others = statements.slice(1).map((line) => line.replace(/\s*#.*$/, ''));
  const allowed = [new RegExp(`^${name}\\.start\\(\\)$`), new RegExp(`^\\w+\\.append\\(${name}\\)$`)];
  return others.length >= 1 && others.length <= 2 && others.every((line) => allowed.some((pattern) => pattern.test(line))) && others.some((line) => allowed[0].test(line));
}
