/**
 * The README's rule table says what each rule does by default: it must agree with the rules'
 * metadata (id, language, default severity), and list every registered rule once.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pythonRules, typescriptRules } from '../../src/core/rules';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

function tableRows(): { id: string; language: string; defaultText: string }[] {
  const section = README.slice(README.indexOf('## Rules'));
  return section.split('\n')
    .filter((line) => /^\| `[a-z-]+` \|/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, id, language, defaultText]) => ({ id: id.replace(/`/g, ''), language, defaultText }));
}

describe('README rule table', () => {
  const rows = tableRows();
  const rules = [...typescriptRules, ...pythonRules];

  it('lists every registered rule exactly once', () => {
    assert.deepEqual(rows.map((row) => row.id).sort(), rules.map((rule) => rule.meta.id).sort());
  });

  for (const rule of rules) {
    it(`${rule.meta.id}: language and default severity agree with the rule's metadata`, () => {
      const row = rows.find((candidate) => candidate.id === rule.meta.id);
      assert.ok(row, `${rule.meta.id} missing from the README`);
      assert.equal(row.language, rule.meta.language === 'typescript' ? 'TS/JS' : 'Python');
      assert.equal(row.defaultText.split(' ')[0], rule.meta.defaultSeverity);
    });
  }
});
