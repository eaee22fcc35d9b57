/** Shared helpers for unit tests: analyse fixture folders or inline sources with the real engine. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type ThreadwiseConfig } from '../../src/core/config';
import { Analyzer } from '../../src/core/engine';
import type { FileReport } from '../../src/core/model';

export const FIXTURES = path.resolve(__dirname, '../fixtures');

export async function analyzeFolder(folder: string, files: string[], config: ThreadwiseConfig = DEFAULT_CONFIG): Promise<Map<string, FileReport>> {
  const analyzer = new Analyzer({ root: folder, config });
  const reports = await analyzer.analyzeFiles(files.map((file) => path.join(folder, file)));
  return new Map(reports.map((report) => [path.relative(folder, report.path).split(path.sep).join('/'), report]));
}

/** Writes sources to a fresh temporary project and analyses all of them. */
export async function analyzeSources(sources: Record<string, string>, rawConfig?: unknown): Promise<Map<string, FileReport>> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-test-'));
  for (const [name, text] of Object.entries(sources)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  try {
    return await analyzeFolder(folder, Object.keys(sources), parseConfig(rawConfig));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export async function analyzeSource(text: string, rawConfig?: unknown, name = 'main.ts'): Promise<FileReport> {
  const reports = await analyzeSources({ [name]: text }, rawConfig);
  return reports.get(name)!;
}

export function kindOf(report: FileReport, name: string): string | undefined {
  return report.functions.find((fn) => fn.name === name)?.kind;
}

export function rulesAt(report: FileReport): string[] {
  return report.findings.map((finding) => `${finding.rule}@${finding.range.line}`);
}
