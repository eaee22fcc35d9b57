/**
 * Text helpers every language's fixes share: finding lines and their indentation in a file's
 * text (offsets are 0-based, lines 1-based as in the model). A finding's data is read through its
 * rule's type with `dataOf` (fix.ts).
 */
import { lineEndFrom, lineStartBefore, lineStarts } from '../core/positions';

/** Lines as everywhere else (LF, CRLF or a lone CR end a line: see core/positions.ts). */
export function lineStart(text: string, offset: number): number {
  return lineStartBefore(text, offset);
}

export function lineEnd(text: string, offset: number): number {
  return lineEndFrom(text, offset);
}

/** The leading whitespace of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))?.[0] ?? '';
}

/** The offset where 1-based `line` starts, or undefined when the text has no such line. */
export function offsetOfLine(text: string, line: number): number | undefined {
  return line < 1 ? undefined : lineStarts(text)[line - 1];
}
