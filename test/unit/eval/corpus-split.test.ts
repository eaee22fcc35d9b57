import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitPackages, splitProblems } from '../../../scripts/lib/corpus-split.mjs';

const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];

describe('evaluation corpus split by package', () => {
  it('is reproducible from its seed and independent of the input order', () => {
    const first = splitPackages(NAMES, 42);
    assert.deepEqual(splitPackages([...NAMES].reverse(), 42), first);
    assert.equal(first.dev.length, 4);
    assert.equal(first.holdout.length, 3);
    assert.deepEqual([...first.dev, ...first.holdout].sort(), [...NAMES].sort());
  });

  it('gives other halves for other seeds', () => {
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => splitPackages(NAMES, seed).dev.join(',')));
    assert.ok(seen.size > 1);
  });

  it('reports a recorded split that its seed does not give', () => {
    const packages = Object.fromEntries(NAMES.map((n) => [n, '1.0.0']));
    const good = { packages, split: { seed: 9, ...splitPackages(NAMES, 9) } };
    assert.deepEqual(splitProblems(good), []);
    const moved = { packages, split: { seed: 9, dev: good.split.dev.slice(1), holdout: [...good.split.holdout, good.split.dev[0]] } };
    assert.equal(splitProblems(moved).length, 2);
  });

  for (const folder of ['blind', 'blind2']) {
    it(`the committed ${folder} TS corpus keeps the halves its seed gives, by package`, () => {
      const file = path.join(__dirname, '..', '..', 'eval', folder, 'ts', 'corpus.json');
      const corpus = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        packages: Record<string, string>;
        split: { seed: number; dev: string[]; holdout: string[] };
        functions: { package: string }[];
      };
      assert.deepEqual(splitProblems(corpus), []);
      const dev = new Set(corpus.split.dev);
      assert.ok(corpus.split.holdout.every((name) => !dev.has(name)));
      assert.ok(corpus.functions.every((f) => f.package in corpus.packages));
    });
  }

  it('the committed blind2 Python corpus keeps the halves its seed gives, by package', () => {
    const file = path.join(__dirname, '..', '..', 'eval', 'blind2', 'python', 'corpus.json');
    const corpus = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, string>; split: { seed: number; dev: string[]; holdout: string[] } };
    assert.deepEqual(splitProblems(corpus), []);
  });
});
