import { type Fix, rulesLanguageOf } from '../fix';
import { offsetOfLine } from '../text';
import { indentationAt, lineStart } from './text';

/** Inserts `# threadwise-ignore-next-line <rule>` above the finding, at the line's indentation. */
export const pythonIgnore: Fix = {
  id: 'python-ignore',
  language: 'python',
  compute({ finding, report, text }) {
    const offset = offsetOfLine(text, finding.range.line);
    if (rulesLanguageOf(report.language) !== 'python' || offset === undefined || report.path === '') return undefined;
    const previousEnd = offset - 1;
    const previousLine = text.slice(lineStart(text, Math.max(previousEnd, 0)), Math.max(previousEnd, 0));
    // after a backslash continuation a comment line would end the statement early
    if (offset > 0 && /\\\s*$/.test(previousLine)) return undefined;
    if (text.slice(offset, text.indexOf('\n', offset) === -1 ? undefined : text.indexOf('\n', offset)).trim() === '') return undefined;
    const indent = indentationAt(text, offset);
    return {
      title: `Ignore ${finding.rule} on this line`,
      edits: [{ path: report.path, edits: [{ start: offset, end: offset, newText: `${indent}# threadwise-ignore-next-line ${finding.rule}\n` }] }],
      newFiles: [],
    };
  },
};

