/**
 * Text helpers every language's fixes share: finding lines and their indentation in a file's
 * text (offsets are 0-based, lines 1-based as in the model). A finding's data is read through its
 * rule's type with `dataOf` (fix.ts).
 */

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

/** The leading whitespace of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))?.[0] ?? '';
}

/** The offset where 1-based `line` starts, or undefined when the text has no such line. */
export function offsetOfLine(text: string, line: number): number | undefined {
  if (line < 1) return undefined;
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return undefined;
    offset = next + 1;
  }
  return offset;
}
