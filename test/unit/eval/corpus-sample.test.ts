import * as assert from 'node:assert/strict';
import { select, type Candidate } from '../../../scripts/corpus-sample.mjs';

const CANDIDATES: Candidate[] = Array.from({ length: 30 }, (_, i) => ({
  file: `lib/m${i % 3}.js`,
  function: `f${i}`,
  line: i + 1,
  api: i % 4 === 0,
}));

describe('blind corpus selection rule (scripts/corpus-sample.mjs)', () => {
  it('takes KR random candidates, then KA public-API ones not already taken, whatever the input order', () => {
    const chosen = select(CANDIDATES, { seed: 7, KR: 5, KA: 3 });
    assert.deepEqual(select([...CANDIDATES].reverse(), { seed: 7, KR: 5, KA: 3 }), chosen);
    assert.equal(chosen.filter((c) => c.stratum === 'random').length, 5);
    const api = chosen.filter((c) => c.stratum === 'api');
    assert.equal(api.length, 3);
    const isApi = new Set(CANDIDATES.filter((c) => c.api).map((c) => c.function));
    assert.ok(api.every((c) => isApi.has(c.function)));
    assert.equal(new Set(chosen.map((c) => c.function)).size, chosen.length);
  });

  it('depends on the seed, and takes what there is from a small package', () => {
    const seen = new Set([1, 2, 3, 4].map((seed) => select(CANDIDATES, { seed, KR: 5, KA: 0 }).map((c) => c.function).join()));
    assert.ok(seen.size > 1);
    assert.equal(select(CANDIDATES.slice(0, 4), { seed: 1, KR: 5, KA: 5 }).length, 4);
  });
});
