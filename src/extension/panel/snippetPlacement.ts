/**
 * Where a snippet from the panel goes in the user's file: only into a file of the snippet's
 * language, and only at a line boundary, indented like the code around the cursor. Pure (no
 * vscode), so the rules are unit-tested; conceptPanel.ts applies the result.
 */
import type { SnippetLanguage } from './content/snippets';

const NODE_LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

/** The snippet language a document can take, or undefined (Markdown, JSON, plain text …). */
export function snippetLanguageOf(languageId: string): SnippetLanguage | undefined {
  if (languageId === 'python') return 'python';
  return NODE_LANGUAGES.has(languageId) ? 'node' : undefined;
}

/** The VS Code language id of an untitled file for a snippet that fits no open file. */
export function untitledLanguageFor(language: SnippetLanguage): string {
  return language === 'python' ? 'python' : 'javascript';
}

export type SnippetPlacement =
  | { kind: 'insert'; /** 0-based line the text goes before */ line: number; text: string }
  | { kind: 'mismatch'; fileLanguage: SnippetLanguage | undefined };

/**
 * @param lines the document's lines (without line breaks)
 * @param cursorLine the 0-based line of the cursor
 */
export function placeSnippet(
  code: string,
  snippetLanguage: SnippetLanguage,
  documentLanguageId: string,
  lines: readonly string[],
  cursorLine: number,
): SnippetPlacement {
  const fileLanguage = snippetLanguageOf(documentLanguageId);
  if (fileLanguage !== snippetLanguage) return { kind: 'mismatch', fileLanguage };
  const cursor = Math.min(Math.max(0, cursorLine), Math.max(0, lines.length - 1));
  const onBlankLine = (lines[cursor] ?? '').trim() === '';
  // On a blank line the snippet takes its place; otherwise it goes after the cursor's line, so a
  // word or a statement is never split.
  const line = onBlankLine ? cursor : Math.min(cursor + 1, lines.length);
  const indentation = indentationAround(lines, cursor);
  const body = code.replace(/\n+$/, '').split('\n').map((text) => (text.trim() === '' ? '' : indentation + text)).join('\n');
  const needsLineBreakBefore = !onBlankLine && line === lines.length && lines.length > 0;
  return { kind: 'insert', line, text: `${needsLineBreakBefore ? '\n' : ''}${body}\n` };
}

/** The indentation of the cursor's line, or of the nearest non-blank line above it. */
function indentationAround(lines: readonly string[], cursor: number): string {
  for (let line = cursor; line >= 0; line--) {
    const text = lines[line] ?? '';
    if (text.trim() !== '') return /^[ \t]*/.exec(text)![0];
  }
  return '';
}
