import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { allRuleMetas, ruleMeta } from '../../src/core/rules';
import { allFixes, attachFixes, fixById, unofferedFixes } from '../../src/fixes';
import { expectedRuleDocs } from '../../scripts/rule-docs';

describe('rule registry and documentation', () => {
  it('rule ids are unique and every rule has a description and real documentation', () => {
    const ids = allRuleMetas().map((meta) => meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const meta of allRuleMetas()) {
      assert.ok(meta.description.length > 10 && meta.docs.length > 100, meta.id);
    }
  });

  it('every fix a rule offers is registered, and every registered fix is offered by a rule', () => {
    for (const meta of allRuleMetas()) {
      for (const fix of meta.fixes) assert.ok(fixById(fix), `${meta.id}: fix ${fix} is registered`);
    }
    assert.deepEqual(unofferedFixes(allRuleMetas(), allFixes), []);
  });

  it('the fix registry refuses a fix of another language, or an unknown one, for a rule', () => {
    const typescriptRule = ruleMeta('blocking-sync-io')!;
    const pythonRule = ruleMeta('blocking-call-in-async')!;
    assert.throws(() => attachFixes([{ ...typescriptRule, fixes: ['sleep-to-asyncio-sleep'] }], allFixes), /blocking-sync-io \(typescript\) offers fix sleep-to-asyncio-sleep, which is a python fix/);
    assert.throws(() => attachFixes([{ ...pythonRule, fixes: ['ignore'] }], allFixes), /which is a typescript fix/);
    assert.throws(() => attachFixes([{ ...pythonRule, fixes: ['no-such-fix'] }], allFixes), /not registered/);
    assert.deepEqual(attachFixes([typescriptRule], allFixes).get('blocking-sync-io')!.map((fix) => fix.id), typescriptRule.fixes);
  });

  it('docs/rules is up to date with the rules (run `npm run docs`)', () => {
    for (const [file, text] of expectedRuleDocs()) {
      assert.ok(fs.existsSync(file), `${file} exists`);
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} is up to date`);
    }
  });
});
