/**
 * What a TypeScript/JavaScript rule sees: the project-wide snapshot and the file being checked.
 */
import type { LineIndex } from '../positions';
import type { TsSnapshot } from './analyzer';
import type { FileSummary } from './summary';

export interface TsRuleContext {
  snapshot: TsSnapshot;
  file: FileSummary;
  text: string;
  lines: LineIndex;
}
