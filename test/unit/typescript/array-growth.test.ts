/**
 * Arrays built up in place: `const out = []` followed by pushes in a loop holds as many items as
 * the loop pushed, not none. A sort, loop or kernel over it afterwards is costed by that length.
 */
import * as assert from 'node:assert/strict';
import { analyzeSource } from '../support';
import type { FileReport } from '../../../src/core/model';

function fn(report: FileReport, name: string) {
  const found = report.functions.find((candidate) => candidate.name === name);
  assert.ok(found, `no report for ${name}`);
  return found;
}

function evidenceOf(report: FileReport, name: string): string {
  return fn(report, name).evidence.map((item) => item.message).join(' | ');
}

describe('arrays filled by push', () => {
  it('a sort over an array pushed 300,000 times costs 300,000 · log n comparisons', async () => {
    const report = await analyzeSource(`export function rankScores() {
  const scores = [];
  for (let i = 0; i < 300_000; i++) scores.push((i * 7919) % 100_003);
  scores.sort((a, b) => a - b);
  return scores[0];
}
`);
    assert.equal(fn(report, 'rankScores').kind, 'cpu');
    assert.match(evidenceOf(report, 'rankScores'), /sort\(\) over scores \(5,100,000 iterations\)/);
  });

  it('the same work with push outside a loop, a few times, stays small', async () => {
    const report = await analyzeSource(`export function threeLabels() {
  const labels = [];
  labels.push('low', 'mid');
  labels.push('high');
  labels.sort();
  return labels.join(',');
}
`);
    assert.equal(fn(report, 'threeLabels').kind, 'none');
    assert.doesNotMatch(evidenceOf(report, 'threeLabels'), /sort\(\) over labels \(0 iterations\)/);
  });

  it('an array declared inside a loop grows by its own inner loop only', async () => {
    const report = await analyzeSource(`export function rowTotals() {
  const totals = [];
  for (let r = 0; r < 2_000; r++) {
    const cells = [];
    for (let c = 0; c < 8; c++) cells.push(r * c);
    for (const cell of cells) totals.push(cell * 2);
  }
  return totals.length;
}
`);
    // 8 cells a row; counted as every row's pushes it would be 16,000 a row, 32 million in all
    const ms = fn(report, 'rowTotals').cost.ms ?? 0;
    assert.ok(ms < 5, `estimate ${ms} ms`);
  });

  it('a loop over an array filled by 50,000 pushes runs 50,000 times', async () => {
    const report = await analyzeSource(`export function blockDigest() {
  const blocks = [];
  for (let i = 0; i < 50_000; i++) blocks.push(i);
  let digest = 0;
  for (const block of blocks) {
    for (let k = 0; k < 64; k++) digest = (digest * 31 + block + k) | 0;
  }
  return digest;
}
`);
    assert.equal(fn(report, 'blockDigest').kind, 'cpu');
    assert.match(evidenceOf(report, 'blockDigest'), /Loop over blocks \(50,000 iterations\)/);
  });

  it('growth the walk cannot count (a push from a callback, an index write) is unknown, never zero', async () => {
    const report = await analyzeSource(`export function fromCallback(rows: string[]) {
  const names: string[] = [];
  rows.forEach((row) => names.push(row));
  names.sort();
  return names;
}
export function byIndex(rows: string[]) {
  const names: string[] = [];
  for (let i = 0; i < rows.length; i++) names[i] = rows[i];
  names.sort();
  return names;
}
`);
    for (const name of ['fromCallback', 'byIndex']) {
      assert.doesNotMatch(evidenceOf(report, name), /\(0 iterations\)/, name);
    }
  });
});
