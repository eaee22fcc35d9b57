/**
 * The concept panel in a real VS Code: opened by its command, following the cursor, applying a
 * Threadwise quick fix from its button, rendering hostile names as text, running the demonstration
 * in a separate process, and photographed in light and dark themes.
 *
 * The analysis comes from a fake of OUR ConceptPanelDeps (injected through the test hooks command)
 * so this suite does not depend on the language server; the quick fix comes from a code action
 * provider registered here through the real API, attached to a diagnostic with source `threadwise`.
 * Clicks inside the webview cannot be driven from the extension host: the suite sends the exact
 * message a click sends, through the same validation and handler (receiveFromWebview), and checks
 * what the webview drew through the render reports it sends back.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Finding, FunctionReport } from '../../../src/core/model';
import type { ConceptPanelDeps, FunctionAnalysis } from '../../../src/extension/panel/deps';
import type { ConceptPanelTestHooks } from '../../../src/extension/panel/index';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { DARK_THEME, LIGHT_THEME, useColorTheme } from '../support/theme';

const EXTENSION_ID = 'threadwise.threadwise';
const TEST_HOOKS_COMMAND = 'threadwise.panel.testHooks';
const HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
const FUNCTION_NAME = `sumOfSquares${HOSTILE}`;
const FIX_TITLE = 'Move sumOfSquares() to a worker thread';
const FIX_MARKER = '// threadwise-panel-test: fix applied';

const FIXTURE = `import { createServer } from 'node:http';

export function sumOfSquares(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += i * i;
  return total;
}

createServer((request, response) => {
  response.end(String(sumOfSquares(10_000_000)));
}).listen(3000);
`;

/** 1-based, as in the model: the function spans lines 3–7, its loop is on line 5. */
function fixtureReport(file: string): FunctionReport {
  return {
    id: `${file}#60`,
    name: FUNCTION_NAME,
    range: { line: 3, column: 1, endLine: 7, endColumn: 2 },
    nameRange: { line: 3, column: 17, endLine: 3, endColumn: 29 },
    kind: 'cpu',
    confidence: 0.9,
    evidence: [
      { line: 5, message: `loop of n iterations ${HOSTILE}`, signal: 'loop' },
      { line: 10, message: 'called from a createServer handler', signal: 'context' },
    ],
    recommendation: { strategy: 'worker-thread', reason: 'The loop runs on the event loop inside a request handler.' },
    cost: { description: '≈ 12 ms per call on this machine class; mostly loop over n (10,000,000 iterations) at line 10', ms: 12, operations: 1e7, dataDependent: false },
    inRequestPath: true,
    isAsync: false,
  };
}

function fixtureFinding(file: string): Finding {
  return {
    rule: 'cpu-on-event-loop',
    severity: 'error',
    message: `${FUNCTION_NAME} blocks the event loop`,
    range: { line: 3, column: 17, endLine: 3, endColumn: 29 },
    related: [],
    functionId: `${file}#60`,
    fixes: ['move-to-worker-thread'],
  };
}

function toRange(finding: Finding): vscode.Range {
  return new vscode.Range(finding.range.line - 1, finding.range.column - 1, finding.range.endLine - 1, finding.range.endColumn - 1);
}

