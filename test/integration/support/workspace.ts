/** Paths into the example workspace (a fresh copy made by the launcher) and the extension. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ThreadwiseApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'threadwise.threadwise';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration suite needs the example workspace open');
  return folder.uri.fsPath;
}

export function workspaceUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export function extensionRoot(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.extensionPath;
}

export async function activateExtension(): Promise<ThreadwiseApi> {
  const extension = vscode.extensions.getExtension<ThreadwiseApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** Resolves once the language server has loaded every workspace folder (no fixed sleeps). */
export async function waitForServerIdle(api: ThreadwiseApi, timeoutMs = 120_000): Promise<void> {
  if (api.status()?.busy === false) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`the language server was still busy after ${timeoutMs} ms: ${api.status()?.message ?? 'no status yet'}`));
    }, timeoutMs);
    const subscription = api.onDidChangeStatus((status) => {
      if (status.busy) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

export async function openDocument(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}
