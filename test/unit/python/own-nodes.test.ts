/**
 * ownNodes: a function's own calls, bindings, loops and returns, found in one walk and kept; the
 * nodes of nested functions, lambdas and classes belong to those.
 */
import { strict as assert } from 'node:assert';
import { PythonParser } from '../../../src/core/python/parser';
import { type FunctionUnit, ownNodes, summarizeModule } from '../../../src/core/python/summarize';
import { textOf } from '../../../src/core/python/syntax';

const SOURCE = `
import json

def load(paths):
    results = []
    for path in paths:
        with open(path) as f:
            results.append(json.load(f))
    total = sum(len(r) for r in results)
    total += 1
    def helper(x):
        return str(x)
    key = lambda item: item.name
    class Local:
        size = compute()
    return [helper(r) for r in results]
`;

describe("python ownNodes: a function's own nodes by kind", function () {
  this.timeout(30_000);
  let load: FunctionUnit;

  before(async () => {
    const parser = await PythonParser.create();
    const module = summarizeModule(parser.parse('load.py', SOURCE));
    load = module.units.find((unit) => unit.name === 'load') as FunctionUnit;
  });

  const texts = (kind: 'calls' | 'bindings' | 'loops' | 'returns') => ownNodes(load)[kind].map((node) => textOf(load.module.source, node).split('\n')[0]);

  it('lists its own calls in document order, not those of nested defs, lambdas and classes', () => {
    assert.deepEqual(texts('calls'), ['open(path)', 'results.append(json.load(f))', 'json.load(f)', 'sum(len(r) for r in results)', 'len(r)', 'helper(r)']);
  });

  it('lists assignments, augmented assignments and `as` targets, loops and returns', () => {
    assert.deepEqual(texts('bindings'), ['results = []', 'open(path) as f', 'total = sum(len(r) for r in results)', 'total += 1', 'key = lambda item: item.name']);
    assert.deepEqual(texts('loops'), ['for path in paths:', '(len(r) for r in results)', '[helper(r) for r in results]']);
    assert.deepEqual(texts('returns'), ['return [helper(r) for r in results]']);
  });

  it('walks the body once: the lists are kept on the unit', () => {
    assert.equal(ownNodes(load), ownNodes(load));
  });
});
