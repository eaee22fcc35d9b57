import type { FileReport } from '../../core/model';
import type { ThreadSummary } from '../../core/profiles';
import type { JsonCalibration } from '../calibration';
import { type JsonBuildOutput, type JsonOutput, type JsonSkippedCopy, toJsonFile } from '../output';

export function formatJson(reports: readonly FileReport[], cwd: string, tool: JsonOutput['tool'], profiles: readonly ThreadSummary[] = [], calibration?: JsonCalibration): string {
  return [...jsonChunks(reports, cwd, tool, profiles, calibration)].join('');
}

/**
 * The JSON report (`JSON.stringify(output, null, 2)`, byte for byte) in pieces, one per file: a
 * run over thousands of files writes each file's part as it is made, and never holds the whole
 * report as one object tree and one string besides.
 */
export function* jsonChunks(reports: readonly FileReport[], cwd: string, tool: JsonOutput['tool'], profiles: readonly ThreadSummary[] = [], calibration?: JsonCalibration, buildOutput: readonly (JsonBuildOutput | JsonSkippedCopy)[] = []): Generator<string> {
  const head: JsonOutput = {
    tool,
    ...(profiles.length > 0 ? { profiles: [...profiles] } : {}),
    ...(calibration ? { calibration } : {}),
    ...(buildOutput.length > 0 ? { buildOutput: [...buildOutput] } : {}),
    files: [],
  };
  const text = JSON.stringify(head, null, 2);
  if (reports.length === 0) {
    yield `${text}\n`;
    return;
  }
  // `"files": []\n}` opened instead: each file is an element of that array, two levels deep
  yield `${text.slice(0, -EMPTY_FILES_END.length)}[\n`;
  for (let index = 0; index < reports.length; index++) {
    const file = JSON.stringify(toJsonFile(reports[index], cwd), null, 2);
    yield `${index > 0 ? ',\n' : ''}${ELEMENT_INDENT}${file.replace(/\n/g, `\n${ELEMENT_INDENT}`)}`;
  }
  yield '\n  ]\n}\n';
}

const EMPTY_FILES_END = '[]\n}';
/** the indentation of an element of the top-level object's array (JSON.stringify's, 2 per level) */
const ELEMENT_INDENT = '    ';
