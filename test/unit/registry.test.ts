/**
 * The rule and fix registries, and what every rule must come with (the recipe in
 * docs/ARCHITECTURE.md): documentation generated into docs/rules/<id>.md, its own test file
 * test/unit/rules/<id>.test.ts with valid and invalid cases, at least one finding in a fixture
 * folder's expected.json, and fixes that are registered for its language. A rule added without
 * any of these fails here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectedRuleDocs } from '../../scripts/rule-docs';
import { allRuleMetas, ruleMeta } from '../../src/core/rules';
import { allFixes, attachFixes, fixById, unofferedFixes } from '../../src/fixes';
import { fixtureFolders } from './support';

const RULE_TESTS = path.join(__dirname, 'rules');
const DOCS = path.resolve(__dirname, '../../docs/rules');

describe('rule registry', () => {
  it('rule ids are unique and every rule has a description and real documentation', () => {
    const ids = allRuleMetas().map((meta) => meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const meta of allRuleMetas()) {
      assert.ok(meta.description.length > 10 && meta.docs.length > 100, meta.id);
    }
  });

  it('docs/rules is up to date with the rules (run `npm run docs`)', () => {
    for (const meta of allRuleMetas()) assert.ok(fs.existsSync(path.join(DOCS, `${meta.id}.md`)), `docs/rules/${meta.id}.md exists`);
    for (const [file, text] of expectedRuleDocs()) {
      assert.ok(fs.existsSync(file), `${file} exists`);
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} is up to date`);
    }
  });

  it('every rule has its own test file with valid and invalid cases', () => {
    for (const meta of allRuleMetas()) {
      const file = path.join(RULE_TESTS, `${meta.id}.test.ts`);
      assert.ok(fs.existsSync(file), `test/unit/rules/${meta.id}.test.ts exists`);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, new RegExp(`testRule\\('${meta.id}'`), `${meta.id}.test.ts tests ${meta.id}`);
      assert.match(text, /valid: \[\s*\{/, `${meta.id}.test.ts has valid cases`);
      assert.match(text, /invalid: \[\s*\{/, `${meta.id}.test.ts has invalid cases`);
    }
    const orphans = fs.readdirSync(RULE_TESTS).map((file) => file.replace(/\.test\.ts$/, '')).filter((id) => !ruleMeta(id));
    assert.deepEqual(orphans, [], 'test files of rules that do not exist');
  });

  it('every rule has a finding in a fixture folder of its language', () => {
    const pinned = new Set(fixtureFolders().flatMap((folder) => Object.values(folder.expected).flatMap((file) => file.findings.map((finding) => `${folder.language}:${finding.rule}`))));
    for (const meta of allRuleMetas()) assert.ok(pinned.has(`${meta.language}:${meta.id}`), `a test/fixtures/${meta.language}/*/expected.json lists a ${meta.id} finding`);
  });
});

describe('fix registry', () => {
  it('every fix a rule offers is registered, and every registered fix is offered by a rule', () => {
    for (const meta of allRuleMetas()) {
      for (const fix of meta.fixes) assert.ok(fixById(fix), `${meta.id}: fix ${fix} is registered`);
    }
    assert.deepEqual(unofferedFixes(allRuleMetas(), allFixes), []);
    const ids = allFixes.map((fix) => fix.id);
    assert.equal(new Set(ids).size, ids.length, 'fix ids are unique');
  });

  it('refuses to attach a fix of another language, or an unknown one, to a rule', () => {
    const typescriptRule = ruleMeta('blocking-sync-io')!;
    const pythonRule = ruleMeta('blocking-call-in-async')!;
    assert.throws(() => attachFixes([{ ...typescriptRule, fixes: ['sleep-to-asyncio-sleep'] }], allFixes), /blocking-sync-io \(typescript\) offers fix sleep-to-asyncio-sleep, which is a python fix/);
    assert.throws(() => attachFixes([{ ...pythonRule, fixes: ['ignore'] }], allFixes), /which is a typescript fix/);
    assert.throws(() => attachFixes([{ ...pythonRule, fixes: ['no-such-fix'] }], allFixes), /not registered/);
    assert.deepEqual(attachFixes([typescriptRule], allFixes).get('blocking-sync-io')!.map((fix) => fix.id), typescriptRule.fixes);
  });

  it('a fix computed for a file of another language does nothing', () => {
    const finding = { rule: 'blocking-sync-io', severity: 'warning' as const, message: '', range: { line: 1, column: 1, endLine: 1, endColumn: 5 }, related: [], fixes: ['ignore'], data: { callStart: 0, callEnd: 4, callee: 'f', start: 0, end: 4, snippet: 'f()' } };
    const input = (language: 'python' | 'typescript', text: string) => ({
      finding, text, report: { path: `/x/main.${language === 'python' ? 'py' : 'ts'}`, language, functions: [], findings: [], parseErrors: 0 },
      readFile: () => undefined, fileExists: () => false, dependencies: new Set<string>(),
    });
    for (const fix of allFixes) {
      const other = fix.language === 'python' ? 'typescript' : 'python';
      assert.equal(fix.compute(input(other, 'f()\n')), undefined, `${fix.id} (${fix.language}) on a ${other} file`);
    }
  });
});
