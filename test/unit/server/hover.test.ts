/** The hover on a function name: each fact once, a severity icon that matches, the same tool as the findings. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { Analyzer } from '../../../src/core/engine';
import { parseProfile } from '../../../src/core/profiles';
import type { FileReport, FunctionReport } from '../../../src/core/model';
import { hoverFor } from '../../../src/server/hover';
import { writtenV8Profile } from '../support';

const WORKSPACE = path.resolve(__dirname, '../../../examples/workspace');
const FILES = ['src/server.ts', 'src/auth.ts', 'src/reports.ts'];

async function reportsOfExample(): Promise<FileReport[]> {
  const analyzer = new Analyzer({ root: WORKSPACE, config: DEFAULT_CONFIG });
  return analyzer.analyzeFiles(FILES.map((file) => path.join(WORKSPACE, file)));
}

function hoverText(report: FileReport, fn: FunctionReport): string {
  const findings = report.findings.filter((finding) => finding.functionId === fn.id);
  const contents = hoverFor(fn, findings, WORKSPACE).contents;
  return typeof contents === 'object' && 'value' in contents ? contents.value : '';
}

function occurrences(text: string, fragment: string): number {
  return text.split(fragment).length - 1;
}

describe('hover', () => {
  let reports: FileReport[];
  before(async () => { reports = await reportsOfExample(); });

  const find = (file: string, name: string) => {
    const report = reports.find((candidate) => candidate.path.endsWith(file))!;
    return { report, fn: report.functions.find((candidate) => candidate.name === name)! };
  };

  it('states the cost driver once, even when the cost and the evidence both name it', () => {
    const { report, fn } = find('src/auth.ts', 'hashPassword');
    const text = hoverText(report, fn);
    assert.equal(occurrences(text, '600,000 iterations'), 1, text);
  });

  it('does not repeat a line number the evidence already names', () => {
    const { report, fn } = find('src/reports.ts', 'simulateRisk');
    const text = hoverText(report, fn);
    assert.doesNotMatch(text, /at line (\d+)[^\n]*\(line \1\)/, text);
  });

  it('lists each finding once, by rule, with the icon of its severity', () => {
    const { report, fn } = find('src/auth.ts', 'hashPassword');
    const findings = report.findings.filter((finding) => finding.functionId === fn.id);
    assert.ok(findings.length > 0, 'hashPassword has a finding');
    const text = hoverText(report, fn);
    for (const finding of findings) {
      const icon = { error: '⛔', warning: '⚠️', info: 'ℹ️', hint: '💡' }[finding.severity];
      assert.equal(occurrences(text, `${icon} \`${finding.rule}\` (${finding.severity})`), 1, text);
      assert.equal(occurrences(text, finding.message), 0, 'VS Code shows the diagnostic message itself');
    }
  });

  it('recommends the tool the finding offers first, for code on a request path', () => {
    const { report, fn } = find('src/auth.ts', 'hashPassword');
    assert.equal(fn.inRequestPath, true);
    assert.equal(fn.recommendation.strategy, 'worker-pool');
    const finding = report.findings.find((candidate) => candidate.functionId === fn.id && candidate.rule === 'cpu-on-event-loop')!;
    assert.equal(finding.fixes[0], 'run-in-worker-pool');
    assert.match(hoverText(report, fn), /\*Recommended:\* a pool of worker threads/);
  });

  it('recommends what the profile measured: a finding it lowered to a hint says to leave the code as it is', async () => {
    const analyzer = new Analyzer({ root: WORKSPACE, config: DEFAULT_CONFIG });
    await analyzer.loadFiles(FILES.map((file) => path.join(WORKSPACE, file)));
    const file = path.join(WORKSPACE, 'src/auth.ts');
    const before = analyzer.report(file)!.functions.find((candidate) => candidate.name === 'hashPassword')!;
    // 1,000 ticks of 1 ms: hashPassword() on the stack for 2 of them, idle the rest.
    const profile = writtenV8Profile(`file://${file.split(path.sep).join('/')}`, [{ name: 'hashPassword', line: before.range.line - 1, column: before.range.column - 1, ticks: 2 }]);
    analyzer.setProfiles([await parseProfile(Buffer.from(JSON.stringify(profile)), path.join(WORKSPACE, 'CPU.20261206.101500.77.0.001.cpuprofile'))]);
    const report = analyzer.report(file)!;
    const fn = report.functions.find((candidate) => candidate.name === 'hashPassword')!;
    assert.equal(report.findings.find((finding) => finding.functionId === fn.id && finding.rule === 'cpu-on-event-loop')?.measured?.verdict, 'lowered');
    const text = hoverText(report, fn);
    assert.ok(text.includes('*Recommended:* nothing: leave it as it is. Measured negligible on this run \\(0\\.2% of main thread, 2\\.0 ms at once\\)'), text);
    assert.doesNotMatch(text, /a pool of worker threads/);
  });
});