/** A fake of the panel's own dependency: answers for the fixture's function, nothing elsewhere. */
function fakeDeps(fixture: vscode.Uri): ConceptPanelDeps {
  return {
    async getAnalysisAt(uri, position): Promise<FunctionAnalysis | undefined> {
      if (uri.toString() !== fixture.toString()) return undefined;
      const report = fixtureReport(uri.fsPath);
      const line = position.line + 1;
      if (line < report.range.line || line > report.range.endLine) return undefined;
      return { function: report, findings: [fixtureFinding(uri.fsPath)] };
    },
  };
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function placeCursor(editor: vscode.TextEditor, line: number, character = 4): void {
  const position = new vscode.Position(line - 1, character);
  editor.selection = new vscode.Selection(position, position);
}

suite('Concept panel', function () {
  this.timeout(120_000);
  let hooks: ConceptPanelTestHooks;
  let fixture: vscode.Uri;
  let editor: vscode.TextEditor;
  let fixCommandCalls = 0;
  const disposables: vscode.Disposable[] = [];

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opens a workspace folder');
    fixture = vscode.Uri.joinPath(folder.uri, 'threadwise-panel-fixture.ts');
    await vscode.workspace.fs.writeFile(fixture, new TextEncoder().encode(FIXTURE));

    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    hooks = await vscode.commands.executeCommand<ConceptPanelTestHooks>(TEST_HOOKS_COMMAND);
    assert.ok(hooks, 'the panel registers its test hooks in test mode');
    hooks.setDeps(fakeDeps(fixture));

    // What the language server would publish: a Threadwise diagnostic and its quick fix (plus an
    // unrelated quick fix from "another extension" that the panel must not offer).
    const diagnostics = vscode.languages.createDiagnosticCollection('threadwise-panel-test');
    const diagnostic = new vscode.Diagnostic(toRange(fixtureFinding(fixture.fsPath)), `${FUNCTION_NAME} blocks the event loop`);
    diagnostic.source = 'threadwise';
    diagnostic.code = 'cpu-on-event-loop';
    diagnostics.set(fixture, [diagnostic]);
    disposables.push(
      diagnostics,
      vscode.commands.registerCommand('threadwise.panelTest.afterFix', () => {
        fixCommandCalls += 1;
      }),
      vscode.languages.registerCodeActionsProvider({ pattern: '**/threadwise-panel-fixture.ts' }, {
        provideCodeActions(document, range) {
          if (!range.intersection(diagnostic.range)) return [];
          // the kind every Threadwise quick fix has (see src/extension/panel/quickFixes.ts)
          const fix = new vscode.CodeAction(FIX_TITLE, vscode.CodeActionKind.QuickFix.append('threadwise'));
          fix.diagnostics = [diagnostic];
          fix.isPreferred = true;
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.insert(document.uri, new vscode.Position(0, 0), `${FIX_MARKER}\n`);
          fix.command = { command: 'threadwise.panelTest.afterFix', title: 'after fix' };
          const foreignDiagnostic = new vscode.Diagnostic(diagnostic.range, 'style');
          foreignDiagnostic.source = 'eslint';
          const foreign = new vscode.CodeAction('Fix with another linter', vscode.CodeActionKind.QuickFix);
          foreign.diagnostics = [foreignDiagnostic];
          return [fix, foreign];
        },
      }),
    );

    const document = await vscode.workspace.openTextDocument(fixture);
    editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    placeCursor(editor, 5);
  });

  teardown(function () {
    return screenshotIfFailed(this.currentTest);
  });

  suiteTeardown(async () => {
    for (const disposable of disposables) disposable.dispose();
    hooks?.panel?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fixture).then(undefined, () => undefined);
  });

  test('opens beside the editor from its command and shows the verdict of the function under the cursor', async () => {
    await vscode.commands.executeCommand('threadwise.openPanel');
    const rendered = await hooks.waitForRender((report) => report.view === 'analysis');
    assert.equal(hooks.panel?.viewType, 'threadwise.conceptPanel');
    assert.equal(hooks.panel?.viewColumn, vscode.ViewColumn.Two, 'opened beside the code');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fixture.toString(), 'the editor kept focus');
    const analysis = await until(() => hooks.currentAnalysis, 'the analysis');
    assert.equal(analysis.function.kind, 'cpu');
    assert.equal(analysis.function.recommendation.strategy, 'worker-thread');
    assert.equal(rendered.title, FUNCTION_NAME);
  });

  test('renders a hostile function name and evidence as text, never as markup', async () => {
    const rendered = await hooks.waitForRender((report) => report.view === 'analysis');
    assert.equal(rendered.title, FUNCTION_NAME, 'the name is shown literally, <img> and </script> included');
    assert.equal(rendered.unexpectedElements, 0, 'no element or event handler came from the name or evidence');
    const html = hooks.lastHtml ?? '';
    assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.ok(!html.includes('sumOfSquares'), 'the shell HTML carries nothing from the user’s code');
  });

  test('follows the cursor out of the function and back in', async () => {
    placeCursor(editor, 11, 0);
    await hooks.waitForRender((report) => report.view === 'empty' && report.title === 'no-function');
    placeCursor(editor, 4);
    await hooks.waitForRender((report) => report.view === 'analysis' && report.title === FUNCTION_NAME);
  });

  test("offers only Threadwise's quick fix, and its button applies the edit and runs the command", async () => {
    const analysis = await until(() => hooks.currentAnalysis?.findings[0]?.fixes.length ? hooks.currentAnalysis : undefined, 'fixes');
    assert.deepEqual(
      analysis.findings[0]!.fixes.map((fix) => fix.title),
      [FIX_TITLE],
      'the other extension’s fix is filtered out',
    );
    await hooks.receiveFromWebview({ type: 'applyFix', version: analysis.version, findingIndex: 0, fixIndex: 0 });
    const document = await vscode.workspace.openTextDocument(fixture);
    assert.ok(document.getText().startsWith(FIX_MARKER), 'the fix edit was applied');
    assert.equal(fixCommandCalls, 1, "the fix's command ran after its edit");
    await vscode.commands.executeCommand('undo');
  });

  test('refuses stale and malformed requests from the webview', async () => {
    const before = (await vscode.workspace.openTextDocument(fixture)).getText();
    await hooks.receiveFromWebview({ type: 'applyFix', version: 999_999, findingIndex: 0, fixIndex: 0 });
    await hooks.receiveFromWebview({ type: 'applyFix', version: '1', findingIndex: 0, fixIndex: 0 });
    await hooks.receiveFromWebview({ type: 'executeCommand', command: 'workbench.action.terminal.new' });
    assert.equal((await vscode.workspace.openTextDocument(fixture)).getText(), before);
  });

  test('evidence buttons jump to their line in the editor', async () => {
    const analysis = await until(() => hooks.currentAnalysis, 'the analysis');
    await hooks.receiveFromWebview({ type: 'revealEvidence', version: analysis.version, evidenceIndex: 1 });
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), fixture.toString());
    assert.equal(active?.selection.active.line, 9, 'line 10 of the evidence, 0-based');
    assert.equal(active?.viewColumn, vscode.ViewColumn.One, 'in the code column, not over the panel');
  });

  test('inserts the recommended snippet at the cursor of the followed editor', async () => {
    const target = vscode.window.activeTextEditor!;
    placeCursor(target, 12, 0);
    await hooks.receiveFromWebview({ type: 'insertSnippet', snippetId: 'node-worker-thread' });
    const text = (await vscode.workspace.openTextDocument(fixture)).getText();
    assert.ok(text.includes("require('node:worker_threads')"), 'the snippet was inserted');
    assert.ok(text.includes('`worker stopped with exit code ${code}`'), 'template literals are inserted as written');
    await vscode.commands.executeCommand('undo');
  });

  test('inserts a snippet below the cursor line, never inside a word', async () => {
    const target = vscode.window.activeTextEditor!;
    const before = target.document.getText();
    const line = before.split('\n').findIndex((text) => text.includes('let total = 0;'));
    placeCursor(target, line + 1, 8); // 1-based line, inside the word `total`
    await hooks.receiveFromWebview({ type: 'insertSnippet', snippetId: 'node-bounded-concurrency' });
    const after = (await vscode.workspace.openTextDocument(fixture)).getText().split('\n');
    assert.equal(after[line], '  let total = 0;', 'the cursor line is intact');
    assert.match(after[line + 1], /^ {2}\S/, 'the snippet starts on the next line, indented like it');
    await vscode.commands.executeCommand('undo');
    assert.equal((await vscode.workspace.openTextDocument(fixture)).getText(), before);
  });

  test('refuses to insert a Python snippet into a TypeScript file', async () => {
    const target = vscode.window.activeTextEditor!;
    const before = target.document.getText();
    placeCursor(target, 4, 2);
    await hooks.receiveFromWebview({ type: 'insertSnippet', snippetId: 'python-thread-pool' });
    assert.equal((await vscode.workspace.openTextDocument(fixture)).getText(), before, 'the TypeScript file is unchanged');
  });

  test('opens at a topic or a rule id from "Learn more" links', async () => {
    await vscode.commands.executeCommand('threadwise.openPanelAt', 'missing-main-guard');
    await hooks.waitForRender((report) => report.view === 'topic' && report.title === 'python-multiprocessing');
    await vscode.commands.executeCommand('threadwise.openPanelAt', 'python-gil');
    await hooks.waitForRender((report) => report.view === 'topic' && report.title === 'python-gil');
  });

  test('runs the live demonstration in a separate process and reports its measurements', async () => {
    assert.ok(vscode.workspace.isTrusted, 'the harness runs with a trusted workspace');
    hooks.setDemoOptions({ availableParallelism: 2, taskCount: 4, cpuTaskSize: 200_000, ioWaitMs: 10 });
    await hooks.receiveFromWebview({ type: 'runDemo' });
    const finished = await until(
      () => (hooks.demoView.state === 'finished' || hooks.demoView.state === 'failed' ? hooks.demoView : undefined),
      'the demonstration to finish',
      60_000,
    );
    assert.equal(finished.state, 'finished', JSON.stringify(finished));
    if (finished.state !== 'finished') return;
    const modes = new Set(finished.report.results.map((result) => result.mode));
    for (const mode of ['main-thread', 'worker-threads', 'child-processes', 'sequential', 'concurrent'] as const) {
      assert.ok(modes.has(mode), mode);
    }
  });

  test('screenshots: the panel in light, dark and high-contrast themes', async () => {
    const code = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixture), vscode.ViewColumn.One);
    placeCursor(code, 4);
    await vscode.commands.executeCommand('threadwise.openPanel'); // back on the function tab
    await hooks.waitForRender((report) => report.view === 'analysis' && report.title === FUNCTION_NAME);
    const repaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1_000)); // new theme variables
    const themes = [[LIGHT_THEME, 'light'], [DARK_THEME, 'dark'], ['Default High Contrast', 'high-contrast']] as const;
    for (const [theme, name] of themes) {
      await useColorTheme(theme);
      hooks.showTab('function');
      await repaint();
      await takeScreenshot(`panel-${name}`);
      hooks.showTab('demo');
      await repaint();
      await takeScreenshot(`panel-demo-${name}`);
    }
    hooks.showTab('function');
  });
});
