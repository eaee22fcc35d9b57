/**
 * Decides whether a file can be analysed before parsing it: binary, huge and minified files are
 * skipped quickly with a reason in plain words, never parsed.
 */
import * as fs from 'node:fs';
import type { Language } from './model';
import { lineStarts } from './positions';

export function languageOf(file: string): Language | undefined {
  if (/\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith('.d.ts')) return 'typescript';
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
  let longest = text.length - starts[starts.length - 1];
  for (let i = 1; i < starts.length; i++) longest = Math.max(longest, starts[i] - starts[i - 1]);
  return text.length / starts.length > MINIFIED_AVERAGE_LINE || longest > MINIFIED_LONGEST_LINE;
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
