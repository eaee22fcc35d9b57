/**
 * What the concept panel needs from the rest of the extension. The extension implements it over
 * the language client; tests implement it with fixed reports. Kept small so the panel does not
 * depend on how the analysis is transported.
 */
import type * as vscode from 'vscode';
import type { Finding, FunctionReport } from '../../core/model';

/** The analysis of one function: its report and the findings about it. */
export interface FunctionAnalysis {
  function: FunctionReport;
  /** findings whose `functionId` is this function (or whose range lies inside it) */
  findings: Finding[];
}

export interface ConceptPanelDeps {
  /**
   * The innermost analysed function whose range contains `position` (0-based, as VS Code gives it),
   * or undefined when the cursor is outside every function. Positions inside the returned report stay
   * 1-based, as in the model. Rejecting is fine: the panel shows "analysis failed" and logs the error.
   */
  getAnalysisAt(
    uri: vscode.Uri,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<FunctionAnalysis | undefined>;

  /**
   * Fires with a document's URI when its analysis changed without an edit (e.g. a file it imports
   * changed, or settings changed), so the panel refreshes. Optional: edits and diagnostics changes
   * are already watched by the panel.
   */
  readonly onDidChangeAnalysis?: vscode.Event<vscode.Uri>;

  /** Whether the analyser handles this document. Default: TS/JS (incl. JSX) and Python files. */
  supportsDocument?(document: vscode.TextDocument): boolean;

  /** Where the panel logs rejected messages and failures. Default: console. */
  readonly log?: Pick<vscode.LogOutputChannel, 'warn' | 'error' | 'info'>;
}

export const DEFAULT_SUPPORTED_LANGUAGES: ReadonlySet<string> = new Set([
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
]);
