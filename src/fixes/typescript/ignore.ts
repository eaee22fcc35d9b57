import { ts } from 'ts-morph';
import type { Fix } from '../fix';
import { rulesLanguageOf } from '../fix';
import { offsetOfLine } from '../text';
import { indentationAt, lineEnd, lineStart, parse } from './ast';

const DIRECTIVE = /^([ \t]*)\/\/\s*threadwise-ignore-next-line\b(.*)$/;

/**
 * Any TypeScript/JavaScript rule: `// threadwise-ignore-next-line <rule>` above the finding's line,
 * at that line's indentation. An existing directive on the line above gets the rule added to its
 * list instead. Refuses when the line starts inside a multi-line string or template (the comment
 * would become text) or the line no longer exists.
 */
export const ignore: Fix = {
  id: 'ignore',
  language: 'typescript',
  compute({ finding, report, text }) {
    if (rulesLanguageOf(report.language) !== 'typescript' || report.path === '') return undefined;
    const offset = offsetOfLine(text, finding.range.line);
    if (offset === undefined || text.slice(offset, lineEnd(text, offset)).trim() === '') return undefined;
    const sf = parse(report.path, text);
    if (insideLiteral(sf, offset)) return undefined;
    const title = `Ignore ${finding.rule} on this line`;
    if (offset > 0) {
      const previousStart = lineStart(text, offset - 1);
      const previous = DIRECTIVE.exec(text.slice(previousStart, offset - 1));
      if (previous) {
        const rules = previous[2].split(/[\s,]+/).filter((rule) => /^[a-z][a-z0-9-]*$/.test(rule));
        if (rules.length === 0 || rules.includes(finding.rule)) return undefined; // already silenced
        const newText = `${previous[1]}// threadwise-ignore-next-line ${[...rules, finding.rule].join(', ')}`;
        return { title, edits: [{ path: report.path, edits: [{ start: previousStart, end: offset - 1, newText }] }], newFiles: [] };
      }
    }
    const indent = indentationAt(text, offset);
    return {
      title,
      edits: [{ path: report.path, edits: [{ start: offset, end: offset, newText: `${indent}// threadwise-ignore-next-line ${finding.rule}\n` }] }],
      newFiles: [],
    };
  },
};

/** True when `offset` is strictly inside a string, template or JSX text that spans lines. */
function insideLiteral(sf: ts.SourceFile, offset: number): boolean {
  let inside = false;
  const visit = (node: ts.Node): void => {
    if (inside || node.getStart(sf) >= offset || node.getEnd() <= offset) return;
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) ||
      ts.isStringLiteral(node) || ts.isJsxText(node)) {
      inside = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return inside;
}
