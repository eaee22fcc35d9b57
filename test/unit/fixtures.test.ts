/**
 * The fixture convention, for every language: each folder test/fixtures/<language>/<name>/ holds
 * realistic code and an expected.json with the verdict of named functions and the exact set of
 * findings of each file (rule and line, and severity where given). A finding that appears or
 * disappears fails the test, so fixtures pin both what is reported and what stays quiet. The
 * registry test requires every rule to have a finding in some fixture of its language.
 * (test/fixtures/fixes/ holds the projects the TypeScript fixes are built and run in.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFolder, fixtureFolders, type Reports, sourceFiles } from './support';

/** Fixtures checked by their own test, with the same expected.json, after a set-up step. */
const OWN_TEST: Record<string, string> = {
  'typescript/monorepo': 'typescript/monorepo.test.ts (links the workspace package into node_modules first)',
};

for (const { language, name, root, expected } of fixtureFolders().filter((folder) => !OWN_TEST[`${folder.language}/${folder.name}`])) {
  describe(`${language} fixture ${name}`, function () {
    this.timeout(60_000);
    let reports: Reports;
    before(async () => {
      // the whole project is analysed, as the editor would: callers in unlisted files count
      reports = await analyzeFolder(root, sourceFiles(root).map((file) => path.relative(root, file)));
    });
    for (const [file, expectation] of Object.entries(expected)) {
      it(`${file}: verdicts`, () => {
        const report = reports.get(file)!;
        const actual = Object.fromEntries(Object.keys(expectation.functions).map((fn) => [fn, report.functions.find((candidate) => candidate.name === fn)?.kind ?? 'missing']));
        assert.deepEqual(actual, expectation.functions, JSON.stringify(report.functions.map((fn) => [fn.name, fn.kind, fn.cost.description])));
      });
      it(`${file}: findings`, () => {
        const report = reports.get(file)!;
        const withSeverity = expectation.findings.some((finding) => finding.severity);
        const actual = report.findings.map((finding) => ({ rule: finding.rule, line: finding.range.line, ...(withSeverity ? { severity: finding.severity } : {}) }));
        const wanted = expectation.findings.map((finding) => ({ rule: finding.rule, line: finding.line, ...(finding.severity ? { severity: finding.severity } : {}) }));
        assert.deepEqual(actual, wanted, report.findings.map((finding) => `${finding.rule}@${finding.range.line}: ${finding.message}`).join('\n'));
      });
    }
  });
}

describe('fixture folders', () => {
  it('every folder under test/fixtures/<language>/ has an expected.json', () => {
    const folders = fixtureFolders().map((folder) => `${folder.language}/${folder.name}`);
    for (const language of ['typescript', 'python']) {
      for (const entry of fs.readdirSync(path.join(__dirname, '../fixtures', language), { withFileTypes: true })) {
        if (entry.isDirectory()) assert.ok(folders.includes(`${language}/${entry.name}`), `${language}/${entry.name} has no expected.json`);
      }
    }
  });
});


