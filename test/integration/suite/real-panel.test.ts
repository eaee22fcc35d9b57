/**
 * The concept panel wired to the real language server (panel.test.ts swaps in a fake analysis;
 * this suite puts the real one back): the panel shows the verdict the server computed for the
 * function under the cursor in the example workspace.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConceptPanelTestHooks } from '../../../src/extension/panel/index';
import { hasRule, waitForDiagnostics } from '../support/diagnostics';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { activateExtension, openDocument, workspaceRoot } from '../support/workspace';

const SUBJECT = `export function simulateRisk(trials: number): number {
  let losses = 0;
  for (let trial = 0; trial < trials; trial++) {
    if (Math.random() < 0.5) losses++;
  }
  return losses / trials;
}

export const risk = simulateRisk(50_000_000);
`;

suite('Concept panel with the real analysis', function () {
  this.timeout(120_000);

  teardown(async function () {
    await screenshotIfFailed(this.currentTest);
  });

  suiteTeardown(async () => {
    // Close the panel and wait until it is gone, so the next suite opens a fresh one.
    const hooks = await vscode.commands.executeCommand<ConceptPanelTestHooks>('threadwise.panel.testHooks');
    hooks.panel?.dispose();
    for (let waited = 0; hooks.panel && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('shows the server’s verdict, cost and recommendation for the function under the cursor', async () => {
    await activateExtension();
    const hooks = await vscode.commands.executeCommand<ConceptPanelTestHooks>('threadwise.panel.testHooks');
    hooks.restoreDeps();
    // A file of its own: earlier suites apply quick fixes to the example files.
    const file = path.join(workspaceRoot(), 'src', 'panel-subject.ts');
    fs.writeFileSync(file, SUBJECT);
    const editor = await openDocument('src/panel-subject.ts');
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
