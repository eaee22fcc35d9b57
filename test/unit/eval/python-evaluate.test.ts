import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { KINDS, entriesOfHalf, parseArguments, readCorpusFile, type Corpus } from '../../eval/python/evaluate';

const BLIND_CORPORA = ['blind', 'blind2'].map((folder) => path.join(__dirname, '..', '..', 'eval', folder, 'python', 'corpus.json'));

function entry(pkg: string, fn: string): Corpus['functions'][number] {
  return { package: pkg, file: `${pkg}/m.py`, function: fn, label: 'none', interprocedural: false, why: 'test' };
}

describe('Python corpus evaluator', () => {
  it('keeps only the packages of the requested half', () => {
    const corpus: Corpus = {
      functions: [entry('a', 'f'), entry('b', 'g'), entry('c', 'h')],
      split: { seed: 1, dev: ['a', 'c'], holdout: ['b'] },
    };
    assert.deepEqual(entriesOfHalf(corpus, 'dev').map((e) => e.function), ['f', 'h']);
    assert.deepEqual(entriesOfHalf(corpus, 'holdout').map((e) => e.function), ['g']);
  });

  it('refuses a half when the corpus has no split', () => {
    assert.throws(() => entriesOfHalf({ functions: [entry('a', 'f')] }, 'dev'), /no "split"/);
  });

  it('parses --corpus, --half and --cli, and rejects unknown halves and options', () => {
    const args = parseArguments(['--corpus', 'x.json', '--half', 'dev', '--cli', 'cli.js', '--json']);
    assert.equal(args.corpus, path.resolve('x.json'));
    assert.equal(args.options.half, 'dev');
    assert.equal(args.options.cli, path.resolve('cli.js'));
    assert.equal(args.json, true);
    assert.throws(() => parseArguments(['--half', 'test']), /--half must be one of/);
    assert.throws(() => parseArguments(['--cli']), /needs a value/);
    assert.throws(() => parseArguments(['--verbose']), /unknown option/);
  });

  // shape only: which label a function has is not looked at here
  for (const file of BLIND_CORPORA) {
    it(`${path.basename(path.dirname(path.dirname(file)))} Python corpus is well formed: known kinds, pinned packages, disjoint halves covering them all`, () => {
      const corpus = readCorpusFile(file);
      const packages = Object.keys(corpus.packages ?? {});
      assert.ok(corpus.split && packages.length >= 8);
      const halves = [...corpus.split.dev, ...corpus.split.holdout];
      assert.equal(new Set(halves).size, halves.length, 'a package is in both halves');
      assert.deepEqual([...halves].sort(), [...packages].sort());
      for (const info of Object.values(corpus.packages ?? {})) assert.match(`${info.debian}=${info.version}`, /^python3-[\w.-]+=\S+$/);
      const seen = new Set<string>();
      for (const e of corpus.functions) {
        assert.ok((KINDS as readonly string[]).includes(e.label), `${e.file} ${e.function}: unknown kind`);
        assert.ok(packages.includes(e.package), `${e.function}: unknown package ${e.package}`);
        assert.ok(e.file.startsWith(`${e.package}/`) && e.why.length > 0, `${e.file} ${e.function}`);
        const key = `${e.file}:${e.function}`;
        assert.ok(!seen.has(key), `${key} labelled twice`);
        seen.add(key);
      }
    });
  }
});
