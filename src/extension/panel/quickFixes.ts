/**
 * The panel's fix buttons reuse the editor's own quick fixes: ask VS Code for the code actions at a
 * finding's range, keep Threadwise's (those attached to a diagnostic whose source is `threadwise`,
 * for the same rule), and apply the chosen one exactly as the lightbulb would: its edit, then its
 * command. So the panel never computes edits of its own and cannot drift from the language server.
 */
import * as vscode from 'vscode';
import type { Finding, Range as ModelRange } from '../../core/model';

export const THREADWISE_DIAGNOSTIC_SOURCE = 'threadwise';

/** The model's 1-based range as a VS Code (0-based) range. */
export function toVscodeRange(range: ModelRange): vscode.Range {
  return new vscode.Range(
    Math.max(0, range.line - 1),
    Math.max(0, range.column - 1),
    Math.max(0, range.endLine - 1),
    Math.max(0, range.endColumn - 1),
  );
}

function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** True when the diagnostic is Threadwise's report of this finding's rule at an overlapping range. */
export function isDiagnosticOfFinding(diagnostic: vscode.Diagnostic, finding: Finding): boolean {
  if (diagnostic.source !== THREADWISE_DIAGNOSTIC_SOURCE) return false;
  const code = diagnosticCode(diagnostic);
  if (code !== undefined && code !== finding.rule) return false;
  return diagnostic.range.intersection(toVscodeRange(finding.range)) !== undefined;
}

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  // a bare Command has a string `command`; a CodeAction has an optional Command object there
  return typeof (item as vscode.Command).command !== 'string';
}

/** How many actions VS Code should resolve (fill in `edit`) before returning them. */
const RESOLVE_COUNT = 20;

export async function findThreadwiseFixes(uri: vscode.Uri, finding: Finding): Promise<vscode.CodeAction[]> {
  const items = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command> | undefined>(
    'vscode.executeCodeActionProvider',
    uri,
    toVscodeRange(finding.range),
    undefined,
    RESOLVE_COUNT,
  );
  return (items ?? [])
    .filter(isCodeAction)
    .filter((action) => !action.disabled)
    .filter((action) => (action.diagnostics ?? []).some((diagnostic) => isDiagnosticOfFinding(diagnostic, finding)));
}

/** Applies a code action the way the lightbulb does. Throws when VS Code refuses the edit. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const applied = await vscode.workspace.applyEdit(action.edit);
    if (!applied) throw new Error(`VS Code did not apply the edit of "${action.title}"`);
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}
