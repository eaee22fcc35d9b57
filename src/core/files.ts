/**
 * Decides whether a file can be analysed before parsing it: binary, huge and minified files are
 * skipped quickly with a reason in plain words, never parsed.
 */
import * as fs from 'node:fs';
import type { Language } from './model';
import { lineStarts } from './positions';

export function languageOf(file: string): Language | undefined {
  // declaration files (`.d.ts`, `.d.cts`, `.d.mts`) hold types, no code
  if (/\.(ts|tsx|mts|cts)$/.test(file) && !/\.d\.[cm]?ts$/.test(file)) return 'typescript';
  if (/\.(js|jsx|mjs|cjs)$/.test(file)) return 'javascript';
  if (/\.pyi?$/.test(file) && !file.endsWith('.pyi')) return 'python';
  return undefined;
}

const BINARY_PROBE_BYTES = 8000;
/** Lines longer than this on average mean generated or minified code, which tells a reader nothing. */
const MINIFIED_AVERAGE_LINE = 300;
const MINIFIED_LONGEST_LINE = 10_000;

export function skipReason(text: string, maxBytes: number): string | undefined {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) return `file is larger than the limit (${Math.round(size / 1024)} KiB > ${Math.round(maxBytes / 1024)} KiB; raise "maxFileBytes" to analyse it)`;
  if (text.slice(0, BINARY_PROBE_BYTES).includes('\u0000')) return 'binary file (contains NUL bytes)';
  if (looksMinified(text)) return 'minified or generated code (very long lines)';
  return undefined;
}

function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  const starts = lineStarts(text);
  let longest = 0;
  let codeChars = 0;
  let codeLines = 0;
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    // a long line of literal data (an entity table, a generated character class) is a table in a
    // hand-written file, not minified code: it counts in neither measure
    if (end - starts[i] > DATA_LINE_MIN && isDataLine(text, starts[i], end)) continue;
    longest = Math.max(longest, end - starts[i]);
    codeChars += end - starts[i];
    codeLines++;
  }
  if (codeLines === 0) return false;
  return codeChars / codeLines > MINIFIED_AVERAGE_LINE || longest > MINIFIED_LONGEST_LINE;
}

/** Lines at least this long are checked for being literal data rather than code. */
const DATA_LINE_MIN = 1000;
/** Code tokens per 1,000 characters below which a long line is literal data: minified code has dozens. */
const DATA_LINE_MAX_TOKENS_PER_KB = 2;
const CODE_TOKEN = /\b(?:function|return|if|else|for|while|var|let|const|this|new)\b|=>|;/g;

/** Is the line literal data (a string, regular-expression, array or object literal of literals) rather than code? */
function isDataLine(text: string, start: number, end: number): boolean {
  const line = text.slice(start, end);
  const allowed = (line.length / 1000) * DATA_LINE_MAX_TOKENS_PER_KB;
  let tokens = 0;
  CODE_TOKEN.lastIndex = 0;
  while (CODE_TOKEN.exec(line)) {
    if (++tokens > allowed) return false;
  }
  return true;
}

/** A file's text, or undefined when it is missing or unreadable. */
export function readTextIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A file's text for analysis, or why it cannot be read (a directory, missing, no permission). */
export function readSourceText(file: string): { text?: string; error?: string } {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { error: 'is a directory' };
    // A pipe or a device would block the read (or never end): only regular files are analysed.
    if (!stat.isFile()) return { error: 'not a regular file (a pipe, socket or device)' };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { error: `unreadable (${code})` };
  }
}
