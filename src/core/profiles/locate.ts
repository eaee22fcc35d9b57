/**
 * Where a profile frame's code lives: the absolute path of the source file (file:// URLs and
 * paths relative to the profiled program's folder resolved), and the analysed function whose
 * range holds the frame's position.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionReport } from '../model';
import { isSourceFile } from './frames';
import type { ProfileFrame } from './model';

/** The absolute path a frame's file names, or undefined for runtime pseudo-files and web URLs. */
export function framePath(frame: ProfileFrame, root: string): string | undefined {
  const file = frame.file;
  if (frame.category !== 'code' && frame.category !== 'wait') return undefined;
  if (!isSourceFile(file)) return undefined;
  if (/^file:/i.test(file)) {
    try {
      return path.normalize(fileURLToPath(file));
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return undefined;
  return path.resolve(root, file);
}

/** How far below a decorator a Python `def` may start: cProfile gives the first decorator's line. */
const DECORATOR_LINES = 12;

/**
 * The analysed function a frame stands for. Among the functions whose range holds the position,
 * the innermost one whose name the frame carries, else the innermost one: V8 places a function
 * at its parameter list, py-spy at the executing line (inside the function), cProfile at the
 * `def` or its first decorator, which is above the range (then the function of that name that
 * starts just below). An anonymous frame ("" in V8) stands for an anonymous function or the module.
 */
export function functionAt(functions: readonly FunctionReport[], frame: ProfileFrame): FunctionReport | undefined {
  const line = frame.line;
  if (line === undefined) return undefined;
  const column = frame.column;
  const holding = functions
    .filter((fn) => contains(fn, line, column))
    .sort((a, b) => span(a) - span(b));
  const named = shortName(frame.name);
  if (named) {
    const sameName = holding.find((fn) => shortName(fn.name) === named);
    if (sameName) return sameName;
    const below = functions
      .filter((fn) => shortName(fn.name) === named && fn.range.line > line && fn.range.line <= line + DECORATOR_LINES)
      .sort((a, b) => a.range.line - b.range.line)[0];
    if (below) return below;
    return holding[0];
  }
  return holding.find(isAnonymous) ?? holding[0];
}

function contains(fn: FunctionReport, line: number, column: number | undefined): boolean {
  const { range } = fn;
  if (line < range.line || line > range.endLine) return false;
  if (column === undefined) return true;
  if (line === range.line && column < range.column) return false;
  if (line === range.endLine && column > range.endColumn) return false;
  return true;
}

/** Size of a range, for "innermost": lines first, then columns. */
function span(fn: FunctionReport): number {
  return (fn.range.endLine - fn.range.line) * 1e6 + (fn.range.endColumn - fn.range.column);
}

/** `K.spin` → `spin`; `Module._load` → `_load`; V8's `get x`/`set x` → `x`. Anonymous names give ''. */
function shortName(name: string): string {
  if (name === '' || name.startsWith('(') || name.startsWith('<') || /\s(callback|handler)$/.test(name)) return '';
  const bare = name.replace(/^(get|set|async|static)\s+/, '');
  return bare.slice(bare.lastIndexOf('.') + 1);
}

/** Threadwise names anonymous functions by context (`items.map callback`) and modules `<module>`. */
function isAnonymous(fn: FunctionReport): boolean {
  return fn.name.startsWith('<') || /\s/.test(fn.name);
}
