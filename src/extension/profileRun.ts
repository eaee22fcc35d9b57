/**
 * "Threadwise: Profile a Run": runs an npm script or a Python file of the workspace with a CPU
 * profiler on, as a VS Code task (its output in the terminal; cancellable), writing to a fresh
 * temporary folder, then loads the profiles it wrote. Trusted workspaces only: it runs the
 * workspace's code. The command line comes from src/shared/profile-command.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { profilingCommand, type ProfiledRun } from '../shared/profile-command';

export async function profileRun(loadProfiles: (files: vscode.Uri[]) => Promise<unknown>): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Threadwise: profiling runs the workspace\'s code, so it needs a trusted workspace.');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Threadwise: open a folder to profile one of its programs.');
    return;
  }
  const run = await chooseRun(folder);
  if (!run) return;
  const output = fs.mkdtempSync(path.join(os.tmpdir(), 'threadwise-profile-'));
  const command = profilingCommand(run, output, process.env);
  for (const file of command.files) fs.writeFileSync(file.path, file.text);
  const task = new vscode.Task(
    { type: 'threadwise-profile' }, folder, command.label, 'Threadwise',
    new vscode.ProcessExecution(command.command, command.args, { cwd: folder.uri.fsPath, env: command.env }),
  );
  const finished = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Threadwise: profiling ${command.label}`, cancellable: true },
    (_progress, token) => runTask(task, token),
  );
  if (!finished) return;
  const written = fs.readdirSync(output).filter((name) => /\.(cpuprofile|prof)$/.test(name)).map((name) => vscode.Uri.file(path.join(output, name)));
  if (written.length === 0) {
    void vscode.window.showWarningMessage(`Threadwise: the run wrote no profile to ${output} (a Node program writes one when it exits).`);
    return;
  }
  await loadProfiles(written);
}

/** npm scripts of the folder's package.json, and Python files (the active one first). */
async function chooseRun(folder: vscode.WorkspaceFolder): Promise<ProfiledRun | undefined> {
  const items: (vscode.QuickPickItem & { run?: ProfiledRun; pickPython?: boolean })[] = [];
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    for (const [script, line] of Object.entries(manifest.scripts ?? {})) items.push({ label: `npm run ${script}`, detail: line, run: { kind: 'npm-script', script } });
  } catch {
    // no package.json: Python files only
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'python' && active.uri.scheme === 'file') {
    items.push({ label: `python3 ${vscode.workspace.asRelativePath(active.uri)}`, detail: 'the active file, under cProfile', run: { kind: 'python-file', file: active.uri.fsPath } });
  }
  items.push({ label: 'Python file…', detail: 'choose a Python entry point to run under cProfile', pickPython: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Threadwise: what to run with a CPU profiler', placeHolder: 'an npm script or a Python entry point' });
  if (!picked) return undefined;
  if (picked.run) return picked.run;
  const files = await vscode.window.showOpenDialog({ defaultUri: folder.uri, filters: { Python: ['py'] }, openLabel: 'Profile' });
  return files?.[0] ? { kind: 'python-file', file: files[0].fsPath } : undefined;
}

/** Runs the task to its end; false when cancelled (the task is terminated). */
async function runTask(task: vscode.Task, token: vscode.CancellationToken): Promise<boolean> {
  const execution = await vscode.tasks.executeTask(task);
  return new Promise<boolean>((resolve) => {
    const ended = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution !== execution) return;
      ended.dispose();
      cancelled.dispose();
      resolve(true);
    });
    const cancelled = token.onCancellationRequested(() => {
      ended.dispose();
      cancelled.dispose();
      execution.terminate();
      resolve(false);
    });
  });
}
