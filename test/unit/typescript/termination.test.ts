/**
 * The analysis terminates quickly on the shapes that make naive interprocedural analyses loop:
 * mutually recursive generator methods (yaml's parser once hung the analyser), long call chains
 * closed into a cycle, and names defined in terms of themselves.
 */
import * as assert from 'node:assert/strict';
import { analyzeSources } from '../support';

const BOUND_MS = 10_000;

function parserSource(methods: number): string {
  const names = Array.from({ length: methods }, (_, i) => `step${i}`);
  const bodies = names.map((name, i) => `  *${name}(token) {
    switch (token.type) {
      case 'a': yield* this.${names[(i + 1) % methods]}(token.next);
        break;
      case 'b': yield* this.${names[(i + 7) % methods]}(token.items[0]);
        break;
      default:
        for (const item of token.items) yield* this.${names[(i * 3 + 1) % methods]}(item);
    }
    yield* this.parse(token.source);
  }`).join('\n');
  return `export class Parser {
  *parse(source) {
    for (const token of this.lex(source)) yield* this.step0(token);
  }
  *lex(source) {
    for (let i = 0; i < source.length; i++) yield { type: source[i], items: [], next: null, source };
  }
${bodies}
}
export function parseAll(source) {
  return [...new Parser().parse(source)];
}
`;
}

describe('termination', () => {
  it('analyses mutually recursive generator methods within a bound', async function () {
    this.timeout(BOUND_MS * 2);
    const started = Date.now();
    const reports = await analyzeSources({ 'parser.js': parserSource(60) });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < BOUND_MS, `took ${elapsed} ms`);
    const functions = reports.get('parser.js')!.functions;
    assert.equal(functions.filter((fn) => fn.name.startsWith('Parser.step')).length, 60);
    assert.ok(functions.every((fn) => ['cpu', 'none'].includes(fn.kind)), functions.map((fn) => `${fn.name}: ${fn.kind}`).join(', '));
  });

  it('analyses a long chain of calls closed into a cycle, across files, within a bound', async function () {
    this.timeout(BOUND_MS * 2);
    const files: Record<string, string> = {};
    const count = 120;
    for (let i = 0; i < count; i++) {
      const next = (i + 1) % count;
      files[`f${i}.js`] = `const next = require('./f${next}.js');
exports.run${i} = function run${i}(items, depth) {
  if (depth > 1000) return require('node:fs').readFileSync('x');
  for (const item of items) next.run${next}(item.children, depth + 1);
  return items.length;
};
`;
    }
    const started = Date.now();
    const reports = await analyzeSources(files);
    assert.ok(Date.now() - started < BOUND_MS, `took ${Date.now() - started} ms`);
    assert.equal(reports.get('f0.js')!.functions.find((fn) => fn.name === 'run0')?.kind, 'io-sync');
  });

  it('terminates on names defined in terms of themselves', async () => {
    const reports = await analyzeSources({
      'self.js': `var a = a || {};
var b = b || a;
a.b = b;
b.a = a;
a.run = function () { return b.a.b.a.run(); };
var c = function () { return c()()(); };
module.exports = { a, c };
`,
    });
    assert.ok(reports.get('self.js')!.functions.length > 0);
  });
});
