/**
 * Text helpers shared by the Python fixes (not a fix itself): finding checks, lines and
 * indentation, re-indenting code without touching the inside of triple-quoted strings, and
 * adding imports.
 */
import type { Finding } from '../../core/model';
import type { TextEdit } from '../fix';
import { indentationAt } from '../text';

export { indentationAt, lineEnd, lineStart } from '../text';

/** True when the node the finding points at is still where the finding says, with the same text. */
export function stillMatches(finding: Finding, text: string): boolean {
  const { start, end, snippet } = finding.data ?? {};
  return typeof start === 'number' && typeof end === 'number' && typeof snippet === 'string' && text.slice(start, start + snippet.length) === snippet;
}

/** The file's indentation step (four spaces unless the file uses something else). */
export function indentUnit(text: string): string {
  const match = /:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*\n)*([ \t]+)\S/.exec(text);
  if (!match) return '    ';
  const inner = match[1];
  const outer = indentationAt(text, match.index);
  return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '    ';
}

/**
 * Lines (0-based, relative to `code`) that start inside a triple-quoted string: indenting them
 * would change the string. A small scanner: strings, escapes and comments, no full tokenizer.
 */
export function linesInsideStrings(code: string): Set<number> {
  const inside = new Set<number>();
  let line = 0;
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '\n') {
      line++;
      if (quote && quote.length === 3) inside.add(line);
      else if (quote) quote = undefined; // an unterminated one-line string ends at the line end
      continue;
    }
    if (quote) {
      if (ch === '\\') i++;
      else if (code.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = undefined;
      }
      continue;
    }
    if (ch === '#') {
      const end = code.indexOf('\n', i);
      i = (end === -1 ? code.length : end) - 1;
    } else if (ch === '"' || ch === "'") {
      quote = code.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      i += quote.length - 1;
    }
  }
  return inside;
}

/** Adds `prefix` to every line of `code` except blank lines and lines inside triple-quoted strings. */
export function indentBlock(code: string, prefix: string): string {
  const skip = linesInsideStrings(code);
  return code
    .split('\n')
    .map((line, index) => (skip.has(index) || line.trim() === '' ? line : prefix + line))
    .join('\n');
}

/** True when `name` is bound by `import name` (possibly among others) at the top of a line. */
export function hasModuleImport(text: string, name: string): boolean {
  const escaped = name.replace(/\./g, '\\.');
  return new RegExp(`^import[ \\t]+(?:[\\w.]+[ \\t]*,[ \\t]*)*${escaped}[ \\t]*(?:,|#|$)`, 'm').test(text);
}

/** True when `from module import name` binds `name`. */
export function hasFromImport(text: string, module: string, name: string): boolean {
  const escapedModule = module.replace(/\./g, '\\.');
  return new RegExp(`^from[ \\t]+${escapedModule}[ \\t]+import[ \\t]+\\(?[^\\n]*\\b${name}\\b`, 'm').test(text);
}

/** Where new imports go: before the first top-level import, else after the docstring and comments. */
export function importInsertionOffset(text: string): number {
  const lines = text.split('\n');
  let offset = 0;
  let afterHeader = 0;
  let inDocstring: string | undefined;
  for (const line of lines) {
    const next = offset + line.length + 1;
    if (inDocstring) {
      if (line.includes(inDocstring)) {
        inDocstring = undefined;
        afterHeader = next;
      }
    } else if (/^(import|from)\s/.test(line) && !/^from\s+__future__\s/.test(line)) {
      return offset;
    } else if (/^from\s+__future__\s/.test(line) || /^#/.test(line) || line.trim() === '') {
      if (line.trim() !== '') afterHeader = next;
    } else if (/^[rRbBuU]?("""|''')/.test(line)) {
      const quote = /("""|''')/.exec(line)?.[1] as string;
      const closed = line.indexOf(quote, line.indexOf(quote) + 3) !== -1;
      if (closed) afterHeader = next;
      else inDocstring = quote;
    } else {
      break;
    }
    offset = next;
  }
  return Math.min(afterHeader, text.length);
}

/** An edit adding `statement` (e.g. `import asyncio`) unless `present` says it is already there. */
export function importEdit(text: string, statement: string, present: boolean): TextEdit[] {
  if (present) return [];
  const offset = importInsertionOffset(text);
  const needsNewline = offset === text.length && text.length > 0 && !text.endsWith('\n');
  return [{ start: offset, end: offset, newText: `${needsNewline ? '\n' : ''}${statement}\n` }];
}

/**
 * An edit removing the top-level import that binds `binding` when nothing else in the text uses it
 * once `replaced` (the code a fix rewrites) is gone: the whole line when it binds only that name,
 * else the name from the list. Undefined when the name is still used or the import has another
 * shape (parenthesised, aliased, indented).
 */
export function unusedImportEdit(text: string, binding: string, replaced: { start: number; end: number }): TextEdit | undefined {
  const line = importLineOf(text, binding);
  if (!line) return undefined;
  const code = codeOnly(text);
  const uses = new RegExp(`\\b${binding}\\b`, 'g');
  for (let match = uses.exec(code); match; match = uses.exec(code)) {
    const at = match.index;
    const inReplaced = at >= replaced.start && at < replaced.end;
    const inImport = at >= line.start && at < line.end;
    if (!inReplaced && !inImport) return undefined;
  }
  const names = line.names.filter((name) => name !== binding);
  if (names.length === 0) return { start: line.start, end: Math.min(line.end + 1, text.length), newText: '' };
  return { start: line.namesStart, end: line.namesEnd, newText: names.join(', ') };
}

interface ImportLine {
  start: number;
  end: number;
  names: string[];
  namesStart: number;
  namesEnd: number;
}

function importLineOf(text: string, binding: string): ImportLine | undefined {
  const pattern = /^(import[ \t]+|from[ \t]+[\w.]+[ \t]+import[ \t]+)([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*(?:#[^\n]*)?$/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const names = match[2].split(',').map((name) => name.trim());
    if (!names.includes(binding)) continue;
    const namesStart = match.index + match[1].length;
    return { start: match.index, end: match.index + match[0].length, names, namesStart, namesEnd: namesStart + match[2].length };
  }
  return undefined;
}

/** The text with comments and string contents blanked (same offsets), so a name in them is no use. */
function codeOnly(text: string): string {
  return text.replace(/#[^\n]*|("""|'''|"|')(?:\\.|(?!\1)[\s\S])*?\1/g, (found) => found.replace(/[^\n]/g, ' '));
}

/** `name`, or `name_2`, `name_3`... when `name` is already used as an identifier in the text. */
export function freeName(text: string, name: string): string {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${name}_${i}`;
    if (!new RegExp(`\\b${candidate}\\b`).test(text)) return candidate;
  }
}

/** The text between a call's outer parentheses, or undefined when it is not a plain `callee(...)`. */
export function callArguments(callText: string, callee: string): string | undefined {
  if (!callText.startsWith(callee)) return undefined;
  const rest = callText.slice(callee.length).trim();
  if (!rest.startsWith('(') || !rest.endsWith(')')) return undefined;
  return rest.slice(1, -1).trim();
}
