/**
 * A concurrency limit for the fixes that start many operations at once: `p-limit` when the project
 * depends on it (and can load it from this file), else a tiny generated limiter function appended
 * to the file (reused when an earlier fix already added one). Either way the fix declares
 * `const limit = ...(8);` at module scope, just before the top-level statement that holds the use:
 * a limiter made per call would bound each call on its own, not the module's operations together.
 */
import { ts } from 'ts-morph';
import { indentationAt, indentUnit, lineStart } from './ast';
import type { FileState, FixContext } from './context';
import { LIMITER_MARKER, flavourOf, limiterFunction } from './templates';

export const DEFAULT_LIMIT = 8;

export interface Limiter {
  /** the local name of the limit function, e.g. `limit` */
  name: string;
  /** `p-limit` or `inline` */
  kind: 'p-limit' | 'inline';
}

/** Declares `const limit = pLimit(8)` (or the inline limiter) at module scope, before the top-level statement holding `statement`. */
export function declareLimiter(ctx: FixContext, file: FileState, statement: ts.Statement): Limiter {
  const usePLimit = canUsePLimit(ctx, file);
  const factory = usePLimit ? file.imports.defaultImport('p-limit', 'pLimit') : inlineLimiter(ctx, file);
  const name = file.imports.reserve('limit');
  const topLevel = topLevelStatement(statement);
  const offset = lineStart(file.text, topLevel.getStart(file.sf));
  const indent = indentationAt(file.text, topLevel.getStart(file.sf));
  const semicolon = ';';
  const gap = topLevel === statement ? '' : '\n';
  ctx.insertAfterImports(file.path, offset, `${indent}const ${name} = ${factory}(${DEFAULT_LIMIT})${semicolon} // at most ${DEFAULT_LIMIT} at a time\n${gap}`);
  return { name, kind: usePLimit ? 'p-limit' : 'inline' };
}

function topLevelStatement(statement: ts.Statement): ts.Statement {
  let current: ts.Node = statement;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return ts.isSourceFile(current.parent) && ts.isStatement(current) ? current : statement;
}

/**
 * p-limit 4+ is ESM-only: fine from ES modules; from CommonJS only p-limit 3 (or older) loads with
 * `require`, and TypeScript needs esModuleInterop for its default import.
 */
function canUsePLimit(ctx: FixContext, file: FileState): boolean {
  if (!ctx.input.dependencies.has('p-limit')) return false;
  if (file.format.runtime === 'esm') return true;
  const range = file.format.dependencyVersions.get('p-limit') ?? '';
  const major = /(\d+)/.exec(range)?.[1];
  if (major === undefined || Number(major) >= 4) return false;
  return !file.format.typescript || file.format.esModuleInterop;
}

const limiterNames = new WeakMap<FixContext, Map<string, string>>();

/** The generated limiter's name in this file: an existing one (by its marker), or a new one appended. */
function inlineLimiter(ctx: FixContext, file: FileState): string {
  const existing = new RegExp(`${LIMITER_MARKER.replace(/[.]/g, '\\.')}[^\\n]*\\n\\s*function\\s+(\\w+)`).exec(file.text);
  if (existing) return existing[1];
  const names = limiterNames.get(ctx) ?? new Map<string, string>();
  limiterNames.set(ctx, names);
  const known = names.get(file.path);
  if (known) return known;
  const name = file.imports.reserve('limitConcurrency');
  names.set(file.path, name);
  const text = limiterFunction(flavourOf(file.format), name, indentUnit(file.text));
  ctx.edits.insert(file.path, file.text.length, `${file.text.endsWith('\n') ? '' : '\n'}${text}`);
  return name;
}
