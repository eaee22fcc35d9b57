import type { FileReport } from '../../core/model';
import type { ThreadSummary } from '../../core/profiles';
import type { JsonCalibration } from '../calibration';
import { type JsonOutput, toJsonFile } from '../output';

export function formatJson(reports: readonly FileReport[], cwd: string, tool: JsonOutput['tool'], profiles: readonly ThreadSummary[] = [], calibration?: JsonCalibration): string {
  const output: JsonOutput = {
    tool,
    ...(profiles.length > 0 ? { profiles: [...profiles] } : {}),
    ...(calibration ? { calibration } : {}),
    files: reports.map((report) => toJsonFile(report, cwd)),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
