import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { allRuleMetas } from '../../src/core/rules';
import { expectedRuleDocs } from '../../scripts/rule-docs';

describe('rule registry and documentation', () => {
  it('rule ids are unique and every rule has a description and real documentation', () => {
    const ids = allRuleMetas().map((meta) => meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const meta of allRuleMetas()) {
      assert.ok(meta.description.length > 10 && meta.docs.length > 100, meta.id);
    }
  });

  it('every fix a rule offers is registered', async () => {
    const { fixById } = await import('../../src/fixes');
    for (const meta of allRuleMetas()) {
      for (const fix of meta.fixes) assert.ok(fixById(fix), `${meta.id}: fix ${fix} is registered`);
    }
  });

  it('docs/rules is up to date with the rules (run `npm run docs`)', () => {
    for (const [file, text] of expectedRuleDocs()) {
      assert.ok(fs.existsSync(file), `${file} exists`);
      assert.equal(fs.readFileSync(file, 'utf8'), text, `${file} is up to date`);
    }
  });
});
