/**
 * Offsets ↔ 1-based line/column, with the line starts computed once per text.
 *
 * THE line model of every output (function ranges, findings, hovers, fixes, both languages): a
 * line ends at LF, CRLF or a lone CR — as in VS Code and the LSP — and nowhere else. U+2028 and
 * U+2029 are characters inside a line (VS Code does not break lines there, although the
 * TypeScript compiler's own line map does, which is why positions never come from it). Columns
 * count UTF-16 code units, as LSP positions do by default.
 */
import type { Range } from './model';

/** Matches one line break of the model. */
export const LINE_BREAK = /\r\n|\r|\n/;

/** The offset where the line holding `offset` ends (its line break, or the end of the text). */
export function lineEndFrom(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) return i;
  }
  return text.length;
}

/** The offset where the line holding `offset` starts. */
export function lineStartBefore(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) return i + 1;
  }
  return 0;
}

/** Offsets where each line starts (the first is 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export class LineIndex {
  /**
   * 4 bytes a line, not a plain array's 8: a Python analysis keeps the index of every file it
   * parsed to its end (half a million lines over 1,000 standard-library files).
   */
  private readonly starts: Int32Array;

  constructor(private readonly text: string) {
    this.starts = Int32Array.from(lineStarts(text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    // An offset inside a line break (between CR and LF) is the end of its line.
    const lineEnd = low + 1 < this.starts.length ? this.breakBefore(this.starts[low + 1]) : this.text.length;
    return { line: low + 1, column: Math.min(offset, lineEnd) - this.starts[low] + 1 };
  }

  /** Where the line break that ends just before `nextLineStart` begins (CRLF counts as one break). */
  private breakBefore(nextLineStart: number): number {
    const last = nextLineStart - 1;
    return this.text.charCodeAt(last) === 10 && this.text.charCodeAt(last - 1) === 13 ? last - 1 : last;
  }

  offset(line: number, column: number): number {
    const start = this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
    return Math.min(start + column - 1, this.text.length);
  }

  range(start: number, end: number): Range {
    const from = this.position(start);
    const to = this.position(end);
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** The range from `start` to `end`, cut at the end of the first line (for multi-line calls). */
  firstLineRange(start: number, end: number): Range {
    const cut = Math.min(end, lineEndFrom(this.text, start));
    return this.range(start, cut > start ? cut : end);
  }

  lineRange(line: number): Range {
    const start = this.offset(line, 1);
    return this.range(start, lineEndFrom(this.text, start));
  }
}
