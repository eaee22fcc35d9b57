/**
 * Conversions between the core's 1-based model and LSP's 0-based protocol: diagnostics, hovers,
 * and fix results as workspace edits.
 */
import { URI } from 'vscode-uri';
import {
  CodeAction, type CodeActionKind, CreateFile, type Diagnostic, DiagnosticSeverity,
  type Range as LspRange, TextDocumentEdit, TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readTextIfExists } from '../core/files';
import type { FileReport, Finding, Range, Severity } from '../core/model';
import { ruleDocsUrl } from '../core/model';
import { LineIndex } from '../core/positions';
import type { FixResult } from '../fixes/fix';
import type { DiagnosticData } from '../shared/protocol';

export const SOURCE = 'threadwise';
/** The code action kind the concept panel asks for to find Threadwise's fixes. */
export const QUICKFIX_KIND: CodeActionKind = 'quickfix.threadwise';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.line - 1, character: range.column - 1 },
    end: { line: range.endLine - 1, character: range.endColumn - 1 },
  };
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = { rule: finding.rule, line: finding.range.line, column: finding.range.column };
  return {
    range: toLspRange(finding.range),
    severity: SEVERITIES[finding.severity],
    source: SOURCE,
    code: finding.rule,
    codeDescription: { href: ruleDocsUrl(finding.rule) },
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: {
        uri: URI.file(related.file).toString(),
        range: { start: { line: Math.max(0, related.line - 1), character: 0 }, end: { line: Math.max(0, related.line - 1), character: 0 } },
      },
      message: related.message,
    })),
    data,
  };
}

export function findingFor(report: FileReport | undefined, data: DiagnosticData | undefined): Finding | undefined {
  if (!report || !data) return undefined;
  return report.findings.find((finding) => finding.rule === data.rule && finding.range.line === data.line && finding.range.column === data.column);
}

/**
 * One WorkspaceEdit for a fix: new files are created without overwriting (the edit fails as a
 * whole if one exists), and edits to the open document carry its version so VS Code refuses them
 * if the text changed since the analysis.
 */
export function toWorkspaceEdit(result: FixResult, documents: { get(uri: string): TextDocument | undefined }): WorkspaceEdit {
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const file of result.newFiles) {
    const uri = URI.file(file.path).toString();
    documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
    documentChanges.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, file.text)]));
  }
  for (const fileEdit of result.edits) {
    const uri = URI.file(fileEdit.path).toString();
    const open = documents.get(uri);
    const text = open?.getText() ?? readTextIfExists(fileEdit.path);
    if (text === undefined) continue;
    const lines = new LineIndex(text);
    const toPosition = (offset: number) => {
      const position = open ? open.positionAt(offset) : undefined;
      if (position) return position;
      const { line, column } = lines.position(offset);
      return { line: line - 1, character: column - 1 };
    };
    const edits = fileEdit.edits.map((edit) => TextEdit.replace({ start: toPosition(edit.start), end: toPosition(edit.end) }, edit.newText));
    documentChanges.push(TextDocumentEdit.create({ uri, version: open?.version ?? null }, edits));
  }
  return { documentChanges };
}

export function toCodeAction(result: FixResult, diagnostic: Diagnostic, edit: WorkspaceEdit): CodeAction {
  const action = CodeAction.create(result.title, edit, QUICKFIX_KIND);
  action.diagnostics = [diagnostic];
  if (result.refused) action.disabled = { reason: result.refused };
  else if (result.isPreferred) action.isPreferred = true;
  return action;
}
