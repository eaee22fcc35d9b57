/**
 * Analysing code in tests with the real engine, for every language: fixture folders, inline
 * sources written to a fresh temporary project, and the Python analyser on its own for tests of
 * its incremental updates.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type ThreadwiseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport } from '../../../src/core/model';
import { analyzePythonFindings } from '../../../src/core/languages/python-findings';
import { PythonAnalyzer } from '../../../src/core/python/index';

/** test/fixtures: one folder per fixture project (see fixtures.test.ts for the convention) */
export const FIXTURES = path.resolve(__dirname, '../../fixtures');

/** Reports by path relative to the analysed folder, with `/` separators. */
export type Reports = Map<string, FileReport>;

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function readFixture(...parts: string[]): { path: string; text: string } {
  const file = fixturePath(...parts);
  return { path: file, text: fs.readFileSync(file, 'utf8') };
}

function temporaryFolder(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `sources` (relative path → text) under `folder`. */
export function writeSources(folder: string, sources: Record<string, string>): void {
  for (const [name, text] of Object.entries(sources)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
}

export async function analyzeFolder(folder: string, files: string[], config: ThreadwiseConfig = DEFAULT_CONFIG): Promise<Reports> {
  const analyzer = new Analyzer({ root: folder, config });
  const reports = await analyzer.analyzeFiles(files.map((file) => path.join(folder, file)));
  return new Map(reports.map((report) => [path.relative(folder, report.path).split(path.sep).join('/'), report]));
}

/** Writes sources to a fresh temporary project and analyses all of them. */
export async function analyzeSources(sources: Record<string, string>, rawConfig?: unknown): Promise<Reports> {
  return analyzeWritten(sources, Object.keys(sources), rawConfig);
}

/** Writes every source to a fresh project but analyses only `analysed` (installed packages are not analysed). */
export async function analyzeOnly(sources: Record<string, string>, analysed: string[]): Promise<Reports> {
  return analyzeWritten(sources, analysed);
}

async function analyzeWritten(sources: Record<string, string>, analysed: string[], rawConfig?: unknown): Promise<Reports> {
  const folder = temporaryFolder('threadwise-test-');
  writeSources(folder, sources);
  try {
    return await analyzeFolder(folder, analysed, parseConfig(rawConfig));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** One inline file; the name's extension picks the language (`main.py` for Python). */
export async function analyzeSource(text: string, rawConfig?: unknown, name = 'main.ts'): Promise<FileReport> {
  const reports = await analyzeSources({ [name]: text }, rawConfig);
  return reports.get(name)!;
}

// ------------------------------------------------------------------ the Python analyser alone

export function pythonConfig(overrides: Partial<ThreadwiseConfig> = {}): ThreadwiseConfig {
  return { ...structuredClone(DEFAULT_CONFIG), ...overrides };
}

/** A fresh Python analyser (its workspace is private to the caller); the WASM runtime loads once. */
export async function newPythonAnalyzer(overrides: Partial<ThreadwiseConfig> = {}): Promise<PythonAnalyzer> {
  return PythonAnalyzer.create(pythonConfig(overrides));
}

/** Analyses one Python file (fixture or inline text) with findings filled. */
export async function analyzePythonText(filePath: string, text: string, analyzer?: PythonAnalyzer): Promise<FileReport> {
  const instance = analyzer ?? (await newPythonAnalyzer());
  const [report] = instance.analyze([{ path: filePath, text }]);
  return analyzePythonFindings(instance, report);
}

/** A Python fixture under test/fixtures/python, analysed on its own. */
export async function analyzePythonFixture(relative: string): Promise<FileReport> {
  const { path: file, text } = readFixture('python', relative);
  return analyzePythonText(file, text);
}

/** Inline Python in a scratch file, analysed with the given configuration. */
export async function analyzePythonSnippet(code: string, overrides: Partial<ThreadwiseConfig> = {}): Promise<FileReport> {
  const file = path.join(temporaryFolder('threadwise-py-'), 'snippet.py');
  fs.writeFileSync(file, code);
  return analyzePythonText(file, code, await newPythonAnalyzer(overrides));
}

// ------------------------------------------------------------------ fixture folders

/** expected.json: per file (relative to the folder), named functions' verdicts and every finding. */
export interface FixtureExpectation {
  functions: Record<string, string>;
  findings: { rule: string; line: number; severity?: string }[];
}

export interface FixtureFolder {
  language: 'typescript' | 'python';
  name: string;
  root: string;
  expected: Record<string, FixtureExpectation>;
}

/** Every fixture folder: test/fixtures/<language>/<name>/ with an expected.json. */
export function fixtureFolders(): FixtureFolder[] {
  const folders: FixtureFolder[] = [];
  for (const language of ['typescript', 'python'] as const) {
    for (const entry of fs.readdirSync(fixturePath(language), { withFileTypes: true })) {
      const root = fixturePath(language, entry.name);
      const file = path.join(root, 'expected.json');
      if (!entry.isDirectory() || !fs.existsSync(file)) continue;
      folders.push({ language, name: entry.name, root, expected: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, FixtureExpectation> });
    }
  }
  return folders;
}
