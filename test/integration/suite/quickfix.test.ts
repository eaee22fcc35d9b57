/**
 * Quick fixes in a real VS Code, asked for through `vscode.executeCodeActionProvider` exactly as
 * the lightbulb does, applied as one workspace edit, then proven: the TypeScript project
 * type-checks and compiles (`tsc -p`), and the program prints the same result as before the fix.
 * Python fixes run under python3 with the same comparison. Undo restores the original text.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasRule, ruleOf, waitForDiagnostics } from '../support/diagnostics';
import { screenshotIfFailed, takeScreenshot } from '../support/screenshot';
import { activateExtension, extensionRoot, openDocument, workspaceRoot } from '../support/workspace';

const THREADWISE_KIND = 'quickfix.threadwise';

/**
 * Child processes run asynchronously: a synchronous one would freeze this extension host, and
 * with it the editor's save participants and any server the program talks to.
 */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: workspaceRoot(), encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(command)} ${args.join(' ')} failed:\n${stdout}${stderr}`)) : resolve(stdout));
  });
}

function compile(): Promise<string> {
  return run(process.execPath, [path.join(extensionRoot(), 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(workspaceRoot(), 'tsconfig.json')]);
}

function runNode(args: string[]): Promise<string> {
  return run(process.execPath, args);
}

async function threadwiseFixes(relative: string, rule: string): Promise<{ actions: vscode.CodeAction[]; document: vscode.TextDocument }> {
  const editor = await openDocument(relative);
  const diagnostics = await waitForDiagnostics(editor.document.uri, hasRule(rule));
  const diagnostic = diagnostics.find((candidate) => ruleOf(candidate) === rule)!;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range, 'quickfix');
  return { actions: actions.filter((action) => action.kind?.value === THREADWISE_KIND), document: editor.document };
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" carries an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" applied`);
  // Files a fix creates or changes are left as edited buffers (the lightbulb auto-saves them
  // through files.refactoring.autoSave); save them so the compiler sees them.
  // The refactoring auto-save may save (and then close) some of these buffers first, so save()
  // can answer false or find the document closed: what matters is that every edited buffer ends
  // up on disk exactly as it was shown.
  const edited = vscode.workspace.textDocuments
    .filter((document) => document.isDirty)
    .map((document) => ({ document, file: document.uri.fsPath, text: document.getText() }));
  for (const { document } of edited) {
    if (!document.isClosed && document.isDirty) await document.save().then(undefined, () => false);
  }
  for (const { file, text } of edited) await untilOnDisk(file, text);
}

