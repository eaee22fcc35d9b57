/** Paths into the example workspace (a fresh copy made by the launcher) and the extension. */
import * as path from 'node:path';
import * as vscode from 'vscode';

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

export async function activateExtension(): Promise<{ activationMs: Promise<number> }> {
  const extension = vscode.extensions.getExtension<{ activationMs: Promise<number> }>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export async function openDocument(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}
