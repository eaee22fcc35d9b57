/**
 * The panel's fix buttons reuse the editor's own quick fixes: ask VS Code for the code actions at a
 * finding's range, keep Threadwise's, and apply the chosen one exactly as the lightbulb would (its
 * edit, then its command). So the panel never computes edits of its own and cannot drift from the
 * language server.
 *
 * How "Threadwise's" is decided: `vscode.executeCodeActionProvider` returns new CodeAction objects
 * that keep title, kind, edit, command and isPreferred but DROP `diagnostics` (checked against VS
 * Code 1.139's API command), so the returned actions cannot be filtered by their diagnostic's source.
 * Instead:
 *  1. the finding must have a published diagnostic with source `threadwise` (and its rule as code)
 *     at its range, or it has no fixes (not published yet, or out of date);
 *  2. VS Code is asked only for actions of kind `quickfix.threadwise` at that diagnostic's range:
 *     CONTRACT: the language server gives every Threadwise quick fix that kind (and attaches the
 *     diagnostic, for the lightbulb). Other extensions' quick fixes have other kinds and are left out.
 */
import * as vscode from 'vscode';
import type { Finding, Range as ModelRange } from '../../core/model';

export const THREADWISE_DIAGNOSTIC_SOURCE = 'threadwise';
/** The code action kind of every Threadwise quick fix (LSP: `quickfix.threadwise`). */
export const THREADWISE_FIX_KIND = vscode.CodeActionKind.QuickFix.append('threadwise');

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

function isThreadwiseFix(action: vscode.CodeAction): boolean {
  return action.kind !== undefined && THREADWISE_FIX_KIND.contains(action.kind);
}

/** How many actions VS Code should resolve (fill in `edit`) before returning them. */
const RESOLVE_COUNT = 20;

export async function findThreadwiseFixes(uri: vscode.Uri, finding: Finding): Promise<vscode.CodeAction[]> {
  const diagnostic = vscode.languages.getDiagnostics(uri).find((candidate) => isDiagnosticOfFinding(candidate, finding));
  if (!diagnostic) return [];
  const items = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command> | undefined>(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    THREADWISE_FIX_KIND.value,
    RESOLVE_COUNT,
  );
  // VS Code already filters by kind; checking again keeps a provider that ignores `only` out
  return (items ?? []).filter(isCodeAction).filter(isThreadwiseFix);
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