async function untilOnDisk(file: string, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text)) {
    assert.ok(Date.now() < deadline, `${file} saved as shown in the editor`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pick(actions: vscode.CodeAction[], title: RegExp): vscode.CodeAction {
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action, `a fix titled ${title} among: ${actions.map((candidate) => candidate.title).join(' | ')}`);
  return action;
}

suite('Quick fixes', function () {
  this.timeout(240_000);

  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('run the sum of squares in a worker pool: compiles, and prints the same results', async () => {
    await compile();
    const before = await runNode(['build/batch.js']);
    const { actions } = await threadwiseFixes('src/batch.ts', 'cpu-on-event-loop');
    await apply(pick(actions, /pool/i));
    await compile();
    const after = await runNode(['build/batch.js']);
    assert.equal(after, before);
    assert.match(after, /Results: /);
  });

  test('move a CPU-heavy function to a worker thread: compiles and gives the same result', async () => {
    const sources = path.join(workspaceRoot(), 'src');
    const loop = 'value *= 1 + (Math.random() - 0.5) * volatility;';
    const originalReports = fs.readFileSync(path.join(sources, 'reports.ts'), 'utf8');
    const { actions } = await threadwiseFixes('src/reports.ts', 'cpu-on-event-loop');
    await apply(pick(actions, /worker thread/i));
    await compile();
    // buildReport() may have become async: print what it resolves to (the risk is random, the totals are not).
    const driver = "Promise.resolve(require('./build/reports.js').buildReport([{ region: 'n', amount: 2 }])).then((report) => { console.log(JSON.stringify(report.totals), typeof report.risk); process.exit(0); })";
    assert.equal((await runNode(['-e', driver])).trim(), '{"n":2} number');

    // moved, not copied: the simulation's loop is in one file (the worker module)
    const holders = fs.readdirSync(sources).filter((name) => name.endsWith('.ts') && fs.readFileSync(path.join(sources, name), 'utf8').includes(loop));
    assert.deepEqual(holders, ['simulate-risk.worker.ts']);
    // a pool of more than one worker (one per core; this machine has at least two)
    const poolSize = await runNode(['-e', "console.log(require('./build/worker-pool.js').defaultPoolSize())"]);
    assert.ok(Number(poolSize) > 1, `pool size ${poolSize}`);
    assert.doesNotMatch(fs.readFileSync(path.join(sources, 'simulate-risk.in-worker.ts'), 'utf8'), /new WorkerPool<[^>]*>\(workerFile, 1\)/);

    // a failing worker: the request handler made async answers 500 and logs; no unhandled rejection
    const worker = path.join(workspaceRoot(), 'build', 'simulate-risk.worker.js');
    const compiled = fs.readFileSync(worker, 'utf8');
    const failing = compiled.replace(/(function simulateRisk\([^)]*\) \{)/, "$1 throw new Error('the simulation failed in the worker');");
    assert.notEqual(failing, compiled);
    fs.writeFileSync(worker, failing);
    try {
      const serve = [
        "let unhandled = 0; process.on('unhandledRejection', () => { unhandled++; });",
        "const { server } = require('./build/server.js');",
        "server.listen(0, '127.0.0.1', async () => {",
        "  const response = await fetch('http://127.0.0.1:' + server.address().port + '/report');",
        "  console.log(response.status, 'unhandled=' + unhandled);",
        '  server.close(); process.exit(0);',
        '});',
      ].join('\n');
      assert.equal((await runNode(['-e', serve])).trim(), '500 unhandled=0');
    } finally {
      fs.writeFileSync(worker, compiled);
    }

    // the diff the fix made to reports.ts, as VS Code shows it
    const before = vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-diff-')), 'reports.before-fix.ts'));
    fs.writeFileSync(before.fsPath, originalReports);
    try {
      await vscode.commands.executeCommand('vscode.diff', before, vscode.Uri.file(path.join(sources, 'reports.ts')), 'reports.ts: Move simulateRisk() to a worker thread');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await takeScreenshot('fix-diff-move-to-worker');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(before.fsPath, { force: true });
    }
  });

  test('use async I/O in a request handler: compiles; undo restores the original text', async () => {
    const { actions, document } = await threadwiseFixes('src/server.ts', 'blocking-sync-io');
    const original = document.getText();
    await apply(pick(actions, /readFile|async/i));
    assert.notEqual(document.getText(), original);
    assert.match(document.getText(), /await readFile\(|promises/);
    await compile();
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original);
    await vscode.workspace.saveAll(false);
  });

  test('run independent downloads concurrently: same sizes, in order', async () => {
    const server = http.createServer((request, response) => response.end('x'.repeat(Number(request.url?.slice(1)) || 1)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const driver = `require('./build/downloads.js').downloadAll([3, 1, 2].map((n) => ({ url: 'http://127.0.0.1:${port}/' + n, filename: require('path').join(require('os').tmpdir(), 'tw-' + n) }))).then((sizes) => console.log(JSON.stringify(sizes)))`;
    try {
      await compile();
      const before = await runNode(['-e', driver]);
      const { actions } = await threadwiseFixes('src/downloads.ts', 'sequential-awaits');
      await apply(pick(actions, /concurrent|Promise\.all/i));
      await compile();
      const after = await runNode(['-e', driver]);
      assert.equal(after, before);
      assert.equal(after.trim(), '[3,1,2]');
    } finally {
      server.close();
    }
  });

  test('Python: CPU work moved from threads to processes prints the same results', async () => {
    const script = path.join(workspaceRoot(), 'python', 'checksums_in_threads.py');
    const before = await run('python3', [script]);
    const { actions } = await threadwiseFixes('python/checksums_in_threads.py', 'cpu-in-thread');
    await apply(pick(actions, /process/i));
    assert.match(fs.readFileSync(script, 'utf8'), /ProcessPoolExecutor/);
    const after = await run('python3', [script]);
    assert.equal(after, before);
  });

  test('Python: a thread target that appends its result to a shared list returns it from a process pool, printing the same', async () => {
    const script = path.join(workspaceRoot(), 'python', 'primes_threads.py');
    const before = await run('python3', [script]);
    assert.match(before, /primes below 200,000: 17984/);
    const { actions } = await threadwiseFixes('python/primes_threads.py', 'cpu-in-thread');
    const action = pick(actions, /process/i);
    assert.equal(action.disabled, undefined, `enabled: ${action.disabled?.reason}`);
    await apply(action);
    const fixed = fs.readFileSync(script, 'utf8');
    assert.match(fixed, /def count_primes\(start, stop\):/);
    assert.match(fixed, /ProcessPoolExecutor\(\) as executor/);
    assert.equal(await run('python3', [script]), before);
  });

  test('ignore: the suppression comment silences the finding', async () => {
    const { actions, document } = await threadwiseFixes('src/auth.ts', 'cpu-on-event-loop');
    await apply(pick(actions, /ignore/i));
    assert.match(document.getText(), /threadwise-ignore-next-line cpu-on-event-loop/);
    await waitForDiagnostics(document.uri, (all) => !hasRule('cpu-on-event-loop')(all));
  });
});
