/**
 * docs/rules/<id>.md is generated from each rule's metadata (the single source: the rule file),
 * so the documentation a diagnostic links to never drifts from the rule. `npm run docs` writes
 * the files; a unit test fails when they are out of date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleMetas } from '../src/core/rules';
import type { RuleMeta } from '../src/core/model';

export const RULE_DOCS_DIR = path.resolve(__dirname, '../docs/rules');

export function renderRuleDoc(meta: RuleMeta): string {
  const language = meta.language === 'python' ? 'Python' : 'TypeScript and JavaScript';
  return [
    `# \`${meta.id}\``,
    '',
    `> ${meta.description}`,
    '',
    `- **Language:** ${language}`,
    `- **Default severity:** ${meta.defaultSeverity}${meta.id === 'cpu-on-event-loop' || meta.id === 'blocking-sync-io' ? ' (error inside request handlers and code they reach)' : ''}`,
    `- **Quick fixes:** ${meta.fixes.map((fix) => `\`${fix}\``).join(', ')}`,
    '',
    meta.docs,
    '',
    '## Configuration',
    '',
    'Change the severity or turn the rule off in `threadwise.config.json` (CLI) or the',
    '`threadwise.rules` setting (VS Code):',
    '',
    '```json',
    `{ "rules": { "${meta.id}": "off" } }`,
    '```',
    '',
    `Silence one occurrence with \`${meta.language === 'python' ? '#' : '//'} threadwise-ignore-next-line ${meta.id}\` on the line before it.`,
    '',
  ].join('\n');
}

export function expectedRuleDocs(): Map<string, string> {
  return new Map(allRuleMetas().map((meta) => [path.join(RULE_DOCS_DIR, `${meta.id}.md`), renderRuleDoc(meta)]));
}

if (require.main === module) {
  fs.mkdirSync(RULE_DOCS_DIR, { recursive: true });
  for (const [file, text] of expectedRuleDocs()) fs.writeFileSync(file, text);
  console.log(`wrote ${expectedRuleDocs().size} rule documents to ${path.relative(process.cwd(), RULE_DOCS_DIR)}`);
}
