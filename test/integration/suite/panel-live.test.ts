/**
 * The concept panel wired to the real language server (runs before panel.test.ts, which swaps
 * in a fake analysis): the panel shows the verdict the server computed for the function under
 * the cursor in the example workspace.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConceptPanelTestHooks } from '../../../src/extension/panel/index';
import { hasRule, waitForDiagnostics } from '../support/diagnostics';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { activateExtension, openDocument } from '../support/workspace';

suite('Concept panel with the real analysis', function () {
  this.timeout(120_000);

  teardown(async function () {
    await screenshotIfFailed(this.currentTest);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('shows the server’s verdict, cost and recommendation for the function under the cursor', async () => {
    await activateExtension();
    const hooks = await vscode.commands.executeCommand<ConceptPanelTestHooks>('threadwise.panel.testHooks');
    const editor = await openDocument('src/reports.ts');
    await waitForDiagnostics(editor.document.uri, hasRule('cpu-on-event-loop'));
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('let losses'));
    editor.selection = new vscode.Selection(line, 2, line, 2);
    await vscode.commands.executeCommand('threadwise.openPanel');
    const rendered = await hooks.waitForRender((report) => report.view === 'analysis' && report.title === 'simulateRisk', 30_000);
    assert.equal(rendered.unexpectedElements, 0);
    const analysis = hooks.currentAnalysis;
    assert.ok(analysis, 'the panel holds an analysis');
    assert.equal(analysis.function.kind, 'cpu');
    assert.equal(analysis.function.recommendation.strategy, 'worker-thread');
    await takeScreenshot('panel-live-analysis');
  });
});
