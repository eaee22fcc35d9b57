/**
 * Rule tests in the style of typescript-eslint's RuleTester: each rule has one test file with
 * code it must leave alone (valid) and code it must flag (invalid), the invalid cases pinning
 * every finding's message, range and severity and what the rule's fixes make of the code. Each
 * case is a small project written to a temporary folder and analysed with the real engine, so a
 * case sees exactly what the editor and the CLI see (configuration, suppressions, other files).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport, Finding, Severity } from '../../../src/core/model';
import { ruleMeta } from '../../../src/core/rules';
import type { FixResult } from '../../../src/fixes/fix';
import { fixFor } from '../../../src/fixes/index';
import { writeSources } from './analysis';
import { applyTo, fixInput, newFindings, scratchFolder } from './fix-harness';

export interface RuleCase {
  name: string;
  /** the file under test */
  code: string;
  /** its name: `main.ts` for TypeScript rules and `main.py` for Python rules unless given */
  filename?: string;
  /** other files of the project (relative path → text), analysed with it */
  files?: Record<string, string>;
  /** threadwise configuration, as in threadwise.config.json */
  config?: unknown;
  /** the case shows a defect of the analysis: it is reported as pending, with this explanation */
  pending?: string;
}

export interface ExpectedFinding {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** related locations (file relative to the project), checked when given */
  related?: { file: string; line: number; message: string }[];
}

export interface ExpectedFix {
  /** the fix id; it is computed for the case's first finding unless `finding` says which */
  id: string;
  finding?: number;
  /**
   * What the fix does to the file under test, as a line diff (`lineDiff`), or null when the fix
   * must refuse.
   */
  diff: string | null;
  /** files the fix creates, relative to the project */
  newFiles?: string[];
  /**
   * Every fix output is analysed again and must raise no finding the input did not have. Rules
   * listed here are a known, open defect of the fix (say which in a comment next to it).
   */
  knownNew?: string[];
}

export interface InvalidCase extends RuleCase {
  findings: ExpectedFinding[];
  /** the fixes each finding offers, best first (the first finding's, unless more are given) */
  offers?: string[][];
  fixes?: ExpectedFix[];
}

export interface RuleCases {
  valid: RuleCase[];
  invalid: InvalidCase[];
}

/** Declares the mocha suite of one rule: `describe('rule <id>')` with one test per case. */
export function testRule(ruleId: string, cases: RuleCases): void {
  const meta = ruleMeta(ruleId);
  describe(`rule ${ruleId}`, function () {
    this.timeout(60_000);
    it('is registered', () => assert.ok(meta, `${ruleId} is in the rule registry`));
    for (const testCase of cases.valid) {
      declare(`valid: ${testCase.name}`, testCase, async () => {
        await withCase(meta!.language, testCase, async ({ report }) => {
          assert.deepEqual(describeFindings(report, ruleId), [], 'no finding expected');
        });
      });
    }
    for (const testCase of cases.invalid) {
      declare(`invalid: ${testCase.name}`, testCase, async () => {
        if (process.env.THREADWISE_PRINT_CASES) process.stdout.write(`<<<case ${testCase.name}>>>\n`);
        await withCase(meta!.language, testCase, async (run) => {
          const findings = run.report.findings.filter((finding) => finding.rule === ruleId);
          const actual = findings.map((finding, index) => shapeOf(finding, run.root, testCase.findings[index]?.related !== undefined));
          if (process.env.THREADWISE_PRINT_CASES) process.stdout.write(`${testCase.name}:\n${JSON.stringify(actual, null, 2)}\n`);
          assert.ok(testCase.findings.length > 0, 'an invalid case expects at least one finding');
          assert.deepEqual(actual, testCase.findings, describeFindings(run.report, ruleId).join('\n'));
          (testCase.offers ?? []).forEach((offered, index) => assert.deepEqual(findings[index].fixes, offered, `fixes offered by finding ${index}`));
          for (const expected of testCase.fixes ?? []) await checkFix(run, findings[expected.finding ?? 0], expected, sources(testCase, meta!.language));
        });
      });
    }
  });
}

function declare(title: string, testCase: RuleCase, body: () => Promise<void>): void {
  if (testCase.pending) it.skip(`${title} — PENDING: ${testCase.pending}`, body);
  else it(title, body);
}

interface CaseRun {
  root: string;
  file: string;
  text: string;
  report: FileReport;
  analyzer: Analyzer;
}

