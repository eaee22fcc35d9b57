import type { MissingMainGuardData } from '../../core/rules/python/missing-main-guard';
import { definePythonFix } from './define-fix';
import { indentBlock, indentUnit } from './text';

/**
 * missing-main-guard: moves the module's top-level script code (from the first statement the rule
 * found safe to move, to the end of the file) under `if __name__ == "__main__":`, indented one
 * step; lines inside triple-quoted strings keep their text. Function and class definitions stay
 * at module level (the rule offers no fix when one follows the code to move).
 */
export const addMainGuard = definePythonFix<MissingMainGuardData>('add-main-guard', ({ report, text, data }) => {
  const { moveStart } = data;
  if (moveStart === undefined || data.textLength !== text.length) return undefined;
  const moved = text.slice(moveStart).replace(/\s+$/, '');
  if (moved === '') return undefined;
  const guarded = `if __name__ == "__main__":\n${indentBlock(moved, indentUnit(text))}\n`;
  return {
    title: 'Move the script code under if __name__ == "__main__":',
    edits: [{ path: report.path, edits: [{ start: moveStart, end: text.length, newText: guarded }] }],
    newFiles: [],
    isPreferred: true,
  };
});
