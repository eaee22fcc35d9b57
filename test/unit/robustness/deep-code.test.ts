/**
 * One bad file never costs another file its result: programs nested or chained deeper than the
 * parser or the analyser can follow are analysed, or skipped with a stated reason, and every
 * other file keeps its findings — in a whole run and in the incremental (editor) path.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { parseConfig } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import type { FileReport } from '../../../src/core/model';
import { Evaluator } from '../../../src/core/python/evaluate';
import { Linker } from '../../../src/core/python/link';
import { summarizeFile } from '../../../src/core/typescript/summarize';
import { analyzeSources } from '../support';
import {
  HANDLER_WITH_SYNC_IO, PYTHON_CPU_IN_THREAD, callChain, longConcatenation, nestedArrays, nestedCalls, nestedFunctions,
  nestedParentheses, pythonLongConcatenation, pythonNestedParentheses,
} from './inputs';

const TOO_DEEP = /nested|chained/;

function assertAnalysedOrSkippedWithReason(report: FileReport | undefined): void {
  assert.ok(report, 'the file has a report');
  if (report.skipped !== undefined) assert.match(report.skipped, TOO_DEEP, `a stated reason, not "${report.skipped}"`);
}

function assertHandlerKeptItsFinding(report: FileReport | undefined): void {
  assert.equal(report?.skipped, undefined);
  assert.deepEqual(report?.findings.map((finding) => `${finding.rule}:${finding.severity}@${finding.range.line}`), ['blocking-sync-io:error@4']);
}

const TYPESCRIPT_CASES: [string, string, string][] = [
  ['a 1,500-term string concatenation', 'chain.js', longConcatenation(1500)],
  ['1,000 nested parentheses', 'parens.ts', nestedParentheses(1000)],
  ['1,000 nested array literals', 'arrays.js', nestedArrays(1000)],
  ['1,000 nested calls', 'calls.ts', nestedCalls(1000)],
  ['3,000 nested functions', 'functions.js', nestedFunctions(3000)],
  ['a chain of 3,000 functions each calling the next', 'call-chain.ts', callChain(3000)],
];

describe('deep or long-chained code', () => {
  for (const [shape, name, text] of TYPESCRIPT_CASES) {
    it(`${shape}: the file is analysed or skipped with a reason; the other file keeps its finding`, async () => {
      const reports = await analyzeSources({ [name]: text, 'server.ts': HANDLER_WITH_SYNC_IO });
      assertAnalysedOrSkippedWithReason(reports.get(name));
      assertHandlerKeptItsFinding(reports.get('server.ts'));
    });
  }

  it('long operator chains (5,000 terms of +, ||, &&, ??) are analysed, not skipped: the walk over them is a loop', async () => {
    const terms = (operator: string, term: (index: number) => string) => Array.from({ length: 5000 }, (_, index) => term(index)).join(` ${operator}\n`);
    const text = [
      `export const s = ${terms('+', () => "'x'")};`,
      `export function pick(a: unknown, b: unknown) {\n  return ${terms('||', (index) => (index % 2 ? 'a' : 'b'))};\n}`,
      `export const all = ${terms('&&', () => 'pick(1, 2)')};`,
      `export const first = ${terms('??', () => 'null')};`,
    ].join('\n');
    const reports = await analyzeSources({ 'chains.ts': text, 'server.ts': HANDLER_WITH_SYNC_IO });
    assert.equal(reports.get('chains.ts')?.skipped, undefined);
    assert.deepEqual(reports.get('chains.ts')?.functions.map((fn) => fn.name).filter((name) => name === 'pick'), ['pick']);
    assertHandlerKeptItsFinding(reports.get('server.ts'));
  });

  it('a 5,000-term chain of calls: every call is summarised, formatted into a message exactly where the chain is', async () => {
    const calls = Array.from({ length: 5000 }, (_, index) => `part${index % 7}(x)`).join(' +\n    ');
    const parts = Array.from({ length: 7 }, (_, index) => `function part${index}(x: number): number { return x * ${index}; }`).join('\n');
    const text = [
      parts,
      `export function sum(x: number) {\n  return ${calls};\n}`,
      `export function label(x: number) {\n  return \`total: \${${calls}}\`;\n}`,
      `export function fail(x: number) {\n  throw new Error('bad: ' + (${calls}));\n}`,
    ].join('\n');
    const summary = summarizeFile(ts.createSourceFile('chain.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS), { resolveModule: () => undefined });
    const partCalls = (name: string) => summary.functions.find((fn) => fn.name === name)!.body.calls.filter((call) => call.calleeText.startsWith('part'));
    for (const [name, formats] of [['sum', false], ['label', true], ['fail', true]] as const) {
      const sites = partCalls(name);
      assert.equal(sites.length, 5000, name);
      assert.deepEqual(new Set(sites.map((call) => call.formatsMessage === true)), new Set([formats]), name);
    }
    const reports = await analyzeSources({ 'chain.ts': text, 'server.ts': HANDLER_WITH_SYNC_IO });
    assert.equal(reports.get('chain.ts')?.skipped, undefined);
    assert.deepEqual(reports.get('chain.ts')?.functions.filter((fn) => ['sum', 'label', 'fail'].includes(fn.name)).map((fn) => fn.name), ['sum', 'label', 'fail']);
    assertHandlerKeptItsFinding(reports.get('server.ts'));
  });

  it('a chain of 3,000 functions each calling the next is analysed, not skipped: the work at its end reaches its start', async () => {
    const loop = 'function f3000(x: number): number { let sum = 0; for (let i = 0; i < 50_000_000; i++) sum += i * x; return sum; }';
    const text = callChain(3000).replace('function f3000(x: number): number { return x; }', loop);
    const reports = await analyzeSources({ 'call-chain.ts': text, 'server.ts': HANDLER_WITH_SYNC_IO });
    const chain = reports.get('call-chain.ts');
    assert.equal(chain?.skipped, undefined);
    assert.equal(chain?.functions.filter((fn) => /^f\d+$/.test(fn.name)).length, 3001);
    const first = chain?.functions.find((fn) => fn.name === 'f0');
    assert.equal(first?.kind, 'cpu');
    // the message names the first calls and how far down the loop is, not all 3,000 of them
    assert.match(first?.evidence[0]?.message ?? '', /^Calls f1\(\) in call-chain\.ts:2, which runs, 2,999 calls further down, loop over 50,000,000 /);
    assert.ok((first?.evidence[0]?.message.length ?? 0) < 2000);
    assert.deepEqual(chain?.findings.map((finding) => `${finding.rule}@${finding.range.line}`), ['cpu-on-event-loop@3001']);
    assertHandlerKeptItsFinding(reports.get('server.ts'));
  });

  it('a file importing a too-deep file keeps its own finding', async () => {
    const reports = await analyzeSources({
      'deep.ts': nestedParentheses(1000),
      'server.ts': `import { value } from './deep';\n${HANDLER_WITH_SYNC_IO.replace("'page.html'", 'String(value)')}`,
    });
    assertAnalysedOrSkippedWithReason(reports.get('deep.ts'));
    assert.deepEqual(reports.get('server.ts')?.findings.map((finding) => finding.rule), ['blocking-sync-io']);
  });

  for (const [shape, text] of [['a 3,000-term concatenation', pythonLongConcatenation(3000)], ['3,000 nested parentheses', pythonNestedParentheses(3000)]]) {
    it(`Python, ${shape}: the other file keeps its finding`, async () => {
      const reports = await analyzeSources({ 'deep.py': text, 'work.py': PYTHON_CPU_IN_THREAD });
      assertAnalysedOrSkippedWithReason(reports.get('deep.py'));
      assert.deepEqual(reports.get('work.py')?.findings.map((finding) => finding.rule), ['cpu-in-thread']);
    });
  }

  it('Python, re-exports that import each other in a loop: every file is analysed, the other keeps its finding', async () => {
    const reports = await analyzeSources({
      'pkg/__init__.py': 'from .compat import helper\n',
      'pkg/compat.py': 'try:\n    from .fallback import helper\nexcept ImportError:\n    helper = None\n',
      'pkg/fallback.py': 'from . import helper\n',
      'pkg/use.py': 'from pkg import helper\n\n\ndef run(value):\n    return helper(value)\n',
      'work.py': PYTHON_CPU_IN_THREAD,
    });
    for (const [file, report] of reports) assert.equal(report.skipped, undefined, `${file}: ${report.skipped}`);
    assert.deepEqual(reports.get('work.py')?.findings.map((finding) => finding.rule), ['cpu-in-thread']);
  });

  for (const [stage, owner, method] of [
    ['type inference', Linker.prototype, 'inferTypes'],
    ['summarising', Evaluator.prototype, 'summarize'],
  ] as const) {
    it(`Python: a failure in one module's share of ${stage} costs that module only`, async () => {
      // stands for any unforeseen shape that overflows the stack in a workspace-wide stage
      const original = (owner as unknown as Record<string, (...args: unknown[]) => unknown>)[method];
      const failing = function (this: unknown, ...args: unknown[]) {
        const subject = args[0] as { path?: string; module?: { path: string } };
        if ((subject.path ?? subject.module?.path ?? '').endsWith('bad.py')) throw new RangeError('Maximum call stack size exceeded');
        return original.apply(this, args);
      };
      (owner as unknown as Record<string, unknown>)[method] = failing;
      try {
        const reports = await analyzeSources({ 'bad.py': 'def helper(n):\n    return sum(range(n))\n', 'work.py': PYTHON_CPU_IN_THREAD });
        assert.match(reports.get('bad.py')?.skipped ?? '', TOO_DEEP);
        assert.deepEqual(reports.get('work.py')?.findings.map((finding) => finding.rule), ['cpu-in-thread']);
      } finally {
        (owner as unknown as Record<string, unknown>)[method] = original;
      }
    });
  }

  it('an edit that makes a file too deep, then fixes it, goes through the incremental path', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-deep-'));
    const server = path.join(root, 'server.ts');
    const other = path.join(root, 'other.ts');
    fs.writeFileSync(server, HANDLER_WITH_SYNC_IO);
    fs.writeFileSync(other, 'export const one = 1;\n');
    const analyzer = new Analyzer({ root, config: parseConfig(undefined) });
    await analyzer.analyzeFiles([server, other]);
    const [deep] = await analyzer.updateFile(other, nestedFunctions(3000));
    assertAnalysedOrSkippedWithReason(deep);
    assertHandlerKeptItsFinding(analyzer.report(server));
    const [fixed] = await analyzer.updateFile(other, 'export function one() { return 1; }\n');
    assert.equal(fixed.skipped, undefined);
    assert.deepEqual(fixed.functions.map((fn) => fn.name), ['one']);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
