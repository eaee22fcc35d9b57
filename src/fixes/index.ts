/**
 * THE fix registry: every quick fix (scaffold) of every language, one per file, looked up by the
 * ids that rule metadata and findings reference.
 */
import type { Fix } from './fix';
import { pythonFixes } from './python';
import { typescriptFixes } from './typescript';

export const allFixes: readonly Fix[] = [...pythonFixes, ...typescriptFixes];

const byId = new Map(allFixes.map((fix) => [fix.id, fix]));

export function fixById(id: string): Fix | undefined {
  return byId.get(id);
}
