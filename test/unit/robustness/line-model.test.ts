/**
 * One line model for every output, as VS Code counts: LF, CRLF and a lone CR end a line;
 * U+2028 and U+2029 do not. Function ranges, name ranges (hover), diagnostics, suppressions and
 * Python positions all agree with it, whatever line endings a file uses.
 */
import * as assert from 'node:assert/strict';
import type { FileReport } from '../../../src/core/model';
import { LineIndex } from '../../../src/core/positions';
import { analyzeSources } from '../support';

/** The 1-based line and column of `needle` in `text`, counted the way VS Code does. */
function vscodePosition(text: string, needle: string, occurrence = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} is in the text`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const HANDLER = [
  "import { createServer } from 'node:http';",
  "import { readFileSync } from 'node:fs';",
  '// a comment with a line separator:\u2028 and a paragraph separator:\u2029 inside it',
  'export function page(): string {',
  "  return readFileSync('page.html', 'utf8');",
  '}',
  'createServer((req, res) => {',
  '  res.end(page());',
  '}).listen(8080);',
  '',
];

const PYTHON = [
  'import threading',
  '# a comment with a line separator:\u2028 inside it',
  'def work():',
  '    total = 0',
  '    for i in range(10_000_000):',
  '        total += i',
  '    return total  # the sum',
  '',
  'threading.Thread(target=work).start()',
  '',
];

/** Every range of the report lies inside the text, lines and columns as VS Code counts them. */
function assertInsideFile(report: FileReport, text: string): void {
  const lengths = text.split(/\r\n|\r|\n/).map((line) => line.length);
  const ranges = [...report.functions.flatMap((fn) => [fn.range, fn.nameRange]), ...report.findings.map((finding) => finding.range)];
  for (const range of ranges) {
    for (const [line, column] of [[range.line, range.column], [range.endLine, range.endColumn]]) {
      assert.ok(line >= 1 && line <= lengths.length && column >= 1 && column <= lengths[line - 1] + 1, `${line}:${column} is inside the file`);
    }
  }
}

function only(report: FileReport | undefined): FileReport {
  assert.ok(report, 'a report');
  assert.equal(report.skipped, undefined, `analysed, not skipped (${report.skipped})`);
  return report;
}

describe('one line model (LF, CRLF, lone CR; not U+2028/2029)', () => {
  it('LineIndex counts LF, CRLF and a lone CR once each, and U+2028/2029 not at all', () => {
    const index = new LineIndex('a\nb\r\nc\rd\u2028e\u2029f');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.position(2), { line: 2, column: 1 });
    assert.deepEqual(index.position(5), { line: 3, column: 1 });
    assert.deepEqual(index.position(7), { line: 4, column: 1 });
    assert.deepEqual(index.position(11), { line: 4, column: 5 });
    assert.deepEqual(index.lineRange(2), { line: 2, column: 1, endLine: 2, endColumn: 2 });
  });

  for (const [name, ending] of [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']] as const) {
    it(`TypeScript with ${name} line endings and U+2028/2029 in a comment: ranges and diagnostics agree with VS Code`, async () => {
      const text = HANDLER.join(ending);
      const report = only((await analyzeSources({ 'server.ts': text })).get('server.ts'));
      assertInsideFile(report, text);
      const page = report.functions.find((fn) => fn.name === 'page');
      assert.ok(page, 'page() is found');
      assert.deepEqual({ line: page.nameRange.line, column: page.nameRange.column }, vscodePosition(text, 'page('));
      assert.deepEqual({ line: page.range.line, column: page.range.column }, vscodePosition(text, 'export function page'));
      assert.equal(page.range.endLine, HANDLER.indexOf('}') + 1, 'the closing brace\'s line');
      const finding = report.findings.find((candidate) => candidate.rule === 'blocking-sync-io');
      assert.ok(finding, 'the sync read in a request path is found');
      assert.deepEqual({ line: finding.range.line, column: finding.range.column }, vscodePosition(text, 'readFileSync('));
    });

    it(`Python with ${name} line endings and U+2028 in a comment: the finding is kept, at VS Code's position`, async () => {
      const text = PYTHON.join(ending);
      const report = only((await analyzeSources({ 'work.py': text })).get('work.py'));
      assertInsideFile(report, text);
      const work = report.functions.find((fn) => fn.name === 'work');
      assert.equal(work?.kind, 'cpu');
      assert.deepEqual({ line: work.nameRange.line, column: work.nameRange.column }, vscodePosition(text, 'work('));
      assert.deepEqual(report.findings.map((finding) => `${finding.rule}@${finding.range.line}`), [`cpu-in-thread@${vscodePosition(text, 'threading.Thread').line}`]);
    });
  }

  it('a suppression comment in a lone-CR file silences the next line, not one further', async () => {
    const lines = [...HANDLER];
    lines.splice(4, 0, '  // threadwise-ignore-next-line blocking-sync-io');
    const report = only((await analyzeSources({ 'server.ts': lines.join('\r') })).get('server.ts'));
    // the read on the next line is silenced; the handler's call of page(), further down, is not
    assert.deepEqual(report.findings.filter((finding) => finding.rule === 'blocking-sync-io').map((finding) => finding.range.line), [9]);
  });
});
