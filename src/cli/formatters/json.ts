import type { FileReport } from '../../core/model';
import { type JsonOutput, toJsonFile } from '../output';

export function formatJson(reports: readonly FileReport[], cwd: string, tool: JsonOutput['tool']): string {
  const output: JsonOutput = { tool, files: reports.map((report) => toJsonFile(report, cwd)) };
  return `${JSON.stringify(output, null, 2)}\n`;
}
