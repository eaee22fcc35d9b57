import type { PoolNotClosedData } from '../../core/rules/python/pool-not-closed';
import { definePythonFix } from './define-fix';
import { indentBlock, indentUnit, indentationAt, lineEnd, lineStart } from './text';

/**
 * pool-not-closed: turns `pool = Pool(4)` and the statements after it that use `pool` into
 *
 *     with Pool(4) as pool:
 *         ...statements using pool...
 *
 * A `multiprocessing` pool's `with` exit terminates its workers, so the fix also adds
 * `pool.close()` and `pool.join()` at the end of the block: the workers finish their tasks and
 * flush their output first. Bails out when lazy results (`*_async`, `imap`) could outlive the block.
 */
export const poolToWith = definePythonFix<PoolNotClosedData>('pool-to-with', ({ report, text, data }) => {
  const { variable, statementStart, statementEnd, snippet: callText } = data;
  if (!variable || statementStart === undefined || statementEnd === undefined || statementStart < 0 || !callText) return undefined;
  if (text.slice(statementStart, statementEnd).replace(/\s+/g, '') !== `${variable}=${callText}`.replace(/\s+/g, '')) return undefined;
  const indent = indentationAt(text, statementStart);
  const regionStart = lineEnd(text, statementEnd) + 1;
  const regionEnd = usesEnd(text, regionStart, indent, variable);
  if (regionEnd === undefined) return undefined;
  const region = text.slice(regionStart, regionEnd);
  const isProcessPoolApi = !/Executor\s*$/.test(callText.slice(0, callText.indexOf('(')));
  if (isProcessPoolApi && /_async\(|\.imap/.test(region)) return undefined;
  if (new RegExp(`^[ \\t]*${variable}\\s*=`, 'm').test(region) || unbalanced(region)) return undefined;
  const unit = indentUnit(text);
  const inner = `${indent}${unit}`;
  const tail = isProcessPoolApi ? `\n${inner}${variable}.close()\n${inner}${variable}.join()` : '';
  const body = indentBlock(region.replace(/\s+$/, ''), unit);
  return {
    title: `Use the pool in a with block so its workers are shut down`,
    edits: [
      {
        path: report.path,
        edits: [{ start: lineStart(text, statementStart), end: regionEnd, newText: `${indent}with ${callText} as ${variable}:\n${body}${tail}` }],
      },
    ],
    newFiles: [],
    isPreferred: true,
  };
});

/** End offset of the last statement of the block (same indentation) that mentions `variable`. */
function usesEnd(text: string, from: number, indent: string, variable: string): number | undefined {
  const mention = new RegExp(`\\b${variable}\\b`);
  let offset = from;
  let statementMentions = false;
  let result: number | undefined;
  while (offset < text.length) {
    const end = lineEnd(text, offset);
    const line = text.slice(offset, end);
    if (line.trim() !== '') {
      const lineIndent = /^[ \t]*/.exec(line)?.[0] ?? '';
      if (lineIndent.length < indent.length) break;
      if (lineIndent === indent) statementMentions = false;
      if (!line.trim().startsWith('#') && mention.test(line)) statementMentions = true;
      if (statementMentions) result = end;
    }
    offset = end + 1;
  }
  return result;
}

function unbalanced(code: string): boolean {
  let depth = 0;
  for (const ch of code.replace(/(["'])(?:\\.|(?!\1).)*\1/g, '')) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
  }
  return depth !== 0;
}
