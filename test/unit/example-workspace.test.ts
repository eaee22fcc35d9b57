/**
 * The example workspace is what a new user sees first (`npm start`): every file must show exactly
 * the findings its README promises. The README's table is the expectation, so the two cannot drift.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { Analyzer } from '../../src/core/engine';

const WORKSPACE = path.resolve(__dirname, '../../examples/workspace');

/** `file → rule ids` from the README's `| file | what … | rules |` table. */
function promisedRules(): Map<string, string[]> {
  const readme = fs.readFileSync(path.join(WORKSPACE, 'README.md'), 'utf8');
  const promised = new Map<string, string[]>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 5 || !cells[1].startsWith('`')) continue;
    const files = [...cells[1].matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    const rules = cells[3] === 'none' ? [] : [...cells[3].matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    for (const file of files) promised.set(file, rules);
  }
  return promised;
}

function sourceFiles(): string[] {
  return ['src', 'python'].flatMap((folder) =>
    fs.readdirSync(path.join(WORKSPACE, folder)).filter((name) => /\.(ts|py)$/.test(name)).map((name) => `${folder}/${name}`));
}

describe('example workspace', () => {
  it('its README names every source file', () => {
    assert.deepEqual([...promisedRules().keys()].sort(), sourceFiles().sort());
  });

  it('every file shows the rules its README promises, and nothing else', async () => {
    const analyzer = new Analyzer({ root: WORKSPACE, config: DEFAULT_CONFIG });
    const reports = await analyzer.analyzeFiles(sourceFiles().map((file) => path.join(WORKSPACE, file)));
    const found = new Map(reports.map((report) => [
      path.relative(WORKSPACE, report.path).split(path.sep).join('/'),
      [...new Set(report.findings.map((finding) => finding.rule))].sort(),
    ]));
    const expected = new Map([...promisedRules()].map(([file, rules]) => [file, [...rules].sort()]));
    assert.deepEqual(Object.fromEntries(found), Object.fromEntries(expected));
  });
});
