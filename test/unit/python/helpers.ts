/**
 * Shared helpers for the Python tests: one analyser per configuration, fixtures analysed with
 * findings, fixes applied to text, and python3 runs in a scratch directory.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG, type ThreadwiseConfig } from '../../../src/core/config';
import type { FileReport, Finding } from '../../../src/core/model';
import { PythonAnalyzer, analyzePythonFindings } from '../../../src/core/python/index';
import { applyTextEdits, type Fix, type FixResult } from '../../../src/fixes/fix';
import { pythonFixes } from '../../../src/fixes/python/index';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/python');

const analyzers = new Map<string, Promise<PythonAnalyzer>>();

export function config(overrides: Partial<ThreadwiseConfig> = {}): ThreadwiseConfig {
  return { ...structuredClone(DEFAULT_CONFIG), ...overrides };
}

/** A fresh analyser (its workspace is private to the caller); the WASM runtime loads once. */
export async function newAnalyzer(overrides: Partial<ThreadwiseConfig> = {}): Promise<PythonAnalyzer> {
  return PythonAnalyzer.create(config(overrides));
}

/** A shared analyser for read-only use of fixtures. */
export function sharedAnalyzer(): Promise<PythonAnalyzer> {
  const key = 'default';
  let analyzer = analyzers.get(key);
  if (!analyzer) {
    analyzer = newAnalyzer();
    analyzers.set(key, analyzer);
  }
  return analyzer;
}

export function readFixture(relative: string): { path: string; text: string } {
  const file = path.join(FIXTURES, relative);
  return { path: file, text: fs.readFileSync(file, 'utf8') };
}

/** Analyses one file (fixture or inline text) with findings filled. */
export async function analyzeText(filePath: string, text: string, analyzer?: PythonAnalyzer): Promise<FileReport> {
  const instance = analyzer ?? (await newAnalyzer());
  const [report] = instance.analyze([{ path: filePath, text }]);
  return analyzePythonFindings(instance, report);
}

export async function analyzeFixture(relative: string): Promise<FileReport> {
  const { path: file, text } = readFixture(relative);
  return analyzeText(file, text);
}

/** Writes inline Python to a scratch file and analyses it. */
export async function analyzeSnippet(code: string, overrides: Partial<ThreadwiseConfig> = {}): Promise<FileReport> {
  const file = path.join(scratchDir(), 'snippet.py');
  fs.writeFileSync(file, code);
  return analyzeText(file, code, await newAnalyzer(overrides));
}

export function fn(report: FileReport, name: string) {
  const found = report.functions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no function ${name} in ${report.path}: ${report.functions.map((f) => f.name).join(', ')}`);
  return found;
}

export function findingsOf(report: FileReport, rule: string): Finding[] {
  return report.findings.filter((finding) => finding.rule === rule);
}

export function fixById(id: string): Fix {
  const fix = pythonFixes.find((candidate) => candidate.id === id);
  if (!fix) throw new Error(`no fix ${id}`);
  return fix;
}

export function computeFix(id: string, finding: Finding, report: FileReport, text: string): FixResult | undefined {
  return fixById(id).compute({
    finding,
    report,
    text,
    readFile: (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined),
    fileExists: (file) => fs.existsSync(file),
    dependencies: new Set(),
  });
}

/** Applies a fix's edits for `filePath` to `text`. */
export function applyFix(result: FixResult, filePath: string, text: string): string {
  const edits = result.edits.filter((edit) => edit.path === filePath).flatMap((edit) => edit.edits);
  return applyTextEdits(text, edits);
}

export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-py-'));
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs code with the machine's python3 in a scratch directory. */
export function runPython(code: string, timeoutMs = 60_000): PythonRun {
  const dir = scratchDir();
  const file = path.join(dir, 'main.py');
  fs.writeFileSync(file, code);
  const result = spawnSync('python3', [file], { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
