/**
 * The extension in a real VS Code: diagnostics on a multi-file workspace (a request handler
 * calling CPU-heavy code in another file), their rule ids and documentation links, related
 * information, hovers, Python, settings taking effect, and bad input (a huge file, a file with
 * syntax errors) not breaking anything. Waits on onDidChangeDiagnostics, never on fixed sleeps.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { hasRule, ruleOf, threadwiseDiagnostics, waitForDiagnostics } from '../support/diagnostics';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { activateExtension, openDocument, workspaceRoot, workspaceUri } from '../support/workspace';

suite('Diagnostics, hovers and settings', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    const api = await activateExtension();
    const activationMs = await api.activationMs;
    console.log(`[measure] language server ready ${activationMs.toFixed(0)} ms after activation started`);
  });

  /** Files a test writes into the workspace; removed afterwards so later suites compile a clean project. */
  const scratchFiles: string[] = [];

  teardown(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of scratchFiles.splice(0)) fs.rmSync(file, { force: true });
  });

  test('a request handler calling CPU-heavy code in another file is an error, with related information', async () => {
    await openDocument('src/server.ts');
    const uri = workspaceUri('src/server.ts');
    const diagnostics = await waitForDiagnostics(uri, (all) => hasRule('cpu-on-event-loop', 13)(all) && hasRule('cpu-on-event-loop', 16)(all) && hasRule('blocking-sync-io', 18)(all));
    const cpu = diagnostics.find((d) => ruleOf(d) === 'cpu-on-event-loop' && d.range.start.line === 12)!;
    assert.equal(cpu.severity, vscode.DiagnosticSeverity.Error);
    assert.match(cpu.message, /hashPassword\(\)/);
    assert.match(cpu.message, /pbkdf2Sync/);
    const code = cpu.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'cpu-on-event-loop');
    assert.match(code.target.toString(), /docs\/rules\/cpu-on-event-loop\.md$/);
    const related = cpu.relatedInformation ?? [];
    assert.ok(related.some((info) => info.location.uri.fsPath.endsWith(path.join('src', 'auth.ts'))), 'points at the callee in auth.ts');
    // buildReport(sales): the simulation it reaches in reports.ts, shown here before reports.ts is opened
    const report = diagnostics.find((d) => ruleOf(d) === 'cpu-on-event-loop' && d.range.start.line === 15)!;
    assert.equal(report.severity, vscode.DiagnosticSeverity.Error);
    assert.match(report.message, /buildReport\(\) calls simulateRisk\(\) with trials = 2,000,000/);
    const reportRelated = (report.relatedInformation ?? []).filter((info) => info.location.uri.fsPath.endsWith(path.join('src', 'reports.ts')));
    assert.deepEqual(reportRelated.map((info) => info.location.range.start.line + 1), [9, 26], 'the loop, and the call with the heavy values');
    const blocking = diagnostics.find((d) => ruleOf(d) === 'blocking-sync-io')!;
    assert.match(blocking.message, /readFileSync/);
  });

  test('hover on a function shows its verdict, cost, evidence and recommendation', async () => {
    const editor = await openDocument('src/reports.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('cpu-on-event-loop'));
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('function simulateRisk'));
    const position = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('simulateRisk') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))).join('\n');
    assert.match(text, /simulateRisk/);
    assert.match(text, /CPU-bound/);
    assert.match(text, /Cost/);
    assert.match(text, /Recommended/);
    assert.match(text, /\$\(error\) `cpu-on-event-loop` \(error\)/, 'the finding, once, with the codicon of its severity');
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await takeScreenshot('hover-reports');
  });

  test('the same function called with small arguments stays quiet, with large ones is reported', async () => {
    const editor = await openDocument('src/batch.ts');
    const diagnostics = await waitForDiagnostics(editor.document.uri, hasRule('cpu-on-event-loop', 12));
    assert.equal(diagnostics.filter((d) => ruleOf(d) === 'cpu-on-event-loop').length, 1);
    await editor.edit((builder) => {
      const text = editor.document.getText();
      const start = text.indexOf('[10_000_000');
      const end = text.indexOf(']', start) + 1;
      builder.replace(new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(end)), '[10, 20, 30, 40]');
    });
    await waitForDiagnostics(editor.document.uri, (all) => !hasRule('cpu-on-event-loop')(all));
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(editor.document.uri, hasRule('cpu-on-event-loop', 12));
  });

  test('Python files get GIL-aware diagnostics and hovers without the Python extension', async () => {
    const editor = await openDocument('python/image_processes.py');
    const diagnostics = await waitForDiagnostics(editor.document.uri, hasRule('process-per-task'));
    assert.ok(diagnostics.every((d) => d.source === 'threadwise'));
    const threads = await openDocument('python/checksums_in_threads.py');
    await waitForDiagnostics(threads.document.uri, hasRule('cpu-in-thread'));
    const line = threads.document.getText().split('\n').findIndex((text) => text.startsWith('def checksum'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', threads.document.uri, new vscode.Position(line, 6));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))).join('\n');
    assert.match(text, /checksum/);
    assert.match(text, /CPU-bound/);
    assert.match(text, /process pool/);
  });

  test('turning a rule off in the settings removes its diagnostics, and back on restores them', async () => {
    const editor = await openDocument('src/downloads.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('sequential-awaits'));
    const configuration = vscode.workspace.getConfiguration('threadwise');
    try {
      await configuration.update('rules', { 'sequential-awaits': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(editor.document.uri, (all) => !hasRule('sequential-awaits')(all));
      await configuration.update('rules', { 'sequential-awaits': 'error' }, vscode.ConfigurationTarget.Workspace);
      const diagnostics = await waitForDiagnostics(editor.document.uri, (all) => all.some((d) => ruleOf(d) === 'sequential-awaits' && d.severity === vscode.DiagnosticSeverity.Error));
      assert.ok(diagnostics.length > 0);
    } finally {
      await configuration.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a file with syntax errors is analysed as far as it parses; the server keeps working', async () => {
    const file = path.join(workspaceRoot(), 'src', 'broken.ts');
    scratchFiles.push(file);
    fs.writeFileSync(file, 'export function ok( {\n  return fs.readFileSync(\n}\n\nexport function heavy() {\n  let t = 0;\n  for (let i = 0; i < 50_000_000; i++) t += i;\n  return t;\n}\n');
    const editor = await openDocument('src/broken.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('cpu-on-event-loop'));
    // The server still answers for other files afterwards.
    const other = await openDocument('src/server.ts');
    await waitForDiagnostics(other.document.uri, hasRule('blocking-sync-io'));
  });

  test('a huge file is skipped quickly without hanging the editor, and other files still work', async () => {
    const file = path.join(workspaceRoot(), 'src', 'huge.generated.ts');
    scratchFiles.push(file);
    const line = 'export const value_%d = [1, 2, 3].map((x) => x * 2);\n';
    fs.writeFileSync(file, Array.from({ length: 40_000 }, (_, i) => line.replace('%d', String(i))).join(''));
    const monitor = monitorEventLoopDelay({ resolution: 5 });
    monitor.enable();
    await openDocument('src/huge.generated.ts');
    const other = await openDocument('src/batch.ts');
    await waitForDiagnostics(other.document.uri, hasRule('cpu-on-event-loop'));
    monitor.disable();
    console.log(`[measure] extension host max event-loop delay while a 40,000-line file was opened: ${(monitor.max / 1e6).toFixed(1)} ms`);
    assert.deepEqual(threadwiseDiagnostics(vscode.Uri.file(file)), []);
  });

  test('a closed file shows its findings after the start-up load, without any command', async () => {
    // Nothing in this suite opens this file: its diagnostics come from the workspace-wide publish
    // that follows the load of a folder under threadwise.workspaceDiagnosticsMaxFiles.
    const closed = workspaceUri('python/async_status_checks.py');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === closed.toString()), 'the file is closed');
    await waitForDiagnostics(closed, hasRule('blocking-call-in-async'));
  });

  test('Analyse Workspace publishes findings for closed files, and the extension host stays responsive', async () => {
    const monitor = monitorEventLoopDelay({ resolution: 5 });
    monitor.enable();
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; milliseconds: number; cancelled: boolean }>('threadwise.analyzeWorkspace');
    monitor.disable();
    assert.ok(result && !result.cancelled, 'the analysis finished');
    assert.ok(result.files >= 8, `analysed ${result?.files} files`);
    console.log(`[measure] workspace analysis: ${result.files} files in ${result.milliseconds} ms; extension host max event-loop delay ${(monitor.max / 1e6).toFixed(1)} ms`);
    const closed = workspaceUri('python/sleep_thread_and_process.py');
    await waitForDiagnostics(closed, hasRule('missing-main-guard'));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await takeScreenshot('problems-view');
  });
});
