/**
 * CPU profiles in a real VS Code: "Threadwise: Load CPU Profile" with a V8 profile of a scratch
 * file, then a measured hover (next to the estimate) and changed diagnostics: a static finding
 * lowered to a hint, a function the analysis rated harmless reported. The profile is written by
 * the test (1,000 ticks of 1 ms with known stacks), so nothing depends on timing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import type { LoadProfilesResult } from '../../../src/shared/protocol';
import { ruleOf, waitForDiagnostics } from '../support/diagnostics';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { activateExtension, openDocument, workspaceRoot } from '../support/workspace';
import { writtenV8Profile } from '../../unit/support/v8-profile';

const SOURCE = [
  'const LIMIT = 100_000_000;',
  '',
  'export function warmCache(enabled: boolean): number {',
  '  if (!enabled) return 0;',
  '  let total = 0;',
  '  for (let i = 0; i < LIMIT; i++) total += i;',
  '  return total;',
  '}',
  '',
  'export function renderRows(rows: { name: string }[]): string {',
  '  return rows.map((row) => row.name).join(",");',
  '}',
  '',
].join('\n');

/** A V8 profile of the main thread: warmCache 2 ticks (negligible), renderRows 300 (hot), idle the rest. */
function profileOf(file: string) {
  return writtenV8Profile(pathToFileURL(file).href, [
    { name: 'warmCache', line: 2, column: 25, ticks: 2 },
    { name: 'renderRows', line: 9, column: 26, ticks: 300 },
  ]);
}

suite('CPU profiles', function () {
  this.timeout(120_000);
  const scratch: string[] = [];

  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('threadwise.loadProfile', []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of scratch.splice(0)) fs.rmSync(file, { force: true });
  });

  test('Load CPU Profile: a measured hover next to the estimate, a finding lowered and one added', async () => {
    const file = path.join(workspaceRoot(), 'src', 'profiled.ts');
    const profile = path.join(workspaceRoot(), 'CPU.20261206.101500.4242.0.001.cpuprofile');
    fs.writeFileSync(file, SOURCE);
    fs.writeFileSync(profile, JSON.stringify(profileOf(file)));
    scratch.push(file, profile);
    const editor = await openDocument('src/profiled.ts');
    const uri = editor.document.uri;
    const before = await waitForDiagnostics(uri, (all) => all.some((d) => ruleOf(d) === 'cpu-on-event-loop' && d.range.start.line === 2));
    assert.equal(before.find((d) => ruleOf(d) === 'cpu-on-event-loop')!.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(!before.some((d) => d.range.start.line === 9), 'renderRows is not reported statically');

    const result = await vscode.commands.executeCommand<LoadProfilesResult>('threadwise.loadProfile', [vscode.Uri.file(profile)]);
    assert.deepEqual([result.lowered, result.added], [1, 1]);
    assert.match(result.loaded[0].threads[0], /main thread \(1\.0 s\): 30% analysed code, .*70% idle/);

    const after = await waitForDiagnostics(uri, (all) => all.some((d) => d.range.start.line === 9) && all.some((d) => d.range.start.line === 2 && d.severity === vscode.DiagnosticSeverity.Hint));
    const lowered = after.find((d) => d.range.start.line === 2)!;
    assert.match(lowered.message, /Measured: 0\.2% of main thread .* so lowered to a hint/);
    const added = after.find((d) => d.range.start.line === 9)!;
    assert.equal(ruleOf(added), 'cpu-on-event-loop');
    assert.match(added.message, /renderRows\(\) measured CPU-heavy on the main thread: 30% of main thread \(300 ms of 1\.0 s\)/);

    const line = 9;
    const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('renderRows') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))).join('\n');
    assert.match(text, /\*Cost:\*/);
    assert.match(text, /\*Measured:\* 30% of main thread/);
    assert.match(text, /found by the profile/);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await takeScreenshot('hover-measured');
  });
});
