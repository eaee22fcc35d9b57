/**
 * Every fixture folder has an expected.json: the verdict of named functions and the exact set of
 * findings (rule and line, and severity where given). A finding that appears or disappears
 * fails the test, so fixtures pin both what is reported and what stays quiet.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, FIXTURES } from './helpers';

interface Expected {
  functions: Record<string, string>;
  findings: { rule: string; line: number; severity?: string }[];
}

const FOLDERS = ['articles', 'express-app', 'valid', 'libraries'];

describe('TypeScript fixtures', () => {
  for (const folder of FOLDERS) {
    const root = path.join(FIXTURES, 'typescript', folder);
    const expected: Record<string, Expected> = JSON.parse(fs.readFileSync(path.join(root, 'expected.json'), 'utf8'));
    describe(folder, () => {
      let reports: Awaited<ReturnType<typeof analyzeFolder>>;
      before(async () => {
        reports = await analyzeFolder(root, Object.keys(expected));
      });
      for (const [file, expectation] of Object.entries(expected)) {
        it(`${file}: verdicts`, () => {
          const report = reports.get(file)!;
          const actual = Object.fromEntries(Object.keys(expectation.functions).map((name) => [name, report.functions.find((fn) => fn.name === name)?.kind ?? 'missing']));
          assert.deepEqual(actual, expectation.functions, JSON.stringify(report.functions.map((fn) => [fn.name, fn.kind, fn.cost.description])));
        });
        it(`${file}: findings`, () => {
          const report = reports.get(file)!;
          const actual = report.findings.map((finding) => ({ rule: finding.rule, line: finding.range.line, ...(expectation.findings.some((e) => e.severity) ? { severity: finding.severity } : {}) }));
          const wanted = expectation.findings.map((finding) => ({ rule: finding.rule, line: finding.line, ...(finding.severity ? { severity: finding.severity } : {}) }));
          assert.deepEqual(actual, wanted, report.findings.map((finding) => `${finding.rule}@${finding.range.line}: ${finding.message}`).join('\n'));
        });
      }
    });
  }
});
