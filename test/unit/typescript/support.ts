/** Helpers for the TypeScript analysis tests: analyse small sources, look functions up by name. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileReport, FunctionReport } from '../../../src/core/model';
import { analyzeFolder, analyzeSources } from '../helpers';

export type Reports = Map<string, FileReport>;

export async function analyze(sources: Record<string, string>): Promise<Reports> {
  return analyzeSources(sources);
}

/** The function named `name` in `file` (the first one, or the one declared at `line`). */
export function fn(reports: Reports, file: string, name: string, line?: number): FunctionReport {
  const report = reports.get(file);
  assert.ok(report, `no report for ${file}`);
  const found = report.functions.find((candidate) => candidate.name === name && (line === undefined || candidate.range.line === line));
  assert.ok(found, `no function ${name}${line ? `@${line}` : ''} in ${file}; have ${report.functions.map((f) => `${f.name}@${f.range.line}`).join(', ')}`);
  return found;
}

export function kindOf(reports: Reports, file: string, name: string, line?: number): string {
  return fn(reports, file, name, line).kind;
}

/** Asserts the kinds of several functions of one file at once (a readable diff when they differ). */
export function assertKinds(reports: Reports, file: string, expected: Record<string, string>): void {
  const actual = Object.fromEntries(Object.keys(expected).map((name) => [name, reports.get(file)?.functions.find((f) => f.name === name)?.kind ?? 'missing']));
  const details = reports.get(file)?.functions.map((f) => `${f.name}: ${f.kind} (${f.cost.description}) ${f.evidence.map((e) => e.message).join(' | ')}`).join('\n');
  assert.deepEqual(actual, expected, details);
}

/** Writes every source to a fresh project but analyses only `analysed` (installed packages are not analysed). */
export async function analyzeOnly(sources: Record<string, string>, analysed: string[]): Promise<Reports> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-ts-'));
  try {
    for (const [name, text] of Object.entries(sources)) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.writeFileSync(path.join(folder, name), text);
    }
    return await analyzeFolder(folder, analysed);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
