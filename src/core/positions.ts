/**
 * Offsets ↔ 1-based line/column, with the line starts computed once per text.
 */
import type { Range } from './model';

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
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
    const lineEnd = this.text.indexOf('\n', start);
    const cut = lineEnd === -1 ? end : Math.min(end, lineEnd);
    return this.range(start, cut > start ? cut : end);
  }

  lineRange(line: number): Range {
    const start = this.offset(line, 1);
    const lineEnd = this.text.indexOf('\n', start);
    return this.range(start, lineEnd === -1 ? this.text.length : lineEnd);
  }
}