async function withCase(language: 'typescript' | 'python', testCase: RuleCase, body: (run: CaseRun) => Promise<void>): Promise<void> {
  const root = scratchFolder('rule-case');
  const name = testCase.filename ?? (language === 'python' ? 'main.py' : 'main.ts');
  const sources = { ...testCase.files, [name]: testCase.code };
  writeSources(root, sources);
  try {
    const analyzer = new Analyzer({ root, config: parseConfig(testCase.config) });
    const file = path.join(root, name);
    const reports = await analyzer.analyzeFiles(Object.keys(sources).map((source) => path.join(root, source)));
    const report = reports.find((candidate) => candidate.path === file);
    assert.ok(report, `no report for ${name}`);
    await body({ root, file, text: testCase.code, report, analyzer });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function shapeOf(finding: Finding, root: string, withRelated: boolean): ExpectedFinding {
  const { line, column, endLine, endColumn } = finding.range;
  const shape: ExpectedFinding = { message: withoutTimes(finding.message), line, column, endLine, endColumn, severity: finding.severity };
  if (withRelated) shape.related = finding.related.map((related) => ({ ...related, file: path.relative(root, related.file).split(path.sep).join('/') }));
  return shape;
}

function describeFindings(report: FileReport, ruleId: string): string[] {
  return report.findings.filter((finding) => finding.rule === ruleId).map((finding) => `${finding.range.line}:${finding.range.column} ${finding.severity} ${withoutTimes(finding.message)}`);
}

/**
 * Estimated times depend on the calibration table measured on some machine (`npm run
 * calibrate`), so expected messages say `≈ {time}` where the message gives one; the figures are
 * checked apart, against the table (test/unit/cost/time.test.ts).
 */
export function withoutTimes(message: string): string {
  return message.replace(/≈ [\d.,]+ (?:µs|ms|s|min|h)\b|< 1 µs/g, '≈ {time}');
}

function sources(testCase: RuleCase, language: 'typescript' | 'python'): Record<string, string> {
  const name = testCase.filename ?? (language === 'python' ? 'main.py' : 'main.ts');
  return { ...testCase.files, [name]: testCase.code };
}

async function checkFix(run: CaseRun, finding: Finding | undefined, expected: ExpectedFix, files: Record<string, string>): Promise<void> {
  assert.ok(finding, `no finding ${expected.finding ?? 0} to fix`);
  assert.ok(finding.fixes.includes(expected.id), `the finding offers ${expected.id} (it offers ${finding.fixes.join(', ')})`);
  const fix = fixFor(finding, expected.id);
  assert.ok(fix, `${expected.id} is registered for ${finding.rule}`);
  const project = run.analyzer.fixProject(run.report.path);
  const result = fix.compute(fixInput(run.root, run.report, finding, { text: run.text, project }));
  if (process.env.THREADWISE_PRINT_CASES) {
    const created = result?.newFiles.map((file) => path.relative(run.root, file.path)) ?? [];
    process.stdout.write(`<<<fix ${expected.id} ${expected.finding ?? 0} ${JSON.stringify(created)}>>>\n${result ? lineDiff(run.text, applyTo(result, run.file, run.text)) : 'refused'}<<<end>>>\n`);
  }
  if (expected.diff === null) {
    assert.ok(result === undefined || result.refused !== undefined, `${expected.id} refuses`);
    return;
  }
  assert.ok(result && !result.refused, `${expected.id} applies${result?.refused ? ` (refused: ${result.refused})` : ''}`);
  assert.equal(lineDiff(run.text, applyTo(result, run.file, run.text)), expected.diff, `${expected.id}: ${result.title}`);
  assert.deepEqual(result.newFiles.map((created) => path.relative(run.root, created.path)).sort(), [...(expected.newFiles ?? [])].sort(), 'new files');
  await assertNothingNew(run, finding, result, files, expected.knownNew);
}

/** The fixed project, analysed again, has no finding (of any rule) the original did not have, apart from the one fixed. */
async function assertNothingNew(run: CaseRun, finding: Finding, result: FixResult, files: Record<string, string>, known?: string[]): Promise<void> {
  const root = scratchFolder('rule-case-fixed');
  const fixed: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) fixed[name] = applyTo(result, path.join(run.root, name), text);
  for (const created of result.newFiles) fixed[path.relative(run.root, created.path)] = created.text;
  writeSources(root, fixed);
  try {
    const config = run.analyzer.config;
    const before = await new Analyzer({ root: run.root, config }).analyzeFiles(Object.keys(files).map((name) => path.join(run.root, name)));
    const after = await new Analyzer({ root, config }).analyzeFiles(Object.keys(fixed).map((name) => path.join(root, name)));
    const byName = (base: string, reports: FileReport[]) => new Map(reports.map((report) => [path.relative(base, report.path), report]));
    const original = byName(run.root, before);
    const fixedFinding = original.get(path.relative(run.root, run.file))?.findings.find((other) => other.rule === finding.rule && other.message === finding.message && other.range.line === finding.range.line);
    const added = newFindings(original, byName(root, after), fixedFinding ?? finding).filter((line) => !(known ?? []).some((rule) => line.includes(` ${rule}: `)));
    assert.deepEqual(added, [], `${result.title}: the fixed code raises new findings`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Code in a test case, written indented with the test: the first line break and the common
 * indentation are removed (`code\`\n    import x from 'y';\n  \``  → `import x from 'y';\n`).
 */
export function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common)).join('\n');
}

/**
 * The lines a change removes (`-`) and adds (`+`), in hunks headed by the first changed line of
 * the original (`@@ 12`), without context lines: short enough to read in a test, exact enough to
 * pin every character the fix writes.
 */
export function lineDiff(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // longest common subsequence, from the end
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  let inHunk = false;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
      inHunk = false;
      continue;
    }
    if (!inHunk) out.push(`@@ ${i + 1}`);
    inHunk = true;
    if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
