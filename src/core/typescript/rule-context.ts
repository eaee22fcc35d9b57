/**
 * What a TypeScript/JavaScript rule sees: the project-wide snapshot and the file being checked.
 */
import type { LineIndex } from '../positions';
import type { TsSnapshot } from './analyzer';
import type { FileSummary, FunctionSummary } from './summary';

export interface TsRuleContext {
  snapshot: TsSnapshot;
  file: FileSummary;
  text: string;
  lines: LineIndex;
}

/** Where a function runs from the event loop's point of view, in words for messages. */
export function runsOnEventLoop(fn: FunctionSummary): boolean {
  return !fn.inWorker;
}
